import { CATEGORIES } from "@redline/track-edits";
import type { Category } from "@redline/track-edits";
import { thresholdFor } from "../priors.js";
import { createRng } from "../rng.js";
import type { Rng } from "../rng.js";
import type { Profile } from "./profile.js";

/** One candidate edit as the learner sees it, plus what only the harness knows. */
export interface Candidate {
  readonly functionId: string;
  readonly category: Category;
  readonly patternKey: string;
  /** A false alarm: the edit "fixes" text that was correct. `acceptWrong` applies. */
  readonly wrong: boolean;
  /** The proposer's confidence in [0, 1], when the stream models one. */
  readonly confidence?: number;
  /** `editShape` of the changed text, when the stream knows it. */
  readonly shape?: string;
}

/** A candidate's function × category: the unit re-tests and the untested-run metric count in. */
export function functionCategoryKey(c: Candidate): string {
  return `${c.functionId}\u0000${c.category}`;
}

export type SimOutcome = "accepted" | "rejected" | "ignored";

export interface SimPolicy {
  decide(c: Candidate): { readonly show: boolean; readonly retest?: boolean; readonly reason?: string };
  update(c: Candidate, outcome: SimOutcome): void;
}

export interface PolicyFactory {
  readonly name: string;
  /** A fresh policy for one simulated writer. */
  create(writerSeed: number): SimPolicy;
}

export interface PolicyMetrics {
  readonly policy: string;
  readonly decisions: number;
  readonly regret: number;
  readonly shown: number;
  readonly acceptanceOfShown: number;
  readonly falseSuppression: number;
  /** NaN when the profile has no drift. */
  readonly falseSuppressionAfterDrift: number;
  /** Shown edits the oracle would have hidden, as a share of shown edits. */
  readonly annoyance: number;
  /** NaN when the profile has no disliked pattern that occurs more than 5 times. */
  readonly dislikedExposure: number;
  readonly dislikedEncounters: number;
  /** Median over writers and drifts of changed-category decisions until ≥18 of the last 20 matched the oracle; Infinity if most never recovered; NaN without drift. */
  readonly driftRecoveryMedian: number;
  /** The same, counted in all of the writer's decisions since the drift. */
  readonly driftRecoveryMedianAllDecisions: number;
  readonly driftRecovered: number;
  readonly driftTotal: number;
  /** Longest run of opportunities a hidden function × category went without being shown. */
  readonly longestUntested: number;
  readonly retests: number;
  /** Part of the regret spent showing edits the oracle would hide, and the part of that spent on re-tests. */
  readonly regretFromShowing: number;
  readonly regretFromRetests: number;
  readonly regretFromShowingBy: Readonly<Record<string, number>>;
  /** False suppressions by the policy's stated reason and category, for diagnosis. */
  readonly falseSuppressionBy: Readonly<Record<string, number>>;
  /** The same, counting only decisions after the first drift. */
  readonly falseSuppressionAfterDriftBy: Readonly<Record<string, number>>;
  /** False suppressions by how far the writer's P(accept) was above the threshold ("0–5" points, …). */
  readonly falseSuppressionByMargin: Readonly<Record<string, number>>;
}

/**
 * A clairvoyant fixed policy: it knows the writer's true probabilities but not which edits are
 * false alarms, and shows a group of edits (a function × category, a shape of one, or a
 * rewrite) iff showing the group pays over the writer's actual stream. Like the learner, it
 * re-tests: a function × category it has hidden for `maxUntested` opportunities in a row is
 * shown at the next one.
 */
export interface ClairvoyantReference {
  /** In the units of `PolicyMetrics.regret`. */
  readonly regret: number;
  readonly falseSuppression: number;
  /** Expected acceptance of the edits it shows (from the writer's true probabilities, not draws). */
  readonly acceptance: number;
}

export interface SimulationResult {
  readonly policies: readonly PolicyMetrics[];
  /**
   * What the features allow a policy that has nothing left to learn: how much regret it avoids,
   * what false suppression that forces, and the acceptance it reaches, grouping edits per
   * function × category, per shape of one, and per pattern key.
   */
  readonly reference: {
    /** Show-all's expected acceptance, the baseline for `acceptance` below. */
    readonly showAllAcceptance: number;
    readonly category: ClairvoyantReference;
    readonly shape: ClairvoyantReference;
    readonly pattern: ClairvoyantReference;
  };
}

export interface SimulationOptions {
  /** Cost of a rejected edit in accepted-edit units; the oracle and learner share it. */
  readonly strictness?: number;
  /** Longest run of opportunities a hidden function × category may go unshown (the 50). */
  readonly maxUntested?: number;
}

interface Phase {
  readonly from: number;
  readonly cat: Float64Array;
  readonly patterns: Map<string, number>;
  readonly wrong: number;
}

function jitter(rng: Rng, p: number, noise: number): number {
  return Math.min(0.98, Math.max(0.02, p + (rng() * 2 - 1) * noise));
}

/** The writer's true probabilities over time, jittered once per writer. */
function writerPhases(profile: Profile, rng: Rng): Phase[] {
  const cat = new Float64Array(CATEGORIES.length);
  CATEGORIES.forEach((c, i) => (cat[i] = jitter(rng, profile.accept[c] ?? 0.5, profile.noise)));
  const patterns = new Map<string, number>();
  for (const [k, p] of Object.entries(profile.patterns)) patterns.set(k, jitter(rng, p, profile.noise));
  const wrong = jitter(rng, profile.acceptWrong, profile.noise);
  const phases: Phase[] = [{ from: 0, cat, patterns, wrong }];
  for (const d of profile.drift) {
    const prev = item(phases, phases.length - 1);
    const nextCat = Float64Array.from(prev.cat);
    CATEGORIES.forEach((c, i) => {
      const p = d.accept[c];
      if (p !== undefined) nextCat[i] = jitter(rng, p, profile.noise);
    });
    const nextPat = new Map(prev.patterns);
    for (const [k, p] of Object.entries(d.patterns)) nextPat.set(k, jitter(rng, p, profile.noise));
    phases.push({ from: d.at, cat: nextCat, patterns: nextPat, wrong: prev.wrong });
  }
  return phases;
}

const CAT_INDEX = new Map<Category, number>(CATEGORIES.map((c, i) => [c, i]));

function catIndex(c: Category): number {
  const i = CAT_INDEX.get(c);
  if (i === undefined) throw new Error(`unknown category ${c}`);
  return i;
}

function emptyCounts(): Record<string, number> {
  return {};
}

function num(xs: ArrayLike<number>, i: number): number {
  return xs[i] ?? 0;
}

function item<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`index ${i} out of range`);
  return x;
}

/**
 * Runs every policy over the same simulated writers and the same candidate
 * stream with common random numbers (each decision's response draws are
 * shared), so differences between policies are the policies'.
 */
export function simulateProfile(profile: Profile, pool: readonly Candidate[], policies: readonly PolicyFactory[], options: SimulationOptions = {}): SimulationResult {
  if (pool.length === 0) throw new Error("simulateProfile needs a non-empty candidate pool");
  const strictness = options.strictness ?? 1;
  const maxUntested = options.maxUntested ?? 50;
  const tau = thresholdFor(strictness);
  const root = createRng(profile.seed);
  const n = profile.decisions;
  const ir = profile.ignoreRate;

  const patternCategory = new Map<string, number>();
  for (const c of pool) if (!patternCategory.has(c.patternKey)) patternCategory.set(c.patternKey, catIndex(c.category));
  const driftChanged = profile.drift.map((d) => {
    const set = new Set<number>();
    for (const c of Object.keys(d.accept)) set.add(catIndex(c as Category));
    for (const k of Object.keys(d.patterns)) {
      const ci = patternCategory.get(k);
      if (ci !== undefined) set.add(ci);
    }
    return set;
  });
  const firstDrift = profile.drift[0]?.at ?? Infinity;

  const acc = policies.map((p) => ({
    name: p.name,
    regret: 0,
    shown: 0,
    accepted: 0,
    rejected: 0,
    oracleShow: 0,
    falseSupp: 0,
    oracleShowAfter: 0,
    falseSuppAfter: 0,
    annoy: 0,
    dislikedEnc: 0,
    dislikedShown: 0,
    recoveries: [] as number[],
    recoveriesAll: [] as number[],
    longest: 0,
    retests: 0,
    regretShown: 0,
    rBy: emptyCounts(),
    regretRetest: 0,
    fsBy: emptyCounts(),
    fsAfterBy: emptyCounts(),
    fsMargin: emptyCounts(),
  }));

  const refs = { category: { regret: 0, fs: 0, shown: 0, p: 0 }, shape: { regret: 0, fs: 0, shown: 0, p: 0 }, pattern: { regret: 0, fs: 0, shown: 0, p: 0 } };
  let probabilitySum = 0;
  let oracleShows = 0;
  const idx = new Int32Array(n);
  const prob = new Float64Array(n);
  const uIgnore = new Float64Array(n);
  const uAccept = new Float64Array(n);
  const oracle = new Uint8Array(n);
  const ev = new Float64Array(n);
  const encounterNo = new Int32Array(n);
  const phaseOf = new Int32Array(n);

  for (let u = 0; u < profile.users; u++) {
    const wr = createRng(Math.floor(root() * 4294967296));
    const phases = writerPhases(profile, wr);
    const encounters = new Map<string, number>();
    let ph = 0;
    for (let t = 0; t < n; t++) {
      while (ph + 1 < phases.length && item(phases, ph + 1).from <= t) ph++;
      const phase = item(phases, ph);
      const i = Math.floor(wr() * pool.length);
      const c = item(pool, i);
      idx[t] = i;
      phaseOf[t] = ph;
      const p = c.wrong ? phase.wrong : (phase.patterns.get(c.patternKey) ?? num(phase.cat, catIndex(c.category)));
      prob[t] = p;
      uIgnore[t] = wr();
      uAccept[t] = wr();
      oracle[t] = p > tau ? 1 : 0;
      oracleShows += num(oracle, t);
      probabilitySum += p;
      ev[t] = (1 - ir) * (p - strictness * (1 - p));
      const e = (encounters.get(c.patternKey) ?? 0) + 1;
      encounters.set(c.patternKey, e);
      encounterNo[t] = e;
    }
    const writerSeed = Math.floor(root() * 4294967296);
    // Clairvoyant references: the best fixed policy per group for this writer's actual stream,
    // knowing true probabilities but not which edits are false alarms, re-testing as the learner must.
    for (const [ref, keyOf] of [
      ["category", functionCategoryKey],
      ["shape", (c: Candidate) => `${c.functionId}\u0000${c.category}\u0000${c.shape ?? ""}`],
      ["pattern", (c: Candidate) => `${c.functionId}\u0000${c.category}\u0000${c.patternKey}`],
    ] as const) {
      const keys = Array.from({ length: n }, (_, t) => keyOf(item(pool, num(idx, t))));
      const total = new Map<string, number>();
      keys.forEach((k, t) => total.set(k, (total.get(k) ?? 0) + num(ev, t)));
      const r = refs[ref];
      const untested = new Map<string, number>();
      for (let t = 0; t < n; t++) {
        const c = item(pool, num(idx, t));
        const fc = functionCategoryKey(c);
        const run = untested.get(fc) ?? 0;
        const show = (total.get(item(keys, t)) ?? 0) > 0 || run >= maxUntested;
        untested.set(fc, show ? 0 : run + 1);
        const e = num(ev, t);
        if (show) {
          r.regret += Math.max(0, -e);
          r.shown++;
          r.p += num(prob, t);
        } else {
          r.regret += Math.max(0, e);
          r.fs += num(oracle, t);
        }
      }
    }

    policies.forEach((factory, pi) => {
      const a = item(acc, pi);
      const policy = factory.create(writerSeed);
      const streak = new Map<string, number>();
      const driftState = profile.drift.map(() => ({ window: [] as number[], seen: 0, all: 0, done: false }));
      for (let t = 0; t < n; t++) {
        const c = item(pool, num(idx, t));
        const ci = catIndex(c.category);
        const d = policy.decide(c);
        const show = d.show;
        const o = oracle[t] === 1;
        if (d.retest) a.retests++;
        if (show) {
          a.shown++;
          if (!o) a.annoy++;
          if (num(ev, t) < 0) {
            a.regret -= num(ev, t);
            a.regretShown -= num(ev, t);
            const rk = `${c.category}${c.wrong ? "(wrong)" : ""}`;
            a.rBy[rk] = (a.rBy[rk] ?? 0) - num(ev, t);
            if (d.retest) a.regretRetest -= num(ev, t);
          }
          streak.set(functionCategoryKey(c), 0);
          let outcome: SimOutcome;
          if (num(uIgnore, t) < ir) outcome = "ignored";
          else if (num(uAccept, t) < num(prob, t)) outcome = "accepted";
          else outcome = "rejected";
          if (outcome === "accepted") a.accepted++;
          else if (outcome === "rejected") a.rejected++;
          policy.update(c, outcome);
        } else {
          if (num(ev, t) > 0) a.regret += num(ev, t);
          const sk = functionCategoryKey(c);
          const run = (streak.get(sk) ?? 0) + 1;
          streak.set(sk, run);
          if (run > a.longest) a.longest = run;
        }
        if (o) {
          a.oracleShow++;
          const after = t >= firstDrift;
          if (after) a.oracleShowAfter++;
          if (!show) {
            const key = `${d.reason ?? "hidden"}:${c.category}`;
            a.falseSupp++;
            a.fsBy[key] = (a.fsBy[key] ?? 0) + 1;
            const m = (num(prob, t) - tau) * 100;
            const band = m < 5 ? "0–5" : m < 10 ? "5–10" : m < 20 ? "10–20" : "20+";
            a.fsMargin[band] = (a.fsMargin[band] ?? 0) + 1;
            if (after) {
              a.falseSuppAfter++;
              a.fsAfterBy[key] = (a.fsAfterBy[key] ?? 0) + 1;
            }
          }
        }
        if (!c.wrong && num(encounterNo, t) > 5) {
          const phase = item(phases, num(phaseOf, t));
          const pp = phase.patterns.get(c.patternKey);
          if (pp !== undefined && pp <= tau) {
            a.dislikedEnc++;
            if (show) a.dislikedShown++;
          }
        }
        profile.drift.forEach((dr, di) => {
          const s = item(driftState, di);
          const end = profile.drift[di + 1]?.at ?? n;
          if (s.done || t < dr.at || t >= end) return;
          s.all++;
          if (!item(driftChanged, di).has(ci)) return;
          s.seen++;
          s.window.push(show === o ? 1 : 0);
          if (s.window.length > 20) s.window.shift();
          if (s.window.length === 20 && s.window.reduce((x, y) => x + y, 0) >= 18) {
            s.done = true;
            a.recoveries.push(s.seen);
            a.recoveriesAll.push(s.all);
          }
        });
      }
      for (const s of driftState) {
        if (!s.done) {
          a.recoveries.push(Infinity);
          a.recoveriesAll.push(Infinity);
        }
      }
    });
  }

  const median = (xs: number[]): number => {
    if (xs.length === 0) return Number.NaN;
    const s = [...xs].sort((x, y) => x - y);
    return s[Math.floor((s.length - 1) / 2)] ?? Number.NaN;
  };
  const total = profile.users * n;
  const metrics = acc.map((a) => ({
    policy: a.name,
    decisions: total,
    regret: a.regret,
    shown: a.shown,
    acceptanceOfShown: a.accepted / Math.max(1, a.accepted + a.rejected),
    falseSuppression: a.falseSupp / Math.max(1, a.oracleShow),
    falseSuppressionAfterDrift: profile.drift.length ? a.falseSuppAfter / Math.max(1, a.oracleShowAfter) : Number.NaN,
    annoyance: a.annoy / Math.max(1, a.shown),
    dislikedExposure: a.dislikedEnc ? a.dislikedShown / a.dislikedEnc : Number.NaN,
    dislikedEncounters: a.dislikedEnc,
    driftRecoveryMedian: median(a.recoveries),
    driftRecoveryMedianAllDecisions: median(a.recoveriesAll),
    driftRecovered: a.recoveries.filter(Number.isFinite).length,
    driftTotal: a.recoveries.length,
    longestUntested: a.longest,
    retests: a.retests,
    regretFromShowing: a.regretShown,
    regretFromShowingBy: a.rBy,
    regretFromRetests: a.regretRetest,
    falseSuppressionBy: a.fsBy,
    falseSuppressionAfterDriftBy: a.fsAfterBy,
    falseSuppressionByMargin: a.fsMargin,
  }));
  const summary = (r: { regret: number; fs: number; shown: number; p: number }): ClairvoyantReference => ({
    regret: r.regret,
    falseSuppression: r.fs / Math.max(1, oracleShows),
    acceptance: r.p / Math.max(1, r.shown),
  });
  return {
    policies: metrics,
    reference: {
      showAllAcceptance: probabilitySum / Math.max(1, total),
      category: summary(refs.category),
      shape: summary(refs.shape),
      pattern: summary(refs.pattern),
    },
  };
}
