import { BreakerBoard, BrokenCircuitError, DEFAULT_BREAKER } from "./breakers.js";
import { Bulkhead, BulkheadFullError } from "./bulkhead.js";
import { digest, requestIdentity } from "./cache-key.js";
import { systemClock } from "./clock.js";
import { BudgetGuard, costOf, DEFAULT_PRICE_TABLE, estimateRequestTokens, priceFor } from "./cost.js";
import type { BudgetRefusal } from "./cost.js";
import { TypedEmitter } from "./emitter.js";
import { ProviderError, RouterError } from "./errors.js";
import { Flight } from "./flight.js";
import { MemoryLedger } from "./ledger.js";
import { DEFAULT_RETRY, resolvePolicy, retryDelay } from "./policy.js";
import { createDefaultRegistry } from "./providers/index.js";
import { toProviderError } from "./providers/sdk-errors.js";
import { schemaMemo } from "./providers/shared.js";
import { LruTtlCache } from "./response-cache.js";
import { runBatch } from "./batch.js";
import type {
  BatchItemResult,
  BatchOptions,
  BreakerControl,
  ChainConfig,
  Clock,
  CostEstimate,
  LedgerEntry,
  ModelPrice,
  PolicyTable,
  RetryOptions,
  RouteOptions,
  Router,
  RouterOptions,
  RouterResult,
  RouterStream,
  RouterStreamPart,
  TargetInfo,
  TargetSpec,
  WatchdogTimeouts,
} from "./router-types.js";
import type { FinishReason, ModelProvider, ModelRequest, ProviderCall, ProviderConfig, ProviderMetadata, StreamPart, Usage } from "./types.js";
import { WatchdogTimeout } from "./watchdog-timeout.js";
import { Watchdog } from "./watchdog.js";

export const DEFAULT_TIMEOUTS: WatchdogTimeouts = { headersMs: 10_000, firstTokenMs: 30_000, idleMs: 15_000 };
const DEFAULT_MAX_ATTEMPTS = 4;
const DEFAULT_DEADLINE_MS = 120_000;
const DEFAULT_CACHE = { maxEntries: 500, ttlMs: 60 * 60_000 };

interface Target {
  readonly spec: TargetSpec;
  /** Resolved once; undefined for local providers (always $0) and unpriced models. */
  readonly price: ModelPrice | undefined;
  readonly provider: ModelProvider;
  readonly info: TargetInfo;
  readonly timeouts: WatchdogTimeouts;
  readonly bulkhead: Bulkhead;
}

interface Chain {
  readonly name: string;
  readonly targets: readonly Target[];
  readonly maxAttempts: number;
  readonly deadlineMs: number;
  readonly midStream: "restart" | "fail";
}

interface CachedAnswer {
  readonly deltas: readonly string[];
  readonly text: string;
  readonly object: unknown;
  readonly finishReason: FinishReason;
  readonly usage: Usage;
  readonly modelId: string;
  readonly providerMetadata: ProviderMetadata | undefined;
  readonly target: TargetInfo;
}

/** An attempt's successful outcome. */
interface Answer {
  readonly deltas: string[];
  readonly text: string;
  readonly finish: Extract<StreamPart, { type: "finish" }>;
}

/** Internal: the request deadline cut an attempt short; not the target's fault. */
class DeadlineHit extends Error {
  constructor(readonly providerError: ProviderError) {
    super(providerError.message);
  }
}

/** Internal: the answer arrived but failed local validation. */
class InvalidOutput extends Error {
  override readonly name = "InvalidOutput";
}

function isProviderInstance(p: ModelProvider | ProviderConfig): p is ModelProvider {
  return typeof (p as Partial<ModelProvider>).stream === "function";
}

function parseJsonAnswer(text: string): unknown {
  const fenced = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(text);
  return JSON.parse(fenced?.[1] ?? text);
}

/** Builds a router. Everything it holds lives in the returned instance. */
export function createRouter(options: RouterOptions): Router {
  const clock: Clock = options.clock ?? systemClock;
  const now = (): number => clock.now();
  const random = options.random ?? Math.random;
  const emitter = new TypedEmitter();
  const policy: PolicyTable = resolvePolicy(options.policy);
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...options.retry };
  const baseTimeouts: WatchdogTimeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const priceTable = { ...DEFAULT_PRICE_TABLE, ...options.priceTable };
  const budgets = new BudgetGuard(options.budgets ?? {}, options.ledgerEntries);
  const ledger = new MemoryLedger(options.ledgerEntries, options.ledgerMaxEntries, budgets);
  const cacheOptions = options.cache === false ? undefined : { ...DEFAULT_CACHE, ...options.cache };
  const cache = cacheOptions ? new LruTtlCache<CachedAnswer>(cacheOptions.maxEntries, cacheOptions.ttlMs, () => clock.now()) : undefined;
  const dedupDefault = options.dedup ?? true;
  const flights = new Map<string, Flight>();
  const schemaJson = schemaMemo();
  const live = new Set<Flight>();
  let seq = 0;
  // Request ids stay unique across restarts, so persisted ledger entries never collide.
  const instanceTag = `r${clock.now().toString(36)}${Math.floor(random() * 1296).toString(36)}`;
  let ledgerSeq = 0;
  let disposed = false;

  // Providers: instances as given, configs through the registry with the host's transport.
  const providers = new Map<string, ModelProvider>();
  const registry = options.registry ?? createDefaultRegistry();
  for (const p of options.providers) {
    const provider = isProviderInstance(p) ? p : registry.create(p, options.fetch ? { fetch: options.fetch } : {});
    if (providers.has(provider.id)) throw new RouterError("config", `Two providers share the id "${provider.id}"; give each an id.`);
    providers.set(provider.id, provider);
  }

  const breakers = new BreakerBoard(
    { ...DEFAULT_BREAKER, ...options.breaker },
    (e) => e instanceof ProviderError && policy[e.errorClass].tripsBreaker,
    (target, from, to) => {
      emitter.emit("breaker", { target, from, to, at: clock.now() });
    },
    options.breakerStorage,
  );

  const bulkheads = new Map<string, Bulkhead>();
  const targetCache = new Map<string, Target>();
  function resolveTarget(spec: TargetSpec): Target {
    const provider = providers.get(spec.provider);
    if (!provider) throw new RouterError("config", `Chain target names provider "${spec.provider}", which was not given to the router.`);
    const key = `${provider.id}:${spec.model}@${provider.baseURL}`;
    const known = targetCache.get(key);
    if (known && known.spec === spec) return known;
    let bulkhead = bulkheads.get(key);
    if (!bulkhead) {
      bulkhead = new Bulkhead(spec.maxConcurrent ?? options.maxConcurrent ?? 4, spec.maxQueue ?? options.maxQueue ?? 32);
      bulkheads.set(key, bulkhead);
    }
    const target: Target = {
      spec,
      price: provider.local ? undefined : priceFor(priceTable, spec.model),
      provider,
      info: { key, provider: provider.id, model: spec.model },
      timeouts: { ...baseTimeouts, ...spec.timeouts },
      bulkhead,
    };
    targetCache.set(key, target);
    return target;
  }

  const chains = new Map<string, Chain>();
  for (const [name, raw] of Object.entries(options.chains)) {
    const config: ChainConfig = Array.isArray(raw) ? { targets: raw as readonly TargetSpec[] } : (raw as ChainConfig);
    if (config.targets.length === 0) throw new RouterError("config", `Chain "${name}" has no targets.`);
    chains.set(name, {
      name,
      targets: config.targets.map(resolveTarget),
      maxAttempts: config.maxAttempts ?? options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      deadlineMs: config.deadlineMs ?? options.deadlineMs ?? DEFAULT_DEADLINE_MS,
      midStream: config.midStream ?? "restart",
    });
  }

  function chainFor(request: ModelRequest, route: RouteOptions): { chain: Chain; functionId: string | undefined } {
    const functionId = route.functionId ?? request.task?.functionId;
    const name = route.chain ?? (functionId !== undefined && chains.has(functionId) ? functionId : "default");
    const chain = chains.get(name);
    if (!chain) throw new RouterError("config", `No chain named "${name}". Define it in the router's chains (or a "default" chain).`);
    if (request.model === undefined) return { chain, functionId };
    // A pinned model: that model's targets in the chain, else the chain's first provider with it.
    const pinned = chain.targets.filter((t) => t.spec.model === request.model);
    const first = chain.targets[0];
    const targets = pinned.length > 0 ? pinned : first ? [resolveTarget({ ...first.spec, model: request.model })] : [];
    return { chain: { ...chain, targets }, functionId };
  }

  function estimateFor(target: Target, request: ModelRequest): CostEstimate {
    const { inputTokens, outputTokens } = estimateRequestTokens(request);
    const price = target.price;
    const costUsd = price ? costOf({ inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 }, price) : 0;
    return { target: target.info, inputTokens, outputTokens, costUsd };
  }

  function actualCost(target: Target, usage: Usage): number {
    return target.price ? costOf(usage, target.price) : 0;
  }

  function record(entry: Omit<LedgerEntry, "id">): LedgerEntry {
    const full: LedgerEntry = { id: `${entry.requestId}#${++ledgerSeq}`, ...entry };
    ledger.add(full);
    if (full.kind === "completion") emitter.emit("cost", full);
    return full;
  }

  /** One attempt on one target: watchdogs, streaming into the flight, validation. */
  async function attempt(target: Target, request: ModelRequest, flight: Flight, deadlineAt: number, onContent: () => void): Promise<Answer> {
    const ac = new AbortController();
    flight.track(ac);

    const watchdog = new Watchdog(target.timeouts, deadlineAt, ac, now);

    const { signal: _s, model: _m, ...rest } = request;
    const call: ProviderCall = { ...rest, model: target.spec.model, signal: ac.signal };
    const iterator = target.provider.stream(call)[Symbol.asyncIterator]();
    const deltas: string[] = [];
    let gotContent = false;
    let finished = false;
    try {
      for (;;) {
        const r = await iterator.next();
        if (r.done) throw new ProviderError("connection", "stream ended without a finish (truncated)", { target: target.info.key, afterContent: gotContent });
        const part = r.value;
        switch (part.type) {
          case "response-metadata":
            watchdog.headers();
            flight.push(part);
            break;
          case "text-delta":
          case "reasoning-delta":
            watchdog.progress();
            if (part.type === "text-delta") {
              if (!gotContent) {
                gotContent = true;
                onContent();
              }
              deltas.push(part.delta);
            }
            flight.push(part);
            break;
          case "finish": {
            finished = true;
            if (part.finishReason === "content-filter") {
              throw new ProviderError("content-policy", "the model refused (content filter)", { target: target.info.key, afterContent: gotContent });
            }
            return { deltas, text: deltas.join(""), finish: part };
          }
          case "error":
            throw new ProviderError(part.error.errorClass, part.error.message, {
              target: target.info.key,
              afterContent: gotContent,
              ...(part.error.status === undefined ? {} : { status: part.error.status }),
              ...(part.error.retryAfterMs === undefined ? {} : { retryAfterMs: part.error.retryAfterMs }),
            });
        }
      }
    } catch (e) {
      const reason: unknown = ac.signal.reason;
      const base = toProviderError(e, { target: target.info.key, signal: ac.signal, afterContent: gotContent });
      const pe =
        base.afterContent === gotContent
          ? base
          : new ProviderError(base.errorClass, base.message, {
              target: target.info.key,
              afterContent: gotContent,
              cause: base,
              retryable: base.retryable,
              ...(base.status === undefined ? {} : { status: base.status }),
              ...(base.retryAfterMs === undefined ? {} : { retryAfterMs: base.retryAfterMs }),
            });
      if (reason instanceof WatchdogTimeout && reason.kind === "deadline") throw new DeadlineHit(pe);
      throw pe;
    } finally {
      flight.untrack(ac);
      if (finished) {
        void drain(iterator, watchdog);
      } else {
        watchdog.stop();
        void iterator.return?.(undefined).catch(() => undefined);
      }
    }
  }

  /**
   * Lets a finished provider stream close on its own, so the connection stays
   * reusable; the attempt's watchdog (idle limit, deadline) still bounds it.
   */
  async function drain(iterator: AsyncIterator<StreamPart>, watchdog: Watchdog): Promise<void> {
    try {
      for (let i = 0; i < 64; i++) {
        const r = await iterator.next();
        if (r.done) return;
        watchdog.progress();
      }
      await iterator.return?.(undefined);
    } catch {
      // The answer is already delivered; a messy close doesn't matter.
    } finally {
      watchdog.stop();
    }
  }

  function validate(request: ModelRequest, answer: Answer): unknown {
    if (!request.output) return undefined;
    let value: unknown;
    try {
      value = parseJsonAnswer(answer.text);
    } catch (e) {
      throw new InvalidOutput(`answer is not JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    const parsed = request.output.schema.safeParse(value);
    if (!parsed.success) throw new InvalidOutput(`answer does not match schema "${request.output.name}": ${parsed.error.message}`);
    return parsed.data;
  }

  /** The routing loop: targets in order, retries per policy, attempt budget, deadline. */
  async function run(flightId: string, request: ModelRequest, chain: Chain, functionId: string | undefined, flight: Flight, route: RouteOptions): Promise<{ result: RouterResult; deltas: readonly string[] }> {
    const started = clock.now();
    const deadlineAt = started + (route.deadlineMs ?? chain.deadlineMs);
    const maxAttempts = route.maxAttempts ?? chain.maxAttempts;
    const failures: ProviderError[] = [];
    let attempts = 0;
    let refusal: BudgetRefusal | undefined;
    let invalid: InvalidOutput | undefined;
    let minContext: number | undefined;
    let previous: Target | undefined;
    const progress = { contentStreamed: false };
    const isAborted = (): boolean => flight.aborted;

    const aborted = (): RouterError => new RouterError("aborted", "request aborted by the caller", { failures, attempts });

    for (const target of chain.targets) {
      if (minContext !== undefined && (target.spec.contextWindow ?? 0) <= minContext) {
        emitter.emit("target-skipped", { requestId: flightId, target: target.info, reason: "context-window" });
        continue;
      }
      if (!breakers.canAttempt(target.info.key)) {
        emitter.emit("target-skipped", { requestId: flightId, target: target.info, reason: "breaker-open" });
        continue;
      }
      let estimateUsd = 0;
      if (!target.provider.local && budgets.active) {
        estimateUsd = estimateFor(target, request).costUsd;
        const refused = budgets.check(functionId, estimateUsd, clock.now());
        if (refused) {
          refusal = refused;
          emitter.emit("budget-refused", { requestId: flightId, functionId, ...refused });
          emitter.emit("target-skipped", { requestId: flightId, target: target.info, reason: "budget" });
          continue;
        }
      }

      for (let sameTargetRetries = 0; ; ) {
        if (isAborted()) throw aborted();
        if (attempts >= maxAttempts) throw finalError("exhausted", `gave up after ${attempts} attempts (the attempt budget)`);
        if (clock.now() >= deadlineAt) throw finalError("deadline", `request deadline of ${route.deadlineMs ?? chain.deadlineMs} ms passed`);
        attempts++;
        if (previous && previous !== target) {
          const last = failures.at(-1);
          emitter.emit("fallback", { requestId: flightId, from: previous.info, to: target.info, errorClass: last?.errorClass ?? "server", afterContent: last?.afterContent ?? false });
        }
        previous = target;
        if (progress.contentStreamed) {
          // The consumer must drop what the failed attempt streamed.
          const last = failures.at(-1);
          flight.push({ type: "restart", target: target.info, reason: last ? last.toJSON() : { errorClass: "server", message: "invalid output" } });
          progress.contentStreamed = false;
        }
        flight.push({ type: "attempt", target: target.info, attempt: attempts });
        emitter.emit("attempt", { requestId: flightId, target: target.info, attempt: attempts });
        const attemptStart = clock.now();
        const releaseBudget = estimateUsd > 0 ? budgets.reserve(functionId, estimateUsd) : undefined;
        let release: (() => void) | undefined;
        try {
          try {
            release = target.bulkhead.tryAcquire() ?? (await target.bulkhead.acquire(flight.signal));
          } catch (e) {
            if (e instanceof BulkheadFullError) {
              emitter.emit("target-skipped", { requestId: flightId, target: target.info, reason: "queue-full" });
              attempts--;
              break;
            }
            throw aborted();
          }
          const answer = await breakers.execute(target.info.key, () =>
            attempt(target, request, flight, deadlineAt, () => {
              progress.contentStreamed = true;
            }),
          );
          const object = validate(request, answer);
          const costUsd = actualCost(target, answer.finish.usage);
          record({ at: clock.now(), requestId: flightId, functionId, target: target.info.key, provider: target.provider.id, model: target.spec.model, usage: answer.finish.usage, costUsd, kind: "completion" });
          flight.push(answer.finish);
          const result: RouterResult = {
            requestId: flightId,
            text: answer.text,
            object,
            finishReason: answer.finish.finishReason,
            usage: answer.finish.usage,
            modelId: answer.finish.modelId,
            providerMetadata: answer.finish.providerMetadata,
            target: target.info,
            attempts,
            cached: false,
            deduped: false,
            costUsd,
            durationMs: clock.now() - started,
          };
          return { result, deltas: answer.deltas };
        } catch (e) {
          if (e instanceof RouterError) throw e;
          if (e instanceof BrokenCircuitError) {
            // The breaker opened between the check and the call.
            attempts--;
            emitter.emit("target-skipped", { requestId: flightId, target: target.info, reason: "breaker-open" });
            break;
          }
          if (e instanceof InvalidOutput) {
            invalid = e;
            emitter.emit("attempt-failed", { requestId: flightId, target: target.info, attempt: attempts, error: new ProviderError("bad-request", e.message, { target: target.info.key, afterContent: true }), durationMs: clock.now() - attemptStart });
            break;
          }
          const deadlineHit = e instanceof DeadlineHit;
          const pe = e instanceof DeadlineHit ? e.providerError : toProviderError(e, { target: target.info.key });
          failures.push(pe);
          record({ at: clock.now(), requestId: flightId, functionId, target: target.info.key, provider: target.provider.id, model: target.spec.model, usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 }, costUsd: 0, kind: "failed-attempt" });
          emitter.emit("attempt-failed", { requestId: flightId, target: target.info, attempt: attempts, error: pe, durationMs: clock.now() - attemptStart });
          if (pe.errorClass === "aborted" || isAborted()) throw aborted();
          if (deadlineHit) throw finalError("deadline", `request deadline of ${route.deadlineMs ?? chain.deadlineMs} ms passed`);
          if (pe.afterContent && chain.midStream === "fail") {
            throw new RouterError("incomplete", `the answer broke off after content had arrived (${pe.errorClass}: ${pe.message}); partial output is not a result`, { last: pe, failures, attempts });
          }
          const rule = policy[pe.errorClass];
          if (rule.action === "fail") throw new RouterError("fatal", `${pe.errorClass}: ${pe.message}`, { last: pe, failures, attempts });
          if (pe.errorClass === "context-window") minContext = target.spec.contextWindow ?? 0;
          // After content, never re-run the same target: restart on the next one.
          if (rule.action === "retry" && pe.retryable && !pe.afterContent && sameTargetRetries < (rule.maxRetries ?? 0)) {
            const delay = retryDelay(sameTargetRetries, pe.retryAfterMs, retry, random);
            if (delay !== undefined && clock.now() + delay < deadlineAt && breakers.canAttempt(target.info.key)) {
              sameTargetRetries++;
              emitter.emit("retry", { requestId: flightId, target: target.info, attempt: attempts, errorClass: pe.errorClass, delayMs: delay });
              try {
                await clock.sleep(delay, flight.signal);
              } catch {
                throw aborted();
              }
              continue;
            }
          }
          break;
        } finally {
          release?.();
          releaseBudget?.();
        }
      }
    }

    if (failures.length === 0 && invalid) throw new RouterError("invalid-output", invalid.message, { attempts });
    if (failures.length === 0 && refusal) throw new RouterError("budget", refusal.reason, { attempts });
    if (failures.length === 0 && attempts === 0) {
      throw new RouterError("exhausted", `no target of chain "${chain.name}" is available (breakers open or targets busy)`, { attempts });
    }
    throw finalError("exhausted", `every target of chain "${chain.name}" failed`);

    function finalError(code: "exhausted" | "deadline", message: string): RouterError {
      const last = failures.at(-1);
      if (last?.afterContent && code === "exhausted") {
        return new RouterError("incomplete", `${message}; the last answer broke off after content had arrived`, { last, failures, attempts });
      }
      const detail = last ? ` (last: ${last.errorClass}: ${last.message})` : "";
      return new RouterError(code, `${message}${detail}`, { ...(last ? { last } : {}), failures, attempts });
    }
  }

  function replayCached(requestId: string, hit: CachedAnswer, started: number): { parts: RouterStreamPart[]; result: RouterResult } {
    const parts: RouterStreamPart[] = [{ type: "response-metadata", modelId: hit.modelId }];
    for (const delta of hit.deltas) parts.push({ type: "text-delta", delta });
    parts.push({
      type: "finish",
      finishReason: hit.finishReason,
      usage: hit.usage,
      modelId: hit.modelId,
      ...(hit.providerMetadata ? { providerMetadata: hit.providerMetadata } : {}),
    });
    const result: RouterResult = {
      requestId,
      text: hit.text,
      object: hit.object,
      finishReason: hit.finishReason,
      usage: hit.usage,
      modelId: hit.modelId,
      providerMetadata: hit.providerMetadata,
      target: hit.target,
      attempts: 0,
      cached: true,
      deduped: false,
      costUsd: 0,
      durationMs: clock.now() - started,
    };
    return { parts, result };
  }

  function failedStream<T>(requestId: string, error: Error): RouterStream<T> {
    const result = Promise.reject(error);
    result.catch(() => undefined);
    return {
      requestId,
      result,
      [Symbol.asyncIterator]: () => {
        let thrown = false;
        return {
          next: () => {
            if (thrown) return Promise.resolve({ done: true, value: undefined });
            thrown = true;
            return Promise.reject(error);
          },
        };
      },
    };
  }

  function stream<T = unknown>(request: ModelRequest<T>, route: RouteOptions = {}): RouterStream<T> {
    const requestId = `${instanceTag}-${++seq}`;
    if (disposed) return failedStream(requestId, new RouterError("aborted", "the router was disposed"));
    const signal = route.signal ?? request.signal;
    if (signal?.aborted) return failedStream(requestId, new RouterError("aborted", "request aborted by the caller"));
    let resolved: { chain: Chain; functionId: string | undefined };
    try {
      resolved = chainFor(request, route);
    } catch (e) {
      return failedStream(requestId, e instanceof Error ? e : new Error(String(e)));
    }
    const { chain, functionId } = resolved;
    const useCache = cache !== undefined && route.cache !== false;
    const useDedup = route.dedup ?? dedupDefault;
    const identity = useCache || useDedup ? requestIdentity(request, chain.name, schemaJson) : undefined;
    const started = clock.now();

    if (useCache && identity !== undefined) {
      const hit = cache.get(identity);
      if (hit) {
        emitter.emit("cache-hit", { requestId, key: digest(identity) });
        const { parts, result } = replayCached(requestId, hit, started);
        emitter.emit("success", { requestId, result });
        const replay = new Flight(requestId);
        for (const p of parts) replay.push(p);
        replay.succeed(result);
        return {
          requestId,
          result: Promise.resolve(result as RouterResult<T>),
          [Symbol.asyncIterator]: () => replay.reader(signal),
        };
      }
    }

    let flight = useDedup && identity !== undefined ? flights.get(identity) : undefined;
    const deduped = flight !== undefined;
    if (flight) {
      emitter.emit("dedup", { requestId, key: digest(identity ?? ""), joined: flight.id });
    } else {
      const f = new Flight(requestId);
      flight = f;
      live.add(f);
      if (useDedup && identity !== undefined) flights.set(identity, f);
      void run(requestId, request, chain, functionId, f, route).then(
        ({ result, deltas }) => {
          if (identity !== undefined && flights.get(identity) === f) flights.delete(identity);
          live.delete(f);
          if (useCache && identity !== undefined && result.finishReason === "stop") {
            cache.set(identity, {
              deltas,
              text: result.text,
              object: result.object,
              finishReason: result.finishReason,
              usage: result.usage,
              modelId: result.modelId,
              providerMetadata: result.providerMetadata,
              target: result.target,
            });
          }
          f.succeed(result);
        },
        (e: unknown) => {
          if (identity !== undefined && flights.get(identity) === f) flights.delete(identity);
          live.delete(f);
          f.fail(e instanceof Error ? e : new Error(String(e)));
        },
      );
    }

    const f = flight;
    const leave = f.join();
    const settleOk = (r: RouterResult): RouterResult<T> => {
      const mine: RouterResult = deduped ? { ...r, requestId, deduped: true, costUsd: 0 } : r;
      emitter.emit("success", { requestId, result: mine });
      return mine as RouterResult<T>;
    };
    const failed = (e: unknown): Error => {
      const err = e instanceof Error ? e : new Error(String(e));
      emitter.emit("failure", { requestId, error: err });
      return err;
    };
    const settleErr = (e: unknown): never => {
      throw failed(e);
    };
    let result: Promise<RouterResult<T>>;
    if (!signal) {
      result = f.done.then(settleOk, settleErr);
    } else {
      // The caller's abort settles this caller at once, and leaves the flight
      // (which stops only when nobody else shares it).
      result = new Promise<RouterResult<T>>((resolve, reject) => {
        const onAbort = (): void => {
          leave();
          reject(new RouterError("aborted", "request aborted by the caller"));
        };
        signal.addEventListener("abort", onAbort, { once: true });
        f.done.then(
          (r) => {
            signal.removeEventListener("abort", onAbort);
            resolve(settleOk(r));
          },
          (e: unknown) => {
            signal.removeEventListener("abort", onAbort);
            reject(failed(e));
          },
        );
      });
    }
    result.catch(() => undefined);

    return {
      requestId,
      result,
      [Symbol.asyncIterator]: () => f.reader(signal),
    };
  }

  const breakerControl: BreakerControl = {
    state: (key) => breakers.state(key),
    snapshot: () => breakers.snapshot(),
    restore: (s) => {
      breakers.restore(s);
    },
    reset: (key) => {
      breakers.reset(key);
    },
  };

  const router: Router = {
    stream,
    complete: (request, route) => stream(request, route).result,
    batch: <T>(batch: BatchOptions<T>): Promise<BatchItemResult<T>[]> => runBatch(router, batch),
    estimate: (request, route = {}) => {
      const { chain } = chainFor(request, route);
      const target = chain.targets.find((t) => breakers.canAttempt(t.info.key)) ?? chain.targets[0];
      return target ? estimateFor(target, request) : undefined;
    },
    events: emitter,
    ledger,
    breakers: breakerControl,
    providers,
    clearCache: () => cache?.clear(),
    dispose: () => {
      disposed = true;
      for (const f of live) f.abort(new RouterError("aborted", "the router was disposed"));
      live.clear();
      flights.clear();
      cache?.clear();
      breakers.dispose();
      emitter.clear();
    },
  };
  return router;
}
