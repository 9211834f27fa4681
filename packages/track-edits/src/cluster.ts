import type { Category } from "./taxonomy.js";

export type ClusterStrategy = "proximity" | "category" | "sentence";

export interface ClusterOptions {
  readonly strategy?: ClusterStrategy;
  /** proximity: edits at most this many characters apart join one cluster. Default 40. */
  readonly maxGap?: number;
  /** sentence: the text the edits' offsets refer to (required to find sentence ends). */
  readonly text?: string;
  /** Offset of `text` in the document (edits' offsets minus this index `text`). */
  readonly textOffset?: number;
  /** Prefix for generated cluster ids. */
  readonly idPrefix?: string;
}

export interface Clusterable {
  readonly from: number;
  readonly to: number;
  readonly category?: Category;
}

const SENTENCE_END = /[.!?\u3002\uff01\uff1f]+["'\u201d\u2019)\]]*(?=\s|$)|\n\s*\n/gu;

/** Sentence start offsets in `text`, always including 0. */
export function sentenceStarts(text: string): number[] {
  const starts = [0];
  SENTENCE_END.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SENTENCE_END.exec(text)) !== null) {
    let p = m.index + m[0].length;
    while (p < text.length && /\s/u.test(text[p] ?? "")) p++;
    if (p < text.length && p > (starts.at(-1) ?? 0)) starts.push(p);
  }
  return starts;
}

/** The sentence containing [from, to) of `text`, for resolution-event context. */
export function sentenceAround(text: string, from: number, to = from): { from: number; to: number; text: string } {
  const lo = Math.max(0, from - 400);
  const hi = Math.min(text.length, to + 400);
  const window = text.slice(lo, hi);
  const starts = sentenceStarts(window);
  let s = 0;
  let e = window.length;
  for (const st of starts) {
    if (st <= from - lo) s = st;
    else if (st >= to - lo) {
      e = st;
      break;
    }
  }
  const sentence = window.slice(s, e).trimEnd();
  return { from: lo + s, to: lo + s + sentence.length, text: sentence };
}

/**
 * Assigns a cluster id to every edit (returned in input order) for bulk
 * accept/reject: by proximity (gap ≤ maxGap), by category, or by sentence.
 */
export function clusterEdits(edits: readonly Clusterable[], opts: ClusterOptions = {}): string[] {
  const strategy = opts.strategy ?? "proximity";
  const prefix = opts.idPrefix ?? "c";
  if (strategy === "category") return edits.map((e) => `${prefix}:${e.category ?? "style"}`);
  const order = edits.map((_, i) => i).sort((x, y) => (edits[x]?.from ?? 0) - (edits[y]?.from ?? 0));
  const ids = new Array<string>(edits.length).fill("");
  if (strategy === "sentence") {
    const text = opts.text;
    if (text === undefined) throw new TypeError("clusterEdits: the sentence strategy needs opts.text");
    const offset = opts.textOffset ?? 0;
    const starts = sentenceStarts(text);
    let si = 0;
    for (const i of order) {
      const e = edits[i];
      if (!e) continue;
      const at = e.from - offset;
      while (si + 1 < starts.length && (starts[si + 1] ?? Infinity) <= at) si++;
      ids[i] = `${prefix}:s${offset + (starts[si] ?? 0)}`;
    }
    return ids;
  }
  const maxGap = opts.maxGap ?? 40;
  let current = "";
  let lastTo = -Infinity;
  for (const i of order) {
    const e = edits[i];
    if (!e) continue;
    if (e.from - lastTo > maxGap || current === "") current = `${prefix}:p${e.from}`;
    ids[i] = current;
    lastTo = Math.max(lastTo, e.to);
  }
  return ids;
}
