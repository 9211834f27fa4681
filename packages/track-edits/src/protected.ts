import type { ProtectedKind, ProtectedSpan } from "./types.js";

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})[^\n]*$/u;

/**
 * The Markdown spans an editorial function must never change: frontmatter,
 * fenced code and inline code, math, wikilinks and link targets, URLs, HTML
 * and comments, footnote references, block ids and tags. Sorted by `from`;
 * spans may nest (a URL inside a link target), callers test overlap.
 */
export function findProtectedSpans(markdown: string): ProtectedSpan[] {
  const spans: ProtectedSpan[] = [];
  const add = (from: number, to: number, kind: ProtectedKind) => {
    if (to > from) spans.push({ from, to, kind });
  };
  // Block-level regions first; inline scanning skips them.
  const blocks: ProtectedSpan[] = [];
  let pos = 0;
  const fm = /^---\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/u.exec(markdown);
  if (fm) {
    blocks.push({ from: 0, to: fm[0].length, kind: "frontmatter" });
    pos = fm[0].length;
  }
  let inFence: { marker: string; from: number } | undefined;
  let inMath: number | undefined;
  let inComment: number | undefined;
  while (pos < markdown.length) {
    let eol = markdown.indexOf("\n", pos);
    if (eol < 0) eol = markdown.length;
    const line = markdown.slice(pos, eol);
    const next = Math.min(markdown.length, eol + 1);
    if (inFence) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/u.exec(line);
      if (close && close[1]?.[0] === inFence.marker[0] && (close[1]?.length ?? 0) >= inFence.marker.length) {
        blocks.push({ from: inFence.from, to: eol, kind: "code-block" });
        inFence = undefined;
      }
    } else if (inMath !== undefined) {
      const end = line.indexOf("$$");
      if (end >= 0) {
        blocks.push({ from: inMath, to: pos + end + 2, kind: "math" });
        inMath = undefined;
      }
    } else if (inComment !== undefined) {
      const end = line.indexOf("%%");
      if (end >= 0) {
        blocks.push({ from: inComment, to: pos + end + 2, kind: "comment" });
        inComment = undefined;
      }
    } else {
      const open = FENCE_OPEN.exec(line);
      const trimmed = line.trimStart();
      const marker = open?.[2];
      // A backtick fence's info string may not contain backticks (that's inline code).
      if (marker !== undefined && !(marker.startsWith("`") && line.slice((open?.[1]?.length ?? 0) + marker.length).includes("`"))) {
        inFence = { marker, from: pos };
      } else if (trimmed.startsWith("$$") && trimmed.indexOf("$$", 2) < 0) {
        inMath = pos + line.indexOf("$$");
      } else if (trimmed.startsWith("%%") && trimmed.indexOf("%%", 2) < 0) {
        inComment = pos + line.indexOf("%%");
      }
    }
    pos = next;
  }
  // An unclosed fence or block runs to the end, as Markdown renders it.
  if (inFence) blocks.push({ from: inFence.from, to: markdown.length, kind: "code-block" });
  if (inMath !== undefined) blocks.push({ from: inMath, to: markdown.length, kind: "math" });
  if (inComment !== undefined) blocks.push({ from: inComment, to: markdown.length, kind: "comment" });
  spans.push(...blocks);
  blocks.sort((a, b) => a.from - b.from);

  // Inline constructs, scanned only between block regions.
  let start = 0;
  for (const b of [...blocks, { from: markdown.length, to: markdown.length, kind: "code-block" as const }]) {
    if (b.from > start) inline(markdown, start, b.from, add);
    start = Math.max(start, b.to);
  }
  return spans.sort((a, b) => a.from - b.from || b.to - a.to);
}

const INLINE: readonly [RegExp, ProtectedKind | ((m: RegExpExecArray) => [number, number, ProtectedKind][])][] = [
  // Inline code: a backtick run closed by a run of the same length.
  [/(`+)(?!`)[\s\S]*?[^`]\1(?!`)|(`+)(?!`)\2(?!`)/gu, "inline-code"],
  [/\$\$[\s\S]+?\$\$|\$(?![\s$])(?:[^$\n\\]|\\.)+?(?<![\s\\])\$(?!\d)/gu, "math"],
  [/%%[\s\S]*?%%/gu, "comment"],
  [/!?\[\[[^\]\n]*\]\]/gu, "wikilink"],
  // [text](target): the text is prose, the target is not.
  [
    /!?\[(?:[^\]\n]|\\\])*\]\((?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+"[^"\n]*")?\)/gu,
    (m) => {
      const close = m[0].indexOf("](");
      return [[m.index + close, m.index + m[0].length, "link-target"]];
    },
  ],
  // [text][ref] references and [ref]: url definitions.
  [/\]\[[^\]\n]*\]/gu, "link-target"],
  [/^ {0,3}\[[^\]\n]+\]:[ \t]*\S+.*$/gmu, "link-target"],
  [/\[\^[^\]\s]+\]:?/gu, "footnote"],
  [/<!--[\s\S]*?-->/gu, "html"],
  [/<\/?[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>]*?)?\/?>/gu, "html"],
  [/<(?:https?|mailto|ftp):[^\s<>]+>/gu, "url"],
  [/\b(?:https?:\/\/|www\.)[^\s<>()[\]]*[^\s<>()[\].,;:!?'"]/gu, "url"],
  [/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/gu, "url"],
  [/(?<=\s|^)\^[A-Za-z0-9-]+[ \t]*$/gmu, "block-id"],
  [/(?<=\s|^)#[\p{L}\p{N}_/-]*[\p{L}_/-][\p{L}\p{N}_/-]*/gu, "tag"],
];

function inline(text: string, from: number, to: number, add: (from: number, to: number, kind: ProtectedKind) => void): void {
  const slice = text.slice(from, to);
  // Code spans hide everything inside them from the other rules.
  const code: [number, number][] = [];
  for (const [re, kind] of INLINE) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(slice)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const s = m.index;
      const e = s + m[0].length;
      if (kind !== "inline-code" && code.some(([cs, ce]) => s < ce && e > cs)) continue;
      if (typeof kind === "string") {
        if (kind === "inline-code") code.push([s, e]);
        add(from + s, from + e, kind);
      } else {
        for (const [a, b, k] of kind(m)) add(from + a, from + b, k);
      }
    }
  }
}

/**
 * Whether a change of [from, to) would touch a protected span. An insertion
 * (from === to) is refused only strictly inside a span, not at its edges.
 */
export function overlapsProtected(spans: readonly ProtectedSpan[], from: number, to: number): ProtectedSpan | undefined {
  for (const s of spans) {
    if (s.from >= Math.max(to, from + 1)) break;
    if (from === to ? from > s.from && from < s.to : from < s.to && to > s.from) return s;
  }
  return undefined;
}
