import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchCase, rankSpellingCandidates, typoCost, typoCostWithin } from "./spelling-rank.js";

/** The error model as a plain full-matrix DP: the oracle for the row-by-row, early-exit version. */
function referenceTypoCost(typed: string, candidate: string): number {
  const a = typed.toLowerCase();
  const b = candidate.toLowerCase();
  const vowels = new Set(["a", "e", "i", "o", "u", "y"]);
  const sub = (x: string, y: string) => (vowels.has(x) && vowels.has(y) ? 0.7 : y === "'" || y === "’" ? 1.3 : 1);
  const contraction = (w: string, k: number) => (w[k] === "'" || w[k] === "’") && ["t", "re", "ve", "ll", "d", "m"].includes(w.slice(k + 1));
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => d[i]?.[j] ?? Infinity;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const ca = a[i - 1] ?? "";
      const cb = b[j - 1] ?? "";
      let best = at(i - 1, j - 1) + (ca === cb ? 0 : sub(ca, cb));
      best = Math.min(best, at(i - 1, j) + (ca === a[i - 2] || ca === b[j - 1] ? 0.5 : 1));
      best = Math.min(best, at(i, j - 1) + (contraction(b, j - 1) ? 0.3 : cb === b[j - 2] || cb === a[i - 1] ? 0.5 : 1));
      if (i > 1 && j > 1 && ca === b[j - 2] && a[i - 2] === cb) best = Math.min(best, at(i - 2, j - 2) + 0.6);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

describe("spelling candidate ranking", () => {
  it("prices common slips below arbitrary edits", () => {
    expect(typoCost("writen", "written")).toBeLessThan(typoCost("writen", "write"));
    expect(typoCost("isnt", "isn't")).toBeLessThan(typoCost("isnt", "inst"));
    expect(typoCost("monitores", "monitors")).toBeLessThan(typoCost("monitores", "monitor's"));
    expect(typoCost("recieve", "receive")).toBeLessThan(1);
    expect(typoCost("same", "same")).toBe(0);
  });

  it("gives the plain DP's cost, or Infinity past a bound", () => {
    const word = fc.string({ unit: fc.constantFrom("a", "b", "e", "r", "t", "s", "'", "’", "é"), maxLength: 9 });
    fc.assert(
      fc.property(word, word, fc.constantFrom(0, 0.5, 1, 1.2, 2, Infinity), (x, y, bound) => {
        const cost = referenceTypoCost(x, y);
        expect(typoCost(x, y)).toBeCloseTo(cost, 9);
        const within = typoCostWithin(x, y, bound);
        if (cost <= bound) expect(within).toBeCloseTo(cost, 9);
        else expect(within).toBe(Infinity);
      }),
      { numRuns: 3000 },
    );
    expect(typoCostWithin("Carribean", "Caribbean", 1.2)).toBe(1);
    expect(typoCostWithin("Koussevitzky", "Kosciusko", 1.2)).toBe(Infinity);
  });

  it("puts the likeliest intended word first", () => {
    expect(rankSpellingCandidates("writen", ["write", "written", "whiten"])[0]?.text).toBe("written");
    expect(rankSpellingCandidates("diferrent", ["deterrent", "different", "divergent"])[0]?.text).toBe("different");
  });

  it("prefers a whole-word correction to a word split", () => {
    expect(rankSpellingCandidates("sheping", ["shaping"], ["she ping"])[0]?.text).toBe("shaping");
  });

  it("keeps Harper's order on ties and drops the typed word itself", () => {
    const ranked = rankSpellingCandidates("teh", ["the", "teh", "tea"]);
    expect(ranked.map((c) => c.text)).toEqual(["the", "tea"]);
  });

  it("matches the writer's capitalisation", () => {
    expect(matchCase("Recieve", "receive")).toBe("Receive");
    expect(matchCase("RECIEVE", "receive")).toBe("RECEIVE");
    expect(matchCase("recieve", "receive")).toBe("receive");
  });
});
