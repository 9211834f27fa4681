import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { OfflineEngine } from "./engine.js";
import type { HarperLintCall } from "./harper-backend.js";
import { ruleWeightsFrom } from "./rule-weights.js";

// One engine for the file: Harper's WASM initialises once (the slow part).
const engine = new OfflineEngine();
afterAll(async () => {
  await engine.dispose();
});

describe("OfflineEngine.proofread", () => {
  it("fixes spelling, apostrophes and capitalisation in place, in Node (in-process)", async () => {
    expect(await engine.warmUp()).toBe("in-process");
    const r = await engine.proofread("I recieve teh mesage. Its a nice day, isnt it? i think so.");
    expect(r.text).toBe("I receive the message. It's a nice day, isn't it? I think so.");
    expect(r.findings.map((f) => [f.original, f.replacement, f.category])).toEqual([
      ["recieve", "receive", "spelling"],
      ["teh", "the", "spelling"],
      ["mesage", "message", "spelling"],
      ["Its", "It's", "punctuation"],
      ["isnt", "isn't", "spelling"],
      ["i", "I", "capitalization"],
    ]);
    for (const f of r.findings) expect(f.ruleId).not.toBe("");
  });

  it("reports UTF-16 offsets after emoji, astral CJK, ZWJ sequences and combining marks", async () => {
    const text = "😀𠀀 👩‍👩‍👧 cafe\u0301 日本 I recieve teh mail.";
    const r = await engine.proofread(text);
    const byWord = new Map(r.findings.map((f) => [f.original, f]));
    for (const word of ["recieve", "teh"]) {
      const f = byWord.get(word);
      expect(f, word).toBeDefined();
      expect(f?.from).toBe(text.indexOf(word));
      expect(text.slice(f?.from, f?.to)).toBe(word);
    }
    expect(r.text).toBe("😀𠀀 👩‍👩‍👧 cafe\u0301 日本 I receive the mail.");
  });

  it("never touches code, links, wikilinks, URLs, math, HTML or frontmatter", async () => {
    const text = "---\ntitle: teh recieve\n---\nSee `teh` and [[Recieve Page]] at https://exmaple.com/teh and [teh link](https://teh.org) with $teh$ and <span>teh</span>, and teh end.\n\n```\nteh recieve\n```";
    const r = await engine.proofread(text);
    expect(r.text).toBe(text.replace("teh link", "the link").replace("<span>teh</span>", "<span>the</span>").replace("and teh end", "and the end"));
    for (const f of r.findings) expect(f.original).toBe("teh");
  });

  it("respects protected spans supplied by the caller", async () => {
    const text = "Keep teh here but fix teh there.";
    const r = await engine.proofread(text, { protectedSpans: [{ from: 5, to: 8, kind: "inline-code" }] });
    expect(r.text).toBe("Keep teh here but fix the there.");
  });

  it("leaves names alone but still catches misspelt known names", async () => {
    // Short names: a long unknown word makes Harper build its distance-3 automaton, seconds of one-off work.
    const r = await engine.proofread("Yesterday we met Okonkwo and Nnamdi near the Carribean coast with NASA staff.");
    expect(r.text).toBe("Yesterday we met Okonkwo and Nnamdi near the Caribbean coast with NASA staff.");
    expect(r.stats.suppressedProperNouns).toBeGreaterThanOrEqual(2);
  });

  it("leaves tokens that are not words alone: initials, symbols, a number's 's, -like compounds", async () => {
    // Each was a false alarm on correct published prose (Brown corpus): "W." → "WE", "S" → "So", "800's" → "800'so", "Af" → "A", "cranelike" → "crane like".
    const text = "Dr. W. B. Martin read Edward H. Faulkner. Af and Af act on a bounded set S. Two Merc 800's passed a cranelike figure, and teh crowd cheered.";
    const r = await engine.proofread(text);
    expect(r.findings.map((f) => [f.original, f.replacement])).toEqual([["teh", "the"]]);
    expect(r.stats.suppressedNonWords).toBeGreaterThanOrEqual(6);
  });

  it("follows the dialect setting", async () => {
    const us = "The color of the center is gray.";
    const gb = "The colour of the centre is grey.";
    expect((await engine.proofread(us, { dialect: "british" })).text).toBe(gb);
    expect((await engine.proofread(us, { dialect: "australian" })).text).toBe(gb);
    expect((await engine.proofread(us, { dialect: "american" })).text).toBe(us);
    expect((await engine.proofread(gb, { dialect: "american" })).text).toBe(us);
    expect((await engine.proofread("The colour of the centre.", { dialect: "canadian" })).text).toBe("The colour of the centre.");
  });

  it("holds back down-weighted rules but still reports them", async () => {
    const text = "Its a nice day and teh sun shines.";
    const weights = ruleWeightsFrom({ "harper:ItsContraction": { accepted: 0, rejected: 12 } });
    const r = await engine.proofread(text, { ruleWeight: weights });
    expect(r.text).toBe("Its a nice day and the sun shines.");
    expect(r.held.map((f) => [f.original, f.replacement, f.ruleId])).toEqual([["Its", "It's", "ItsContraction"]]);
    expect(r.held[0]?.weight).toBeLessThan(0.5);
    expect(r.held[0]?.weight).toBeGreaterThan(0);
  });

  it("re-applies new rule weights to a paragraph served from the lint cache", async () => {
    const text = "Its a nice evening and teh sun sets.";
    expect((await engine.proofread(text)).text).toBe("It's a nice evening and the sun sets.");
    const r = await engine.proofread(text, { ruleWeight: ruleWeightsFrom({ "harper:ItsContraction": 0.1 }) });
    expect(r.text).toBe("Its a nice evening and the sun sets.");
    expect(r.held).toHaveLength(1);
  });

  it("matches the approved proofread of a sample note", async () => {
    const input = readFileSync(new URL("./__approved__/note.input.md", import.meta.url), "utf8");
    const r = await engine.proofread(input);
    const actual = `${r.text}\n----- findings -----\n${r.findings.map((f) => `${f.from}-${f.to} ${f.category} ${f.ruleId}: ${JSON.stringify(f.original)} → ${JSON.stringify(f.replacement)}`).join("\n")}\n`;
    const file = new URL("./__approved__/note.proofread.approved.txt", import.meta.url);
    if (process.env["APPROVE"] === "1" || !existsSync(file)) {
      mkdirSync(new URL("./__approved__/", import.meta.url), { recursive: true });
      writeFileSync(file, actual);
    }
    expect(actual).toBe(readFileSync(file, "utf8"));
  });
});

describe("OfflineEngine.tighten", () => {
  it("rewrites wordy phrases and keeps passive voice and risky cuts as hints", async () => {
    const text = "In order to utilize the tool, we must commence a number of tests. The ball was thrown by him. It is very important.";
    const r = await engine.tighten(text);
    expect(r.text).toBe("To use the tool, we must begin many tests. The ball was thrown by him. It is important.");
    expect(r.findings.every((f) => f.category === "concision" || f.category === "word-choice")).toBe(true);
    expect(r.hints.map((h) => [text.slice(h.from, h.to), h.source])).toEqual([
      ["thrown", "retext-passive"],
      ["It is", "retext-simplify"],
    ]);
  });

  it("cuts an omittable sentence opener and re-capitalises", async () => {
    const r = await engine.tighten("Very few people came. Put simply, it failed.");
    expect(r.text).toBe("Few people came. It failed.");
  });

  it("does not tighten inside code or links", async () => {
    const text = "Use `in order to` and [[In order to]], in order to win.";
    expect((await engine.tighten(text)).text).toBe("Use `in order to` and [[In order to]], to win.");
  });
});

describe("OfflineEngine: names kept from Harper", () => {
  // The same real Harper, with the calls into it recorded: a second linter in this process shares the first one's dictionary.
  const calls: { text: string; mask: readonly string[] }[] = [];
  const recording = new OfflineEngine({
    loadHarper: async (options) => {
      const backend = await (await import("./harper-backend.js")).createHarperBackend(options);
      return {
        runtime: backend.runtime,
        lint: (text: string, call?: HarperLintCall) => {
          calls.push({ text, mask: call?.maskWords ?? [] });
          return backend.lint(text, call);
        },
        knownWords: (words: readonly string[]) => backend.knownWords?.(words) ?? Promise.resolve(words.map(() => true)),
        importWords: (words: readonly string[]) => backend.importWords(words),
        setLintConfig: (config: Readonly<Record<string, boolean>>) => backend.setLintConfig(config),
        defaultLintConfig: () => backend.defaultLintConfig(),
        dispose: () => backend.dispose(),
      };
    },
  });
  afterAll(async () => {
    await recording.dispose();
  });

  it("keeps a rare foreign name (and its possessive) from Harper, so its slow dictionary search never runs", async () => {
    const r = await recording.proofread("We finally met Zbigniewska's brother at teh station.");
    expect(r.text).toBe("We finally met Zbigniewska's brother at the station.");
    expect(calls.at(-1)?.mask).toEqual(["Zbigniewska"]);
    expect(r.stats.maskedNames).toBe(1);
    expect(r.findings.map((f) => f.original)).toEqual(["teh"]);
  });

  it("does not mistake the word after a masked sentence-initial name for a sentence start", async () => {
    const r = await recording.proofread("Schwarzkopf is, of course, Schwarzkopf. Zbigniewska's coat is red.");
    expect(calls.at(-1)?.mask).toEqual(["Schwarzkopf", "Zbigniewska"]);
    expect(r.findings).toEqual([]);
  });

  it("keeps from Harper a capitalised word in running text that its dictionary lacks, with no known name a slip away", async () => {
    const r = await recording.proofread("I heard it when Koussevitzky conducted in Paris, and Prokofieff's Classical Symphony too.");
    expect(calls.at(-1)?.mask).toEqual(["Koussevitzky", "Prokofieff"]);
    expect(r.findings).toEqual([]);
    expect(r.stats.maskedNames).toBe(2);
  });

  it("still sends misspelt known names, and names at a sentence start, so they are corrected", async () => {
    const r = await recording.proofread("They sailed across the Carribean last year. Amercans love it.");
    expect(calls.at(-1)?.mask).toEqual([]);
    expect(r.text).toBe("They sailed across the Caribbean last year. Americans love it.");
    // A plural name a slip from a known one ("Amercans" → "Americans") reaches Harper mid-sentence too.
    expect((await recording.proofread("Many Amercans came.")).text).toBe("Many Americans came.");
    expect(calls.at(-1)?.mask).toEqual([]);
  });

  it("reads a misspelt common word capitalised in running text as a name, but not on a title-case line", async () => {
    // The intended trade: in prose a mid-sentence capital marks a name; only a known name nearby says "misspelt".
    const prose = await recording.proofread("Press the Recieve button twice.");
    expect(calls.at(-1)?.mask).toEqual(["Recieve"]);
    expect(prose.text).toBe("Press the Recieve button twice.");
    const heading = await recording.proofread("# Notes on the Recieve Button\n\nWe Recieve Every Parcel On Time.");
    expect(calls.at(-2)?.mask).toEqual([]);
    expect(calls.at(-1)?.mask).toEqual([]);
    expect(heading.findings.map((f) => f.original)).toContain("Recieve");
  });

  it("drops Harper's verdicts on the words next to a masked name that it judged without the name", async () => {
    const r = await recording.proofread("We met Anna, Koussevitzky and an Ostrowiecki, then the Kjellstromer the day after.");
    expect(calls.at(-1)?.mask).toEqual(["Koussevitzky", "Ostrowiecki", "Kjellstromer"]);
    expect(r.findings).toEqual([]);
    const genuine = await recording.proofread("We met Koussevitzky and and his brother.");
    expect(genuine.findings.map((f) => f.ruleId)).toEqual(["RepeatedWords"]);
  });

  it("keeps a name Harper could not place from it for the rest of the session", async () => {
    const first = await recording.proofread("Kjellberg waved from the other bank.");
    expect(first.text).toBe("Kjellberg waved from the other bank.");
    expect(calls.at(-1)?.mask).toEqual([]);
    const second = await recording.proofread("Kjellberg smiled.");
    expect(second.text).toBe("Kjellberg smiled.");
    expect(calls.at(-1)?.mask).toEqual(["Kjellberg"]);
  });

  it("can build Harper's slow dictionary search during warm-up instead of on a writer's first rare name", async () => {
    const before = calls.length;
    expect(await recording.warmUp("american", { spellingSearch: true })).toBe("in-process");
    expect(calls.slice(before).map((c) => c.text)).toEqual(["Warm up zqxvbnmkw."]);
    const r = await recording.proofread("Thorbjornsen met us at the harbor.");
    expect(r.text).toBe("Thorbjornsen met us at the harbor.");
    expect(calls.at(-1)?.mask).toEqual([]);
  });
});
