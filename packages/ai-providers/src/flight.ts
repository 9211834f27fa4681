import { RouterError } from "./errors.js";
import type { RouterResult, RouterStreamPart } from "./router-types.js";

/**
 * One execution of a request, shared by every caller that asked for the same
 * thing while it ran (in-flight de-duplication). Parts are logged so a late
 * joiner replays from the start; the run is aborted only when every
 * participant has left.
 */
export class Flight {
  readonly controller = new AbortController();
  readonly parts: RouterStreamPart[] = [];
  #wake: (() => void)[] = [];
  #participants = 0;
  #settled = false;
  #result: RouterResult | undefined;
  #error: Error | undefined;
  readonly done: Promise<RouterResult>;
  #resolve!: (r: RouterResult) => void;
  #reject!: (e: Error) => void;

  constructor() {
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

  push(part: RouterStreamPart): void {
    this.parts.push(part);
    this.#notify();
  }

  succeed(result: RouterResult): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#result = result;
    this.#resolve(result);
    this.#notify();
  }

  fail(error: Error): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#error = error;
    this.#reject(error);
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    if (wake.length === 0) return;
    this.#wake = [];
    for (const w of wake) w();
  }

  /** Registers a participant; returns `leave`, which aborts the run when the last one leaves early. */
  join(): () => void {
    this.#participants++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.#participants--;
      if (this.#participants === 0 && !this.#settled) {
        this.controller.abort(new RouterError("aborted", "request aborted by the caller"));
      }
    };
  }

  /** Parts from index `from`, waiting for more until the flight settles or `signal` aborts. */
  async *iterate(signal: AbortSignal | undefined): AsyncGenerator<RouterStreamPart> {
    let i = 0;
    for (;;) {
      while (i < this.parts.length) {
        const part = this.parts[i++];
        if (part) yield part;
      }
      if (this.#settled) {
        if (this.#error) throw this.#error;
        return;
      }
      if (signal?.aborted) throw new RouterError("aborted", "request aborted by the caller");
      await new Promise<void>((resolve) => {
        const onAbort = (): void => {
          resolve();
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        this.#wake.push(() => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        });
      });
    }
  }

  get result(): RouterResult | undefined {
    return this.#result;
  }
}
