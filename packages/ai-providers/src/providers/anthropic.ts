import Anthropic from "@anthropic-ai/sdk";
import type { MessageCreateParamsStreaming, MessageCreateParamsNonStreaming, StopReason } from "@anthropic-ai/sdk/resources/messages/messages";
import { defaultFetch, isLocalBaseURL, NO_TELEMETRY_HEADERS, withoutTelemetryHeaders } from "../transport.js";
import type { FinishReason, ModelProvider, ProviderCall, ProviderConfig, ProviderEnvironment, ProviderResult, StreamPart, Usage } from "../types.js";
import { schemaMemo } from "./shared.js";
import { assertStreamComplete, finishedBeforeAbort, toProviderError } from "./sdk-errors.js";

const DEFAULT_MAX_TOKENS = 4096;

function finishReason(stop: StopReason | null | undefined): FinishReason {
  switch (stop) {
    case "end_turn":
    case "stop_sequence":
      return "stop";
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "refusal":
      return "content-filter";
    case "tool_use":
      return "tool-calls";
    default:
      return "other";
  }
}

interface AnthropicUsageLike {
  readonly input_tokens?: number | null;
  readonly output_tokens?: number | null;
  readonly cache_read_input_tokens?: number | null;
  readonly cache_creation_input_tokens?: number | null;
  readonly output_tokens_details?: { readonly thinking_tokens?: number | null } | null;
}

/** Anthropic's input_tokens excludes cache reads/writes; ours includes them (see Usage). */
function mergeUsage(prev: Usage, u: AnthropicUsageLike | null | undefined): Usage {
  if (!u) return prev;
  const cacheRead = u.cache_read_input_tokens ?? prev.cacheReadTokens;
  const cacheWrite = u.cache_creation_input_tokens ?? prev.cacheWriteTokens;
  const uncached = u.input_tokens ?? prev.inputTokens - prev.cacheReadTokens - prev.cacheWriteTokens;
  return {
    inputTokens: uncached + cacheRead + cacheWrite,
    outputTokens: u.output_tokens ?? prev.outputTokens,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: u.output_tokens_details?.thinking_tokens ?? prev.reasoningTokens,
  };
}

const ZERO: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };

/** Anthropic Messages API through the official SDK, retries off, telemetry headers stripped. */
export function createAnthropicProvider(config: ProviderConfig, env: ProviderEnvironment = {}): ModelProvider {
  const baseURL = config.baseURL ?? "https://api.anthropic.com";
  const client = new Anthropic({
    apiKey: config.apiKey ?? null,
    baseURL,
    maxRetries: 0,
    // The router's watchdogs and deadline bound every call; the SDK's own timeout is only a backstop.
    timeout: 10 * 60_000,
    fetch: withoutTelemetryHeaders(env.fetch ?? defaultFetch()),
    dangerouslyAllowBrowser: true,
    logLevel: "off",
    defaultHeaders: { ...NO_TELEMETRY_HEADERS, ...config.headers },
  });
  const id = config.id ?? "anthropic";
  const jsonSchemaOf = schemaMemo();
  const target = (model: string): string => `${id}:${model}@${baseURL}`;

  function params(call: ProviderCall): Omit<MessageCreateParamsNonStreaming, "stream"> {
    return {
      model: call.model,
      max_tokens: call.maxTokens ?? DEFAULT_MAX_TOKENS,
      messages: call.messages.map((m) => ({ role: m.role, content: m.content })),
      ...(call.system === undefined ? {} : { system: call.system }),
      ...(call.temperature === undefined ? {} : { temperature: call.temperature }),
      ...(call.stopSequences === undefined ? {} : { stop_sequences: [...call.stopSequences] }),
      ...(call.output === undefined ? {} : { output_config: { format: { type: "json_schema", schema: jsonSchemaOf(call.output.schema) } } }),
    };
  }

  async function* stream(call: ProviderCall): AsyncGenerator<StreamPart> {
    const ctx = { target: target(call.model), signal: call.signal, afterContent: false };
    let response;
    try {
      const body: MessageCreateParamsStreaming = { ...params(call), stream: true };
      response = await client.messages.create(body, { signal: call.signal }).withResponse();
    } catch (e) {
      throw toProviderError(e, ctx);
    }
    yield { type: "response-metadata", ...(response.request_id ? { id: response.request_id } : {}) };
    let usage = ZERO;
    let modelId = call.model;
    let stop: FinishReason | undefined;
    const finish = (): StreamPart => {
      return { type: "finish", finishReason: stop ?? "other", usage, modelId };
    };
    try {
      for await (const event of response.data) {
        switch (event.type) {
          case "message_start":
            modelId = event.message.model;
            usage = mergeUsage(usage, event.message.usage);
            break;
          case "content_block_delta":
            if (event.delta.type === "text_delta") {
              ctx.afterContent = true;
              yield { type: "text-delta", delta: event.delta.text };
            } else if (event.delta.type === "thinking_delta") {
              yield { type: "reasoning-delta", delta: event.delta.thinking };
            }
            break;
          case "message_delta":
            usage = mergeUsage(usage, event.usage);
            stop = finishReason(event.delta.stop_reason);
            break;
          case "message_stop":
            // Terminal event; the finish goes out once the body is fully read
            // (below), so the connection is reusable by the next request.
            stop ??= "other";
            break;
          default:
            break;
        }
      }
    } catch (e) {
      // A watchdog cutting a stream that already carried its finish reason leaves a complete answer.
      if (!finishedBeforeAbort(stop, call.signal)) throw toProviderError(e, ctx);
    }
    // The SDK ends iteration quietly on abort. A watchdog abort after the
    // stop reason arrived still leaves a complete answer.
    assertStreamComplete(stop, ctx, "terminal event");
    yield finish();
  }

  async function generate(call: ProviderCall): Promise<ProviderResult> {
    const ctx = { target: target(call.model), signal: call.signal };
    try {
      const message = await client.messages.create({ ...params(call), stream: false }, { signal: call.signal });
      const text = message.content.map((b) => (b.type === "text" ? b.text : "")).join("");
      return { text, finishReason: finishReason(message.stop_reason), usage: mergeUsage(ZERO, message.usage), modelId: message.model };
    } catch (e) {
      throw toProviderError(e, ctx);
    }
  }

  return { kind: "anthropic", id, baseURL, local: config.local ?? isLocalBaseURL(baseURL), stream, generate };
}
