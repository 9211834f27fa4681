/**
 * Time is injected so tests, benchmarks and the plugin control it, and so a
 * disposed engine can prove it left no timer behind.
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => {
    globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>);
  },
};

/**
 * Wraps a clock so every pending timer is tracked and can be cancelled at
 * once; the engine owns one and clears it on dispose.
 */
export class TimerScope {
  readonly #clock: Clock;
  readonly #live = new Set<unknown>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  now(): number {
    return this.#clock.now();
  }

  set(fn: () => void, ms: number): unknown {
    const handle: unknown = this.#clock.setTimeout(() => {
      this.#live.delete(handle);
      fn();
    }, ms);
    this.#live.add(handle);
    return handle;
  }

  clear(handle: unknown): void {
    if (handle === undefined) return;
    this.#live.delete(handle);
    this.#clock.clearTimeout(handle);
  }

  /** Resolves after `ms`, or rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = () => {
        this.clear(h);
        reject(abortReason(signal));
      };
      const h = this.set(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  get size(): number {
    return this.#live.size;
  }

  clearAll(): void {
    for (const h of this.#live) this.#clock.clearTimeout(h);
    this.#live.clear();
  }
}

export function abortReason(signal: AbortSignal | undefined): Error {
  const r: unknown = signal?.reason;
  if (r instanceof Error) return r;
  const e = new Error(typeof r === "string" ? r : "aborted");
  e.name = "AbortError";
  return e;
}

/** Day and month keys in UTC, used for budgets and metrics buckets. */
export function dayKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function monthKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}
