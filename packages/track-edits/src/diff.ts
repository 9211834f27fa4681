import { editDistance } from "./classify.js";
import { tokenize, type Token } from "./tokenize.js";
import type { DiffEdit } from "./types.js";

export interface DiffOptions {
  /** Added to every offset, so edits of a span land at their place in the document. */
  readonly baseOffset?: number;
  /**
   * Above this many differences (D in Myers' O(ND)) a region is split on
   * unique shared words first, keeping total rewrites cheap. Default 256.
   */
  readonly maxEditDistance?: number;
}

/** A run of original tokens [a0, a1) replaced by rewrite tokens [b0, b1). */
interface Hunk {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

/**
 * Myers' greedy O(ND) diff over interned token ids, returning the changed
 * regions as hunks. Falls back to unique-token anchoring when D exceeds `maxD`.
 */
function myers(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number, maxD: number, out: Hunk[]): void {
  // Trim common prefix and suffix: most edits touch a small part of a span.
  while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) {
    aLo++;
    bLo++;
  }
  while (aLo < aHi && bLo < bHi && a[aHi - 1] === b[bHi - 1]) {
    aHi--;
    bHi--;
  }
  const n = aHi - aLo;
  const m = bHi - bLo;
  if (n === 0 && m === 0) return;
  if (n === 0 || m === 0) {
    out.push({ a0: aLo, a1: aHi, b0: bLo, b1: bHi });
    return;
  }
  const max = Math.min(n + m, maxD);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  outer: for (let d = 0; d <= max; d++) {
    // Only diagonals -d..d are live at step d: save just that slice.
    const snap = new Int32Array(2 * d + 1);
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0))) x = v[offset + k + 1] ?? 0;
      else x = (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        for (let kk = -d; kk <= d; kk++) snap[kk + d] = v[offset + kk] ?? 0;
        trace.push(snap);
        found = d;
        break outer;
      }
    }
    for (let kk = -d; kk <= d; kk++) snap[kk + d] = v[offset + kk] ?? 0;
    trace.push(snap);
  }
  if (found < 0) {
    anchored(a, aLo, aHi, b, bLo, bHi, maxD, out);
    return;
  }
  // Backtrack, collecting single-token steps, then coalesce into hunks.
  const steps: { x: number; y: number; del: boolean }[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d - 1];
    if (prev === undefined) break;
    const k = x - y;
    const at = (kk: number) => prev[kk + d - 1] ?? 0;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const pk = down ? k + 1 : k - 1;
    const px = at(pk);
    const py = px - pk;
    while (x > px + (down ? 0 : 1) && y > py + (down ? 1 : 0)) {
      x--;
      y--;
    }
    if (down) steps.push({ x: px, y: py, del: false });
    else steps.push({ x: px, y: py, del: true });
    x = px;
    y = py;
  }
  steps.reverse();
  let cur: Hunk | undefined;
  for (const s of steps) {
    const a0 = aLo + s.x;
    const b0 = bLo + s.y;
    const a1 = s.del ? a0 + 1 : a0;
    const b1 = s.del ? b0 : b0 + 1;
    if (cur !== undefined && cur.a1 === a0 && cur.b1 === b0) {
      cur.a1 = a1;
      cur.b1 = b1;
    } else {
      cur = { a0, a1, b0, b1 };
      out.push(cur);
    }
  }
}

/**
 * Patience-style split: tokens occurring exactly once on each side, in
 * increasing order on both (longest increasing subsequence), anchor the
 * alignment; the gaps between anchors are diffed recursively.
 */
function anchored(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number, maxD: number, out: Hunk[]): void {
  const countA = new Map<number, number>();
  const countB = new Map<number, number>();
  const posB = new Map<number, number>();
  for (let i = aLo; i < aHi; i++) countA.set(a[i] ?? -1, (countA.get(a[i] ?? -1) ?? 0) + 1);
  for (let j = bLo; j < bHi; j++) {
    const t = b[j] ?? -1;
    countB.set(t, (countB.get(t) ?? 0) + 1);
    posB.set(t, j);
  }
  const pairs: [number, number][] = [];
  for (let i = aLo; i < aHi; i++) {
    const t = a[i] ?? -1;
    if (countA.get(t) === 1 && countB.get(t) === 1) pairs.push([i, posB.get(t) ?? -1]);
  }
  // LIS on the b positions (patience sorting with back-pointers).
  const tails: number[] = [];
  const prev = new Int32Array(pairs.length).fill(-1);
  for (let p = 0; p < pairs.length; p++) {
    const bj = pairs[p]?.[1] ?? 0;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((pairs[tails[mid] ?? 0]?.[1] ?? 0) < bj) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[p] = tails[lo - 1] ?? -1;
    tails[lo] = p;
  }
  const chain: [number, number][] = [];
  for (let p = tails.at(-1) ?? -1; p >= 0; p = prev[p] ?? -1) {
    const pair = pairs[p];
    if (pair) chain.push(pair);
  }
  chain.reverse();
  if (chain.length === 0) {
    out.push({ a0: aLo, a1: aHi, b0: bLo, b1: bHi });
    return;
  }
  let ia = aLo;
  let ib = bLo;
  for (const [i, j] of chain) {
    myers(a, ia, i, b, ib, j, maxD, out);
    ia = i + 1;
    ib = j + 1;
  }
  myers(a, ia, aHi, b, ib, bHi, maxD, out);
}

function isSpace(t: Token | undefined): boolean {
  return t?.kind === "space";
}

/**
 * Word-level minimal edits turning `original` into `rewrite`, offsets relative
 * to `original` (plus `baseOffset`). Changes separated only by whitespace are
 * merged into one readable edit ("quick brown" → "slow red", not two), and a
 * deleted or inserted word takes one neighbouring space with it.
 *
 * Guaranteed: applying every edit gives `rewrite`; applying none leaves
 * `original`. Edits are sorted and never overlap or touch.
 */
export function diffToEdits(original: string, rewrite: string, opts: DiffOptions = {}): DiffEdit[] {
  const base = opts.baseOffset ?? 0;
  if (original === rewrite) return [];
  const ta = tokenize(original);
  const tb = tokenize(rewrite);
  const ids = new Map<string, number>();
  const intern = (toks: Token[]) => {
    const arr = new Int32Array(toks.length);
    for (let i = 0; i < toks.length; i++) {
      const text = toks[i]?.text ?? "";
      let id = ids.get(text);
      if (id === undefined) {
        id = ids.size;
        ids.set(text, id);
      }
      arr[i] = id;
    }
    return arr;
  };
  const a = intern(ta);
  const b = intern(tb);
  const raw: Hunk[] = [];
  myers(a, 0, a.length, b, 0, b.length, opts.maxEditDistance ?? 256, raw);
  const hunks = slideRuns(raw, ta, tb, a, b);

  // Merge touching hunks and hunks separated by one space: "quick brown" →
  // "slow red" and "took a swipe at" → "criticized" read as one change each.
  // A word's own correction across a space stays apart ("recieve teh" is two
  // fixes, each accepted, rejected and classified on its own, not one
  // two-word rewrite that no longer reads as spelling).
  const merged: Hunk[] = [];
  let lastIsCorrection = false;
  for (const h of hunks) {
    const last = merged.at(-1);
    const isCorrection = isWordCorrection(h, ta, tb);
    const wasCorrection = lastIsCorrection;
    lastIsCorrection = isCorrection;
    if (last !== undefined) {
      const gapA = h.a0 - last.a1;
      const gapB = h.b0 - last.b1;
      const spaced = gapA === 1 && isSpace(ta[last.a1]) && isSpace(tb[last.b1]);
      if (gapA === gapB && (gapA === 0 || (spaced && !isCorrection && !wasCorrection))) {
        last.a1 = h.a1;
        last.b1 = h.b1;
        continue;
      }
    }
    merged.push({ ...h });
  }

  const offA = (i: number) => (i < ta.length ? (ta[i]?.from ?? original.length) : original.length);
  const offB = (j: number) => (j < tb.length ? (tb[j]?.from ?? rewrite.length) : rewrite.length);
  return merged.map((h) => {
    let from = offA(h.a0);
    let to = offA(h.a1);
    let rFrom = offB(h.b0);
    let rTo = offB(h.b1);
    // A merged change may start or end with the same space on both sides: leave it out.
    while (from < to && rFrom < rTo && original[to - 1] === rewrite[rTo - 1] && /\s/u.test(original[to - 1] ?? "")) {
      to--;
      rTo--;
    }
    while (from < to && rFrom < rTo && original[from] === rewrite[rFrom] && /\s/u.test(original[from] ?? "")) {
      from++;
      rFrom++;
    }
    return { from: base + from, to: base + to, original: original.slice(from, to), replacement: rewrite.slice(rFrom, rTo) };
  });
}

/**
 * One word replaced by a near spelling of itself: a typo, a case or
 * apostrophe fix, an inflection ("recieve" → "receive", "teh" → "the",
 * "its" → "it's"). Within Damerau distance 2, and at most half the longer word.
 */
function isWordCorrection(h: Hunk, ta: readonly Token[], tb: readonly Token[]): boolean {
  if (h.a1 - h.a0 !== 1 || h.b1 - h.b0 !== 1) return false;
  const a = ta[h.a0];
  const b = tb[h.b0];
  if (a?.kind !== "word" || b?.kind !== "word") return false;
  const x = a.text.toLocaleLowerCase("en");
  const y = b.text.toLocaleLowerCase("en");
  if (x === y) return true;
  const d = editDistance(x, y);
  return d <= 2 && d * 2 <= Math.max(x.length, y.length);
}

/**
 * Runs of deleted (or inserted) tokens can often sit at several equivalent
 * places ("the {-the -}cat" vs "the{- the-} cat"). Slide each run so it starts
 * with a word and takes its trailing space, like an editor's mark; this also
 * pulls a duplicated word's deletion away from a neighbouring fix, so
 * "recieve the the" → "receive the" is two edits, not one blob.
 */
function slideRuns(raw: readonly Hunk[], ta: Token[], tb: Token[], a: Int32Array, b: Int32Array): Hunk[] {
  // Matched partner of every token, -1 when changed.
  const matchA = new Int32Array(a.length).fill(-2);
  const matchB = new Int32Array(b.length).fill(-2);
  for (const h of raw) {
    matchA.fill(-1, h.a0, h.a1);
    matchB.fill(-1, h.b0, h.b1);
  }
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    if (matchA[i] === -1) continue;
    while (matchB[j] === -1) j++;
    matchA[i] = j;
    matchB[j] = i;
    j++;
  }
  const slide = (match: Int32Array, other: Int32Array, ids: Int32Array, toks: Token[]) => {
    let lo = 0;
    while (lo < ids.length) {
      if (match[lo] !== -1) {
        lo++;
        continue;
      }
      let hi = lo;
      while (hi < ids.length && match[hi] === -1) hi++;
      // Try the whole run, then each suffix starting at a space (the part of
      // a replacement run that is really a separate insertion or deletion).
      // Slide as far right as the text repeats, stopping at the rightmost
      // place where the run starts with a word.
      for (let s = lo; s < hi; s++) {
        if (s > lo && !isSpace(toks[s])) continue;
        let k = 0;
        let best = 0;
        while (hi + k < ids.length && (match[hi + k] ?? -1) >= 0 && ids[s + k] === ids[hi + k]) {
          k++;
          if (!isSpace(toks[s + k])) best = k;
        }
        if (best === 0) continue;
        for (let step = 0; step < best; step++) {
          const partner = match[hi + step] ?? -1;
          match[s + step] = partner;
          other[partner] = s + step;
          match[hi + step] = -1;
        }
        hi += best;
        break;
      }
      lo = hi;
    }
  };
  slide(matchA, matchB, a, ta);
  slide(matchB, matchA, b, tb);
  const out: Hunk[] = [];
  let i = 0;
  j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && matchA[i] === j) {
      i++;
      j++;
      continue;
    }
    const h: Hunk = { a0: i, a1: i, b0: j, b1: j };
    while (i < a.length && matchA[i] === -1) i++;
    while (j < b.length && matchB[j] === -1) j++;
    h.a1 = i;
    h.b1 = j;
    out.push(h);
  }
  return out;
}

/** Applies non-overlapping edits (offsets relative to `text`, after subtracting `baseOffset`). */
export function applyEdits(text: string, edits: readonly DiffEdit[], baseOffset = 0): string {
  const sorted = [...edits].sort((x, y) => x.from - y.from);
  let out = "";
  let pos = 0;
  for (const e of sorted) {
    const from = e.from - baseOffset;
    const to = e.to - baseOffset;
    if (from < pos || to > text.length || text.slice(from, to) !== e.original) {
      throw new RangeError(`edit ${e.from}-${e.to} does not match the text it was computed for`);
    }
    out += text.slice(pos, from) + e.replacement;
    pos = to;
  }
  return out + text.slice(pos);
}
