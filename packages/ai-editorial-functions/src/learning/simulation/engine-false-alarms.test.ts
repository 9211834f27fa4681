import { describe, expect, it } from "vitest";
import { measureFalseAlarms, sampleSentences } from "./engine-false-alarms.js";
import type { ProofreadingEngine } from "./engine-false-alarms.js";
import { buildEditStream } from "./edit-stream.js";
import type { Sentence } from "./edit-stream.js";

const sentence = (text: string): Sentence => ({ text, tokens: text.split(" ").map((word) => ({ word, tag: "nn" })) });

/** Flags every "Smyth" as a misspelling of "Smith" — what a spell checker does to a correct surname. */
const fakeEngine: ProofreadingEngine = {
  proofread: (text) => {
    const findings = [...text.matchAll(/Smyth/gu)].map((m) => ({ from: m.index, to: m.index + 5, replacement: "Smith", ruleId: "SpellCheck", source: "harper" }));
    return Promise.resolve({ findings });
  },
  dispose: () => Promise.resolve(),
};

describe("engine false alarms", () => {
  it("maps each finding back to its sentence and classifies it through the project's diff", async () => {
    const sentences = [sentence("The report was filed on time."), sentence("Mr. Smyth signed the contract yesterday."), sentence("Nobody asked Smyth why.")];
    const r = await measureFalseAlarms(fakeEngine, sentences);
    expect(r.findings).toBe(2);
    expect(r.items.map((i) => [i.sentence, i.patternKey, i.category, i.ruleId])).toEqual([
      ["Mr. Smyth signed the contract yesterday.", "smyth→smith", "spelling", "SpellCheck"],
      ["Nobody asked Smyth why.", "smyth→smith", "spelling", "SpellCheck"],
    ]);
  });

  it("samples sentences spread over the corpus", () => {
    const all = Array.from({ length: 100 }, (_, i) => sentence(`Sentence number ${i} is here.`));
    const s = sampleSentences(all, 10);
    expect(s).toHaveLength(10);
    expect(s[1]?.text).toBe("Sentence number 10 is here.");
  });

  it("adds real false alarms in proportion to the proofread fixes, marked wrong with their rule", () => {
    const items = [{ functionId: "proofread", category: "spelling" as const, patternKey: "smyth→smith", ruleId: "SpellCheck", original: "Smyth", replacement: "Smith", sentence: "Mr. Smyth left." }];
    const stream = buildEditStream({ seed: 5, size: 400, corpusFiles: 4, engineFalseAlarms: { items, perProofreadSentence: 0.25 } });
    const wrong = stream.items.filter((i) => i.wrong);
    const proofreadFixes = stream.items.filter((i) => i.functionId === "proofread" && !i.wrong).length;
    expect(wrong.length).toBe(Math.round(proofreadFixes * 0.25));
    expect(wrong.every((i) => i.ruleId === "SpellCheck" && i.patternKey === "smyth→smith")).toBe(true);
  });
});
