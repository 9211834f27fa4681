import { createRng, PreferenceModel as Learner, VariantBandit as LearnerBandit } from "../learning/index.js";
import type { EditFeatures, Outcome, PreferenceDecision, PreferenceModel, PreferenceModelFactory, VariantBandit, VariantBanditFactory } from "../learning-api.js";

/**
 * The engine's default preference model: the learner from src/learning,
 * adapted to the engine's contract. The function's strictness travels with
 * each decision (it is a per-function setting), so the adapter keeps the
 * learner's copy in step.
 */
export class LearnerPreferenceModel implements PreferenceModel {
  readonly learner: Learner;

  constructor(learner: Learner) {
    this.learner = learner;
  }

  decide(features: EditFeatures): PreferenceDecision {
    if (features.strictness !== undefined && this.learner.strictness(features.functionId) !== features.strictness) {
      this.learner.setStrictness(features.functionId, features.strictness);
    }
    return this.learner.decide(features);
  }

  update(features: EditFeatures, outcome: Outcome, at?: number, id?: string): void {
    this.learner.update(features, outcome, at, id);
  }

  retract(id: string, features: EditFeatures, outcome: Outcome): void {
    this.learner.retract(id, features, outcome);
  }

  toJSON(): unknown {
    return this.learner.toJSON();
  }
}

export function learnerPreferenceFactory(seed = 0x5eed): PreferenceModelFactory {
  return {
    create: () => new LearnerPreferenceModel(new Learner({ rng: createRng(seed) })),
    fromJSON: (json) => new LearnerPreferenceModel(Learner.fromJSON(json, { rng: createRng(seed) })),
  };
}

export function learnerBanditFactory(seed = 0xba4d): VariantBanditFactory {
  return {
    create: (): VariantBandit => new LearnerBandit({ rng: createRng(seed) }),
    fromJSON: (json): VariantBandit => LearnerBandit.fromJSON(json, { rng: createRng(seed) }),
  };
}
