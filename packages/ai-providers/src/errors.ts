/** The closed set every provider failure is mapped into. */
export const ERROR_CLASSES = [
  "rate-limited",
  "overloaded",
  "server",
  "timeout",
  "connection",
  "context-window",
  "content-policy",
  "auth",
  "bad-request",
  "aborted",
] as const;

export type ErrorClass = (typeof ERROR_CLASSES)[number];

const CONTEXT_WINDOW = /context[ _-]?(length|window)|maximum context|too many tokens|prompt is too long/i;
const CONTENT_POLICY = /content[ _-]?(policy|filter|management)|safety system|flagged/i;

/**
 * Classifies an HTTP failure by status and body text. The body matters for
 * 400s, which providers use for both context-window and content-policy errors.
 */
export function classifyHttpFailure(status: number, body = ""): ErrorClass {
  if (status === 401 || status === 403) return "auth";
  if (status === 408) return "timeout";
  if (status === 429) return "rate-limited";
  if (status === 529 || (status === 503 && /overload/i.test(body))) return "overloaded";
  if (status >= 500) return "server";
  if (status === 400 || status === 413 || status === 422) {
    if (CONTEXT_WINDOW.test(body)) return "context-window";
    if (CONTENT_POLICY.test(body)) return "content-policy";
  }
  return "bad-request";
}

/** Classes the same target is never retried on. */
export const NEVER_RETRY_SAME_MODEL: ReadonlySet<ErrorClass> = new Set(["auth", "content-policy", "context-window", "bad-request", "aborted"]);

export interface ProviderErrorOptions {
  readonly status?: number;
  readonly retryAfterMs?: number;
  /** Which target failed: "providerId:model@baseURL". */
  readonly target?: string;
  /** Content had already been streamed when this failure happened. */
  readonly afterContent?: boolean;
  /** False when retrying the same target cannot help (e.g. connection refused: nothing is listening). */
  readonly retryable?: boolean;
  readonly cause?: unknown;
}

/** A provider failure, classified into the closed set. Messages never carry API keys. */
export class ProviderError extends Error {
  override readonly name = "ProviderError";
  readonly errorClass: ErrorClass;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly target: string | undefined;
  readonly afterContent: boolean;
  readonly retryable: boolean;

  constructor(errorClass: ErrorClass, message: string, options: ProviderErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.errorClass = errorClass;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.target = options.target;
    this.afterContent = options.afterContent ?? false;
    this.retryable = options.retryable ?? true;
  }

  toJSON(): { errorClass: ErrorClass; message: string; status?: number; retryAfterMs?: number; target?: string } {
    return {
      errorClass: this.errorClass,
      message: this.message,
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
      ...(this.target === undefined ? {} : { target: this.target }),
    };
  }
}

/** Why the router gave up on a request (as opposed to one attempt failing). */
export type RouterErrorCode =
  /** Every target failed or was skipped (breaker open), or the attempt budget ran out. */
  | "exhausted"
  /** Content had arrived and the stream broke; the partial output is not a result. */
  | "incomplete"
  /** The request's total deadline passed. */
  | "deadline"
  /** A budget would be exceeded; nothing was sent. */
  | "budget"
  /** The caller aborted. */
  | "aborted"
  /** Structured output failed local validation on every target that answered. */
  | "invalid-output"
  /** A failure no other target would fix (a bad request): failed fast. */
  | "fatal"
  /** Misconfiguration: unknown chain, unknown provider, empty chain. */
  | "config";

export interface RouterErrorOptions {
  /** The last provider failure (or the one that decided the outcome). */
  readonly last?: ProviderError;
  /** Every attempt's failure, oldest first. */
  readonly failures?: readonly ProviderError[];
  readonly attempts?: number;
  readonly cause?: unknown;
}

/** The one error type router callers see. `errorClass` is the last provider failure's class, when there was one. */
export class RouterError extends Error {
  override readonly name = "RouterError";
  readonly code: RouterErrorCode;
  readonly errorClass: ErrorClass | undefined;
  readonly failures: readonly ProviderError[];
  readonly attempts: number;

  constructor(code: RouterErrorCode, message: string, options: RouterErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.errorClass = options.last?.errorClass;
    this.failures = options.failures ?? (options.last ? [options.last] : []);
    this.attempts = options.attempts ?? this.failures.length;
  }
}

export function isProviderError(e: unknown): e is ProviderError {
  return e instanceof ProviderError;
}

export function isRouterError(e: unknown): e is RouterError {
  return e instanceof RouterError;
}

/**
 * Parses Retry-After (delta-seconds or HTTP date) and the non-standard
 * retry-after-ms header. Returns undefined when absent or unparsable.
 */
export function parseRetryAfter(headers: { get(name: string): string | null } | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "") {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return n;
  }
  const ra = headers.get("retry-after");
  if (ra === null || ra.trim() === "") return undefined;
  const secs = Number(ra);
  if (Number.isFinite(secs)) return secs >= 0 ? secs * 1000 : undefined;
  const date = Date.parse(ra);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
