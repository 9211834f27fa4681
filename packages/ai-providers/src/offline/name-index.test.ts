import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HARPER_NAMES } from "./harper-names.js";
import { NameIndex } from "./name-index.js";
import { typoCost } from "./spelling-rank.js";

describe("NameIndex", () => {
  const index = new NameIndex(HARPER_NAMES.split("\n"));

  it("knows Harper's names as written", () => {
    expect(index.has("Caribbean")).toBe(true);
    expect(index.has("Paris")).toBe(true);
    expect(index.has("PARIS")).toBe(false);
    expect(index.has("Koussevitzky")).toBe(false);
  });

  it("finds a known name a slip away, plural endings included", () => {
    expect(index.hasNear("Carribean", 1.2)).toBe(true);
    expect(index.hasNear("Amercans", 1.2)).toBe(true);
    expect(index.hasNear("Pariss", 1.2)).toBe(true);
    for (const name of ["Koussevitzky", "Prokofieff", "Sovietskaya", "Thorbjornsen", "Yankeefication"]) expect(index.hasNear(name, 1.2), name).toBe(false);
  });

  it("never misses a name the slip model puts within the bound", () => {
    const small = new NameIndex(["Tennessee", "Mississippi", "O'Brien", "Zoë", "Caribbean"]);
    const near = ["Tenesee", "Tennesse", "Misissippi", "Mississipi", "OBrien", "Obrien", "Zoe", "Caribean", "Carribbean", "Cariabbean", "Carribean"];
    for (const word of near) {
      const best = Math.min(...["Tennessee", "Mississippi", "O'Brien", "Zoë", "Caribbean"].map((n) => typoCost(word, n)));
      expect(small.hasNear(word, 1.2), `${word} (${String(best)})`).toBe(best <= 1.2);
    }
  });

  it("agrees with a scan of every name on slips of real names", () => {
    const names = HARPER_NAMES.split("\n").filter((n) => !/\s/u.test(n));
    const slip = fc.record({ name: fc.constantFrom(...names.filter((n) => n.length >= 4)), edits: fc.array(fc.tuple(fc.nat(), fc.constantFrom("drop", "double", "swap", "vowel", "any")), { minLength: 1, maxLength: 2 }) });
    fc.assert(
      fc.property(slip, ({ name, edits }) => {
        let word = name;
        for (const [at, kind] of edits) {
          const i = at % word.length;
          const c = word[i] ?? "";
          if (kind === "drop") word = word.slice(0, i) + word.slice(i + 1);
          else if (kind === "double") word = word.slice(0, i) + c + word.slice(i);
          else if (kind === "swap") word = word.slice(0, i) + (word[i + 1] ?? "") + c + word.slice(i + 2);
          else word = word.slice(0, i) + (kind === "vowel" ? "aeiou".charAt(at % 5) : "xq".charAt(at % 2)) + word.slice(i + 1);
        }
        if (word.length < 2) return;
        const scan = names.some((n) => n.toLowerCase() !== word.toLowerCase() && typoCost(word, n) <= 1.2);
        // Never a miss; a word with a plural ending may also match a name without it.
        if (scan || !/s$/iu.test(word)) expect(index.hasNear(word, 1.2), word).toBe(scan);
      }),
      { numRuns: 40 },
    );
  });

  it("takes the writer's own names, and only words with a capital", () => {
    const own = new NameIndex();
    own.add(["Koussevitzky", "conductor"]);
    expect(own.size).toBe(1);
    expect(own.hasNear("Kousevitzky", 1.2)).toBe(true);
    expect(own.hasNear("Koussevitzky", 1.2)).toBe(false);
    expect(() => own.hasNear("x", 1.5)).toThrow(RangeError);
  });
});
