import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyEdits, diffToEdits } from "./diff.js";
import { tokenize } from "./tokenize.js";

const wordy = fc
  .array(fc.constantFrom("the", "cat", "sat", " ", "  ", ",", ".", "on", "mat", "\n", "é", "e\u0301", "猫", "👍🏽", "don't", "3.14", "A"), { maxLength: 30 })
  .map((xs) => xs.join(""));

describe("tokenize", () => {
  it("round-trips any string exactly", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), (s) => {
        expect(tokenize(s).map((t) => t.text).join("")).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  it("keeps CJK words, emoji with modifiers and combining marks whole", () => {
    expect(tokenize("我喜欢吃苹果").map((t) => t.text)).toContain("苹果");
    expect(tokenize("ok 👍🏽 👨‍👩‍👧").map((t) => t.text)).toEqual(["ok", " ", "👍🏽", " ", "👨‍👩‍👧"]);
    expect(tokenize("caf\u0065\u0301 ok").map((t) => t.text)[0]).toBe("cafe\u0301");
  });
});

describe("diffToEdits", () => {
  it("apply-all yields the rewrite and reject-all leaves the original", () => {
    fc.assert(
      fc.property(wordy, wordy, fc.nat(1000), (a, b, base) => {
        const edits = diffToEdits(a, b, { baseOffset: base });
        expect(applyEdits(a, edits, base)).toBe(b);
        for (const e of edits) expect(a.slice(e.from - base, e.to - base)).toBe(e.original);
        for (let i = 1; i < edits.length; i++) expect(edits[i]!.from).toBeGreaterThan(edits[i - 1]!.to);
      }),
      { numRuns: 2000 },
    );
  });

  it("still holds when the edit distance cap forces anchoring", () => {
    fc.assert(
      fc.property(wordy, wordy, (a, b) => {
        expect(applyEdits(a, diffToEdits(a, b, { maxEditDistance: 2 }))).toBe(b);
      }),
      { numRuns: 1000 },
    );
  });

  it("marks whole words and merges changes separated only by a space", () => {
    expect(diffToEdits("The quick brown fox.", "The slow red fox.")).toEqual([{ from: 4, to: 15, original: "quick brown", replacement: "slow red" }]);
    expect(diffToEdits("the big cat", "the cat")).toEqual([{ from: 4, to: 8, original: "big ", replacement: "" }]);
    expect(diffToEdits("the cat", "the black cat")).toEqual([{ from: 4, to: 4, original: "", replacement: "black " }]);
    expect(diffToEdits("I recieve it", "I receive it")).toEqual([{ from: 2, to: 9, original: "recieve", replacement: "receive" }]);
    expect(diffToEdits("same", "same")).toEqual([]);
  });

  it("keeps neighbouring word corrections apart, so each is classified and decided on its own", () => {
    expect(diffToEdits("I recieve teh mesage daily.", "I receive the message daily.").map((e) => [e.original, e.replacement])).toEqual([
      ["recieve", "receive"],
      ["teh", "the"],
      ["mesage", "message"],
    ]);
    expect(diffToEdits("see paris france", "see Paris, France").map((e) => [e.original, e.replacement])).toEqual([
      ["paris", "Paris,"],
      ["france", "France"],
    ]);
    // A correction beside a real rewrite stays apart from it; the rewrite's own words still merge.
    expect(diffToEdits("The quikc brown fox.", "The quick red fox.").map((e) => [e.original, e.replacement])).toEqual([
      ["quikc", "quick"],
      ["brown", "red"],
    ]);
    expect(diffToEdits("we took a swipe at them", "we criticized them").map((e) => [e.original, e.replacement])).toEqual([["took a swipe at", "criticized"]]);
  });
});
