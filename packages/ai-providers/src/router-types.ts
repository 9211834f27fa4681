/**
 * The router's public API: what the engine calls. Change additively only.
 */
import type { ErrorClass, ProviderError } from "./errors.js";
import type {
  FetchLike,
  FinishReason,
  ModelProvider,
  ModelRequest,
  ProviderConfig,
  ProviderErrorInfo,
  ProviderMetadata,
  StreamPart,
  Usage,
} from "./types.js";
import type { ProviderRegistry } from "./registry.js";
import type { ZodType } from "zod";

/** Injectable time source, so tests and benchmarks control waiting. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, rejects with the signal's reason if aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Streaming watchdogs, in milliseconds. 0 disables one. */
export interface WatchdogTimeouts {
  /** From sending the request until response headers arrive. */
  readonly headersMs: number;
  /** From headers until the first content delta. */
  readonly firstTokenMs: number;
  /** Longest silence between two chunks once content flows. */
  readonly idleMs: number;
}

/** One model on one provider. Its identity ("providerId:model@baseURL") keys its breaker and bulkhead. */
export interface TargetSpec {
  /** A provider id given to the router. */
  readonly provider: string;
  readonly model: string;
  /** Context window in tokens; a context-window failure escalates to a later target with a larger one. */
  readonly contextWindow?: number;
  /** Per-target watchdog overrides. */
  readonly timeouts?: Partial<WatchdogTimeouts>;
  /** Per-target bulkhead overrides. */
  readonly maxConcurrent?: number;
  readonly maxQueue?: number;
}

/** What the router does after a failure of a given class. */
export type PolicyAction = "retry" | "failover" | "fail";

export interface ClassPolicy {
  /** First response to the failure. "retry" falls over once same-target retries are used up. */
  readonly action: PolicyAction;
  /** Same-target retries for action "retry". */
  readonly maxRetries?: number;
  /** Does the failure count against the target's breaker? */
  readonly tripsBreaker: boolean;
}

export type PolicyTable = Readonly<Record<ErrorClass, ClassPolicy>>;

export interface RetryOptions {
  /** First backoff delay; doubles per retry, full jitter. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Retry-After is honoured up to this; beyond it the router fails over instead of waiting. */
  readonly retryAfterCapMs: number;
}

export interface BreakerOptions {
  /** Consecutive tripping failures that open the breaker. */
  readonly failureThreshold: number;
  /** Time an open breaker waits before letting one probe through (half-open). */
  readonly halfOpenAfterMs: number;
}

export type BreakerState = "closed" | "open" | "half-open";

/** Persistable breaker state for all targets: save it, and a restart won't re-pay a known outage. */
export interface BreakerSnapshot {
  readonly version: 1;
  readonly targets: Readonly<Record<string, { readonly state: BreakerState; readonly openedAt?: number; readonly failures: number }>>;
}

export interface BreakerStorage {
  load(): BreakerSnapshot | undefined;
  save(snapshot: BreakerSnapshot): void | Promise<void>;
}

export interface ChainConfig {
  readonly targets: readonly TargetSpec[];
  /** Total attempts (over all targets, retries included). */
  readonly maxAttempts?: number;
  /** Total deadline for the request, ms. */
  readonly deadlineMs?: number;
  /**
   * After content has arrived and the stream breaks: "restart" on the next
   * target (a `restart` part tells the consumer to drop the partial output),
   * or "fail" with an "incomplete" RouterError.
   */
  readonly midStream?: "restart" | "fail";
}

/** USD per million tokens. */
export interface ModelPrice {
  readonly input: number;
  readonly output: number;
  readonly cacheRead?: number;
  readonly cacheWrite?: number;
}

/** Keys are model ids, or prefixes ending in "*" ("claude-sonnet-4*"). Longest match wins. */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

export interface BudgetLimits {
  readonly perDayUsd?: number;
  readonly perMonthUsd?: number;
}

export interface Budgets extends BudgetLimits {
  /** Per editorial function. */
  readonly perFunction?: Readonly<Record<string, BudgetLimits>>;
}

export interface LedgerEntry {
  readonly id: string;
  readonly at: number;
  readonly requestId: string;
  readonly functionId: string | undefined;
  readonly target: string;
  readonly provider: string;
  readonly model: string;
  readonly usage: Usage;
  readonly costUsd: number;
  /** Only "completion" entries are billed; failed attempts are recorded at $0 with their usage for diagnosis. */
  readonly kind: "completion" | "failed-attempt";
}

export interface LedgerQuery {
  readonly since?: number;
  readonly until?: number;
  readonly functionId?: string;
  readonly target?: string;
  readonly kind?: LedgerEntry["kind"];
}

export interface Ledger {
  entries(query?: LedgerQuery): LedgerEntry[];
  totalUsd(query?: LedgerQuery): number;
  /** Replaces the contents (to restore persisted entries). */
  restore(entries: readonly LedgerEntry[]): void;
}

export interface CacheOptions {
  readonly maxEntries: number;
  readonly ttlMs: number;
}

export interface RouterOptions {
  /** Provider instances, or configs built through `registry`. */
  readonly providers: readonly (ModelProvider | ProviderConfig)[];
  /** Needed to build providers from configs; defaults to the built-in kinds (offline must be registered by the host). */
  readonly registry?: ProviderRegistry;
  /** Transport for SDK-backed providers built from configs (fetch or an Obsidian requestUrl adapter). */
  readonly fetch?: FetchLike;
  /** Named chains. A request uses `options.chain`, else the chain named after its functionId, else "default". */
  readonly chains: Readonly<Record<string, ChainConfig | readonly TargetSpec[]>>;
  readonly timeouts?: Partial<WatchdogTimeouts>;
  readonly policy?: Partial<Record<ErrorClass, Partial<ClassPolicy>>>;
  readonly retry?: Partial<RetryOptions>;
  readonly breaker?: Partial<BreakerOptions>;
  readonly breakerStorage?: BreakerStorage;
  /** Default bulkhead per target. */
  readonly maxConcurrent?: number;
  readonly maxQueue?: number;
  /** Default attempt budget and deadline for chains that don't set them. */
  readonly maxAttempts?: number;
  readonly deadlineMs?: number;
  /** Exact-match response cache; false disables. */
  readonly cache?: Partial<CacheOptions> | false;
  /** In-flight de-duplication of identical requests; default true. */
  readonly dedup?: boolean;
  /** Merged over the default price table. */
  readonly priceTable?: PriceTable;
  readonly budgets?: Budgets;
  readonly ledgerEntries?: readonly LedgerEntry[];
  /** Entries kept in memory (newest first to survive); default 10,000. Budget totals are unaffected. */
  readonly ledgerMaxEntries?: number;
  readonly clock?: Clock;
  /** Jitter source in [0, 1). */
  readonly random?: () => number;
}

export interface RouteOptions {
  readonly chain?: string;
  /** Defaults to request.task.functionId. Picks the chain and the per-function budget. */
  readonly functionId?: string;
  readonly signal?: AbortSignal;
  readonly deadlineMs?: number;
  readonly maxAttempts?: number;
  /** Skip the response cache for this call (read and write). */
  readonly cache?: boolean;
  readonly dedup?: boolean;
}

export interface TargetInfo {
  /** "providerId:model@baseURL". */
  readonly key: string;
  readonly provider: string;
  readonly model: string;
}

export interface RouterResult<T = unknown> {
  readonly requestId: string;
  readonly text: string;
  /** Parsed and zod-validated structured output, when the request asked for one. */
  readonly object: T | undefined;
  readonly finishReason: FinishReason;
  readonly usage: Usage;
  /** The model that actually answered. */
  readonly modelId: string;
  readonly providerMetadata: ProviderMetadata | undefined;
  readonly target: TargetInfo;
  readonly attempts: number;
  /** Served from the response cache (replayed) or joined to an identical in-flight request. */
  readonly cached: boolean;
  readonly deduped: boolean;
  readonly costUsd: number;
  readonly durationMs: number;
}

/**
 * Parts the router streams: the winning provider's parts (never an `error`
 * part: failures surface as a thrown RouterError), plus `attempt` when a
 * target starts and `restart` when partial output must be discarded.
 */
export type RouterStreamPart =
  | Exclude<StreamPart, { type: "error" }>
  | { readonly type: "attempt"; readonly target: TargetInfo; readonly attempt: number }
  | { readonly type: "restart"; readonly target: TargetInfo; readonly reason: ProviderErrorInfo };

/** Iterate for parts; `result` settles with the final result (or the same RouterError the iteration throws). */
export interface RouterStream<T = unknown> extends AsyncIterable<RouterStreamPart> {
  readonly requestId: string;
  readonly result: Promise<RouterResult<T>>;
}

export interface CostEstimate {
  readonly target: TargetInfo;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
}

export interface RouterEventMap {
  attempt: { readonly requestId: string; readonly target: TargetInfo; readonly attempt: number };
  "attempt-failed": { readonly requestId: string; readonly target: TargetInfo; readonly attempt: number; readonly error: ProviderError; readonly durationMs: number };
  retry: { readonly requestId: string; readonly target: TargetInfo; readonly attempt: number; readonly errorClass: ErrorClass; readonly delayMs: number };
  fallback: { readonly requestId: string; readonly from: TargetInfo; readonly to: TargetInfo; readonly errorClass: ErrorClass; readonly afterContent: boolean };
  "target-skipped": { readonly requestId: string; readonly target: TargetInfo; readonly reason: "breaker-open" | "context-window" | "budget" | "queue-full" };
  breaker: { readonly target: string; readonly from: BreakerState; readonly to: BreakerState; readonly at: number };
  "cache-hit": { readonly requestId: string; readonly key: string };
  dedup: { readonly requestId: string; readonly key: string; readonly joined: string };
  cost: LedgerEntry;
  "budget-refused": { readonly requestId: string; readonly functionId: string | undefined; readonly scope: string; readonly reason: string; readonly estimateUsd: number; readonly spentUsd: number; readonly limitUsd: number };
  success: { readonly requestId: string; readonly result: RouterResult };
  failure: { readonly requestId: string; readonly error: Error };
}

export type RouterEventName = keyof RouterEventMap;
export type RouterListener<K extends RouterEventName> = (event: RouterEventMap[K]) => void;

export interface RouterEvents {
  /** Returns an unsubscribe function. */
  on<K extends RouterEventName>(name: K, listener: RouterListener<K>): () => void;
  off<K extends RouterEventName>(name: K, listener: RouterListener<K>): void;
  once<K extends RouterEventName>(name: K, listener: RouterListener<K>): () => void;
}

export interface BreakerControl {
  state(targetKey: string): BreakerState;
  snapshot(): BreakerSnapshot;
  restore(snapshot: BreakerSnapshot): void;
  /** Force-close (e.g. after the writer fixes a key). */
  reset(targetKey?: string): void;
}

export interface BatchItem {
  readonly id: string;
  readonly text: string;
}

export type BatchItemResult<T> =
  | { readonly id: string; readonly ok: true; readonly value: T }
  | { readonly id: string; readonly ok: false; readonly error: Error };

export interface BatchOptions<T> extends RouteOptions {
  readonly items: readonly BatchItem[];
  /** Builds one request for a group of items; it must ask for `{ items: [{ id, result }] }` (see batch.ts). */
  readonly buildRequest: (items: readonly BatchItem[]) => ModelRequest;
  /** Validates each item's `result`. */
  readonly itemSchema: ZodType<T>;
  /** Items per call (default 8). */
  readonly maxItemsPerCall?: number;
}

export interface Router {
  stream<T = unknown>(request: ModelRequest<T>, options?: RouteOptions): RouterStream<T>;
  complete<T = unknown>(request: ModelRequest<T>, options?: RouteOptions): Promise<RouterResult<T>>;
  batch<T>(options: BatchOptions<T>): Promise<BatchItemResult<T>[]>;
  /** Pre-call cost estimate on the first usable target of the chain. */
  estimate(request: ModelRequest, options?: RouteOptions): CostEstimate | undefined;
  readonly events: RouterEvents;
  readonly ledger: Ledger;
  readonly breakers: BreakerControl;
  readonly providers: ReadonlyMap<string, ModelProvider>;
  clearCache(): void;
  /** Aborts in-flight requests and drops listeners. */
  dispose(): void;
}
