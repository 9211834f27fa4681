import type { ProtectedKind, ProtectedSpan } from "./types.js";

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})[^\n]*$/u;

/**
 * The Markdown spans an editorial function must never change: frontmatter,
 * fenced code and inline code, math, wikilinks and link targets, URLs, HTML
 * and comments, footnote references, block ids and tags. Sorted by `from`;
 * spans may nest (a URL inside a link target), callers test overlap.
 */
export function findProtectedSpans(markdown: string, range?: { readonly from: number; readonly to: number }): ProtectedSpan[] {
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
    // Fast path: only lines starting (after indentation) with ` ~ $ % can open or close a block.
    if (!inFence && inMath === undefined && inComment === undefined) {
      let q = pos;
      while (markdown.charCodeAt(q) === 32 || markdown.charCodeAt(q) === 9) q++;
      const c = markdown.charCodeAt(q);
      if (c !== 96 && c !== 126 && c !== 36 && c !== 37) {
        const nl = markdown.indexOf("\n", q);
        pos = nl < 0 ? markdown.length : nl + 1;
        continue;
      }
    }
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
  const lo = range?.from ?? 0;
  const hi = range?.to ?? markdown.length;
  spans.push(...blocks.filter((b) => b.to > lo && b.from < hi));
  blocks.sort((a, b) => a.from - b.from);

  // Inline constructs, scanned only between block regions.
  let start = lo;
  for (const b of [...blocks, { from: hi, to: hi, kind: "code-block" as const }]) {
    const end = Math.min(b.from, hi);
    if (end > start) inline(markdown, start, end, add);
    start = Math.max(start, b.to);
    if (start >= hi) break;
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

const prefixMaxTo = new WeakMap<readonly ProtectedSpan[], Int32Array>();

/**
 * Whether a change of [from, to) would touch a protected span. An insertion
 * (from === to) is refused only strictly inside a span, not at its edges.
 * `spans` sorted by `from` (as findProtectedSpans returns them); O(log n).
 */
export function overlapsProtected(spans: readonly ProtectedSpan[], from: number, to: number): ProtectedSpan | undefined {
  let maxTo = prefixMaxTo.get(spans);
  if (!maxTo) {
    maxTo = new Int32Array(spans.length);
    let m = -1;
    spans.forEach((s, i) => {
      m = Math.max(m, s.to);
      (maxTo as Int32Array)[i] = m;
    });
    prefixMaxTo.set(spans, maxTo);
  }
  // Last span starting before `to` (or at `from` for insertions)...
  const limit = Math.max(to, from + 1);
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((spans[mid]?.from ?? 0) < limit) lo = mid + 1;
    else hi = mid;
  }
  // ...then back while some earlier span may still reach past `from`.
  for (let i = lo - 1; i >= 0 && (maxTo[i] ?? 0) > from; i--) {
    const s = spans[i];
    if (s && (from === to ? from > s.from && from < s.to : from < s.to && to > s.from)) return s;
  }
  return undefined;
}

/**
 * Protected spans near some items: block structure is read from the top of the
 * document (cheap line scan), inline constructs only around the items'
 * paragraphs, so proposing on a book-length note stays fast.
 */
export function protectedAround(doc: { sliceString(from: number, to?: number): string; readonly length: number }, items: readonly { from: number; to: number }[]): ProtectedSpan[] {
  if (items.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const i of items) {
    lo = Math.min(lo, i.from);
    hi = Math.max(hi, i.to);
  }
  const text = doc.sliceString(0);
  // Widen to paragraph boundaries so inline constructs are seen whole.
  const start = Math.max(0, text.lastIndexOf("\n\n", Math.max(0, lo - 1)));
  const endAt = text.indexOf("\n\n", hi);
  return findProtectedSpans(text, { from: start, to: endAt < 0 ? text.length : endAt });
}
