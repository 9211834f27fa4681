import { z } from "zod";
import { q4, removeEvidence } from "./posterior.js";
import { beta as sampleBeta, createRng } from "./rng.js";
import type { Rng } from "./rng.js";

export interface BanditArm {
  readonly id: string;
  /** Prior weight from the function definition (≥ 0): a head start in pseudo-successes. */
  readonly weight: number;
}

export interface BanditChoice {
  readonly armId: string;
  /** Probability with which this arm was chosen (at the note's first choice when sticky). */
  readonly propensity: number;
  /** True when the note already had a variant and kept it. */
  readonly sticky: boolean;
  /** Selection probability of every arm at decision time. */
  readonly probabilities: Readonly<Record<string, number>>;
}

/** One logged decision, enough for inverse-propensity evaluation of another policy later. */
export interface BanditLogEntry {
  readonly seq: number;
  readonly at: number;
  readonly functionId: string;
  readonly noteId: string;
  readonly armId: string;
  readonly propensity: number;
  readonly probabilities: Readonly<Record<string, number>>;
  readonly sticky: boolean;
  /** Filled in by `update` when the run's reward arrives. */
  reward?: number;
}

export interface VariantBanditOptions {
  readonly rng?: Rng;
  /** Total probability mass spread uniformly over arms, so every arm keeps being tried. */
  readonly explorationFloor?: number;
  /** Fraction of old evidence kept per new reward, so the bandit follows change. */
  readonly discount?: number;
  /** Monte-Carlo draws used to compute Thompson-sampling probabilities. */
  readonly draws?: number;
  /** How long a note keeps its variant (ms). */
  readonly stickyMs?: number;
  readonly maxLog?: number;
  readonly maxStickyNotes?: number;
  readonly now?: () => number;
}

interface ArmStats {
  a: number;
  b: number;
  n: number;
}

interface Sticky {
  readonly armId: string;
  readonly propensity: number;
  readonly at: number;
}

/**
 * Chooses among a function's variants (prompt variants, models) by Thompson
 * sampling on discounted Beta posteriors of per-run reward, mixed with an
 * exploration floor. The exact selection probabilities are computed and the
 * choice is sampled from them, so the logged propensity is the true one and a
 * future policy can be evaluated offline (IPS/SNIPS). A note keeps its variant
 * for a while so suggestions don't flicker between styles.
 */
export class VariantBandit {
  readonly #rng: Rng;
  readonly #floor: number;
  readonly #keep: number;
  readonly #draws: number;
  readonly #stickyMs: number;
  readonly #maxLog: number;
  readonly #maxSticky: number;
  readonly #now: () => number;
  #arms = new Map<string, Map<string, ArmStats>>();
  #sticky = new Map<string, Sticky>();
  #log: BanditLogEntry[] = [];
  #seq = 0;

  constructor(options: VariantBanditOptions = {}) {
    this.#rng = options.rng ?? createRng(0xba4d17);
    this.#floor = Math.min(1, Math.max(0, options.explorationFloor ?? 0.1));
    this.#keep = options.discount ?? 0.98;
    this.#draws = options.draws ?? 200;
    this.#stickyMs = options.stickyMs ?? 12 * 3600 * 1000;
    this.#maxLog = options.maxLog ?? 10_000;
    this.#maxSticky = options.maxStickyNotes ?? 5_000;
    this.#now = options.now ?? Date.now;
  }

  /** Selection probabilities for `arms` now: (1 − floor) × P(arm wins a Thompson draw) + floor / K. */
  probabilities(functionId: string, arms: readonly BanditArm[]): Record<string, number> {
    if (arms.length === 0) throw new Error(`No variants to choose from for ${functionId}`);
    const k = arms.length;
    const wins = new Array<number>(k).fill(0);
    const stats = this.#arms.get(functionId);
    for (let d = 0; d < this.#draws; d++) {
      let best = -1;
      let bestV = -Infinity;
      arms.forEach((arm, i) => {
        const s = stats?.get(arm.id);
        const v = sampleBeta(this.#rng, 1 + Math.max(0, arm.weight) + (s?.a ?? 0), 1 + (s?.b ?? 0));
        if (v > bestV) {
          bestV = v;
          best = i;
        }
      });
      wins[best] = (wins[best] ?? 0) + 1;
    }
    const out: Record<string, number> = {};
    arms.forEach((arm, i) => {
      out[arm.id] = (1 - this.#floor) * ((wins[i] ?? 0) / this.#draws) + this.#floor / k;
    });
    return out;
  }

  choose(functionId: string, noteId: string, arms: readonly BanditArm[]): BanditChoice {
    const now = this.#now();
    const key = `${functionId}\u0000${noteId}`;
    const held = this.#sticky.get(key);
    if (held && now - held.at <= this.#stickyMs && arms.some((a) => a.id === held.armId)) {
      const probabilities = { [held.armId]: 1 };
      this.#record({ functionId, noteId, armId: held.armId, propensity: held.propensity, probabilities, sticky: true, at: now });
      return { armId: held.armId, propensity: held.propensity, sticky: true, probabilities };
    }
    const probabilities = this.probabilities(functionId, arms);
    let u = this.#rng();
    let chosen = arms[arms.length - 1]?.id ?? "";
    for (const arm of arms) {
      u -= probabilities[arm.id] ?? 0;
      if (u <= 0) {
        chosen = arm.id;
        break;
      }
    }
    const propensity = probabilities[chosen] ?? 0;
    this.#sticky.delete(key);
    this.#sticky.set(key, { armId: chosen, propensity, at: now });
    while (this.#sticky.size > this.#maxSticky) {
      const oldest = this.#sticky.keys().next();
      if (oldest.done) break;
      this.#sticky.delete(oldest.value);
    }
    this.#record({ functionId, noteId, armId: chosen, propensity, probabilities, sticky: false, at: now });
    return { armId: chosen, propensity, sticky: false, probabilities };
  }

  /** Reward in [0, 1] for one run of `armId` (e.g. the ParameterTuner's normalised run reward). */
  update(functionId: string, armId: string, reward: number, _at?: number): void {
    if (!Number.isFinite(reward)) return;
    const r = Math.min(1, Math.max(0, reward));
    let stats = this.#arms.get(functionId);
    if (!stats) {
      stats = new Map();
      this.#arms.set(functionId, stats);
    }
    const s = stats.get(armId) ?? { a: 0, b: 0, n: 0 };
    s.a = q4(s.a * this.#keep + r);
    s.b = q4(s.b * this.#keep + (1 - r));
    s.n++;
    stats.set(armId, s);
    for (let i = this.#log.length - 1; i >= 0; i--) {
      const e = this.#log[i];
      if (e && e.functionId === functionId && e.armId === armId && e.reward === undefined) {
        e.reward = r;
        break;
      }
    }
  }

  /**
   * Takes back a reward `update` gave (the writer undid the decision behind it).
   * Later discounting has shrunk it a little, so its full weight is taken out,
   * never below zero.
   */
  retract(functionId: string, armId: string, reward: number): void {
    const s = this.#arms.get(functionId)?.get(armId);
    if (!s || !Number.isFinite(reward)) return;
    const r = Math.min(1, Math.max(0, reward));
    removeEvidence(s, r, 1 - r);
    if (s.n > 0) s.n--;
  }

  /** Releases a note's variant (e.g. when the writer asks for a different one). */
  release(functionId: string, noteId: string): void {
    this.#sticky.delete(`${functionId}\u0000${noteId}`);
  }

  stats(functionId: string): Record<string, { mean: number; runs: number }> {
    const out: Record<string, { mean: number; runs: number }> = {};
    for (const [id, s] of this.#arms.get(functionId) ?? []) out[id] = { mean: (1 + s.a) / (2 + s.a + s.b), runs: s.n };
    return out;
  }

  log(): readonly BanditLogEntry[] {
    return this.#log.map((e) => ({ ...e }));
  }

  toJSON(): VariantBanditState {
    const arms: VariantBanditState["arms"] = {};
    for (const [fn, m] of this.#arms) arms[fn] = Object.fromEntries([...m].map(([id, s]) => [id, [s.a, s.b, s.n] as [number, number, number]]));
    return { schema: 1, seq: this.#seq, arms, sticky: [...this.#sticky].map(([k, s]) => [k, s.armId, s.propensity, s.at]), log: this.#log.map((e) => ({ ...e })) };
  }

  static fromJSON(json: unknown, options: VariantBanditOptions = {}): VariantBandit {
    const r = banditStateSchema.safeParse(json);
    if (!r.success) {
      const i = r.error.issues[0];
      throw new Error(`Variant statistics are unreadable${i ? ` at ${i.path.map(String).join(".")}` : ""}: ${i?.message ?? "invalid data"}`);
    }
    const b = new VariantBandit(options);
    b.#seq = r.data.seq;
    for (const [fn, m] of Object.entries(r.data.arms)) b.#arms.set(fn, new Map(Object.entries(m).map(([id, [a, bb, n]]) => [id, { a, b: bb, n }])));
    for (const [k, armId, propensity, at] of r.data.sticky) b.#sticky.set(k, { armId, propensity, at });
    b.#log = r.data.log.map((e) => ({ ...e }));
    return b;
  }

  #record(e: Omit<BanditLogEntry, "seq">): void {
    this.#log.push({ ...e, seq: ++this.#seq });
    if (this.#log.length > this.#maxLog) this.#log.splice(0, this.#log.length - this.#maxLog);
  }
}

export interface VariantBanditState {
  readonly schema: 1;
  readonly seq: number;
  readonly arms: Record<string, Record<string, [number, number, number]>>;
  readonly sticky: [string, string, number, number][];
  readonly log: BanditLogEntry[];
}

const banditStateSchema = z.object({
  schema: z.literal(1),
  seq: z.number().int().nonnegative(),
  arms: z.record(z.string(), z.record(z.string(), z.tuple([z.number(), z.number(), z.number().int()]))),
  sticky: z.array(z.tuple([z.string(), z.string(), z.number(), z.number()])),
  log: z.array(
    z.object({
      seq: z.number().int(),
      at: z.number(),
      functionId: z.string(),
      noteId: z.string(),
      armId: z.string(),
      propensity: z.number().min(0).max(1),
      probabilities: z.record(z.string(), z.number()),
      sticky: z.boolean(),
      reward: z.number().optional(),
    }),
  ),
});

/**
 * Off-policy estimate of the mean reward another policy would have earned on
 * logged (non-sticky, rewarded) decisions: inverse propensity scoring and its
 * self-normalised variant.
 */
export function offPolicyEstimate(
  log: readonly BanditLogEntry[],
  targetProbability: (entry: BanditLogEntry) => number,
): { ips: number; snips: number; n: number } {
  let sum = 0;
  let weights = 0;
  let n = 0;
  for (const e of log) {
    if (e.sticky || e.reward === undefined || e.propensity <= 0) continue;
    const w = targetProbability(e) / e.propensity;
    sum += w * e.reward;
    weights += w;
    n++;
  }
  return { ips: n ? sum / n : Number.NaN, snips: weights > 0 ? sum / weights : Number.NaN, n };
}
