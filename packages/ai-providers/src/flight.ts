import { RouterError } from "./errors.js";
import type { RouterResult, RouterStreamPart } from "./router-types.js";

const callerAbort = (): RouterError => new RouterError("aborted", "request aborted by the caller");

/**
 * One execution of a request, shared by every caller that asked for the same
 * thing while it ran (in-flight de-duplication). Parts are logged so a late
 * joiner replays from the start; the run is aborted only when every
 * participant has left. Hot path: no per-part closures or AbortControllers.
 */
export class Flight {
  readonly id: string;
  readonly parts: RouterStreamPart[] = [];
  readonly done: Promise<RouterResult>;
  #readers = new Set<FlightReader>();
  #participants = 0;
  #settled = false;
  #error: Error | undefined;
  #abortReason: Error | undefined;
  #controller: AbortController | undefined;
  /** Controllers of running attempts, aborted with the flight. */
  readonly #attempts = new Set<AbortController>();
  #resolve!: (r: RouterResult) => void;
  #reject!: (e: Error) => void;

  constructor(id: string) {
    this.id = id;
    this.done = new Promise<RouterResult>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // Participants observe `done` through their own promises.
    this.done.catch(() => undefined);
  }

  get settled(): boolean {
    return this.#settled;
  }

  get aborted(): boolean {
    return this.#abortReason !== undefined;
  }

  get abortReason(): Error | undefined {
    return this.#abortReason;
  }

  /** A signal for the rare waits (queue, backoff); created on first use. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#abortReason) this.#controller.abort(this.#abortReason);
    }
    return this.#controller.signal;
  }

  abort(reason: Error): void {
    if (this.#abortReason || this.#settled) return;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
    for (const ac of this.#attempts) ac.abort(reason);
  }

  /** Links an attempt's controller to the flight until `untrack`. */
  track(ac: AbortController): void {
    if (this.#abortReason) ac.abort(this.#abortReason);
    else this.#attempts.add(ac);
  }

  untrack(ac: AbortController): void {
    this.#attempts.delete(ac);
  }

  push(part: RouterStreamPart): void {
    this.parts.push(part);
    for (const r of this.#readers) r.wake();
  }

  succeed(result: RouterResult): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#resolve(result);
    for (const r of this.#readers) r.wake();
  }

  fail(error: Error): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#error = error;
    this.#reject(error);
    for (const r of this.#readers) r.wake();
  }

  get error(): Error | undefined {
    return this.#error;
  }

  /** Registers a participant; returns `leave`, which aborts the run when the last one leaves early. */
  join(): () => void {
    this.#participants++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.#participants--;
      if (this.#participants === 0 && !this.#settled) this.abort(callerAbort());
    };
  }

  /** An iterator over all parts from the start, waiting for more until the flight settles or `signal` aborts. */
  reader(signal: AbortSignal | undefined): AsyncIterator<RouterStreamPart> {
    const reader = new FlightReader(this, signal);
    this.#readers.add(reader);
    return reader;
  }

  /** @internal */
  dropReader(reader: FlightReader): void {
    this.#readers.delete(reader);
  }
}

class FlightReader implements AsyncIterator<RouterStreamPart> {
  #index = 0;
  #pending: { resolve: (r: IteratorResult<RouterStreamPart>) => void; reject: (e: unknown) => void } | undefined;
  #finished = false;
  readonly #flight: Flight;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort: (() => void) | undefined;

  constructor(flight: Flight, signal: AbortSignal | undefined) {
    this.#flight = flight;
    this.#signal = signal;
    if (signal) {
      this.#onAbort = () => {
        this.wake();
      };
      signal.addEventListener("abort", this.#onAbort, { once: true });
    }
  }

  #step(): IteratorResult<RouterStreamPart> | Error | undefined {
    if (this.#finished) return { done: true, value: undefined };
    const part = this.#flight.parts[this.#index];
    if (part) {
      this.#index++;
      return { done: false, value: part };
    }
    if (this.#signal?.aborted) return this.#finish(callerAbort());
    if (this.#flight.settled) {
      const error = this.#flight.error;
      return error ? this.#finish(error) : this.#finish(undefined);
    }
    return undefined;
  }

  #finish(error: Error | undefined): IteratorResult<RouterStreamPart> | Error {
    this.#finished = true;
    this.#flight.dropReader(this);
    if (this.#onAbort) this.#signal?.removeEventListener("abort", this.#onAbort);
    return error ?? { done: true, value: undefined };
  }

  next(): Promise<IteratorResult<RouterStreamPart>> {
    const step = this.#step();
    if (step instanceof Error) return Promise.reject(step);
    if (step) return Promise.resolve(step);
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<RouterStreamPart>> {
    if (!this.#finished) this.#finish(undefined);
    return Promise.resolve({ done: true, value: undefined });
  }

  wake(): void {
    const pending = this.#pending;
    if (!pending) return;
    const step = this.#step();
    if (!step) return;
    this.#pending = undefined;
    if (step instanceof Error) pending.reject(step);
    else pending.resolve(step);
  }
}
