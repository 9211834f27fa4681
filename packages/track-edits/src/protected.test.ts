import { describe, expect, it } from "vitest";
import { findProtectedSpans, overlapsProtected } from "./protected.js";

const kinds = (md: string) => findProtectedSpans(md).map((s) => [s.kind, md.slice(s.from, s.to)]);

describe("findProtectedSpans", () => {
  it("finds every kind of span functions must not edit", () => {
    const md = [
      "---",
      "title: Draft",
      "---",
      "Use `npm i` and $e=mc^2$ with [[Note|alias]] or [docs](https://x.io/a_(b)).",
      "See https://example.com/page. <span class=\"x\">hi</span> <!-- note --> [^1] #draft",
      "A paragraph with an id ^para-1",
      "```ts",
      "const x = 1;",
      "```",
      "$$",
      "x^2",
      "$$",
      "%% hidden %%",
      "[ref]: https://ref.example",
    ].join("\n");
    expect(kinds(md)).toEqual([
      ["frontmatter", "---\ntitle: Draft\n---\n"],
      ["inline-code", "`npm i`"],
      ["math", "$e=mc^2$"],
      ["wikilink", "[[Note|alias]]"],
      ["link-target", "](https://x.io/a_(b))"],
      ["url", "https://x.io/a_"],
      ["url", "https://example.com/page"],
      ["html", "<span class=\"x\">"],
      ["html", "</span>"],
      ["html", "<!-- note -->"],
      ["footnote", "[^1]"],
      ["tag", "#draft"],
      ["block-id", "^para-1"],
      ["code-block", "```ts\nconst x = 1;\n```"],
      ["math", "$$\nx^2\n$$"],
      ["comment", "%% hidden %%"],
      ["link-target", "[ref]: https://ref.example"],
      ["url", "https://ref.example"],
    ]);
  });

  it("does not treat prices or prose as math, nor code contents as anything else", () => {
    expect(kinds("It costs $5 and $10 today.")).toEqual([]);
    expect(kinds("Run `echo https://x.io [[a]]` now")).toEqual([["inline-code", "`echo https://x.io [[a]]`"]]);
  });

  it("refuses overlapping edits but allows insertions at a span's edge", () => {
    const spans = findProtectedSpans("see `code` here");
    expect(overlapsProtected(spans, 5, 7)?.kind).toBe("inline-code");
    expect(overlapsProtected(spans, 0, 4)).toBeUndefined();
    expect(overlapsProtected(spans, 4, 4)).toBeUndefined();
    expect(overlapsProtected(spans, 6, 6)?.kind).toBe("inline-code");
  });
});
