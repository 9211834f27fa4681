import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen } from "cockatiel";
import type { CircuitBreakerPolicy } from "cockatiel";
import type { BreakerOptions, BreakerSnapshot, BreakerState, BreakerStorage } from "./router-types.js";

export const DEFAULT_BREAKER: BreakerOptions = { failureThreshold: 3, halfOpenAfterMs: 30_000 };

export { BrokenCircuitError };

function toState(s: CircuitState): BreakerState {
  switch (s) {
    case CircuitState.Open:
    case CircuitState.Isolated:
      return "open";
    case CircuitState.HalfOpen:
      return "half-open";
    default:
      return "closed";
  }
}

type SnapshotEntry = BreakerSnapshot["targets"][string];

interface CockatielJson {
  ownState: { value: CircuitState; openedAt?: number; attemptNo?: number };
  breakerState: unknown;
}

/**
 * One cockatiel circuit breaker per target (provider + model + base URL).
 * Open breakers are skipped; once `halfOpenAfterMs` has passed the next call
 * is the probe, and while it runs the target stays skipped for everyone else.
 * Every state change is emitted and saved, so a restart doesn't re-pay a
 * known outage.
 */
export class BreakerBoard {
  readonly #options: BreakerOptions;
  readonly #trips: (error: Error) => boolean;
  readonly #onChange: (target: string, from: BreakerState, to: BreakerState) => void;
  readonly #storage: BreakerStorage | undefined;
  readonly #policies = new Map<string, { policy: CircuitBreakerPolicy; state: BreakerState; dispose: () => void }>();
  #restored: BreakerSnapshot["targets"];

  constructor(
    options: BreakerOptions,
    trips: (error: Error) => boolean,
    onChange: (target: string, from: BreakerState, to: BreakerState) => void,
    storage?: BreakerStorage,
  ) {
    this.#options = options;
    this.#trips = trips;
    this.#onChange = onChange;
    this.#storage = storage;
    let loaded: BreakerSnapshot | undefined;
    try {
      loaded = storage?.load();
    } catch {
      loaded = undefined;
    }
    this.#restored = loaded?.version === 1 ? { ...loaded.targets } : {};
  }

  #entry(key: string): { policy: CircuitBreakerPolicy; state: BreakerState; dispose: () => void } {
    let entry = this.#policies.get(key);
    if (entry) return entry;
    const saved = this.#restored[key];
    const initialState = saved ? this.#toCockatiel(saved) : undefined;
    const policy = circuitBreaker(handleWhen(this.#trips), {
      halfOpenAfter: this.#options.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(this.#options.failureThreshold),
      ...(initialState ? { initialState } : {}),
    });
    const created: { policy: CircuitBreakerPolicy; state: BreakerState; dispose: () => void } = { policy, state: toState(policy.state), dispose: () => undefined };
    const sub = policy.onStateChange((s) => {
      const from = created.state;
      const to = toState(s);
      created.state = to;
      if (from !== to) {
        this.#onChange(key, from, to);
        this.#persist();
      }
    });
    created.dispose = () => {
      sub.dispose();
    };
    entry = created;
    this.#policies.set(key, entry);
    return entry;
  }

  #toCockatiel(saved: SnapshotEntry): CockatielJson {
    if (saved.state === "closed") return { ownState: { value: CircuitState.Closed }, breakerState: saved.failures };
    // Half-open at save time means a probe was in flight: probe again at once.
    return { ownState: { value: CircuitState.Open, openedAt: saved.state === "half-open" ? 0 : (saved.openedAt ?? 0), attemptNo: 1 }, breakerState: saved.failures };
  }

  state(key: string): BreakerState {
    const live = this.#policies.get(key);
    if (live) return live.state;
    return this.#restored[key]?.state ?? "closed";
  }

  /** False when the breaker is open and not yet due for a probe, or a probe is in flight. */
  canAttempt(key: string): boolean {
    const { policy, state } = this.#entry(key);
    if (state === "closed") return true;
    if (state === "half-open") return false;
    const own = (policy.toJSON() as CockatielJson).ownState;
    return Date.now() - (own.openedAt ?? 0) >= this.#options.halfOpenAfterMs;
  }

  execute<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.#entry(key).policy.execute(fn);
  }

  snapshot(): BreakerSnapshot {
    const targets: Record<string, SnapshotEntry> = { ...this.#restored };
    for (const [key, { policy, state }] of this.#policies) {
      const json = policy.toJSON() as CockatielJson;
      const failures = typeof json.breakerState === "number" ? json.breakerState : 0;
      targets[key] = state === "closed" ? { state, failures } : { state, failures, openedAt: json.ownState.openedAt ?? 0 };
    }
    return { version: 1, targets };
  }

  restore(snapshot: BreakerSnapshot): void {
    for (const e of this.#policies.values()) e.dispose();
    this.#policies.clear();
    this.#restored = { ...snapshot.targets };
  }

  reset(key?: string): void {
    const keys = key === undefined ? [...new Set([...this.#policies.keys(), ...Object.keys(this.#restored)])] : [key];
    for (const k of keys) {
      const from = this.state(k);
      this.#policies.get(k)?.dispose();
      this.#policies.delete(k);
      const { [k]: _dropped, ...rest } = this.#restored;
      this.#restored = rest;
      if (from !== "closed") this.#onChange(k, from, "closed");
    }
    this.#persist();
  }

  #persist(): void {
    if (!this.#storage) return;
    try {
      void Promise.resolve(this.#storage.save(this.snapshot())).catch(() => undefined);
    } catch {
      // Persistence is best effort: a failing store must not fail a request.
    }
  }

  dispose(): void {
    for (const e of this.#policies.values()) e.dispose();
  }
}
