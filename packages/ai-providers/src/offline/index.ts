/**
 * The offline editorial engine: a no-key provider for the "offline" slot.
 * This entry is light: Harper's WASM and retext are imported on first use.
 */
export { OfflineEngine } from "./engine.js";
export type { EngineCallOptions, HarperLoader, OfflineEngineOptions, WarmUpOptions } from "./engine.js";
export { HARPER_CORE_RULES, harperRuleConfig } from "./harper-rules.js";
export type { HarperRuleSet } from "./harper-rules.js";
export type { EngineFinding, EngineHint, EngineResult, EngineStats } from "./findings.js";
export {
  createOfflineProvider,
  offlineFunctionOf,
  offlineProviderFactory,
  OFFLINE_FUNCTIONS,
  OFFLINE_MODEL_ID,
  registerOfflineProvider,
  supportsOfflineFunction,
} from "./provider.js";
export type { OfflineFunction, OfflineProviderOptions, OfflineRunInfo } from "./provider.js";
export { OFFLINE_CATEGORIES, categoryForHarper, categoryForRetext, isOfflineCategory } from "./categories.js";
export type { OfflineCategory } from "./categories.js";
export { OFFLINE_DIALECTS, parseDialect } from "./dialects.js";
export type { OfflineDialect } from "./dialects.js";
export { findProtectedSpans, maskProtected } from "./protected-spans.js";
export type { ProtectedKind, ProtectedSpan } from "./protected-spans.js";
export { DEFAULT_APPLY_THRESHOLD, MIN_RULE_WEIGHT, ruleKey, ruleWeightsFrom, TRUST_ALL, weightFromDecisions } from "./rule-weights.js";
export type { DecisionWeightOptions, RuleDecisionStats, RuleRef, RuleSource, RuleWeightFn } from "./rule-weights.js";
export { harperWorkerLoader, inProcessHarperWorker } from "./harper-worker-client.js";
export type { HarperWorkerLoaderOptions, WorkerHarperBackend } from "./harper-worker-client.js";
export { GLUE_STATE_FORMAT } from "./harper-glue.js";
export { STATE_SAVED_ID } from "./harper-worker-protocol.js";
export type { HarperOrigin, HarperWasmSource, HarperWorkerLike } from "./harper-worker-protocol.js";
export type { HarperBackend, HarperBackendOptions, HarperBinarySource, HarperLintCall, HarperLintRecord, HarperPersistOptions, HarperRuntime } from "./harper-backend.js";
