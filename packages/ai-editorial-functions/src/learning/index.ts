/**
 * Learning from accept/reject: the preference model (what to show), bounded
 * online tuning (how each function behaves), variant selection (which prompt
 * or model), and idle-time analysis (trends, rollbacks, insights). All state is
 * local, serialisable as JSON, and every random choice draws from an injected
 * seeded RNG.
 */
export { PreferenceModel, CONFIDENCE_BINS } from "./preference-model.js";
export type {
  DecisionReason,
  DecisionRule,
  EditFeatures,
  LearnedItem,
  LearnedItemRef,
  NeverRule,
  NeverRuleInput,
  NeverRuleKind,
  Outcome,
  PreferenceDecision,
  PreferenceModelOptions,
} from "./preference-model.js";
export { EDIT_SHAPES, editShape } from "./edit-shape.js";
export type { EditShape } from "./edit-shape.js";
export { preferenceStateSchema } from "./schema.js";
export type { PreferenceState } from "./schema.js";
export { DEFAULT_PRIORS, DEFAULT_SHAPE_PRIORS, thresholdFor } from "./priors.js";
export type { CategoryPrior, ShapePriors } from "./priors.js";
export { DEFAULT_PARAMETERS, PARAMETER_BOUNDS, ParameterTuner } from "./parameter-tuner.js";
export type { ParameterChange, ParameterName, ParameterTunerOptions, ParameterTunerState, RunFeedback, TunedParameters } from "./parameter-tuner.js";
export { VariantBandit, offPolicyEstimate } from "./variant-bandit.js";
export type { BanditArm, BanditChoice, BanditLogEntry, VariantBanditOptions, VariantBanditState } from "./variant-bandit.js";
export { IdleAnalyzer } from "./idle-analyzer.js";
export type { AnalysisReport, FunctionTrend, IdleAnalyzerOptions, IdleAnalyzerState, Insight, InsightAction } from "./idle-analyzer.js";
export { createRng, forkRng } from "./rng.js";
export type { Rng } from "./rng.js";
