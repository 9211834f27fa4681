import * as AnthropicErrors from "@anthropic-ai/sdk";
import * as OpenAIErrors from "openai";
import { classifyHttpFailure, parseRetryAfter, ProviderError } from "../errors.js";
import type { ErrorClass } from "../errors.js";
import type { FinishReason } from "../types.js";
import { isWatchdogTimeout } from "../watchdog-timeout.js";

export interface ErrorContext {
  readonly target?: string;
  readonly signal?: AbortSignal;
  readonly afterContent?: boolean;
}

/** Error `type`s providers put inside a 200 stream or an error body. */
const IN_BAND: Readonly<Record<string, ErrorClass>> = {
  overloaded_error: "overloaded",
  rate_limit_error: "rate-limited",
  rate_limit_exceeded: "rate-limited",
  api_error: "server",
  server_error: "server",
  timeout_error: "timeout",
  authentication_error: "auth",
  permission_error: "auth",
  invalid_api_key: "auth",
  insufficient_quota: "rate-limited",
  context_length_exceeded: "context-window",
  content_filter: "content-policy",
};

function bodyText(body: unknown): string {
  if (typeof body === "string") return body;
  try {
    return body === undefined ? "" : JSON.stringify(body);
  } catch {
    return "";
  }
}

function inBandType(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const b = body as { type?: unknown; code?: unknown; error?: { type?: unknown; code?: unknown } };
  const candidates = [b.error?.type, b.error?.code, b.type, b.code];
  for (const c of candidates) if (typeof c === "string" && c in IN_BAND) return c;
  return undefined;
}

function classifyInBand(body: unknown, message: string): ErrorClass {
  const type = inBandType(body);
  if (type) return IN_BAND[type] ?? "server";
  const text = `${bodyText(body)} ${message}`;
  if (/overload/i.test(text)) return "overloaded";
  if (/rate.?limit/i.test(text)) return "rate-limited";
  const asBadRequest = classifyHttpFailure(400, text);
  // An unexplained error event mid-stream is the server's fault, not ours.
  return asBadRequest === "bad-request" ? "server" : asBadRequest;
}

type SdkApiError = AnthropicErrors.APIError | OpenAIErrors.APIError;

function isSdkApiError(e: unknown): e is SdkApiError {
  return e instanceof AnthropicErrors.APIError || e instanceof OpenAIErrors.APIError;
}

/** The first `code` (e.g. ECONNREFUSED) along an error's cause chain. */
function causeCode(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur instanceof Error && depth < 5; cur = cur.cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z]+$/.test(code)) return code;
  }
  return undefined;
}

/** Strips anything that looks like a credential from a message before it leaves the provider. */
export function redact(message: string): string {
  return message.replace(/\b(sk-[A-Za-z0-9_-]{6,}|sk-ant-[A-Za-z0-9_-]{6,}|Bearer\s+[A-Za-z0-9._-]{6,})/g, "[redacted]");
}

/**
 * Maps anything an SDK call can throw into the closed error set. The abort
 * reason decides between "aborted" (the caller) and "timeout" (a watchdog).
 */
export function toProviderError(e: unknown, ctx: ErrorContext = {}): ProviderError {
  if (e instanceof ProviderError) return e;
  const base = { target: ctx.target, afterContent: ctx.afterContent ?? false, cause: e };
  const signal = ctx.signal;
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    if (isWatchdogTimeout(reason)) return new ProviderError("timeout", reason.message, base);
    return new ProviderError("aborted", "request aborted", base);
  }
  if (isWatchdogTimeout(e)) return new ProviderError("timeout", e.message, base);
  if (e instanceof AnthropicErrors.APIUserAbortError || e instanceof OpenAIErrors.APIUserAbortError) {
    return new ProviderError("aborted", "request aborted", base);
  }
  if (e instanceof AnthropicErrors.APIConnectionTimeoutError || e instanceof OpenAIErrors.APIConnectionTimeoutError) {
    return new ProviderError("timeout", "connection timed out", base);
  }
  if (e instanceof AnthropicErrors.APIConnectionError || e instanceof OpenAIErrors.APIConnectionError) {
    if (causeCode(e) === "ECONNREFUSED") {
      return new ProviderError("connection", "connection refused: nothing is listening at the provider's address", { ...base, retryable: false });
    }
    const cause = e.cause instanceof Error ? `: ${e.cause.message}` : "";
    return new ProviderError("connection", redact(`connection failed${cause}`), base);
  }
  if (isSdkApiError(e)) {
    const message = redact(e.message);
    const retryAfterMs = parseRetryAfter(e.headers ?? undefined);
    const opts = { ...base, ...(e.status === undefined ? {} : { status: e.status }), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
    if (e.status === undefined) return new ProviderError(classifyInBand(e.error, e.message), message, opts);
    let cls = classifyHttpFailure(e.status, `${bodyText(e.error)} ${e.message}`);
    const inBand = inBandType(e.error);
    if (cls === "server" && inBand !== undefined && IN_BAND[inBand] === "overloaded") cls = "overloaded";
    return new ProviderError(cls, message, opts);
  }
  if (e instanceof SyntaxError) {
    return new ProviderError("server", `malformed stream chunk: ${e.message}`, base);
  }
  if (e instanceof Error) {
    // undici: "terminated" (socket closed mid-body), "fetch failed", ECONNRESET/ECONNREFUSED.
    const text = `${e.name} ${e.message} ${e.cause instanceof Error ? e.cause.message : ""}`;
    if (e.name === "AbortError") return new ProviderError("aborted", "request aborted", base);
    if (/terminated|fetch failed|ECONN|socket|network|EPIPE|other side closed/i.test(text)) {
      return new ProviderError("connection", redact(`connection failed: ${e.message}`), base);
    }
    return new ProviderError("server", redact(e.message), base);
  }
  return new ProviderError("server", "unknown provider failure", base);
}

/**
 * The one rule for whether a provider stream ended complete, shared by every
 * SDK provider. A watchdog that cut the stream after its finish reason arrived
 * leaves a complete answer; any other abort is an error; a stream that ended
 * quietly without its finish reason was truncated, never a success.
 */
export function finishedBeforeAbort(stop: FinishReason | undefined, signal: AbortSignal): boolean {
  return stop !== undefined && signal.aborted && isWatchdogTimeout(signal.reason);
}

/** Throws the typed error for a stream that did not end complete (see finishedBeforeAbort). */
export function assertStreamComplete(stop: FinishReason | undefined, ctx: ErrorContext & { readonly signal: AbortSignal }, terminal: string): asserts stop is FinishReason {
  if (ctx.signal.aborted && !finishedBeforeAbort(stop, ctx.signal)) throw toProviderError(ctx.signal.reason, ctx);
  if (stop === undefined) throw new ProviderError("connection", `stream ended before its ${terminal} (truncated)`, { target: ctx.target, afterContent: ctx.afterContent ?? false });
}

