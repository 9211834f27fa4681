import { describe, expect, it } from "vitest";
import { readKey, resetFunction, writeKey } from "./keys.js";
import { defaultSettings, functionSettings } from "./schema.js";

describe("settings keys", () => {
  it("reads and writes function fields, storing only overrides", () => {
    const s = defaultSettings();
    expect(readKey(s, "fn:proofread:temperature")).toBe(0.2);
    writeKey(s, "fn:proofread:temperature", 0.7);
    writeKey(s, "fn:proofread:intensity", "light");
    writeKey(s, "fn:proofread:asYouType", true);
    expect(s.functions.proofread).toEqual({ temperature: 0.7, intensity: "light", asYouType: true });
    expect(readKey(s, "fn:proofread:temperature")).toBe(0.7);
    resetFunction(s, "proofread");
    expect(s.functions.proofread).toBeUndefined();
  });

  it("toggles allowed categories one at a time, in taxonomy order", () => {
    const s = defaultSettings();
    writeKey(s, "fn:tighten:category:tone", false);
    writeKey(s, "fn:tighten:category:spelling", false);
    expect(readKey(s, "fn:tighten:category:tone")).toBe(false);
    writeKey(s, "fn:tighten:category:tone", true);
    expect(functionSettings(s, "tighten").allowedCategories).not.toContain("spelling");
    expect(functionSettings(s, "tighten").allowedCategories.indexOf("tone")).toBeGreaterThan(functionSettings(s, "tighten").allowedCategories.indexOf("style"));
  });

  it("refuses invalid values with a message a writer can act on", () => {
    const s = defaultSettings();
    expect(() => {
      writeKey(s, "fn:proofread:temperature", 5);
    }).toThrow(/between 0 and 2/);
    expect(() => {
      writeKey(s, "fn:proofread:modelChain", "gpt-4o");
    }).toThrow(/provider\/model/);
    expect(() => {
      writeKey(s, "budgets.dailyUsd", -1);
    }).toThrow(/zero or more/);
    expect(() => {
      writeKey(s, "provider:offline:baseUrl", "ftp://x");
    }).toThrow(/http/);
    expect(s).toEqual(defaultSettings());
  });

  it("edits lists as one entry per line and quality gates as a whole", () => {
    const s = defaultSettings();
    writeKey(s, "list:excludedGlobs", "Journal/**\n**/*.excalidraw.md\n");
    expect(s.excludedGlobs).toEqual(["Journal/**", "**/*.excalidraw.md"]);
    writeKey(s, "fn:clarify:gates.forbiddenPhrases", "delve, tapestry");
    writeKey(s, "fn:clarify:gates.maxChangeRatio", 0.3);
    expect(functionSettings(s, "clarify").gates).toEqual({ maxChangeRatio: 0.3, forbiddenPhrases: ["delve", "tapestry"], preserveMarkdown: true });
    expect(readKey(s, "fn:clarify:gates.forbiddenPhrases")).toBe("delve\ntapestry");
  });

  it("sets a provider's model as its entry in the default chain", () => {
    const s = defaultSettings();
    s.providers.push({ id: "ollama", type: "openai-compatible", name: "Ollama", baseUrl: "http://localhost:11434/v1", models: ["llama3.2"], secretId: "redline-ollama-key" });
    expect(readKey(s, "provider:ollama:model")).toBe("llama3.2");
    writeKey(s, "provider:ollama:model", "qwen2.5");
    expect(s.fallbackChain).toEqual(["ollama/qwen2.5", "offline/offline"]);
    writeKey(s, "provider:ollama:model", "mistral");
    expect(s.fallbackChain).toEqual(["ollama/mistral", "offline/offline"]);
  });
});
