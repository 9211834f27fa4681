import { CATEGORIES } from "@redline/track-edits";
import type { Category } from "@redline/track-edits";
import { logBeta, logit } from "../posterior.js";
import { DEFAULT_PRIORS } from "../priors.js";
import type { CategoryPrior } from "../priors.js";
import type { ConfidenceModel } from "./edit-stream.js";
import { functionCategoryKey } from "./simulate.js";
import type { Candidate, PolicyFactory, SimOutcome } from "./simulate.js";

/**
 * What learning could reach on a stream with more knowledge than any learner has: a Bayes learner
 * that knows each function × category × shape's share of false alarms in the pool, the confidence
 * model the stream drew from, and that the simulated writers have one rate per category whatever
 * the function. It does not know the profile's writers: it starts from the PreferenceModel's own
 * priors. A diagnostic for the benchmark, not a policy: nothing outside the harness knows a cell's
 * false-alarm share.
 *
 * Each category rate and the writer's acceptance of false alarms are grid posteriors. An edit is a
 * false alarm with probability φ (its cell's share, moved by its confidence and by how the writer
 * answered the same rewrite before), so it is accepted with (1 − φ)·r + φ·w. It is shown while
 * (1 − φ)·Q + φ·E[w] clears the threshold, Q being the `quantile` of the category rate: the higher
 * the quantile, the more optimistic. Stationary: it keeps all its evidence, so after a drift its
 * figures are no bound.
 */
export interface BayesReferenceOptions {
  readonly pool: readonly Candidate[];
  /** The stream's confidence model; null or absent when its candidates carry no confidence. */
  readonly confidence?: ConfidenceModel | null;
  readonly priors?: Readonly<Record<Category, CategoryPrior>>;
  /** P(accept) above which showing pays. */
  readonly threshold: number;
  /** Quantile of the category rate's posterior that must clear the threshold, in (0, 1). */
  readonly quantile: number;
  /** A function × category hidden this many opportunities in a row is shown at the next. */
  readonly maxUntested: number;
  /**
   * How finely it knows the false-alarm share: per function × category × shape (default), or per
   * function × category only, to show what knowing the shapes is worth.
   */
  readonly falseAlarmsKnownBy?: "shape" | "category";
}

const GRID = 41;
const VALUES = Float64Array.from({ length: GRID }, (_, i) => (i + 0.5) / GRID);

function betaWeights(mean: number, strength: number): Float64Array {
  const a = mean * strength;
  const b = (1 - mean) * strength;
  const w = VALUES.map((v) => Math.pow(v, a - 1) * Math.pow(1 - v, b - 1));
  return normalised(w);
}

function normalised(w: Float64Array): Float64Array {
  let s = 0;
  for (const x of w) s += x;
  for (let i = 0; i < w.length; i++) w[i] = (w[i] ?? 0) / s;
  return w;
}

function meanOf(w: Float64Array): number {
  let s = 0;
  for (let i = 0; i < GRID; i++) s += (VALUES[i] ?? 0) * (w[i] ?? 0);
  return s;
}

function quantileOf(w: Float64Array, q: number): number {
  let c = 0;
  for (let i = 0; i < GRID; i++) {
    c += w[i] ?? 0;
    if (c >= q) return VALUES[i] ?? 1;
  }
  return VALUES[GRID - 1] ?? 1;
}

/** Bayes update of a grid posterior on one response, P(accept | grid value v) = lo + span·v. */
function observe(w: Float64Array, accepted: boolean, lo: number, span: number): void {
  for (let i = 0; i < GRID; i++) {
    const p = lo + span * (VALUES[i] ?? 0);
    w[i] = (w[i] ?? 0) * (accepted ? p : 1 - p);
  }
  normalised(w);
}

/** log of a Beta(a, b) density at x, less its normalising constant (`logBeta`), which callers take once. */
function logBetaKernel(x: number, [a, b]: readonly [number, number]): number {
  const y = Math.min(0.999, Math.max(0.001, x));
  return (a - 1) * Math.log(y) + (b - 1) * Math.log(1 - y);
}

export function bayesReference(name: string, options: BayesReferenceOptions): PolicyFactory {
  if (!(options.quantile > 0 && options.quantile < 1)) throw new RangeError("quantile must be in (0, 1)");
  const priors = options.priors ?? DEFAULT_PRIORS;
  const byShape = (options.falseAlarmsKnownBy ?? "shape") === "shape";
  const cellOf = (c: Candidate) => `${c.functionId}\u0000${c.category}${byShape ? `\u0000${c.shape ?? ""}` : ""}`;
  // Log-odds of a false alarm per cell, from the pool the stream samples.
  const counts = new Map<string, { wrong: number; all: number }>();
  for (const c of options.pool) {
    const k = cellOf(c);
    const n = counts.get(k) ?? { wrong: 0, all: 0 };
    n.all++;
    if (c.wrong) n.wrong++;
    counts.set(k, n);
  }
  const cellLogOdds = new Map<string, number>();
  for (const [k, n] of counts) cellLogOdds.set(k, logit(Math.min(0.999, Math.max(0.001, n.wrong / n.all))));
  const conf = options.confidence ?? undefined;
  // log of the false-alarm density over the correct one = kernels' difference + this constant.
  const confConstant = conf ? logBeta(...conf.correct) - logBeta(...conf.falseAlarm) : 0;
  const { threshold, quantile, maxUntested } = options;

  return {
    name,
    create: () => {
      const rates = new Map(CATEGORIES.map((c) => [c, betaWeights(priors[c].mean, priors[c].strength)]));
      const wrong = normalised(new Float64Array(GRID).fill(1));
      /** Evidence (log-odds) that a rewrite is a false alarm, from the writer's answers to it. */
      const rewrite = new Map<string, number>();
      const untested = new Map<string, number>();
      const falseAlarm = (c: Candidate): number => {
        let lo = cellLogOdds.get(cellOf(c)) ?? logit(0.001);
        if (conf && c.confidence !== undefined) lo += logBetaKernel(c.confidence, conf.falseAlarm) - logBetaKernel(c.confidence, conf.correct) + confConstant;
        lo += rewrite.get(`${c.functionId}\u0000${c.patternKey}`) ?? 0;
        return 1 / (1 + Math.exp(-lo));
      };
      const rateOf = (c: Candidate): Float64Array => {
        const r = rates.get(c.category);
        if (!r) throw new Error(`unknown category ${c.category}`);
        return r;
      };
      return {
        decide: (c) => {
          const phi = falseAlarm(c);
          const show = (1 - phi) * quantileOf(rateOf(c), quantile) + phi * meanOf(wrong) > threshold;
          const fc = functionCategoryKey(c);
          const run = untested.get(fc) ?? 0;
          if (show || run >= maxUntested) {
            untested.set(fc, 0);
            return { show: true, retest: !show };
          }
          untested.set(fc, run + 1);
          return { show: false, reason: "bayes-reference" };
        },
        update: (c, outcome: SimOutcome) => {
          if (outcome === "ignored") return;
          const accepted = outcome === "accepted";
          const phi = falseAlarm(c);
          const r = rateOf(c);
          const w = meanOf(wrong);
          const rate = meanOf(r);
          // Mean-field: each posterior is updated with the other at its mean.
          observe(r, accepted, phi * w, 1 - phi);
          observe(wrong, accepted, (1 - phi) * rate, phi);
          const r2 = meanOf(r);
          const w2 = meanOf(wrong);
          const key = `${c.functionId}\u0000${c.patternKey}`;
          rewrite.set(key, (rewrite.get(key) ?? 0) + (accepted ? Math.log(w2 / r2) : Math.log((1 - w2) / (1 - r2))));
        },
      };
    },
  };
}
