// Redline's engine: the composition root and everything a host needs.
export { createEngine, Engine } from "./engine.js";
export type { EngineOptions, EngineProvidersOptions, ExportedData, NoteHandle, OpenNoteOptions, RunHandle } from "./engine.js";
export { EventBus } from "./bus.js";
export type { BusEventName, BusEvents, EngineBusEvents } from "./events.js";
export type { ProviderBusEvents } from "./bridges/provider-events.js";
export { bridgeRouterEvents } from "./bridges/provider-events.js";
export { fromResolutionEvent } from "./bridges/editor.js";
export type { EditsBusEvents } from "./bridges/edits-events.js";
export type * from "./types.js";
export { isProposedItem, RUN_PRIORITIES } from "./types.js";
export type * from "./learning-api.js";

export { FunctionRegistry, MemoryFileSource } from "./functions/registry.js";
export type { FileChange, FunctionFileSource } from "./functions/registry.js";
export { BUILTIN_IDS, builtinFunctions, TONES } from "./functions/builtins.js";
export { customFunctionSchema, formatFunctionError, parseCustomFunction } from "./functions/custom.js";
export type { FunctionError, ParseResult } from "./functions/custom.js";
export { applyStyleSheet, DEFAULT_STYLE_SHEET, describeStyleSheet, styleSheetSchema } from "./functions/style-sheet.js";
export type { StyleSheet } from "./functions/style-sheet.js";
export { functionSettingsSchema } from "./functions/settings.js";
export type { FunctionSettings } from "./functions/settings.js";
export { PROMPT_VARIABLES, renderTemplate, templateVariables } from "./functions/template.js";
export type * from "./functions/types.js";

export type { Resolution } from "./managers/feedback-processor.js";
export type { ResolvedVariant, Selection, SelectionLogEntry, SelectionStrategy } from "./managers/function-selector.js";
export type { DegradationAlert, MetricsQuery, MetricsRow } from "./managers/performance-monitor.js";
export type { Admission, BudgetConfig, BudgetLimit, PoolConfig, PoolState, ResourceState, Spend } from "./managers/resource-manager.js";
export type { LearnedItem, PromptBlocks, RunSummary } from "./managers/session-learning-manager.js";
export type { AnalysisReport, FunctionTrend, Insight, InsightAction, ParameterChange, ParameterName, TunedParameters } from "./learning/index.js";
export { BaselinePreferenceModel, baselinePreferenceFactory, WeightedStickyBandit, weightedBanditFactory } from "./preferences/baseline.js";
export { LearnerPreferenceModel, learnerBanditFactory, learnerPreferenceFactory } from "./preferences/learner.js";

export type { ParagraphProposal, RunRequest, RunResult, RunStatus } from "./pipeline/run.js";
export type { ChainSpec, SecretsGetter } from "./pipeline/gateway.js";
export { idbBackend, memoryBackend } from "./persistence/backend.js";
export type { KeyValueBackend } from "./persistence/backend.js";
export { SCHEMA_VERSION } from "./persistence/store.js";
export type { Migration, MigrationContext, QuarantinedItem } from "./persistence/store.js";
export { formatDiagnostics } from "./diagnostics.js";
export type { DiagnosticCheck, DiagnosticsReport } from "./diagnostics.js";
