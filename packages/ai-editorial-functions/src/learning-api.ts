/**
 * The preference-model contract the engine codes against. SessionLearningManager
 * owns an instance and the pipeline asks it, per edit, whether to show it. The
 * learning package (src/learning/) provides the production implementation;
 * src/preferences/beta-posterior.ts is the engine's first honest baseline.
 */
import type { Category } from "@redline/track-edits";

export type Outcome = "accepted" | "rejected" | "modified" | "ignored";

export interface EditFeatures {
  readonly functionId: string;
  readonly category: Category;
  readonly patternKey: string;
  readonly variantId?: string;
  readonly model?: string;
  /** The producer's own confidence in [0, 1], when it has one. */
  readonly confidence?: number;
  /** `editShape(original, replacement)`: the kind of text an edit changes. */
  readonly shape?: string;
  /** The function's strictness: the cost of a rejected edit in accepted edits (default 1). */
  readonly strictness?: number;
}

export interface PreferenceDecision {
  readonly show: boolean;
  /** Estimated probability that the writer accepts this edit. */
  readonly probability: number;
  /** Why it is shown or hidden, in words a writer understands. */
  readonly explanation: string;
  /** True when a suppressed kind of edit is being shown again to re-test it. */
  readonly retest: boolean;
}

export interface PreferenceModel {
  decide(features: EditFeatures): PreferenceDecision;
  /** `id` (the feedback record's) lets `retract` take this response back. */
  update(features: EditFeatures, outcome: Outcome, at?: number, id?: string): void;
  /** The writer undid the decision recorded under `id`: it must no longer count. */
  retract(id: string, features: EditFeatures, outcome: Outcome): void;
  toJSON(): unknown;
}

/** How an engine obtains its model: fresh, or restored from persisted JSON. */
export interface PreferenceModelFactory {
  create(): PreferenceModel;
  /** Throws on JSON it cannot read; the engine then quarantines it. */
  fromJSON(json: unknown): PreferenceModel;
}

export interface BanditArm {
  readonly id: string;
  /** Prior weight from the function definition (≥ 0). */
  readonly weight: number;
}

export interface BanditChoice {
  readonly armId: string;
  /** Probability with which this arm was chosen, for off-policy evaluation. */
  readonly propensity: number;
}

/** Variant/model selection that adapts from outcomes (sticky per note). */
export interface VariantBandit {
  choose(functionId: string, noteId: string, arms: readonly BanditArm[]): BanditChoice;
  /** Reward in [0, 1] for one run of `armId`. */
  update(functionId: string, armId: string, reward: number, at?: number): void;
  /** Takes back a reward given by `update` (the writer undid the decision behind it). */
  retract(functionId: string, armId: string, reward: number): void;
  toJSON(): unknown;
}

export interface VariantBanditFactory {
  create(): VariantBandit;
  fromJSON(json: unknown): VariantBandit;
}
