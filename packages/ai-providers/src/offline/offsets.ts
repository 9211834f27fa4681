/**
 * Offset conversion between the units Harper may report and the UTF-16 code
 * units JavaScript strings, CodeMirror and every edit in Redline use.
 *
 * Harper's core counts Rust `char`s (Unicode scalar values). Some harper.js
 * builds convert spans to UTF-16 at the WASM boundary, some did not; rather
 * than trust a version, a span is resolved against the lint's problem text,
 * which both units must reproduce exactly.
 */

/** Maps code-point indices of one string to UTF-16 offsets. Built once per paragraph. */
export class CodePointIndex {
  /** utf16[i] = UTF-16 offset of the i-th code point; the last entry is text.length. */
  readonly #utf16: Uint32Array;

  constructor(readonly text: string) {
    const offsets: number[] = [];
    let i = 0;
    while (i < text.length) {
      offsets.push(i);
      const cp = text.codePointAt(i) ?? 0;
      i += cp > 0xffff ? 2 : 1;
    }
    offsets.push(text.length);
    this.#utf16 = Uint32Array.from(offsets);
  }

  /** Number of code points. */
  get length(): number {
    return this.#utf16.length - 1;
  }

  /** UTF-16 offset of a code-point index, clamped to the string. */
  toUtf16(codePointIndex: number): number {
    const i = Math.max(0, Math.min(this.length, Math.trunc(codePointIndex)));
    return this.#utf16[i] ?? this.text.length;
  }

  /** Code-point index of a UTF-16 offset (an offset inside a surrogate pair maps to its pair). */
  fromUtf16(offset: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.#utf16[mid] ?? Infinity) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

export interface Utf16Span {
  readonly from: number;
  readonly to: number;
}

/**
 * Resolves a span Harper reported on `index.text` to UTF-16 offsets.
 * `problemText` is Harper's own copy of the flagged text; when given, the unit
 * whose slice reproduces it wins. Without it (or when neither matches, e.g. a
 * zero-width insertion point) code points are assumed, as in Harper's core,
 * unless the string has no astral characters, where both units agree.
 */
export function harperSpanToUtf16(index: CodePointIndex, start: number, end: number, problemText?: string): Utf16Span {
  const text = index.text;
  const asCodePoints: Utf16Span = { from: index.toUtf16(start), to: index.toUtf16(end) };
  if (problemText === undefined || index.length === text.length) return asCodePoints;
  if (text.slice(asCodePoints.from, asCodePoints.to) === problemText) return asCodePoints;
  const asUtf16: Utf16Span = { from: clamp(start, text.length), to: clamp(end, text.length) };
  if (text.slice(asUtf16.from, asUtf16.to) === problemText) return asUtf16;
  return asCodePoints;
}

function clamp(n: number, max: number): number {
  return Math.max(0, Math.min(max, Math.trunc(n)));
}

/** True when `offset` splits a surrogate pair, i.e. is not a valid edit boundary. */
export function splitsSurrogatePair(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}
