import type { ErrorClass } from "./errors.js";
import type { ClassPolicy, PolicyTable, RetryOptions } from "./router-types.js";

/**
 * What the router does per failure class. Auth, content-policy and
 * context-window never retry the same model; a bad request fails fast (no
 * other target would take it either); the caller's abort ends everything.
 */
export const DEFAULT_POLICY: PolicyTable = {
  "rate-limited": { action: "retry", maxRetries: 2, tripsBreaker: true },
  overloaded: { action: "retry", maxRetries: 1, tripsBreaker: true },
  server: { action: "retry", maxRetries: 1, tripsBreaker: true },
  // A target that stalled once will likely stall again: move on.
  timeout: { action: "failover", tripsBreaker: true },
  connection: { action: "retry", maxRetries: 1, tripsBreaker: true },
  "context-window": { action: "failover", tripsBreaker: false },
  "content-policy": { action: "failover", tripsBreaker: false },
  // A bad key stays bad: open the breaker so later calls skip it until probed.
  auth: { action: "failover", tripsBreaker: true },
  "bad-request": { action: "fail", tripsBreaker: false },
  aborted: { action: "fail", tripsBreaker: false },
};

const NEVER_SAME_MODEL: ReadonlySet<ErrorClass> = new Set(["auth", "content-policy", "context-window", "aborted", "bad-request"]);

/** Merges overrides, keeping the rule that some classes never retry the same model. */
export function resolvePolicy(overrides: Partial<Record<ErrorClass, Partial<ClassPolicy>>> = {}): PolicyTable {
  const out = { ...DEFAULT_POLICY } as Record<ErrorClass, ClassPolicy>;
  for (const [cls, o] of Object.entries(overrides) as [ErrorClass, Partial<ClassPolicy>][]) {
    const merged = { ...DEFAULT_POLICY[cls], ...o };
    out[cls] = NEVER_SAME_MODEL.has(cls) && merged.action === "retry" ? { ...merged, action: "failover" } : merged;
  }
  return out;
}

export const DEFAULT_RETRY: RetryOptions = { baseDelayMs: 250, maxDelayMs: 4_000, retryAfterCapMs: 10_000 };

/**
 * Delay before retry number `retry` (0-based): Retry-After when the server
 * sent one (undefined if it is beyond the cap: fail over instead of waiting),
 * else exponential backoff with full jitter.
 */
export function retryDelay(retry: number, retryAfterMs: number | undefined, options: RetryOptions, random: () => number): number | undefined {
  if (retryAfterMs !== undefined) return retryAfterMs <= options.retryAfterCapMs ? retryAfterMs : undefined;
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}
