import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CodePointIndex, harperSpanToUtf16, splitsSurrogatePair } from "./offsets.js";

/** Code points, deliberately (not graphemes): Harper's core counts Rust chars. */
function codePoints(text: string): string[] {
  return Array.from(text);
}

/** A reference conversion: code-point index → UTF-16 offset. */
function refToUtf16(text: string, cp: number): number {
  return codePoints(text).slice(0, cp).join("").length;
}

describe("CodePointIndex", () => {
  it("maps code points to UTF-16 offsets across emoji, CJK and combining marks", () => {
    const text = "a😀b𠀀c日本e\u0301👩‍👩‍👧!";
    const index = new CodePointIndex(text);
    expect(index.length).toBe(codePoints(text).length);
    for (let cp = 0; cp <= index.length; cp++) expect(index.toUtf16(cp)).toBe(refToUtf16(text, cp));
    // "b" is the third code point but at UTF-16 offset 3, after the surrogate pair.
    expect(text.slice(index.toUtf16(2), index.toUtf16(3))).toBe("b");
  });

  it("round-trips every code-point index (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (text) => {
        const index = new CodePointIndex(text);
        for (let cp = 0; cp <= index.length; cp++) {
          const u = index.toUtf16(cp);
          expect(u).toBe(refToUtf16(text, cp));
          expect(index.fromUtf16(u)).toBe(cp);
          expect(splitsSurrogatePair(text, u)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("clamps out-of-range indices", () => {
    const index = new CodePointIndex("ab😀");
    expect(index.toUtf16(-3)).toBe(0);
    expect(index.toUtf16(99)).toBe(4);
  });
});

describe("harperSpanToUtf16", () => {
  const text = "😀😀 teh cat";
  const index = new CodePointIndex(text);

  it("converts code-point spans (Harper core's unit)", () => {
    expect(harperSpanToUtf16(index, 3, 6, "teh")).toEqual({ from: 5, to: 8 });
  });

  it("accepts spans that are already UTF-16 (harper.js builds that convert at the boundary)", () => {
    expect(harperSpanToUtf16(index, 5, 8, "teh")).toEqual({ from: 5, to: 8 });
  });

  it("assumes code points without a problem text to check against", () => {
    expect(harperSpanToUtf16(index, 3, 6)).toEqual({ from: 5, to: 8 });
  });

  it("is the identity on text without astral characters", () => {
    const bmp = new CodePointIndex("café 日本語 teh");
    expect(harperSpanToUtf16(bmp, 9, 12, "teh")).toEqual({ from: 9, to: 12 });
  });

  it("resolves both units for any text with a word after astral characters (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 12 }), fc.constantFrom("teh", "recieve", "wierd"), (prefix, word) => {
        const t = `${prefix} ${word} end`;
        const idx = new CodePointIndex(t);
        const from = t.lastIndexOf(word);
        const cpFrom = idx.fromUtf16(from);
        const cpTo = cpFrom + codePoints(word).length;
        const expected = { from, to: from + word.length };
        expect(harperSpanToUtf16(idx, cpFrom, cpTo, word)).toEqual(expected);
        expect(harperSpanToUtf16(idx, from, from + word.length, word)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
