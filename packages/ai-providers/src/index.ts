export {
  classifyHttpFailure,
  ERROR_CLASSES,
  NEVER_RETRY_SAME_MODEL,
  ProviderError,
  RouterError,
  isProviderError,
  isRouterError,
  parseRetryAfter,
} from "./errors.js";
export type { ErrorClass, ProviderErrorOptions, RouterErrorCode, RouterErrorOptions } from "./errors.js";
export { EMPTY_USAGE, PROVIDER_KINDS } from "./types.js";
export type {
  ChatMessage,
  EditorialTask,
  FetchLike,
  FinishReason,
  ModelProvider,
  ModelRequest,
  OfflineFinding,
  ProviderCall,
  ProviderConfig,
  ProviderEnvironment,
  ProviderErrorInfo,
  ProviderFactory,
  ProviderKind,
  ProviderMetadata,
  ProviderResult,
  StreamPart,
  StructuredOutput,
  Usage,
} from "./types.js";
export { ProviderRegistry } from "./registry.js";
export type {
  BatchItem,
  BatchItemResult,
  BatchOptions,
  BreakerControl,
  BreakerOptions,
  BreakerSnapshot,
  BreakerState,
  BreakerStorage,
  BudgetLimits,
  Budgets,
  CacheOptions,
  ChainConfig,
  ClassPolicy,
  Clock,
  CostEstimate,
  Ledger,
  LedgerEntry,
  LedgerQuery,
  ModelPrice,
  PolicyAction,
  PolicyTable,
  PriceTable,
  RetryOptions,
  RouteOptions,
  Router,
  RouterEventMap,
  RouterEventName,
  RouterEvents,
  RouterListener,
  RouterOptions,
  RouterResult,
  RouterStream,
  RouterStreamPart,
  TargetInfo,
  TargetSpec,
  WatchdogTimeouts,
} from "./router-types.js";
export { createRouter, DEFAULT_TIMEOUTS } from "./router.js";
export { createDefaultRegistry, createAnthropicProvider, createOpenAIProvider } from "./providers/index.js";
export { DEFAULT_POLICY, DEFAULT_RETRY, resolvePolicy } from "./policy.js";
export { DEFAULT_BREAKER } from "./breakers.js";
export { DEFAULT_PRICE_TABLE, costOf, estimateRequestTokens, estimateTokens, priceFor } from "./cost.js";
export { canonicalJson, digest, requestIdentity } from "./cache-key.js";
export { batchEnvelopeSchema } from "./batch.js";
export { withoutTelemetryHeaders, isLocalBaseURL } from "./transport.js";
export { systemClock } from "./clock.js";
export { WatchdogTimeout, isWatchdogTimeout } from "./watchdog-timeout.js";
export type { WatchdogKind } from "./watchdog-timeout.js";
// The offline editorial engine ("offline" slot): light entry, Harper and retext load on first use.
export * from "./offline/index.js";
