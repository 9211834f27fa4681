/** Which watchdog fired. */
export type WatchdogKind = "headers" | "first-token" | "idle" | "deadline";

/**
 * The abort reason the router uses when a watchdog fires, so providers and
 * the classifier can tell a timeout from the caller cancelling.
 */
export class WatchdogTimeout extends Error {
  override readonly name = "WatchdogTimeout";
  readonly kind: WatchdogKind;
  readonly afterMs: number;

  constructor(kind: WatchdogKind, afterMs: number) {
    super(`${kind === "deadline" ? "request deadline" : `${kind} timeout`} after ${afterMs} ms`);
    this.kind = kind;
    this.afterMs = afterMs;
  }
}

export function isWatchdogTimeout(e: unknown): e is WatchdogTimeout {
  return e instanceof WatchdogTimeout;
}
