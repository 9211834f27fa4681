/**
 * Spans of a Markdown note the offline engine must never lint or rewrite:
 * frontmatter, code, math, links and URLs, HTML, comments, tags. Linting
 * them is the main source of a grammar checker's false alarms in notes.
 */
export type ProtectedKind =
  | "frontmatter"
  | "code-block"
  | "math-block"
  | "comment"
  | "inline-code"
  | "math"
  | "wikilink"
  | "link-url"
  | "url"
  | "html"
  | "tag"
  | "footnote"
  | "block-id";

export interface ProtectedSpan {
  readonly from: number;
  readonly to: number;
  readonly kind: ProtectedKind;
}

/** Kinds that cover whole blocks: their lines are not prose at all. */
const BLOCK_KINDS: ReadonlySet<ProtectedKind> = new Set(["frontmatter", "code-block", "math-block", "comment"]);

export function isBlockKind(kind: ProtectedKind): boolean {
  return BLOCK_KINDS.has(kind);
}

const FRONTMATTER = /^---[ \t]*\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/u;
const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})/u;
const MATH_BLOCK = /\$\$[\s\S]*?\$\$/gu;
const COMMENTS = /<!--[\s\S]*?-->|%%[\s\S]*?%%/gu;
const INLINE_CODE = /(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/gu;
// Obsidian/Pandoc inline math: no space inside the delimiters, no digit after the closing one ($5 and $10 is money).
const INLINE_MATH = /(?<![\\$])\$(?=\S)[^$\n]*?(?<=\S)\$(?![$\d])/gu;
const WIKILINK = /!?\[\[[^\]\n]*\]\]/gu;
const LINK_DEST = /(?<=\])\((?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\)/gu;
const AUTOLINK = /<(?:[a-z][a-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>/giu;
const BARE_URL = /\b(?:[a-z][a-z0-9+.-]{1,31}:\/\/|www\.)[^\s<>"'`]+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+/giu;
const HTML_TAG = /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*?)?\/?>/giu;
const TAG = /(?<=^|[\s(])#[\p{L}\p{N}_/-]*[\p{L}_/-][\p{L}\p{N}_/-]*/gmu;
const FOOTNOTE = /\[\^[^\]\s]+\]/gu;
const BLOCK_ID = /(?<=\s)\^[A-Za-z0-9-]+$/gmu;

/**
 * Finds protected spans, sorted and non-overlapping. Block constructs are
 * found first and blanked out so inline patterns never match inside code;
 * inline code is blanked before links and math for the same reason.
 */
export function findProtectedSpans(text: string): ProtectedSpan[] {
  const spans: ProtectedSpan[] = [];
  let work = text;
  const take = (from: number, to: number, kind: ProtectedKind) => {
    if (to <= from) return;
    spans.push({ from, to, kind });
    work = work.slice(0, from) + blank(work.slice(from, to)) + work.slice(to);
  };
  const scan = (re: RegExp, kind: ProtectedKind, trim?: (m: string) => number) => {
    re.lastIndex = 0;
    const found: [number, number][] = [];
    for (const m of work.matchAll(re)) {
      const len = trim ? trim(m[0]) : m[0].length;
      found.push([m.index, m.index + len]);
    }
    for (const [from, to] of found) take(from, to, kind);
  };

  const fm = FRONTMATTER.exec(text);
  if (fm) take(0, fm[0].length, "frontmatter");
  for (const [from, to] of fencedCodeBlocks(work)) take(from, to, "code-block");
  scan(COMMENTS, "comment");
  scan(MATH_BLOCK, "math-block");
  scan(INLINE_CODE, "inline-code");
  scan(INLINE_MATH, "math");
  scan(WIKILINK, "wikilink");
  scan(LINK_DEST, "link-url");
  scan(AUTOLINK, "url");
  scan(BARE_URL, "url", trimUrl);
  scan(HTML_TAG, "html");
  scan(FOOTNOTE, "footnote");
  scan(TAG, "tag");
  scan(BLOCK_ID, "block-id");
  return spans.sort((a, b) => a.from - b.from);
}

/** Sentence punctuation after a bare URL belongs to the sentence ("see https://x.org."), as does an unbalanced ")". */
function trimUrl(url: string): number {
  let end = url.length;
  while (end > 0) {
    const c = url[end - 1] ?? "";
    if (".,;:!?*_~".includes(c)) end--;
    else if (c === ")" && count(url.slice(0, end), "(") < count(url.slice(0, end), ")")) end--;
    else break;
  }
  return end;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

function fencedCodeBlocks(text: string): [number, number][] {
  const out: [number, number][] = [];
  let pos = 0;
  let open: { start: number; fence: string } | null = null;
  while (pos <= text.length) {
    const nl = text.indexOf("\n", pos);
    const end = nl === -1 ? text.length : nl + 1;
    const line = text.slice(pos, nl === -1 ? text.length : nl);
    const m = FENCE_OPEN.exec(line);
    if (open === null) {
      // A backtick fence's info string may not contain backticks (CommonMark).
      if (m?.[2] && !(m[2].startsWith("`") && line.slice((m[1]?.length ?? 0) + m[2].length).includes("`"))) open = { start: pos, fence: m[2] };
    } else if (m?.[2] && m[2][0] === open.fence[0] && m[2].length >= open.fence.length && line.trim() === m[2]) {
      out.push([open.start, nl === -1 ? text.length : nl]);
      open = null;
    }
    if (nl === -1) break;
    pos = end;
  }
  // An unclosed fence runs to the end of the document, as in CommonMark.
  if (open !== null) out.push([open.start, text.length]);
  return out;
}

/** Same UTF-16 length, newlines kept, so every offset in the text stays valid. */
function blank(s: string): string {
  return s.replace(/[^\r\n]/gu, (c) => " ".repeat(c.length));
}

/**
 * Replaces protected spans with stand-ins of identical UTF-16 length. Inline
 * spans become an inline-code token ("`xxxx`") which Harper's Markdown parser
 * skips as one unlintable word, so the sentence around it still parses
 * ("see `xxx` for details"); blocks become blank lines.
 */
export function maskProtected(text: string, spans: readonly ProtectedSpan[]): string {
  let out = "";
  let last = 0;
  for (const span of spans) {
    if (span.from < last) continue;
    out += text.slice(last, span.from);
    const body = text.slice(span.from, span.to);
    if (isBlockKind(span.kind) || /[\r\n]/u.test(body) || body.length < 3) out += blank(body);
    else out += "`" + "x".repeat(body.length - 2) + "`";
    last = span.to;
  }
  return out + text.slice(last);
}

/** True when [from, to) touches any protected span (a zero-width finding touching a span counts). */
export function overlapsProtected(spans: readonly ProtectedSpan[], from: number, to: number): boolean {
  for (const s of spans) {
    if (s.from >= Math.max(to, from + 1)) break;
    if (s.to > from && s.from < Math.max(to, from + 1)) return true;
  }
  return false;
}
