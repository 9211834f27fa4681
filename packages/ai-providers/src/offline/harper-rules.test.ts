import { afterAll, describe, expect, it } from "vitest";
import { OfflineEngine } from "./engine.js";
import { createHarperBackend } from "./harper-backend.js";
import { installedHarperVersion } from "./harper-names.extract.js";
import { HARPER_RULE_NAMES, HARPER_RULE_NAMES_VERSION } from "./harper-rule-names.js";
import { HARPER_CORE_RULES, harperRuleConfig } from "./harper-rules.js";

describe("harperRuleConfig", () => {
  const curated = ["SpellCheck", "AnA", "ScapeGoat", "BoringWords"];

  it("changes nothing for the full set", () => {
    expect(harperRuleConfig("all", curated)).toEqual({});
  });

  it("switches off every rule outside the core, and leaves core rules at Harper's default", () => {
    expect(harperRuleConfig("core", curated)).toEqual({ ScapeGoat: false, BoringWords: false });
  });
});

describe("the core rule set against the real Harper", () => {
  const core = new OfflineEngine();
  const all = new OfflineEngine({ harperRules: "all" });
  afterAll(async () => {
    await Promise.all([core.dispose(), all.dispose()]);
  });

  it("names only rules this Harper has, and harper-rule-names.ts lists exactly its rules (regenerate with harper-rule-names.generate.ts after an upgrade)", async () => {
    const backend = await createHarperBackend({ dialect: 0, runtime: "in-process" });
    const curated = await backend.defaultLintConfig();
    await backend.dispose();
    expect([...HARPER_CORE_RULES.keys()].filter((rule) => curated[rule] !== true)).toEqual([]);
    expect(HARPER_RULE_NAMES).toEqual(Object.keys(curated).sort());
    expect(HARPER_RULE_NAMES_VERSION).toBe(await installedHarperVersion());
  });

  it("still fixes the everyday errors", async () => {
    const r = await core.proofread("I could of told you alot about there plans. Its a nice day and the the sun is out, i think.");
    expect(r.text).toBe("I could have told you a lot about their plans. It's a nice day and the sun is out, I think.");
  });

  it("leaves Harper's long tail of single-idiom rules to the full set", async () => {
    const text = "The storm will wreck havoc on the garden. It was a mute point.";
    expect((await core.proofread(text)).text).toBe(text);
    expect((await all.proofread(text)).text).toBe("The storm will wreak havoc on the garden. It was a moot point.");
  });
});
