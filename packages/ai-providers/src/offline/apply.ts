/** A replacement of [from, to) in some text. */
export interface Replacement {
  readonly from: number;
  readonly to: number;
  readonly replacement: string;
}

/**
 * Keeps the findings that can be applied together: sorted by position, the
 * first of any overlapping pair wins. Returns them in document order.
 */
export function nonOverlapping<T extends Replacement>(findings: readonly T[]): T[] {
  const sorted = [...findings].sort((a, b) => a.from - b.from || a.to - b.to);
  const out: T[] = [];
  let end = -1;
  let lastInsertAt = -1;
  for (const f of sorted) {
    if (f.from < end) continue;
    // Two insertions at one point would apply in an arbitrary order.
    if (f.from === f.to && f.from === lastInsertAt) continue;
    out.push(f);
    end = Math.max(end, f.to);
    if (f.from === f.to) lastInsertAt = f.from;
  }
  return out;
}

/** Applies non-overlapping replacements (as returned by {@link nonOverlapping}) to `text`. */
export function applyReplacements(text: string, replacements: readonly Replacement[]): string {
  let out = "";
  let last = 0;
  for (const r of replacements) {
    if (r.from < last || r.to > text.length || r.from > r.to) throw new RangeError(`Replacement [${r.from}, ${r.to}) does not fit the text or overlaps another.`);
    out += text.slice(last, r.from) + r.replacement;
    last = r.to;
  }
  return out + text.slice(last);
}
