/**
 * The provider contract every model backend implements: Anthropic, OpenAI,
 * OpenAI-compatible servers and the offline engine. Modelled on vercel/ai's
 * LanguageModelV2 spec (stream parts, normalised usage, provider metadata),
 * trimmed to what Redline's editorial functions need.
 *
 * Stability: other packages code against this file. Change it additively only.
 */
import type { ZodType } from "zod";
import type { ErrorClass } from "./errors.js";

/** Which family of backend a provider is; also the key of {@link ProviderRegistry}. */
export type ProviderKind = "anthropic" | "openai" | "openai-compatible" | "offline";

export const PROVIDER_KINDS: readonly ProviderKind[] = ["anthropic", "openai", "openai-compatible", "offline"];

export interface ChatMessage {
  readonly role: "user" | "assistant";
  readonly content: string;
}

/**
 * The editorial task behind a request, in structured form, so a non-LLM
 * provider (the offline engine) can act on the raw text without parsing the
 * prompt. LLM providers ignore it; it also feeds the cache key.
 */
export interface EditorialTask {
  /** Editorial function id, e.g. "proofread". */
  readonly functionId: string;
  /** The raw text the function works on (usually one paragraph). */
  readonly text: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/**
 * Structured output: the model is asked for JSON matching `schema` (through
 * the provider's native JSON-schema mode where it has one) and the answer is
 * always validated locally with zod as well.
 */
export interface StructuredOutput<T = unknown> {
  /** Short identifier for the schema (used by providers that name schemas). */
  readonly name: string;
  readonly description?: string;
  readonly schema: ZodType<T>;
}

/** What a caller asks for. The router picks the model; `model` only pins one. */
export interface ModelRequest<T = unknown> {
  readonly messages: readonly ChatMessage[];
  readonly system?: string;
  /** Pin a model instead of using the chain's targets (rarely wanted). */
  readonly model?: string;
  readonly temperature?: number;
  readonly maxTokens?: number;
  readonly stopSequences?: readonly string[];
  readonly output?: StructuredOutput<T>;
  readonly task?: EditorialTask;
  readonly signal?: AbortSignal;
}

/** What a provider receives: the request with the target's model resolved and a signal that is always present. */
export interface ProviderCall<T = unknown> extends Omit<ModelRequest<T>, "signal" | "model"> {
  readonly model: string;
  readonly signal: AbortSignal;
}

export type FinishReason = "stop" | "length" | "content-filter" | "tool-calls" | "error" | "other";

/** Normalised token usage. Unreported counts are 0. */
export interface Usage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Prompt tokens served from the provider's prompt cache (billed at the cache-read rate). */
  readonly cacheReadTokens: number;
  /** Prompt tokens written to the provider's prompt cache (billed at the cache-write rate). */
  readonly cacheWriteTokens: number;
  /** Output tokens spent on hidden reasoning (already included in outputTokens). */
  readonly reasoningTokens: number;
}

export const EMPTY_USAGE: Usage = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
});

/** A finding of the offline engine: a replacement of [from, to) in `task.text`. */
export interface OfflineFinding {
  readonly from: number;
  readonly to: number;
  readonly replacement: string;
  readonly category: string;
  readonly ruleId: string;
  readonly message: string;
}

/** Provider-specific data riding on a finish part. */
export interface ProviderMetadata {
  /** Set by the offline engine: its findings on `task.text`. */
  readonly findings?: readonly OfflineFinding[];
  readonly [key: string]: unknown;
}

/**
 * Stream parts, in order: one `response-metadata` as soon as the response
 * headers arrive (before any content: the router's header watchdog keys on
 * it), any number of deltas, then exactly one `finish` (or an `error`).
 * A stream that ends without `finish` is truncated, never a success.
 */
export type StreamPart =
  | { readonly type: "response-metadata"; readonly id?: string; readonly modelId?: string }
  | { readonly type: "text-delta"; readonly delta: string }
  | { readonly type: "reasoning-delta"; readonly delta: string }
  | {
      readonly type: "finish";
      readonly finishReason: FinishReason;
      readonly usage: Usage;
      /** The model that actually answered (may differ from the one asked for, e.g. an alias). */
      readonly modelId: string;
      readonly providerMetadata?: ProviderMetadata;
    }
  | { readonly type: "error"; readonly error: ProviderErrorInfo };

/** The serialisable shape of a classified provider failure (see ProviderError in errors.ts). */
export interface ProviderErrorInfo {
  readonly errorClass: ErrorClass;
  readonly message: string;
  readonly status?: number;
  /** Milliseconds the server asked us to wait (Retry-After / retry-after-ms). */
  readonly retryAfterMs?: number;
}

/** A non-streaming answer from a provider. */
export interface ProviderResult {
  readonly text: string;
  readonly finishReason: FinishReason;
  readonly usage: Usage;
  readonly modelId: string;
  readonly providerMetadata?: ProviderMetadata;
}

/**
 * A model backend. `stream` must throw (or yield an `error` part) with a
 * classified ProviderError; it must not retry on its own: the router owns
 * retries. It must honour `call.signal`.
 */
export interface ModelProvider {
  readonly kind: ProviderKind;
  /** Instance id, unique within a router, e.g. "anthropic", "ollama". */
  readonly id: string;
  /** Part of a target's breaker identity; "" for in-process providers. */
  readonly baseURL: string;
  /** Local providers cost $0 and are exempt from budgets. */
  readonly local: boolean;
  stream(call: ProviderCall): AsyncIterable<StreamPart>;
  generate(call: ProviderCall): Promise<ProviderResult>;
  /**
   * Releases what the provider holds beyond plain objects (the offline
   * engine: its worker and Harper's WASM memory). Whoever created the
   * provider from a config calls it when done; never mid-call.
   */
  dispose?(): Promise<void>;
}

/** A WHATWG-compatible fetch: the Obsidian adapter may pass one backed by requestUrl. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Configuration for one provider instance; what settings persist (never the key itself in logs). */
export interface ProviderConfig {
  readonly kind: ProviderKind;
  /** Defaults to the kind. */
  readonly id?: string;
  readonly apiKey?: string;
  readonly baseURL?: string;
  /** Extra headers sent with every request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Treat as local ($0, no budget). Defaults: true for offline and for localhost base URLs. */
  readonly local?: boolean;
  /** Kind-specific options (e.g. the offline engine's settings). */
  readonly options?: Readonly<Record<string, unknown>>;
}

/** What a factory receives from the host besides its config. */
export interface ProviderEnvironment {
  readonly fetch?: FetchLike;
}

export type ProviderFactory = (config: ProviderConfig, env: ProviderEnvironment) => ModelProvider;
