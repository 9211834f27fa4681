import { describe, expect, it } from "vitest";
import { EventBus } from "../bus.js";
import { formatFunctionError, parseCustomFunction } from "./custom.js";
import { FunctionRegistry, MemoryFileSource } from "./registry.js";

const GOOD = `---
id: plain-english
name: Plain English
description: Replace jargon with plain words.
modelChain: [anthropic:claude-haiku-4-5, ollama:llama3.2]
temperature: 0.2
scope: [selection, paragraph]
allowedCategories: [word-choice, concision]
qualityGates:
  maxChangeRatio: 0.4
  forbiddenPhrases: [leverage]
batching: content-aware
asYouType: false
learning: true
---
Rewrite in plain English for a {{audience}} reader.
{{preferences}}
{{examples}}
Context: {{context}}

{{text}}
`;

describe("parseCustomFunction", () => {
  it("parses a valid note into a versioned function", () => {
    const withParam = GOOD.replace("learning: true\n", "learning: true\nparams:\n  audience: { default: general }\n");
    const r = parseCustomFunction("Redline/plain.md", withParam);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.fn).toMatchObject({
      id: "plain-english",
      modelChain: ["anthropic:claude-haiku-4-5", "ollama:llama3.2"],
      temperature: 0.2,
      scopes: ["selection", "paragraph"],
      allowedCategories: ["word-choice", "concision"],
      qualityGates: { maxChangeRatio: 0.4, forbiddenPhrases: ["leverage"], preserveMarkdown: true },
      origin: { kind: "custom", path: "Redline/plain.md" },
    });
    expect(r.fn.prompt.startsWith("Rewrite in plain English")).toBe(true);
    const again = parseCustomFunction("Redline/plain.md", withParam);
    const edited = parseCustomFunction("Redline/plain.md", withParam.replace("plain words", "simple words"));
    expect(again.ok && again.fn.version).toBe(r.fn.version);
    expect(edited.ok && edited.fn.version).not.toBe(r.fn.version);
  });

  it("names the file, field and line of every frontmatter error", () => {
    const bad = `---
id: Bad Id
name: Broken
temprature: 0.5
temperature: hot
scope: [everywhere]
allowedCategories: [spelling, vibes]
qualityGates:
  maxChangeRatio: 3
---
{{text}}
`;
    const r = parseCustomFunction("Redline/broken.md", bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const msgs = r.errors.map(formatFunctionError);
    expect(msgs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Redline\/broken\.md:2: id: use lower-case letters/),
        expect.stringMatching(/^Redline\/broken\.md:4: temprature: unknown field/),
        expect.stringMatching(/^Redline\/broken\.md:5: temperature: .*got "hot"/),
        expect.stringMatching(/^Redline\/broken\.md:6: scope\.0: .*got "everywhere"/),
        expect.stringMatching(/^Redline\/broken\.md:7: allowedCategories\.1: .*got "vibes"/),
        expect.stringMatching(/^Redline\/broken\.md:9: qualityGates\.maxChangeRatio: must be at most 1 \(got 3\)/),
      ]),
    );
    expect(r.errors).toHaveLength(6);
  });

  it("reports a missing frontmatter, broken YAML, missing fields and prompt variables", () => {
    const none = parseCustomFunction("a.md", "Just a prompt {{text}}");
    expect(!none.ok && none.errors[0]).toMatchObject({ file: "a.md", field: "frontmatter", line: 1 });

    const yaml = parseCustomFunction("b.md", "---\nid: x\nname: [unclosed\n---\n{{text}}");
    expect(!yaml.ok && yaml.errors[0]?.message).toMatch(/invalid YAML/);

    const missing = parseCustomFunction("c.md", "---\ndescription: no id or name\n---\n{{text}}");
    expect(!missing.ok && missing.errors.map((e) => e.field).sort()).toEqual(["id", "name"]);
    expect(!missing.ok && missing.errors[0]?.message).toMatch(/is required/);

    const vars = parseCustomFunction("d.md", "---\nid: d\nname: D\n---\nFix this:\n{{txt}} and {{context}}\n");
    expect(vars.ok).toBe(false);
    if (vars.ok) return;
    expect(vars.errors.map(formatFunctionError)).toEqual([
      "d.md:6: body: unknown variable {{txt}}; use {{text}}, {{context}}, {{preferences}}, {{examples}} or a declared param",
      "d.md:5: body: the prompt must include {{text}}, where the paragraph goes",
    ]);
  });
});

describe("FunctionRegistry", () => {
  it("loads custom functions, hot-reloads edits, keeps the last good version on errors, and drops deleted notes", async () => {
    const bus = new EventBus();
    const errors: string[] = [];
    bus.on("registry:error", ({ error }) => errors.push(formatFunctionError(error)));
    const files = new MemoryFileSource({ "Redline/plain.md": GOOD.replace("{{audience}} ", ""), "Other/ignored.md": GOOD });
    const reg = new FunctionRegistry(bus);
    await reg.loadFolder(files, "Redline");
    expect(reg.list().map((f) => f.id)).toEqual(["proofread", "tighten", "clarify", "adjust-tone", "consistency", "developmental-notes", "plain-english"]);
    const v1 = reg.get("plain-english")?.version;

    files.write("Redline/plain.md", GOOD.replace("{{audience}} ", "").replace("temperature: 0.2", "temperature: 0.5"));
    await reg.settled();
    expect(reg.get("plain-english")?.temperature).toBe(0.5);
    expect(reg.get("plain-english")?.version).not.toBe(v1);

    files.write("Redline/plain.md", GOOD.replace("{{audience}} ", "").replace("temperature: 0.2", "temperature: 9"));
    await reg.settled();
    expect(reg.get("plain-english")?.temperature).toBe(0.5);
    expect(errors).toEqual(["Redline/plain.md:6: temperature: must be between 0 and 2 (got 9)"]);
    expect(reg.errorMessages()).toEqual(errors);

    files.write("Redline/clash.md", "---\nid: proofread\nname: Mine\n---\n{{text}}");
    await reg.settled();
    expect(reg.errorMessages()).toContain('Redline/clash.md:2: id: "proofread" is already used by the built-in function; choose another id');

    files.delete("Redline/plain.md");
    await reg.settled();
    expect(reg.get("plain-english")).toBeUndefined();
    reg.dispose();
    expect(files.watcherCount).toBe(0);
  });
});
