import OpenAI from "openai";
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { CompletionUsage } from "openai/resources/completions";
import { defaultFetch, isLocalBaseURL, NO_TELEMETRY_HEADERS, withoutTelemetryHeaders } from "../transport.js";
import type { FinishReason, ModelProvider, ProviderCall, ProviderConfig, ProviderEnvironment, ProviderResult, StreamPart, Usage } from "../types.js";
import { schemaMemo } from "./shared.js";
import { assertStreamComplete, finishedBeforeAbort, toProviderError } from "./sdk-errors.js";

function finishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case "stop":
      return "stop";
    case "length":
      return "length";
    case "content_filter":
      return "content-filter";
    case "tool_calls":
    case "function_call":
      return "tool-calls";
    default:
      return "other";
  }
}

/** OpenAI's prompt_tokens already includes cached tokens, as our inputTokens does. */
function usageOf(u: CompletionUsage | null | undefined): Usage {
  const details = u?.prompt_tokens_details;
  return {
    inputTokens: u?.prompt_tokens ?? 0,
    outputTokens: u?.completion_tokens ?? 0,
    cacheReadTokens: details?.cached_tokens ?? 0,
    cacheWriteTokens: details?.cache_write_tokens ?? 0,
    reasoningTokens: u?.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}

/**
 * OpenAI Chat Completions through the official SDK. Kind "openai-compatible"
 * targets Ollama, LM Studio, OpenRouter or any base URL speaking the same API.
 */
export function createOpenAIProvider(config: ProviderConfig, env: ProviderEnvironment = {}): ModelProvider {
  const kind = config.kind === "openai-compatible" ? "openai-compatible" : "openai";
  if (kind === "openai-compatible" && !config.baseURL) {
    throw new Error('An "openai-compatible" provider needs a baseURL, e.g. "http://localhost:11434/v1" for Ollama.');
  }
  const baseURL = config.baseURL ?? "https://api.openai.com/v1";
  const client = new OpenAI({
    // Local servers ignore the key, but the SDK refuses to start without one.
    apiKey: config.apiKey ?? (kind === "openai-compatible" ? "not-needed" : ""),
    baseURL,
    maxRetries: 0,
    timeout: 10 * 60_000,
    fetch: withoutTelemetryHeaders(env.fetch ?? defaultFetch()),
    dangerouslyAllowBrowser: true,
    logLevel: "off",
    defaultHeaders: { ...NO_TELEMETRY_HEADERS, ...config.headers },
  });
  const id = config.id ?? kind;
  const jsonSchemaOf = schemaMemo();
  const target = (model: string): string => `${id}:${model}@${baseURL}`;

  function params(call: ProviderCall): Omit<ChatCompletionCreateParamsNonStreaming, "stream"> {
    const messages: ChatCompletionMessageParam[] = [];
    if (call.system !== undefined) messages.push({ role: "system", content: call.system });
    for (const m of call.messages) messages.push({ role: m.role, content: m.content });
    return {
      model: call.model,
      messages,
      ...(call.maxTokens === undefined
        ? {}
        : kind === "openai"
          ? { max_completion_tokens: call.maxTokens }
          : // Ollama and LM Studio read max_tokens, not its replacement.
            // eslint-disable-next-line @typescript-eslint/no-deprecated
            { max_tokens: call.maxTokens }),
      ...(call.temperature === undefined ? {} : { temperature: call.temperature }),
      ...(call.stopSequences === undefined ? {} : { stop: [...call.stopSequences] }),
      ...(call.output === undefined
        ? {}
        : {
            response_format: {
              type: "json_schema",
              json_schema: {
                name: call.output.name,
                schema: jsonSchemaOf(call.output.schema),
                ...(call.output.description === undefined ? {} : { description: call.output.description }),
              },
            },
          }),
    };
  }

  async function* stream(call: ProviderCall): AsyncGenerator<StreamPart> {
    const ctx = { target: target(call.model), signal: call.signal, afterContent: false };
    let chunks;
    try {
      // Resolves once the response headers are in (and the status checked).
      chunks = await client.chat.completions.create({ ...params(call), stream: true, stream_options: { include_usage: true } }, { signal: call.signal });
    } catch (e) {
      throw toProviderError(e, ctx);
    }
    yield { type: "response-metadata" };
    let usage: Usage | undefined;
    let modelId = call.model;
    let stop: FinishReason | undefined;
    const finish = (): StreamPart => {
      return { type: "finish", finishReason: stop ?? "other", usage: usage ?? usageOf(undefined), modelId };
    };
    try {
      for await (const chunk of chunks) {
        if (chunk.model) modelId = chunk.model;
        if (chunk.usage) usage = usageOf(chunk.usage);
        const choice = chunk.choices[0];
        // Local servers stream reasoning as reasoning_content (LM Studio, vLLM) or reasoning (Ollama).
        const delta: { content?: string | null; reasoning_content?: string | null; reasoning?: string | null } | undefined = choice?.delta;
        const reasoning = delta?.reasoning_content ?? delta?.reasoning;
        if (reasoning) yield { type: "reasoning-delta", delta: reasoning };
        if (delta?.content) {
          ctx.afterContent = true;
          yield { type: "text-delta", delta: delta.content };
        }
        if (choice?.finish_reason) stop = finishReason(choice.finish_reason);
      }
    } catch (e) {
      // A watchdog cutting a stream that already carried its finish reason leaves a complete answer.
      if (!finishedBeforeAbort(stop, call.signal)) throw toProviderError(e, ctx);
    }
    // Finish only once the body is fully read, so the connection goes back to
    // the pool before the caller's next request. A stream that carried its finish reason is complete even if [DONE] never came.
    assertStreamComplete(stop, ctx, "finish reason");
    yield finish();
  }

  async function generate(call: ProviderCall): Promise<ProviderResult> {
    const ctx = { target: target(call.model), signal: call.signal };
    try {
      const completion = await client.chat.completions.create({ ...params(call), stream: false }, { signal: call.signal });
      const choice = completion.choices[0];
      return {
        text: choice?.message.content ?? "",
        finishReason: finishReason(choice?.finish_reason),
        usage: usageOf(completion.usage),
        modelId: completion.model,
      };
    } catch (e) {
      throw toProviderError(e, ctx);
    }
  }

  return { kind, id, baseURL, local: config.local ?? isLocalBaseURL(baseURL), stream, generate };
}
