import { describe, expect, it } from "vitest";
import { defaultSettings, functionSettings, normaliseSettings, parseList, secretIdFor } from "./schema.js";

describe("normaliseSettings", () => {
  it("gives defaults with the offline provider first for empty or garbage data", () => {
    for (const raw of [null, undefined, 42, "x", [], {}]) {
      const { settings, leakedKeys } = normaliseSettings(raw);
      expect(settings).toEqual(defaultSettings());
      expect(settings.providers[0]?.type).toBe("offline");
      expect(leakedKeys).toEqual([]);
    }
  });

  it("pulls plaintext keys out of providers and legacy top-level fields, and never keeps them", () => {
    const raw = {
      apiKey: "sk-legacy-1234",
      anthropicApiKey: "sk-ant-5678",
      providers: [{ id: "Local Ollama", type: "openai-compatible", baseUrl: "http://localhost:11434/v1", apiKey: "plain-secret-9" }],
    };
    const { settings, leakedKeys } = normaliseSettings(raw);
    expect(leakedKeys).toEqual([
      { secretId: "redline-local-ollama-key", key: "plain-secret-9" },
      { secretId: "redline-openai-key", key: "sk-legacy-1234" },
      { secretId: "redline-anthropic-key", key: "sk-ant-5678" },
    ]);
    const json = JSON.stringify(settings);
    expect(json).not.toContain("sk-legacy");
    expect(json).not.toContain("plain-secret-9");
    expect(json).not.toContain("sk-ant");
    expect(settings.providers.map((p) => p.type)).toEqual(["offline", "openai-compatible", "openai", "anthropic"]);
  });

  it("clamps and filters function settings instead of trusting them", () => {
    const { settings } = normaliseSettings({
      functions: { proofread: { temperature: 9, strictness: -1, intensity: "nuclear", allowedCategories: ["spelling", "bogus"], gates: { maxChangeRatio: 3 } } },
    });
    const fn = functionSettings(settings, "proofread");
    expect(fn.temperature).toBe(2);
    expect(fn.strictness).toBe(0);
    expect(fn.intensity).toBe("moderate");
    expect(fn.allowedCategories).toEqual(["spelling"]);
    expect(fn.gates.maxChangeRatio).toBe(1);
    expect(fn.gates.preserveMarkdown).toBe(true);
  });

  it("keeps only what differs from defaults per function, so defaults can move", () => {
    const { settings } = normaliseSettings({ functions: { tighten: { intensity: "heavy" } } });
    expect(settings.functions.tighten).toEqual({ intensity: "heavy" });
    expect(functionSettings(settings, "tighten").temperature).toBe(0.2);
  });
});

describe("helpers", () => {
  it("makes secret ids Obsidian accepts", () => {
    expect(secretIdFor("My OpenAI!")).toBe("redline-my-openai-key");
    expect(secretIdFor("***")).toBe("redline-provider-key");
    expect(secretIdFor("A b")).toMatch(/^[a-z0-9-]+$/);
  });
  it("parses comma and newline lists", () => {
    expect(parseList(" a, b\n\nc ,")).toEqual(["a", "b", "c"]);
  });
});
