/**
 * Re-ranks Harper's spelling candidates with a noisy-channel style error
 * model: the cheapest typing slip that turns the intended word into the typed
 * one wins, with Harper's own order (which reflects word frequency) as the
 * tie-breaker. Typists mostly double or drop a letter, swap two neighbours or
 * confuse vowels; those edits cost less than arbitrary substitutions.
 */

const VOWELS = new Set(["a", "e", "i", "o", "u", "y"]);

/** Cost of the cheapest edit sequence from `typed` to `candidate` (case-insensitive). */
export function typoCost(typed: string, candidate: string): number {
  return typoCostWithin(typed, candidate, Infinity);
}

let rows: [Float64Array, Float64Array, Float64Array] = [new Float64Array(32), new Float64Array(32), new Float64Array(32)];

/**
 * typoCost when it is at most `bound`, Infinity otherwise; stops as soon as
 * two consecutive rows exceed the bound (no edit path can come back under
 * it: each step adds a non-negative cost, and only a transposition skips a
 * row). Cheap enough to run against thousands of names (name-index.ts).
 */
export function typoCostWithin(typed: string, candidate: string, bound: number): number {
  const a = typed.toLowerCase();
  const b = candidate.toLowerCase();
  const n = a.length;
  const m = b.length;
  // Rows i-2, i-1 and i of d, where d[i][j] is the cost of turning a[0..i) into b[0..j); reused between calls.
  if (rows[0].length <= m) rows = [new Float64Array(2 * m + 2), new Float64Array(2 * m + 2), new Float64Array(2 * m + 2)];
  let [before, prev, cur] = rows;
  for (let j = 0; j <= m; j++) prev[j] = j;
  let prevMin = 0;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a[i - 1] ?? "";
    for (let j = 1; j <= m; j++) {
      const cb = b[j - 1] ?? "";
      let best = (prev[j - 1] ?? Infinity) + (ca === cb ? 0 : substitutionCost(ca, cb));
      // Extra letter typed: cheap when it doubles its neighbour ("writting").
      best = Math.min(best, (prev[j] ?? Infinity) + (ca === a[i - 2] || ca === b[j - 1] ? 0.5 : 1));
      // Letter dropped: cheap when it was a double ("writen" for "written"); a dropped apostrophe ("isnt") is cheaper still.
      best = Math.min(best, (cur[j - 1] ?? Infinity) + (isContractionApostrophe(b, j - 1) ? 0.3 : cb === b[j - 2] || cb === a[i - 1] ? 0.5 : 1));
      if (i > 1 && j > 1 && ca === b[j - 2] && a[i - 2] === cb) best = Math.min(best, (before[j - 2] ?? Infinity) + 0.6);
      cur[j] = best;
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > bound && prevMin > bound) return Infinity;
    prevMin = rowMin;
    [before, prev, cur] = [prev, cur, before];
  }
  const cost = prev[m] ?? Infinity;
  return cost <= bound ? cost : Infinity;
}

/**
 * A dropped contraction apostrophe ("isnt", "youre") is a very common slip; a
 * possessive one is not: "monitores" means "monitors", not "monitor's".
 */
function isContractionApostrophe(word: string, index: number): boolean {
  const c = word[index];
  if (c !== "'" && c !== "’") return false;
  const rest = word.slice(index + 1);
  return rest === "t" || rest === "re" || rest === "ve" || rest === "ll" || rest === "d" || rest === "m";
}

function substitutionCost(x: string, y: string): number {
  if (VOWELS.has(x) && VOWELS.has(y)) return 0.7;
  // A letter typed where an apostrophe belongs is rare; a surplus letter is the likelier slip.
  if (y === "'" || y === "’") return 1.3;
  return 1;
}

export interface RankedCandidate {
  readonly text: string;
  readonly cost: number;
}

/** Harper's rank still matters: it encodes frequency, which the error model lacks. */
const RANK_PENALTY = 0.12;
/** Splitting a word in two ("sheping" → "she ping") is rarely the intended fix of an unknown word. */
const SPLIT_PENALTY = 0.6;

/**
 * Orders candidates best first. `splitCandidates` come from Harper's
 * word-splitting rule and are penalised against whole-word corrections.
 */
export function rankSpellingCandidates(typed: string, candidates: readonly string[], splitCandidates: readonly string[] = []): RankedCandidate[] {
  const seen = new Set<string>();
  const out: RankedCandidate[] = [];
  const add = (text: string, rank: number, extra: number) => {
    if (seen.has(text) || text === typed) return;
    seen.add(text);
    out.push({ text, cost: typoCost(typed, text) + rank * RANK_PENALTY + extra + caseCost(typed, text) });
  };
  candidates.forEach((c, i) => {
    add(c, i, 0);
  });
  splitCandidates.forEach((c, i) => {
    add(c, i, SPLIT_PENALTY);
  });
  return out.sort((x, y) => x.cost - y.cost);
}

/** Keeps the writer's casing intent: a lower-case typo rarely means a proper noun. */
function caseCost(typed: string, candidate: string): number {
  const typedUpper = typed[0] !== undefined && typed[0] !== typed[0].toLowerCase();
  const candUpper = candidate[0] !== undefined && candidate[0] !== candidate[0].toLowerCase();
  return typedUpper === candUpper ? 0 : 0.2;
}

/** Applies the typed word's capitalisation to a candidate ("Recieve" → "Receive"). */
export function matchCase(typed: string, candidate: string): string {
  if (typed.length > 1 && typed === typed.toUpperCase() && typed !== typed.toLowerCase()) return candidate.toUpperCase();
  const first = typed[0];
  if (first !== undefined && first !== first.toLowerCase() && candidate[0] !== undefined) return candidate[0].toUpperCase() + candidate.slice(1);
  return candidate;
}
