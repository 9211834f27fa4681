import { findProtectedSpans } from "@redline/track-edits";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskSegment, paragraphs, segmentScope, unmask } from "./segment.js";

const NOTE = `---
title: Draft
---
# Heading

First paragraph with \`code\` and a [[Wiki Link]].

\`\`\`js
const a = 1;

const b = 2;
\`\`\`

Second paragraph, see https://example.com/x for more.
`;

describe("segmentation", () => {
  it("splits on blank lines but never inside a code block, and skips all-protected blocks", () => {
    const spans = findProtectedSpans(NOTE);
    const paras = paragraphs(NOTE, spans);
    expect(paras.map((p) => NOTE.slice(p.from, p.to).split("\n")[0])).toEqual(["---", "# Heading", "First paragraph with `code` and a [[Wiki Link]].", "```js", "Second paragraph, see https://example.com/x for more."]);
    const segs = segmentScope(NOTE, { kind: "note" }, spans, paras);
    expect(segs.map((s) => s.masked)).toEqual(["# Heading", "First paragraph with ⟦1⟧ and a ⟦2⟧.", "Second paragraph, see ⟦1⟧ for more."]);
    expect(segs[1]?.placeholders).toEqual(["`code`", "[[Wiki Link]]"]);
  });

  it("resolves paragraph, selection and dirty scopes", () => {
    const spans = findProtectedSpans(NOTE);
    const at = NOTE.indexOf("Second");
    expect(segmentScope(NOTE, { kind: "paragraph", at: at + 3 }, spans).map((s) => s.index)).toEqual([4]);
    const sel = segmentScope(NOTE, { kind: "selection", from: NOTE.indexOf("paragraph with"), to: NOTE.indexOf(" and a") }, spans);
    expect(sel.map((s) => s.text)).toEqual(["paragraph with `code`"]);
    expect(segmentScope(NOTE, { kind: "dirty", ranges: [{ from: at, to: at + 1 }, { from: 25, to: 26 }] }, spans).map((s) => s.index)).toEqual([1, 4]);
  });

  it("unmask restores protected text and refuses a rewrite that lost or reordered a placeholder", () => {
    expect(unmask("A ⟦1⟧ b ⟦2⟧", ["`x`", "[[y]]"])).toEqual({ ok: true, text: "A `x` b [[y]]" });
    expect(unmask("A b ⟦2⟧", ["`x`", "[[y]]"])).toEqual({ ok: false, detail: "protected text ⟦1⟧ was removed or altered" });
    expect(unmask("⟦2⟧ ⟦1⟧", ["`x`", "[[y]]"])).toMatchObject({ ok: false });
  });

  it("mask then unmask is the identity on any text (property)", () => {
    const piece = fc.constantFrom("word ", "`code` ", "[[Link]] ", "https://a.b/c ", "$x^2$ ", "#tag ", "<b>x</b> ", "[^1] ", "plain. ", "\n");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join("");
        const spans = findProtectedSpans(text);
        const seg = maskSegment(text, 0, 0, text.length, spans);
        const back = unmask(seg.masked, seg.placeholders);
        expect(back).toEqual({ ok: true, text });
      }),
      { numRuns: 300 },
    );
  });
});
