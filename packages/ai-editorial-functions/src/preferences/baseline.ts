import { z } from "zod";
import type { BanditArm, BanditChoice, EditFeatures, Outcome, PreferenceDecision, PreferenceModel, PreferenceModelFactory, VariantBandit, VariantBanditFactory } from "../learning-api.js";

/**
 * The engine's first honest preference model, used when no learner is
 * injected: a Beta posterior of P(accept) per function × category. It hides
 * an edit only when even the optimistic end of the posterior is below the
 * threshold, and re-shows a hidden category every `retestEvery` opportunities,
 * so nothing is suppressed for good.
 */
const stateSchema = z.object({
  kind: z.literal("baseline-beta"),
  cells: z.record(z.string(), z.object({ a: z.number(), r: z.number(), hidden: z.number() })),
});

export class BaselinePreferenceModel implements PreferenceModel {
  readonly #cells = new Map<string, { a: number; r: number; hidden: number }>();
  readonly threshold = 0.5;
  readonly retestEvery = 10;

  decide(f: EditFeatures): PreferenceDecision {
    const c = this.#cells.get(key(f)) ?? { a: 0, r: 0, hidden: 0 };
    const alpha = 1.5 + c.a;
    const beta = 1 + c.r;
    const n = alpha + beta;
    const mean = alpha / n;
    const sd = Math.sqrt((alpha * beta) / (n * n * (n + 1)));
    if (mean + 2 * sd >= this.threshold) {
      return { show: true, probability: mean, retest: false, explanation: `Shown: you accept about ${Math.round(mean * 100)}% of ${f.category} edits from ${f.functionId}.` };
    }
    c.hidden++;
    this.#cells.set(key(f), c);
    if (c.hidden % this.retestEvery === 0) {
      return { show: true, probability: mean, retest: true, explanation: `Shown again to check: you usually reject ${f.category} edits from ${f.functionId} (${c.r} of ${c.a + c.r}), but tastes change.` };
    }
    return { show: false, probability: mean, retest: false, explanation: `Hidden: you rejected ${c.r} of ${c.a + c.r} ${f.category} edits from ${f.functionId}. Redline will show one again now and then.` };
  }

  update(f: EditFeatures, outcome: Outcome): void {
    if (outcome === "ignored") return; // no response is not a rejection
    const c = this.#cells.get(key(f)) ?? { a: 0, r: 0, hidden: 0 };
    if (outcome === "rejected") c.r++;
    else c.a++;
    this.#cells.set(key(f), c);
  }

  retract(_id: string, f: EditFeatures, outcome: Outcome): void {
    const c = this.#cells.get(key(f));
    if (!c || outcome === "ignored") return;
    if (outcome === "rejected") c.r = Math.max(0, c.r - 1);
    else c.a = Math.max(0, c.a - 1);
  }

  toJSON(): unknown {
    return { kind: "baseline-beta", cells: Object.fromEntries(this.#cells) };
  }

  static fromJSON(json: unknown): BaselinePreferenceModel {
    const s = stateSchema.parse(json);
    const m = new BaselinePreferenceModel();
    for (const [k, v] of Object.entries(s.cells)) m.#cells.set(k, { ...v });
    return m;
  }
}

function key(f: EditFeatures): string {
  return `${f.functionId}|${f.category}`;
}

export const baselinePreferenceFactory: PreferenceModelFactory = {
  create: () => new BaselinePreferenceModel(),
  fromJSON: (json) => BaselinePreferenceModel.fromJSON(json),
};

const banditSchema = z.object({ kind: z.literal("weighted-sticky"), sticky: z.record(z.string(), z.string()) });

/**
 * Weighted choice by the variants' prior weights, sticky per note so
 * suggestions don't flicker. It does not adapt: the learner's bandit does.
 */
export class WeightedStickyBandit implements VariantBandit {
  readonly #sticky = new Map<string, string>();
  readonly #random: () => number;

  constructor(random: () => number = Math.random) {
    this.#random = random;
  }

  choose(functionId: string, noteId: string, arms: readonly BanditArm[]): BanditChoice {
    const total = arms.reduce((s, a) => s + a.weight, 0);
    const prob = (a: BanditArm) => (total > 0 ? a.weight / total : 1 / arms.length);
    const stickyId = this.#sticky.get(`${functionId}|${noteId}`);
    const sticky = arms.find((a) => a.id === stickyId);
    if (sticky) return { armId: sticky.id, propensity: prob(sticky) };
    let x = this.#random() * (total > 0 ? total : arms.length);
    let chosen = arms[arms.length - 1];
    for (const a of arms) {
      x -= total > 0 ? a.weight : 1;
      if (x < 0) {
        chosen = a;
        break;
      }
    }
    if (!chosen) throw new Error("no arms to choose from");
    this.#sticky.set(`${functionId}|${noteId}`, chosen.id);
    return { armId: chosen.id, propensity: prob(chosen) };
  }

  update(): void {
    // Static weights: adaptation comes from the learner's bandit.
  }

  retract(): void {
    // Nothing was learned.
  }

  toJSON(): unknown {
    return { kind: "weighted-sticky", sticky: Object.fromEntries(this.#sticky) };
  }

  static fromJSON(json: unknown): WeightedStickyBandit {
    const s = banditSchema.parse(json);
    const b = new WeightedStickyBandit();
    for (const [k, v] of Object.entries(s.sticky)) b.#sticky.set(k, v);
    return b;
  }
}

export const weightedBanditFactory: VariantBanditFactory = {
  create: () => new WeightedStickyBandit(),
  fromJSON: (json) => WeightedStickyBandit.fromJSON(json),
};
