import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findProtectedSpans, maskProtected, overlapsProtected, type ProtectedKind } from "./protected-spans.js";

function kinds(text: string): [ProtectedKind, string][] {
  return findProtectedSpans(text).map((s) => [s.kind, text.slice(s.from, s.to)]);
}

describe("findProtectedSpans", () => {
  it("finds frontmatter only at the start of the note", () => {
    expect(kinds("---\ntitle: Teh\n---\nBody.")).toEqual([["frontmatter", "---\ntitle: Teh\n---\n"]]);
    expect(kinds("Body.\n---\nnot: frontmatter\n---\n")).toEqual([]);
  });

  it("finds fenced code, including an unclosed fence, and ignores what is inside", () => {
    const text = "Text.\n\n```js\nconst teh = `x` + [[no]];\n```\nAfter.\n\n~~~\nopen";
    expect(kinds(text)).toEqual([
      ["code-block", "```js\nconst teh = `x` + [[no]];\n```"],
      ["code-block", "~~~\nopen"],
    ]);
  });

  it("finds inline code, math, links, wikilinks, URLs, HTML, comments, tags, footnotes and block ids", () => {
    const text = "Use `teh()` and $e^{i\\pi}$, see [[Page|Alias]] and ![[img.png]], [docs](https://ex.com/a_(b) \"T\"), <https://x.y>, www.teh.org, a@b.co. <b>bold</b> %%note%% <!-- hid --> #project/teh [^1] end ^b10ck";
    expect(kinds(text)).toEqual([
      ["inline-code", "`teh()`"],
      ["math", "$e^{i\\pi}$"],
      ["wikilink", "[[Page|Alias]]"],
      ["wikilink", "![[img.png]]"],
      ["link-url", '(https://ex.com/a_(b) "T")'],
      ["url", "<https://x.y>"],
      ["url", "www.teh.org"],
      ["url", "a@b.co"],
      ["html", "<b>"],
      ["html", "</b>"],
      ["comment", "%%note%%"],
      ["comment", "<!-- hid -->"],
      ["tag", "#project/teh"],
      ["footnote", "[^1]"],
      ["block-id", "^b10ck"],
    ]);
  });

  it("leaves money and headings alone", () => {
    expect(kinds("It cost $5 and $10 today.")).toEqual([]);
    expect(kinds("# Heading\n\nText #1 item.")).toEqual([]);
  });

  it("keeps sentence punctuation out of bare URLs", () => {
    expect(kinds("See https://example.com/teh.")).toEqual([["url", "https://example.com/teh"]]);
    expect(kinds("(see https://ex.com/x)")).toEqual([["url", "https://ex.com/x"]]);
  });
});

describe("maskProtected", () => {
  it("keeps every offset (property: same UTF-16 length, unprotected text unchanged)", () => {
    const piece = fc.constantFrom("word ", "`code` ", "[[Link]] ", "$x$ ", "https://a.b/c ", "😀 ", "日本 ", "e\u0301 ", "\n\n```\nteh\n```\n\n", "[t](u) ");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (parts) => {
        const text = parts.join("");
        const spans = findProtectedSpans(text);
        const masked = maskProtected(text, spans);
        expect(masked.length).toBe(text.length);
        let last = 0;
        for (const s of spans) {
          expect(masked.slice(last, s.from)).toBe(text.slice(last, s.from));
          last = s.to;
        }
        expect(masked.slice(last)).toBe(text.slice(last));
      }),
      { numRuns: 200 },
    );
  });

  it("turns inline spans into inline-code stand-ins and blocks into blank lines", () => {
    const text = "See [[Teh Page]] now.\n```\nteh\n```";
    expect(maskProtected(text, findProtectedSpans(text))).toBe(`See \`${"x".repeat("[[Teh Page]]".length - 2)}\` now.\n   \n   \n   `);
  });
});

describe("overlapsProtected", () => {
  const spans = findProtectedSpans("ab `cd` ef");
  it("detects overlap and touching insertions, not neighbours", () => {
    expect(overlapsProtected(spans, 4, 5)).toBe(true);
    expect(overlapsProtected(spans, 0, 3)).toBe(false);
    expect(overlapsProtected(spans, 7, 9)).toBe(false);
    expect(overlapsProtected(spans, 3, 3)).toBe(true);
  });
});
