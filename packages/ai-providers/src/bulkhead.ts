import { abortReason } from "./clock.js";

/** Thrown when a target's queue is full; the router moves on to the next target. */
export class BulkheadFullError extends Error {
  override readonly name = "BulkheadFullError";
}

/**
 * A per-target concurrency limit with a bounded FIFO queue. Unlike
 * cockatiel's bulkhead, a queued caller that aborts leaves the queue at once.
 */
export class Bulkhead {
  readonly #max: number;
  readonly #maxQueue: number;
  #active = 0;
  readonly #queue: { resolve: () => void; reject: (e: unknown) => void; signal: AbortSignal | undefined; onAbort: () => void }[] = [];

  constructor(maxConcurrent: number, maxQueue: number) {
    this.#max = Math.max(1, maxConcurrent);
    this.#maxQueue = Math.max(0, maxQueue);
  }

  get active(): number {
    return this.#active;
  }

  get queued(): number {
    return this.#queue.length;
  }

  /** A release function if a slot is free right now (the common, synchronous path). */
  tryAcquire(): (() => void) | undefined {
    if (this.#active >= this.#max || this.#queue.length > 0) return undefined;
    this.#active++;
    return this.#releaser();
  }

  /** Resolves with a release function once a slot is free. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.#active < this.#max) {
      this.#active++;
      return Promise.resolve(this.#releaser());
    }
    if (this.#queue.length >= this.#maxQueue) {
      return Promise.reject(new BulkheadFullError(`target busy: ${this.#active} running, ${this.#queue.length} queued`));
    }
    return new Promise((resolve, reject) => {
      const entry = {
        resolve: () => {
          resolve(this.#releaser());
        },
        reject,
        signal,
        onAbort: () => {
          const i = this.#queue.indexOf(entry);
          if (i >= 0) this.#queue.splice(i, 1);
          reject(abortReason(signal as AbortSignal));
        },
      };
      signal?.addEventListener("abort", entry.onAbort, { once: true });
      this.#queue.push(entry);
    });
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#queue.shift();
      if (next) {
        // The slot passes straight to the next caller.
        next.signal?.removeEventListener("abort", next.onAbort);
        next.resolve();
      } else {
        this.#active--;
      }
    };
  }
}
