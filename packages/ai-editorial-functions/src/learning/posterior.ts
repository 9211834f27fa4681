/**
 * Discounted Beta–Bernoulli evidence cells. A cell holds exponentially
 * discounted accept/reject evidence on top of a prior, a short bit history of
 * recent outcomes for change detection and explanations, and the re-test
 * schedule used while the cell is suppressed.
 */

/** How much an edit the writer modified before accepting counts as wanted (accepted = 1, rejected = 0). */
export const MODIFIED_WEIGHT = 0.6;

/** Recent outcomes kept per cell (bit 0 = most recent). */
export const HISTORY_BITS = 24;
const HISTORY_MASK = (1 << HISTORY_BITS) - 1;

export interface Cell {
  /** Discounted accept evidence (excluding the prior). */
  a: number;
  /** Discounted reject evidence (excluding the prior). */
  b: number;
  /** Outcome bits, most recent in bit 0 (1 = wanted: accepted or modified). */
  h: number;
  /** Valid bits in `h`. */
  hn: number;
  /** Opportunities in a row this cell was hidden (suppression streak). */
  sk: number;
  /** Current re-test gap in opportunities while suppressed. */
  gap: number;
  /** Lifetime responses (accepted, rejected, modified). */
  n: number;
  /** Lifetime ignores (kept for transparency only; they carry no evidence). */
  ig: number;
  /** Last response, minutes since the epoch; 0 when unknown. */
  t: number;
}

export function newCell(initialGap: number): Cell {
  return { a: 0, b: 0, h: 0, hn: 0, sk: 0, gap: initialGap, n: 0, ig: 0, t: 0 };
}

/** Evidence is stored at 1e-4 resolution so persisted state equals live state exactly. */
export function q4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

export function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Accepted-like outcomes among the last `k` recorded (k ≤ hn). */
export function recentWanted(cell: Cell, k: number): number {
  const kk = Math.min(k, cell.hn);
  return popcount(cell.h & ((1 << kk) - 1));
}

/**
 * Adds one response with weight `x` ∈ [0, 1] (1 = accepted) after multiplying
 * old evidence by `keep` ∈ (0, 1]. Total evidence therefore stays below
 * 1 / (1 − keep): stale evidence fades and the posterior returns toward its prior.
 */
export function addEvidence(cell: Cell, x: number, keep: number, track = true): void {
  cell.a = q4(cell.a * keep + x);
  cell.b = q4(cell.b * keep + (1 - x));
  if (track) {
    cell.h = ((cell.h << 1) | (x >= 0.5 ? 1 : 0)) & HISTORY_MASK;
    cell.hn = Math.min(HISTORY_BITS, cell.hn + 1);
  }
  cell.n++;
}

/**
 * Takes evidence back out (an undone decision, a forgotten function's share):
 * `a` accept and `b` reject evidence, never below zero, since discounting has
 * shrunk what was once added.
 */
export function removeEvidence(cell: { a: number; b: number }, a: number, b: number): void {
  cell.a = q4(Math.max(0, cell.a - a));
  cell.b = q4(Math.max(0, cell.b - b));
}

function kl(p: number, q: number): number {
  const e = 1e-9;
  const pp = Math.min(1 - e, Math.max(e, p));
  const qq = Math.min(1 - e, Math.max(e, q));
  return pp * Math.log(pp / qq) + (1 - pp) * Math.log((1 - pp) / (1 - qq));
}

/**
 * Generalised likelihood-ratio change detection (as in monitored / restarting bandits): the most
 * likely split of a cell's responses into a recent segment and an older one with a different rate.
 * Returns the length of the recent segment when the split is significant, otherwise 0.
 *
 * The recent segment comes from the bit history. The older one is the rest of the history or, with
 * `againstEvidence`, the cell's whole discounted evidence less the recent responses. The history
 * holds the last 24 responses, so a category wanted 65% of the time for hundreds of edits that
 * drops to 10% leaves too little contrast inside it: once the drop fills half the window, the older
 * half holds only 12 responses at 65%, and soon none. Taking the recent responses out of the
 * evidence at full weight slightly under-counts the older segment (discounting has shrunk them),
 * which errs toward no change.
 */
export function detectChange(cell: Cell, threshold: number, minRecent = 3, againstEvidence = false, minOlder = 4): number {
  const n = cell.hn;
  if (n < minRecent) return 0;
  const total = popcount(cell.h & ((1 << n) - 1));
  let best = 0;
  let bestK = 0;
  // Wanted outcomes among the k most recent, kept incrementally as k grows.
  let r = popcount(cell.h & ((1 << minRecent) - 1));
  for (let k = minRecent; k <= n; k++) {
    if (k > minRecent) r += (cell.h >>> (k - 1)) & 1;
    const olderA = againstEvidence ? Math.max(0, cell.a - r) : total - r;
    const older = againstEvidence ? olderA + Math.max(0, cell.b - (k - r)) : n - k;
    if (older < minOlder) break;
    const p1 = r / k;
    const p2 = olderA / older;
    if (Math.abs(p1 - p2) < 0.35) continue;
    const p = (r + olderA) / (k + older);
    const stat = k * kl(p1, p) + older * kl(p2, p);
    if (stat > best) {
      best = stat;
      bestK = k;
    }
  }
  return best > threshold ? bestK : 0;
}

/** Keeps only the `k` most recent outcomes as the cell's evidence (a restart after a change). */
export function restartFromRecent(cell: Cell, k: number): void {
  const r = recentWanted(cell, k);
  cell.a = r;
  cell.b = k - r;
  cell.h = cell.h & ((1 << k) - 1);
  cell.hn = k;
}

export interface BetaParams {
  readonly alpha: number;
  readonly beta: number;
}

export function betaMean(p: BetaParams): number {
  return p.alpha / (p.alpha + p.beta);
}

/**
 * Upper credible bound by the normal approximation (Bayes-UCB). Cheap enough
 * for the per-edit hot path; exactness matters little next to the margin.
 */
export function betaUpper(p: BetaParams, z: number): number {
  const s = p.alpha + p.beta;
  const m = p.alpha / s;
  return m + z * Math.sqrt((m * (1 - m)) / (s + 1));
}

/** log Γ by Lanczos (g = 7, n = 9); accurate to ~1e-13 for x > 0. */
const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const xx = x - 1;
  let a = LANCZOS[0] ?? 1;
  const t = xx + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] ?? 0) / (xx + i);
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}

export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** Log-odds, with p kept a hair inside (0, 1) so certainty stays finite. */
export function logit(p: number): number {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
}
