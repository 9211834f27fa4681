/** A token of prose: a word, a run of whitespace, or one punctuation/symbol cluster. */
export interface Token {
  readonly text: string;
  readonly from: number;
  readonly kind: TokenKind;
}

export type TokenKind = "word" | "space" | "punct";

// Scripts written without spaces, emoji sequences and other text whose word
// and grapheme boundaries need the Unicode algorithms. Everything else (Latin,
// Greek, Cyrillic, ... with combining marks) tokenises correctly with a regex,
// which matters because V8's Intl.Segmenter costs ~20 µs per segment: a
// 5,000-word passage would take ~200 ms through it instead of ~1 ms.
const COMPLEX =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}\p{Extended_Pictographic}\p{Regional_Indicator}]|\u200d|\ufe0f|\p{Emoji_Modifier}/u;
const COMPLEX_RUN =
  /(?:[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}\p{Extended_Pictographic}\p{Regional_Indicator}\u30fc\u3005]\p{M}*|\u200d|\ufe0f|\p{Emoji_Modifier})+/gu;
// A word keeps inner apostrophes, periods and hyphens between letters or
// digits ("don't", "3.14", "U.S"), as Intl.Segmenter's word rules do for the first two.
const SIMPLE = /(?:[\p{L}\p{N}_]\p{M}*)+(?:['\u2019.,](?:[\p{L}\p{N}_]\p{M}*)+)*|\s+|[^\p{L}\p{N}_\s]\p{M}*/gu;

let wordSegmenter: Intl.Segmenter | undefined;
let graphemeSegmenter: Intl.Segmenter | undefined;

function kindOf(text: string): TokenKind {
  if (/^\s+$/u.test(text)) return "space";
  if (/[\p{L}\p{N}]/u.test(text)) return "word";
  return "punct";
}

// The same rules for pure ASCII text, several times faster than Unicode property classes.
// eslint-disable-next-line no-control-regex -- the ASCII range starts at U+0000 by definition
const ASCII_ONLY = /^[\x00-\x7f]*$/u;
const SIMPLE_ASCII = /[A-Za-z0-9_]+(?:['.,][A-Za-z0-9_]+)*|\s+|[^A-Za-z0-9_\s]/gu;

function pushAscii(out: Token[], text: string, base: number): void {
  SIMPLE_ASCII.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SIMPLE_ASCII.exec(text)) !== null) {
    const t = m[0];
    const c = t.charCodeAt(0);
    const kind: TokenKind = c === 32 || (c >= 9 && c <= 13) ? "space" : (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 ? "word" : "punct";
    out.push({ text: t, from: base + m.index, kind });
  }
}

function pushSimple(out: Token[], text: string, base: number): void {
  if (ASCII_ONLY.test(text)) {
    pushAscii(out, text, base);
    return;
  }
  SIMPLE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let expected = 0;
  while ((m = SIMPLE.exec(text)) !== null) {
    if (m.index !== expected) {
      // Unmatched code units (lone surrogates): keep them so offsets stay exact.
      const gap = text.slice(expected, m.index);
      out.push({ text: gap, from: base + expected, kind: "punct" });
    }
    const t = m[0];
    const c = t.charCodeAt(0);
    const kind: TokenKind =
      c === 32 || c === 10 || c === 9 || c === 13 || /^\s/u.test(t) ? "space" : /^[\p{L}\p{N}_]/u.test(t) ? "word" : "punct";
    out.push({ text: t, from: base + m.index, kind });
    expected = m.index + t.length;
  }
  if (expected < text.length) out.push({ text: text.slice(expected), from: base + expected, kind: "punct" });
}

function pushComplex(out: Token[], text: string, base: number): void {
  wordSegmenter ??= new Intl.Segmenter(undefined, { granularity: "word" });
  graphemeSegmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  for (const seg of wordSegmenter.segment(text)) {
    if (seg.isWordLike === true || /^\s+$/u.test(seg.segment)) {
      out.push({ text: seg.segment, from: base + seg.index, kind: kindOf(seg.segment) });
      continue;
    }
    // Non-word segments (emoji runs, symbols) split into grapheme clusters so
    // one changed emoji doesn't take its neighbours with it.
    for (const g of graphemeSegmenter.segment(seg.segment)) {
      out.push({ text: g.segment, from: base + seg.index + g.index, kind: kindOf(g.segment) });
    }
  }
}

/**
 * Splits text into words, whitespace runs and punctuation, Unicode-aware:
 * CJK, Thai and emoji go through Intl.Segmenter; combining marks stay with
 * their base letter. Concatenating the tokens gives back the text exactly.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  if (!COMPLEX.test(text)) {
    pushSimple(out, text, 0);
    return out;
  }
  COMPLEX_RUN.lastIndex = 0;
  let pos = 0;
  let m: RegExpExecArray | null;
  while ((m = COMPLEX_RUN.exec(text)) !== null) {
    // Segment the complex run together with its word neighbours so the
    // segmenter sees e.g. mixed "iPhone用" in context.
    let start = m.index;
    while (start > pos && /[\p{L}\p{N}\p{M}]/u.test(text[start - 1] ?? "")) start--;
    let end = m.index + m[0].length;
    while (end < text.length && /[\p{L}\p{N}\p{M}]/u.test(text[end] ?? "") && !COMPLEX.test(text[end] ?? "")) end++;
    if (start > pos) pushSimple(out, text.slice(pos, start), pos);
    pushComplex(out, text.slice(start, end), start);
    pos = end;
    COMPLEX_RUN.lastIndex = end;
  }
  if (pos < text.length) pushSimple(out, text.slice(pos), pos);
  return out;
}
