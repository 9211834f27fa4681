import { z } from "zod";
import { thresholdFor } from "./priors.js";
import { MODIFIED_WEIGHT } from "./posterior.js";
import { titleCase } from "../util/wording.js";

/** The per-function knobs tuned online from each run's outcome. */
export interface TunedParameters {
  /** Sampling temperature passed to the model. */
  readonly temperature: number;
  /** 0..1: how aggressively the function edits (mapped by the engine to prompt wording and change-ratio gates). */
  readonly intensity: number;
  /** Edits whose producer confidence is below this are hidden. */
  readonly confidenceCut: number;
}

export type ParameterName = keyof TunedParameters;

/** Safe bounds: tuning never leaves them, whatever the feedback. */
export const PARAMETER_BOUNDS: Readonly<Record<ParameterName, readonly [number, number]>> = {
  temperature: [0.1, 0.9],
  intensity: [0.2, 1],
  confidenceCut: [0, 0.7],
};

export const DEFAULT_PARAMETERS: TunedParameters = { temperature: 0.4, intensity: 0.6, confidenceCut: 0 };

/** One run's outcome, as the FeedbackProcessor sees it once the writer has dealt with its edits. */
export interface RunFeedback {
  readonly functionId: string;
  readonly accepted: number;
  readonly rejected: number;
  readonly modified: number;
  readonly ignored: number;
  /** Producer confidence of each accepted / rejected edit, when known (drives the confidence cut). */
  readonly acceptedConfidences?: readonly number[];
  readonly rejectedConfidences?: readonly number[];
  /** Epoch ms. */
  readonly at?: number;
}

export interface ParameterChange {
  readonly id: string;
  readonly functionId: string;
  readonly parameter: ParameterName;
  readonly from: number;
  readonly to: number;
  /** Index of the run after which the change was made. */
  readonly run: number;
  readonly at: number;
  readonly reason: "tuning" | "rollback";
  /** Mean normalised reward of the runs before the change (for rollback checks). */
  readonly rewardBefore: number;
  readonly explanation: string;
  /** For a rollback: the change it undid. */
  readonly undoes?: string;
}

export interface ParameterTunerOptions {
  readonly defaults?: Partial<TunedParameters>;
  /** Cost of a rejected edit per function (the PreferenceModel's strictness). */
  readonly strictness?: (functionId: string) => number;
  readonly functionName?: (functionId: string) => string;
  /** Initial step size; steps shrink as 1 / (1 + run / 10) so tuning settles. */
  readonly step?: number;
  /** Smallest accumulated change that is announced (and explained) as a change. */
  readonly announceAt?: number;
  readonly now?: () => number;
}

interface RunSummary {
  readonly run: number;
  readonly at: number;
  readonly reward: number;
  readonly wanted: number;
  readonly rejected: number;
  readonly responded: number;
}

interface FunctionTuning {
  params: Record<ParameterName, number>;
  announced: Record<ParameterName, number>;
  frozenUntil: Record<ParameterName, number>;
  runs: number;
  enabled: boolean;
  recent: RunSummary[];
}

const RECENT_RUNS = 60;
const WEEK = 7 * 24 * 3600 * 1000;
const CUTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];

function clamp(p: ParameterName, v: number): number {
  const [lo, hi] = PARAMETER_BOUNDS[p];
  return Math.min(hi, Math.max(lo, v));
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Bounded online tuning of each function's temperature, edit intensity and
 * confidence cut from per-run reward. A stochastic-approximation controller:
 * intensity follows the gap between the writer's acceptance rate and the rate
 * at which an extra edit still pays (the strictness threshold), with steps that
 * shrink over runs, so a writer with stable taste sees the parameters settle
 * within about 50 runs. Every announced change carries a plain explanation and
 * can be rolled back.
 */
export class ParameterTuner {
  readonly #defaults: TunedParameters;
  readonly #strictness: (functionId: string) => number;
  readonly #name: (functionId: string) => string;
  readonly #step: number;
  readonly #announceAt: number;
  readonly #now: () => number;
  #functions = new Map<string, FunctionTuning>();
  #changes: ParameterChange[] = [];
  #seq = 0;

  constructor(options: ParameterTunerOptions = {}) {
    this.#defaults = { ...DEFAULT_PARAMETERS, ...options.defaults };
    this.#strictness = options.strictness ?? (() => 1);
    this.#name = options.functionName ?? titleCase;
    this.#step = options.step ?? 0.25;
    this.#announceAt = options.announceAt ?? 0.05;
    this.#now = options.now ?? Date.now;
  }

  parameters(functionId: string): TunedParameters {
    const f = this.#functions.get(functionId);
    return f ? { ...f.params } : { ...this.#defaults };
  }

  /** Normalised reward of a run in [0, 1]: (wanted − cost × rejected) / responded, rescaled. */
  reward(run: RunFeedback): number {
    const c = this.#strictness(run.functionId);
    const responded = run.accepted + run.rejected + run.modified;
    if (responded === 0) return Number.NaN;
    const raw = (run.accepted + MODIFIED_WEIGHT * run.modified - c * run.rejected) / responded;
    return (raw + c) / (1 + c);
  }

  setEnabled(functionId: string, enabled: boolean): void {
    this.#fn(functionId).enabled = enabled;
  }

  enabled(functionId: string): boolean {
    return this.#functions.get(functionId)?.enabled ?? true;
  }

  /** Learns from one finished run; returns the parameter changes it caused (usually none). */
  recordRun(run: RunFeedback): ParameterChange[] {
    const f = this.#fn(run.functionId);
    const responded = run.accepted + run.rejected + run.modified;
    const at = run.at ?? this.#now();
    if (responded === 0) return [];
    const reward = this.reward(run);
    f.runs++;
    f.recent.push({ run: f.runs, at, reward, wanted: run.accepted + run.modified, rejected: run.rejected, responded });
    if (f.recent.length > RECENT_RUNS) f.recent.shift();
    if (!f.enabled) return [];

    const eta = this.#step / (1 + f.runs / 10);
    const tau = thresholdFor(this.#strictness(run.functionId));
    const acceptance = (run.accepted + MODIFIED_WEIGHT * run.modified) / responded;
    // Sign of (acceptance − threshold): more edits pay while the writer accepts above the threshold.
    const gap = acceptance - tau;
    this.#move(f, "intensity", eta * gap);
    const modifiedShare = run.modified / responded;
    // Many rejected or modified edits call for more conservative sampling.
    this.#move(f, "temperature", eta * 0.5 * (gap - modifiedShare));
    const acc = run.acceptedConfidences ?? [];
    const rej = run.rejectedConfidences ?? [];
    if (acc.length + rej.length > 0) {
      const c = this.#strictness(run.functionId);
      let best = 0;
      let bestValue = -Infinity;
      for (const cut of CUTS) {
        const value = acc.filter((x) => x >= cut).length - c * rej.filter((x) => x >= cut).length;
        if (value > bestValue + 1e-9) {
          bestValue = value;
          best = cut;
        }
      }
      this.#move(f, "confidenceCut", eta * (best - f.params.confidenceCut));
    }
    return this.#announce(run.functionId, f, at);
  }

  /** Undoes a change (the IdleAnalyzer calls this when a change made things worse). */
  rollback(changeId: string, why: string, at = this.#now()): ParameterChange | undefined {
    const change = this.#changes.find((c) => c.id === changeId);
    if (!change || change.reason !== "tuning") return undefined;
    if (this.#changes.some((c) => c.undoes === changeId)) return undefined;
    const f = this.#fn(change.functionId);
    const from = f.params[change.parameter];
    f.params[change.parameter] = change.from;
    f.announced[change.parameter] = change.from;
    // Don't drift straight back into the same mistake.
    f.frozenUntil[change.parameter] = f.runs + 20;
    const rollback: ParameterChange = {
      id: `change-${++this.#seq}`,
      functionId: change.functionId,
      parameter: change.parameter,
      from,
      to: change.from,
      run: f.runs,
      at,
      reason: "rollback",
      rewardBefore: this.#meanReward(f, 10),
      explanation: `Rolled back: ${why}`,
      undoes: change.id,
    };
    this.#changes.push(rollback);
    return rollback;
  }

  /** Every announced change, oldest first (optionally for one function). */
  history(functionId?: string): readonly ParameterChange[] {
    return functionId === undefined ? [...this.#changes] : this.#changes.filter((c) => c.functionId === functionId);
  }

  /** Rewards of the runs after run index `afterRun` (for rollback checks). */
  rewardsSince(functionId: string, afterRun: number): number[] {
    return (this.#functions.get(functionId)?.recent ?? []).filter((r) => r.run > afterRun).map((r) => r.reward);
  }

  runs(functionId: string): number {
    return this.#functions.get(functionId)?.runs ?? 0;
  }

  reset(functionId?: string): void {
    if (functionId === undefined) {
      this.#functions = new Map();
      this.#changes = [];
    } else {
      this.#functions.delete(functionId);
      this.#changes = this.#changes.filter((c) => c.functionId !== functionId);
    }
  }

  toJSON(): ParameterTunerState {
    const functions: ParameterTunerState["functions"] = {};
    for (const [id, f] of this.#functions) {
      functions[id] = { params: { ...f.params }, announced: { ...f.announced }, frozenUntil: { ...f.frozenUntil }, runs: f.runs, enabled: f.enabled, recent: f.recent.map((r) => ({ ...r })) };
    }
    return { schema: 1, seq: this.#seq, functions, changes: this.#changes.map((c) => ({ ...c })) };
  }

  static fromJSON(json: unknown, options: ParameterTunerOptions = {}): ParameterTuner {
    const state = parseTunerState(json);
    const t = new ParameterTuner(options);
    t.#seq = state.seq;
    t.#changes = state.changes.map((c) => ({ ...c }));
    for (const [id, f] of Object.entries(state.functions)) {
      t.#functions.set(id, { params: { ...f.params }, announced: { ...f.announced }, frozenUntil: { ...f.frozenUntil }, runs: f.runs, enabled: f.enabled, recent: f.recent.map((r) => ({ ...r })) });
    }
    return t;
  }

  #fn(functionId: string): FunctionTuning {
    let f = this.#functions.get(functionId);
    if (!f) {
      const d = this.#defaults;
      f = {
        params: { temperature: d.temperature, intensity: d.intensity, confidenceCut: d.confidenceCut },
        announced: { temperature: d.temperature, intensity: d.intensity, confidenceCut: d.confidenceCut },
        frozenUntil: { temperature: 0, intensity: 0, confidenceCut: 0 },
        runs: 0,
        enabled: true,
        recent: [],
      };
      this.#functions.set(functionId, f);
    }
    return f;
  }

  #move(f: FunctionTuning, p: ParameterName, delta: number): void {
    if (f.runs < f.frozenUntil[p] || !Number.isFinite(delta)) return;
    f.params[p] = round3(clamp(p, f.params[p] + delta));
  }

  #meanReward(f: FunctionTuning, last: number): number {
    const xs = f.recent.slice(-last).map((r) => r.reward);
    return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN;
  }

  #announce(functionId: string, f: FunctionTuning, at: number): ParameterChange[] {
    const out: ParameterChange[] = [];
    for (const p of ["intensity", "temperature", "confidenceCut"] as const) {
      const from = f.announced[p];
      const to = f.params[p];
      if (Math.abs(to - from) < this.#announceAt) continue;
      f.announced[p] = to;
      const change: ParameterChange = {
        id: `change-${++this.#seq}`,
        functionId,
        parameter: p,
        from,
        to,
        run: f.runs,
        at,
        reason: "tuning",
        // Every run so far, the current one included, ran with the old value.
        rewardBefore: this.#meanReward(f, 15),
        explanation: this.#explain(functionId, f, p, to > from, at),
      };
      this.#changes.push(change);
      out.push(change);
    }
    return out;
  }

  #explain(functionId: string, f: FunctionTuning, p: ParameterName, up: boolean, at: number): string {
    const name = this.#name(functionId);
    const week = f.recent.filter((r) => at - r.at <= WEEK);
    const window = week.length > 0 ? week : f.recent.slice(-10);
    const when = week.length > 0 ? "this week" : `in its last ${window.length} runs`;
    const responded = window.reduce((a, r) => a + r.responded, 0);
    const rejected = window.reduce((a, r) => a + r.rejected, 0);
    const wanted = window.reduce((a, r) => a + r.wanted, 0);
    const rejPct = responded ? Math.round((100 * rejected) / responded) : 0;
    const accPct = responded ? Math.round((100 * wanted) / responded) : 0;
    switch (p) {
      case "intensity":
        return up
          ? `${name} now proposes more edits: you accepted ${accPct}% of its edits ${when}.`
          : `${name} now proposes fewer edits: you rejected ${rejPct}% of its edits ${when}.`;
      case "temperature":
        return up
          ? `${name} now varies its wording a little more: you accepted ${accPct}% of its edits ${when}.`
          : `${name} now sticks closer to your text: you rejected or reworked ${100 - accPct}% of its edits ${when}.`;
      case "confidenceCut":
        return up
          ? `${name} now hides edits it is unsure of (below ${Math.round(f.params.confidenceCut * 100)}% confidence): you mostly rejected those ${when}.`
          : `${name} now shows more of the edits it is unsure of: you accepted many of them ${when}.`;
    }
  }
}

export interface ParameterTunerState {
  readonly schema: 1;
  readonly seq: number;
  readonly functions: Record<
    string,
    {
      readonly params: Record<ParameterName, number>;
      readonly announced: Record<ParameterName, number>;
      readonly frozenUntil: Record<ParameterName, number>;
      readonly runs: number;
      readonly enabled: boolean;
      readonly recent: readonly RunSummary[];
    }
  >;
  readonly changes: readonly ParameterChange[];
}


const params = z.object({ temperature: z.number(), intensity: z.number(), confidenceCut: z.number() });
const tunerStateSchema = z.object({
  schema: z.literal(1),
  seq: z.number().int().nonnegative(),
  functions: z.record(
    z.string(),
    z.object({
      params,
      announced: params,
      frozenUntil: params,
      runs: z.number().int().nonnegative(),
      enabled: z.boolean(),
      recent: z.array(z.object({ run: z.number().int(), at: z.number(), reward: z.number(), wanted: z.number(), rejected: z.number(), responded: z.number() })),
    }),
  ),
  changes: z.array(
    z.object({
      id: z.string(),
      functionId: z.string(),
      parameter: z.enum(["temperature", "intensity", "confidenceCut"]),
      from: z.number(),
      to: z.number(),
      run: z.number().int(),
      at: z.number(),
      reason: z.enum(["tuning", "rollback"]),
      rewardBefore: z.number().or(z.null()).transform((x) => x ?? Number.NaN),
      explanation: z.string(),
      undoes: z.string().optional(),
    }),
  ),
});

function parseTunerState(json: unknown): z.infer<typeof tunerStateSchema> {
  const r = tunerStateSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`Tuning state is unreadable${i ? ` at ${i.path.map(String).join(".")}` : ""}: ${i?.message ?? "invalid data"}`);
  }
  return r.data;
}
