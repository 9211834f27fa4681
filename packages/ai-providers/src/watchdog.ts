import type { WatchdogTimeouts } from "./router-types.js";
import { WatchdogTimeout } from "./watchdog-timeout.js";
import type { WatchdogKind } from "./watchdog-timeout.js";

/**
 * The watchdogs of one attempt: time to headers, then to the first token,
 * then the longest silence between chunks, all under the request deadline.
 * One timer, re-armed lazily: progress only moves a timestamp, so a fast
 * stream costs no timer churn. When a limit passes it aborts the attempt's
 * controller with a WatchdogTimeout naming the phase.
 */
export class Watchdog {
  #phase: WatchdogKind = "headers";
  #limit: number;
  #last: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #timeouts: WatchdogTimeouts;
  readonly #deadlineAt: number;
  readonly #controller: AbortController;
  readonly #now: () => number;
  readonly #onTimer: () => void;

  constructor(timeouts: WatchdogTimeouts, deadlineAt: number, controller: AbortController, now: () => number) {
    this.#timeouts = timeouts;
    this.#deadlineAt = deadlineAt;
    this.#controller = controller;
    this.#now = now;
    this.#limit = timeouts.headersMs;
    this.#last = now();
    this.#onTimer = () => {
      this.#arm();
    };
    this.#arm();
  }

  get phase(): WatchdogKind {
    return this.#phase;
  }

  /** Response headers arrived: now waiting for the first token. */
  headers(): void {
    if (this.#phase !== "headers") return;
    this.#phase = "first-token";
    this.#limit = this.#timeouts.firstTokenMs;
    this.#last = this.#now();
  }

  /** A chunk arrived. */
  progress(): void {
    if (this.#phase !== "idle") {
      this.#phase = "idle";
      this.#limit = this.#timeouts.idleMs;
    }
    this.#last = this.#now();
  }

  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(): void {
    this.#timer = undefined;
    if (this.#controller.signal.aborted) return;
    const now = this.#now();
    const untilDeadline = this.#deadlineAt - now;
    const untilPhase = this.#limit > 0 ? this.#last + this.#limit - now : Number.POSITIVE_INFINITY;
    const wait = Math.min(untilDeadline, untilPhase);
    if (wait <= 0) {
      this.#controller.abort(untilDeadline <= 0 ? new WatchdogTimeout("deadline", Math.round(now - this.#last)) : new WatchdogTimeout(this.#phase, this.#limit));
      return;
    }
    if (Number.isFinite(wait)) this.#timer = setTimeout(this.#onTimer, wait);
  }
}
