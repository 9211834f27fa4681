/**
 * The names Harper's dictionary knows, indexed so that "is a known name a
 * slip away from this word?" costs a fraction of a millisecond in JS instead
 * of Harper's edit-distance search (tens of milliseconds per unknown word).
 */
import { typoCostWithin } from "./spelling-rank.js";

/** Letters a–z, then one bucket for every other character. */
const BUCKETS = 27;

/**
 * Every edit but a dropped apostrophe costs at least 0.5 in typoCost, so a
 * slip below 1.5 is at most two such edits. Apostrophes aside, the two words'
 * lengths then differ by at most 2, their letter counts by at most 4 in all
 * (a substitution moves two, an insertion or deletion one, a transposition
 * none), and so do the sets of letters they use. These bounds only skip
 * names that cannot be that close; typoCost decides the rest.
 */
const MAX_EDITS = 2;

/** Names of one length (apostrophes aside), with the set of letters each uses: one XOR a name filters the scan. */
interface Bucket {
  readonly words: string[];
  readonly masks: number[];
}

export class NameIndex {
  readonly #byLength = new Map<number, Bucket>();
  readonly #seen = new Set<string>();
  readonly #exact = new Set<string>();

  constructor(names: Iterable<string> = []) {
    this.add(names);
  }

  /** Adds names (words with a capital letter); other words are ignored. */
  add(names: Iterable<string>): void {
    const fresh = new Map<number, string[]>();
    for (const name of names) {
      if (name.toLowerCase() === name || /\s/u.test(name)) continue;
      this.#exact.add(name);
      const word = name.toLowerCase();
      if (this.#seen.has(word)) continue;
      this.#seen.add(word);
      const length = bareLength(word);
      const list = fresh.get(length);
      if (list) list.push(word);
      else fresh.set(length, [word]);
    }
    for (const [length, words] of fresh) {
      const bucket = this.#byLength.get(length);
      const masks = words.map(letterMask);
      if (bucket) {
        bucket.words.push(...words);
        bucket.masks.push(...masks);
      } else this.#byLength.set(length, { words, masks });
    }
  }

  /** True for a name in the index as written ("Paris", not "PARIS"): a word the dictionary has. */
  has(name: string): boolean {
    return this.#exact.has(name);
  }

  get size(): number {
    return this.#seen.size;
  }

  /**
   * True when a known name other than `word` itself lies within `maxCost`
   * (typoCost, below 1.5) of it, or of it without a plural ending: names
   * take -s and -es too ("Amercans" → "Americans").
   */
  hasNear(word: string, maxCost: number): boolean {
    if (maxCost >= 1.5) throw new RangeError("NameIndex.hasNear bounds edits for slips below 1.5.");
    const form = word.toLowerCase();
    const forms = [form];
    if (form.endsWith("es")) forms.push(form.slice(0, -2));
    if (form.endsWith("s")) forms.push(form.slice(0, -1));
    return forms.some((f) => this.#near(f, maxCost));
  }

  #near(word: string, maxCost: number): boolean {
    const counts = new Int8Array(BUCKETS);
    countLetters(word, counts, 1);
    const mask = letterMask(word);
    const length = bareLength(word);
    const diff = new Int8Array(BUCKETS);
    for (let l = length - MAX_EDITS; l <= length + MAX_EDITS; l++) {
      const bucket = this.#byLength.get(l);
      if (!bucket) continue;
      const { words, masks } = bucket;
      for (let e = 0; e < words.length; e++) {
        // Each edit adds or removes at most two letters from the set of letters used.
        if (popCount(mask ^ (masks[e] ?? 0)) > 2 * MAX_EDITS) continue;
        const name = words[e] ?? "";
        if (name === word) continue;
        diff.set(counts);
        countLetters(name, diff, -1);
        let d = 0;
        for (let k = 0; k < BUCKETS; k++) d += Math.abs(diff[k] ?? 0);
        if (d > 2 * MAX_EDITS) continue;
        // Apostrophes aside, a slip this cheap is at most two plain edits (typoCost prices a dropped one below 0.5).
        if (!name.includes("'") && !name.includes("’") && !withinEdits(word, name, MAX_EDITS)) continue;
        if (typoCostWithin(word, name, maxCost) <= maxCost) return true;
      }
    }
    return false;
  }
}

let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Whether an edit distance (insertions, deletions, substitutions, adjacent swaps) of at most `k` turns `a` into `b`. */
function withinEdits(a: string, b: string, k: number): boolean {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > k) return false;
  if ((rows[0]?.length ?? 0) <= m) rows = [new Int32Array(2 * m + 2), new Int32Array(2 * m + 2), new Int32Array(2 * m + 2)];
  let [before, prev, cur] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= m; j++) prev[j] = j;
  let prevMin = 0;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(j - 1);
      let best = (prev[j - 1] ?? 0) + (ca === cb ? 0 : 1);
      best = Math.min(best, (prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) best = Math.min(best, (before[j - 2] ?? 0) + 1);
      cur[j] = best;
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > k && prevMin > k) return false;
    prevMin = rowMin;
    [before, prev, cur] = [prev, cur, before];
  }
  return (prev[m] ?? 0) <= k;
}

function bareLength(word: string): number {
  return word.replace(/['’]/gu, "").length;
}

function bucketOf(code: number): number {
  return code >= 97 && code <= 122 ? code - 97 : 26;
}

/** Adds `sign` to `counts` for each letter of `word` (apostrophes aside). */
function countLetters(word: string, counts: Int8Array, sign: 1 | -1): void {
  for (let k = 0; k < word.length; k++) {
    const code = word.charCodeAt(k);
    if (code === 39 || code === 0x2019) continue;
    const i = bucketOf(code);
    counts[i] = (counts[i] ?? 0) + sign;
  }
}

/** The set of letters a word uses, one bit a bucket. */
function letterMask(word: string): number {
  let mask = 0;
  for (let k = 0; k < word.length; k++) {
    const code = word.charCodeAt(k);
    if (code !== 39 && code !== 0x2019) mask |= 1 << bucketOf(code);
  }
  return mask >>> 0;
}

function popCount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
