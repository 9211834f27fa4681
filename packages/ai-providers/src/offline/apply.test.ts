import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyReplacements, nonOverlapping } from "./apply.js";
import { splitParagraphs } from "./paragraphs.js";

describe("applying findings", () => {
  it("applies non-overlapping replacements and keeps the first of an overlap", () => {
    const text = "I recieve teh mesage";
    const kept = nonOverlapping([
      { from: 10, to: 13, replacement: "the" },
      { from: 2, to: 9, replacement: "receive" },
      { from: 4, to: 12, replacement: "X" },
    ]);
    expect(applyReplacements(text, kept)).toBe("I receive the mesage");
  });

  it("leaves text outside the replaced ranges untouched (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.array(fc.record({ a: fc.nat(30), b: fc.nat(30), r: fc.string({ maxLength: 4 }) }), { maxLength: 6 }),
        (text, raw) => {
          const reps = raw.map(({ a, b, r }) => ({ from: Math.min(a, b, text.length), to: Math.min(Math.max(a, b), text.length), replacement: r }));
          const kept = nonOverlapping(reps);
          const out = applyReplacements(text, kept);
          const delta = kept.reduce((d, k) => d + k.replacement.length - (k.to - k.from), 0);
          expect(out.length).toBe(text.length + delta);
          const first = kept[0];
          expect(out.slice(0, first ? first.from : text.length)).toBe(text.slice(0, first ? first.from : text.length));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses overlapping input instead of corrupting the text", () => {
    expect(() => applyReplacements("abcdef", [{ from: 0, to: 3, replacement: "" }, { from: 2, to: 4, replacement: "" }])).toThrow(RangeError);
  });
});

describe("splitParagraphs", () => {
  it("splits at blank lines and drops blank stretches", () => {
    const text = "One line\nstill one.\n\n  \nTwo.\n\n\n   \n";
    expect(splitParagraphs(text).map((p) => text.slice(p.from, p.to))).toEqual(["One line\nstill one.", "Two."]);
  });
});
