import { z } from "zod";
import type { EventBus } from "../bus.js";
import type { RunPriority } from "../types.js";
import { RUN_PRIORITIES } from "../types.js";
import { abortReason, dayKey, monthKey } from "../util/clock.js";
import type { TimerScope } from "../util/clock.js";

export interface BudgetLimit {
  readonly tokensPerDay?: number;
  readonly tokensPerMonth?: number;
  readonly usdPerDay?: number;
  readonly usdPerMonth?: number;
}

export interface BudgetConfig {
  readonly overall?: BudgetLimit;
  readonly perFunction?: Readonly<Record<string, BudgetLimit>>;
}

export interface PoolConfig {
  /** Starting concurrency. */
  readonly initial?: number;
  readonly min?: number;
  readonly max?: number;
}

export interface ResourceOptions {
  readonly bus: EventBus;
  readonly timers: TimerScope;
  readonly budgets?: BudgetConfig;
  /** Per provider id; `default` applies to providers not listed. */
  readonly pools?: Readonly<Record<string, PoolConfig>>;
  /** First rate-limit backoff when the server gives no Retry-After. */
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
}

export interface Spend {
  tokens: number;
  usd: number;
}

export interface PoolState {
  readonly provider: string;
  readonly limit: number;
  readonly running: number;
  readonly queued: Readonly<Record<RunPriority, number>>;
  readonly backoffUntil: number | undefined;
}

/** Everything the status bar and dashboard show about resources. */
export interface ResourceState {
  readonly queued: number;
  readonly running: number;
  readonly pools: readonly PoolState[];
  readonly today: Spend;
  readonly month: Spend;
  readonly perFunctionToday: Readonly<Record<string, Spend>>;
  readonly budgets: BudgetConfig;
}

export type Admission = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface LeaseOutcome {
  readonly ok: boolean;
  readonly latencyMs: number;
  /** "rate-limited" and "overloaded" halve concurrency and back off. */
  readonly errorClass?: string;
  readonly retryAfterMs?: number;
}

export interface Lease {
  release(outcome: LeaseOutcome): void;
}

interface Waiter {
  readonly priority: RunPriority;
  readonly resolve: (lease: Lease) => void;
  readonly reject: (err: Error) => void;
  readonly signal: AbortSignal | undefined;
  readonly pool: Pool;
}

interface Pool {
  readonly provider: string;
  readonly min: number;
  readonly max: number;
  limit: number;
  running: number;
  readonly queues: Record<RunPriority, Waiter[]>;
  backoffUntil: number | undefined;
  backoffStreak: number;
  backoffTimer: unknown;
  /** Consecutive healthy completions since the last change of `limit`. */
  healthy: number;
  /** EWMA of healthy latency, the baseline that "healthy" is judged against. */
  latencyEwma: number | undefined;
}

export const spendLedgerSchema = z.object({
  days: z.record(z.string(), z.record(z.string(), z.object({ tokens: z.number(), usd: z.number() }))),
});
export type SpendLedger = z.infer<typeof spendLedgerSchema>;

const OVERALL = "*";
const KEEP_DAYS = 70;

/**
 * Admission, queueing and spend. Budgets (tokens and dollars, per day and
 * month, per function and overall) are checked before a run starts; calls then
 * wait in a per-provider pool whose queue serves interactive work before
 * as-you-type before background. Pools grow by one after a run of healthy
 * calls and halve on 429/overload, backing off for Retry-After or an
 * exponential delay.
 */
export class ResourceManager {
  readonly #bus: EventBus;
  readonly #timers: TimerScope;
  #budgets: BudgetConfig;
  readonly #poolConfig: Readonly<Record<string, PoolConfig>>;
  readonly #pools = new Map<string, Pool>();
  readonly #backoffBase: number;
  readonly #backoffMax: number;
  /** day → functionId (or "*") → spend */
  #days = new Map<string, Map<string, Spend>>();
  #onChange: (() => void) | undefined;
  readonly #bySignal = new WeakMap<AbortSignal, Set<Waiter>>();
  #publishQueued = false;
  #disposed = false;

  constructor(options: ResourceOptions) {
    this.#bus = options.bus;
    this.#timers = options.timers;
    this.#budgets = options.budgets ?? {};
    this.#poolConfig = options.pools ?? {};
    this.#backoffBase = options.backoffBaseMs ?? 1000;
    this.#backoffMax = options.backoffMaxMs ?? 60_000;
  }

  /** Called after spend changes, so the engine can persist the ledger. */
  onSpendChange(fn: () => void): void {
    this.#onChange = fn;
  }

  setBudgets(budgets: BudgetConfig): void {
    this.#budgets = budgets;
    this.#publish();
  }

  get budgets(): BudgetConfig {
    return this.#budgets;
  }

  /**
   * Would a run costing about `estimate` fit every budget that applies? The
   * refusal names the budget, what was spent and what the run needs.
   */
  admit(functionId: string, functionName: string, estimate: Spend): Admission {
    const now = this.#timers.now();
    const checks: [string, BudgetLimit | undefined][] = [
      [OVERALL, this.#budgets.overall],
      [functionId, this.#budgets.perFunction?.[functionId]],
    ];
    for (const [key, limit] of checks) {
      if (!limit) continue;
      const who = key === OVERALL ? "Your overall" : `${functionName}'s`;
      const day = this.#spent(key, "day", now);
      const month = this.#spent(key, "month", now);
      const over = (spent: number, need: number, cap: number | undefined) => cap !== undefined && spent + need > cap;
      const tok = (n: number) => `${Math.round(n).toLocaleString("en-US")} tokens`;
      const usd = (n: number) => `$${n.toFixed(n < 1 ? 4 : 2)}`;
      if (over(day.tokens, estimate.tokens, limit.tokensPerDay))
        return refuse(`${who} daily budget of ${tok(limit.tokensPerDay ?? 0)} would be exceeded: ${tok(day.tokens)} spent today and this run needs about ${tok(estimate.tokens)}. Raise the budget in settings, narrow the scope, or wait until tomorrow (UTC).`);
      if (over(month.tokens, estimate.tokens, limit.tokensPerMonth))
        return refuse(`${who} monthly budget of ${tok(limit.tokensPerMonth ?? 0)} would be exceeded: ${tok(month.tokens)} spent this month and this run needs about ${tok(estimate.tokens)}. Raise the budget in settings or narrow the scope.`);
      if (over(day.usd, estimate.usd, limit.usdPerDay))
        return refuse(`${who} daily budget of ${usd(limit.usdPerDay ?? 0)} would be exceeded: ${usd(day.usd)} spent today and this run costs about ${usd(estimate.usd)}. Raise the budget in settings, use a cheaper model, or wait until tomorrow (UTC).`);
      if (over(month.usd, estimate.usd, limit.usdPerMonth))
        return refuse(`${who} monthly budget of ${usd(limit.usdPerMonth ?? 0)} would be exceeded: ${usd(month.usd)} spent this month and this run costs about ${usd(estimate.usd)}. Raise the budget in settings or use a cheaper model.`);
    }
    return { ok: true };
  }

  /** Records actual spend after a call. */
  recordSpend(functionId: string, spend: Spend, at = this.#timers.now()): void {
    if (spend.tokens === 0 && spend.usd === 0) return;
    const day = dayKey(at);
    let m = this.#days.get(day);
    if (!m) {
      m = new Map();
      this.#days.set(day, m);
      this.#trim(at);
    }
    for (const key of [OVERALL, functionId]) {
      const s = m.get(key) ?? { tokens: 0, usd: 0 };
      s.tokens += spend.tokens;
      s.usd += spend.usd;
      m.set(key, s);
    }
    this.#onChange?.();
    this.#publish();
  }

  #spent(key: string, period: "day" | "month", now: number): Spend {
    const total: Spend = { tokens: 0, usd: 0 };
    const today = dayKey(now);
    const month = monthKey(now);
    for (const [day, m] of this.#days) {
      if (period === "day" ? day !== today : !day.startsWith(month)) continue;
      const s = m.get(key);
      if (s) {
        total.tokens += s.tokens;
        total.usd += s.usd;
      }
    }
    return total;
  }

  #trim(now: number): void {
    const cutoff = dayKey(now - KEEP_DAYS * 86_400_000);
    for (const day of this.#days.keys()) if (day < cutoff) this.#days.delete(day);
  }

  /**
   * Waits for a slot in `provider`'s pool. Higher priorities are served
   * first; aborting the signal leaves the queue at once.
   */
  acquire(provider: string, priority: RunPriority, signal?: AbortSignal): Promise<Lease> {
    const pool = this.#pool(provider);
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<Lease>((resolve, reject) => {
      const waiter: Waiter = { priority, resolve, reject, signal, pool };
      if (signal) this.#watch(signal, waiter);
      pool.queues[priority].push(waiter);
      this.#dispatch(pool);
      this.#publish();
    });
  }

  /**
   * One abort listener per signal, however many of its calls are queued: a
   * 100-paragraph run must not hang 100 listeners on its signal.
   */
  #watch(signal: AbortSignal, waiter: Waiter): void {
    let set = this.#bySignal.get(signal);
    if (!set) {
      const waiters = new Set<Waiter>();
      set = waiters;
      this.#bySignal.set(signal, waiters);
      signal.addEventListener(
        "abort",
        () => {
          this.#bySignal.delete(signal);
          for (const w of waiters) {
            const q = w.pool.queues[w.priority];
            const i = q.indexOf(w);
            if (i >= 0) q.splice(i, 1);
            w.reject(abortReason(signal));
          }
          this.#publish();
        },
        { once: true },
      );
    }
    set.add(waiter);
  }

  #unwatch(w: Waiter): void {
    if (w.signal) this.#bySignal.get(w.signal)?.delete(w);
  }

  #pool(provider: string): Pool {
    let p = this.#pools.get(provider);
    if (!p) {
      const cfg = this.#poolConfig[provider] ?? this.#poolConfig.default ?? {};
      const min = Math.max(1, cfg.min ?? 1);
      const max = Math.max(min, cfg.max ?? 8);
      p = {
        provider,
        min,
        max,
        limit: Math.min(max, Math.max(min, cfg.initial ?? 4)),
        running: 0,
        queues: { interactive: [], "as-you-type": [], background: [] },
        backoffUntil: undefined,
        backoffStreak: 0,
        backoffTimer: undefined,
        healthy: 0,
        latencyEwma: undefined,
      };
      this.#pools.set(provider, p);
    }
    return p;
  }

  #dispatch(pool: Pool): void {
    const now = this.#timers.now();
    if (pool.backoffUntil !== undefined && now < pool.backoffUntil) {
      pool.backoffTimer ??= this.#timers.set(() => {
        pool.backoffTimer = undefined;
        this.#dispatch(pool);
      }, pool.backoffUntil - now);
      return;
    }
    pool.backoffUntil = undefined;
    while (pool.running < pool.limit) {
      const waiter = RUN_PRIORITIES.map((p) => pool.queues[p]).find((q) => q.length > 0)?.shift();
      if (!waiter) break;
      this.#unwatch(waiter);
      pool.running++;
      let released = false;
      waiter.resolve({
        release: (outcome) => {
          if (released) return;
          released = true;
          pool.running--;
          this.#adapt(pool, outcome);
          this.#dispatch(pool);
          this.#publish();
        },
      });
    }
  }

  /**
   * A provider signalled rate limiting or overload (e.g. the router retried
   * after a 429): back off and halve its pool, even if the call then succeeded.
   */
  throttle(provider: string, errorClass: "rate-limited" | "overloaded", retryAfterMs?: number): void {
    const pool = this.#pool(provider);
    this.#adapt(pool, { ok: false, latencyMs: 0, errorClass, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
    this.#publish();
  }

  #adapt(pool: Pool, o: LeaseOutcome): void {
    if (o.errorClass === "rate-limited" || o.errorClass === "overloaded") {
      pool.backoffStreak++;
      const exp = Math.min(this.#backoffMax, this.#backoffBase * 2 ** (pool.backoffStreak - 1));
      const wait = Math.min(this.#backoffMax, Math.max(o.retryAfterMs ?? 0, exp));
      pool.backoffUntil = this.#timers.now() + wait;
      this.#bus.emit("resources:backoff", { provider: pool.provider, untilMs: pool.backoffUntil, reason: o.errorClass });
      this.#setLimit(pool, Math.max(pool.min, Math.floor(pool.limit / 2)), `${o.errorClass}: halved`);
      return;
    }
    if (!o.ok) {
      pool.healthy = 0;
      return;
    }
    pool.backoffStreak = 0;
    const base = pool.latencyEwma;
    const healthyLatency = base === undefined || o.latencyMs <= base * 1.5;
    pool.latencyEwma = base === undefined ? o.latencyMs : base * 0.8 + o.latencyMs * 0.2;
    if (!healthyLatency) {
      pool.healthy = 0;
      return;
    }
    pool.healthy++;
    // Additive increase: one more slot after a full window of healthy calls.
    if (pool.healthy >= pool.limit && pool.limit < pool.max) this.#setLimit(pool, pool.limit + 1, "healthy latency and no errors: raised");
  }

  #setLimit(pool: Pool, limit: number, reason: string): void {
    pool.healthy = 0;
    if (limit === pool.limit) return;
    pool.limit = limit;
    this.#bus.emit("resources:concurrency", { provider: pool.provider, limit, reason });
  }

  state(): ResourceState {
    const now = this.#timers.now();
    const pools = [...this.#pools.values()].map((p): PoolState => ({
      provider: p.provider,
      limit: p.limit,
      running: p.running,
      queued: { interactive: p.queues.interactive.length, "as-you-type": p.queues["as-you-type"].length, background: p.queues.background.length },
      backoffUntil: p.backoffUntil,
    }));
    const perFunctionToday: Record<string, Spend> = {};
    for (const [key, s] of this.#days.get(dayKey(now)) ?? []) if (key !== OVERALL) perFunctionToday[key] = { ...s };
    return {
      queued: pools.reduce((n, p) => n + p.queued.interactive + p.queued["as-you-type"] + p.queued.background, 0),
      running: pools.reduce((n, p) => n + p.running, 0),
      pools,
      today: this.#spent(OVERALL, "day", now),
      month: this.#spent(OVERALL, "month", now),
      perFunctionToday,
      budgets: this.#budgets,
    };
  }

  /** Coalesced per tick: a 100-paragraph run changes the state hundreds of times. */
  #publish(): void {
    if (this.#publishQueued) return;
    this.#publishQueued = true;
    queueMicrotask(() => {
      this.#publishQueued = false;
      if (!this.#disposed) this.#bus.emit("resources:state", { state: this.state() });
    });
  }

  toJSON(): SpendLedger {
    const days: SpendLedger["days"] = {};
    for (const [day, m] of this.#days) days[day] = Object.fromEntries([...m].map(([k, s]) => [k, { ...s }]));
    return { days };
  }

  restore(ledger: SpendLedger): void {
    this.#days = new Map(Object.entries(ledger.days).map(([d, m]) => [d, new Map(Object.entries(m).map(([k, s]) => [k, { ...s }]))]));
  }

  reset(): void {
    this.#days.clear();
    this.#publish();
  }

  /** Rejects every queued waiter and stops backoff timers. */
  dispose(): void {
    this.#disposed = true;
    for (const pool of this.#pools.values()) {
      this.#timers.clear(pool.backoffTimer);
      for (const q of Object.values(pool.queues)) {
        for (const w of q.splice(0)) {
          this.#unwatch(w);
          w.reject(new Error("The engine was disposed."));
        }
      }
    }
    this.#pools.clear();
  }
}

function refuse(reason: string): Admission {
  return { ok: false, reason };
}
