/**
 * The offline provider: the same ModelProvider contract as the model
 * backends, answering the structured `task` of a request with the offline
 * engine. It streams the rewritten text and reports its findings as provider
 * metadata on the finish part.
 */
import { ProviderError } from "../errors.js";
import type { ProviderRegistry } from "../registry.js";
import type { ModelProvider, ProviderCall, ProviderConfig, ProviderFactory, ProviderResult, StreamPart, EditorialTask } from "../types.js";
import { EMPTY_USAGE } from "../types.js";
import { parseDialect, type OfflineDialect } from "./dialects.js";
import { OfflineEngine, type EngineCallOptions, type OfflineEngineOptions } from "./engine.js";
import type { EngineResult } from "./findings.js";
import type { ProtectedKind, ProtectedSpan } from "./protected-spans.js";
import { ruleWeightsFrom, type RuleDecisionStats, type RuleWeightFn } from "./rule-weights.js";

/** The editorial functions the offline engine can perform. */
export const OFFLINE_FUNCTIONS = ["proofread", "tighten"] as const;
export type OfflineFunction = (typeof OFFLINE_FUNCTIONS)[number];

export const OFFLINE_MODEL_ID = "redline-offline";

export interface OfflineProviderOptions extends OfflineEngineOptions {
  /** Instance id; defaults to "offline". */
  readonly id?: string;
  /** Share one engine between providers (e.g. the playground and the plugin's preview). */
  readonly engine?: OfflineEngine;
}

/** What `providerMetadata.offline` carries besides `findings`. */
export interface OfflineRunInfo {
  readonly functionId: OfflineFunction;
  readonly dialect: string;
  readonly stats: EngineResult["stats"];
}

export function createOfflineProvider(options: OfflineProviderOptions = {}): ModelProvider & { readonly engine: OfflineEngine } {
  const engine = options.engine ?? new OfflineEngine(options);
  const id = options.id ?? "offline";

  async function* stream(call: ProviderCall): AsyncGenerator<StreamPart> {
    const task = requireTask(call.task);
    const fn = offlineFunctionOf(task.functionId);
    if (call.signal.aborted) throw new ProviderError("aborted", "The request was aborted before the offline engine started.", { target: id });
    const modelId = call.model || OFFLINE_MODEL_ID;
    yield { type: "response-metadata", modelId };
    const ruleWeight = ruleWeightParam(task.params);
    const callOptions = { ...callOptionsFrom(task, call.signal, engine.dialect), ...(ruleWeight ? { ruleWeight } : {}) };
    let result: EngineResult;
    try {
      result = fn === "proofread" ? await engine.proofread(task.text, callOptions) : await engine.tighten(task.text, callOptions);
    } catch (error) {
      throw classify(error, id, call.signal);
    }
    for (const chunk of paragraphChunks(result.text)) yield { type: "text-delta", delta: chunk };
    const info: OfflineRunInfo = { functionId: fn, dialect: callOptions.dialect, stats: result.stats };
    yield {
      type: "finish",
      finishReason: "stop",
      usage: EMPTY_USAGE,
      modelId,
      providerMetadata: { findings: result.findings, held: result.held, hints: result.hints, offline: info },
    };
  }

  return {
    kind: "offline",
    id,
    baseURL: "",
    local: true,
    engine,
    stream,
    // An engine passed in is shared, and its owner disposes it.
    dispose: () => (options.engine ? Promise.resolve() : engine.dispose()),
    async generate(call: ProviderCall): Promise<ProviderResult> {
      let text = "";
      for await (const part of stream(call)) {
        if (part.type === "text-delta") text += part.delta;
        else if (part.type === "finish") {
          return { text, finishReason: part.finishReason, usage: part.usage, modelId: part.modelId, ...(part.providerMetadata ? { providerMetadata: part.providerMetadata } : {}) };
        }
      }
      throw new ProviderError("server", "The offline engine ended without a finish part.", { target: id });
    },
  };
}

/**
 * The factory for the "offline" slot. `config.options` may carry
 * { dialect, applyThreshold, words, binaryUrl, runtime }; `defaults` carries
 * what only code can supply (the learner's rule-weight function, a custom
 * Harper loader).
 */
export function offlineProviderFactory(defaults: OfflineEngineOptions = {}): ProviderFactory {
  return (config: ProviderConfig) => {
    const o = config.options ?? {};
    const binaryUrl = typeof o["binaryUrl"] === "string" ? o["binaryUrl"] : undefined;
    const runtime = o["runtime"] === "worker" || o["runtime"] === "in-process" || o["runtime"] === "auto" ? o["runtime"] : undefined;
    return createOfflineProvider({
      ...defaults,
      ...(config.id ? { id: config.id } : {}),
      ...(o["dialect"] !== undefined ? { dialect: parseDialect(o["dialect"]) } : {}),
      ...(typeof o["applyThreshold"] === "number" ? { applyThreshold: o["applyThreshold"] } : {}),
      ...(Array.isArray(o["words"]) ? { words: o["words"].filter((w): w is string => typeof w === "string") } : {}),
      ...(binaryUrl ? { binary: { url: binaryUrl } } : {}),
      ...(runtime ? { runtime } : {}),
    });
  };
}

/** Registers the offline engine in a registry's "offline" slot. */
export function registerOfflineProvider(registry: ProviderRegistry, defaults: OfflineEngineOptions = {}): ProviderRegistry {
  return registry.register("offline", offlineProviderFactory(defaults));
}

function requireTask(task: EditorialTask | undefined): EditorialTask {
  if (!task) {
    throw new ProviderError("bad-request", "The offline engine only answers structured editorial tasks (request.task with functionId and text); it cannot follow a free-form prompt. Configure a model provider for this function.");
  }
  if (typeof task.text !== "string") throw new ProviderError("bad-request", "request.task.text must be a string.");
  return task;
}

/** Accepts plain ids and namespaced ones ("builtin:proofread", "redline/tighten"). */
export function offlineFunctionOf(functionId: string): OfflineFunction {
  const base = functionId.split(/[:/]/u).pop()?.toLowerCase() ?? "";
  if ((OFFLINE_FUNCTIONS as readonly string[]).includes(base)) return base as OfflineFunction;
  throw new ProviderError("bad-request", `The offline engine can proofread and tighten, not "${functionId}". Configure a model provider (Anthropic, OpenAI or a local server) for this function.`);
}

export function supportsOfflineFunction(functionId: string): boolean {
  const base = functionId.split(/[:/]/u).pop()?.toLowerCase() ?? "";
  return (OFFLINE_FUNCTIONS as readonly string[]).includes(base);
}

const PROTECTED_KINDS: ReadonlySet<string> = new Set<ProtectedKind>(["frontmatter", "code-block", "math-block", "comment", "inline-code", "math", "wikilink", "link-url", "url", "html", "tag", "footnote", "block-id"]);

function callOptionsFrom(task: EditorialTask, signal: AbortSignal, fallback: OfflineDialect): EngineCallOptions & { readonly dialect: OfflineDialect } {
  const p = task.params ?? {};
  let dialect: OfflineDialect;
  try {
    dialect = parseDialect(p["dialect"], fallback);
  } catch (error) {
    throw new ProviderError("bad-request", error instanceof Error ? error.message : String(error));
  }
  const spans = p["protectedSpans"];
  const protectedSpans = Array.isArray(spans) ? spans.flatMap((s) => toSpan(s, task.text.length)) : undefined;
  return { dialect, signal, ...(protectedSpans ? { protectedSpans: protectedSpans.sort((a, b) => a.from - b.from) } : {}) };
}

function toSpan(value: unknown, length: number): ProtectedSpan[] {
  if (typeof value !== "object" || value === null) return [];
  const { from, to, kind } = value as { from?: unknown; to?: unknown; kind?: unknown };
  if (typeof from !== "number" || typeof to !== "number" || from < 0 || to > length || to < from) {
    throw new ProviderError("bad-request", `task.params.protectedSpans has an invalid span ${JSON.stringify(value)} for a text of length ${length}.`);
  }
  return [{ from, to, kind: typeof kind === "string" && PROTECTED_KINDS.has(kind) ? (kind as ProtectedKind) : "inline-code" }];
}

/** `task.params.ruleWeights`: the learner's per-rule table (weights or decision counts) for this call. */
function ruleWeightParam(params: EditorialTask["params"]): RuleWeightFn | undefined {
  const table = params?.["ruleWeights"];
  if (typeof table !== "object" || table === null) return undefined;
  const clean: Record<string, number | RuleDecisionStats> = {};
  for (const [key, v] of Object.entries(table as Record<string, unknown>)) {
    if (typeof v === "number") clean[key] = v;
    else if (typeof v === "object" && v !== null && typeof (v as RuleDecisionStats).accepted === "number" && typeof (v as RuleDecisionStats).rejected === "number") clean[key] = v as RuleDecisionStats;
  }
  return ruleWeightsFrom(clean);
}

/** Paragraphs with their separators, so a consumer can render as they arrive and the concatenation is exact. */
function paragraphChunks(text: string): string[] {
  if (text === "") return [];
  return text.split(/(?<=\n[ \t]*\n)(?=[^\n])/u);
}

function classify(error: unknown, target: string, signal: AbortSignal): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signal.aborted) return new ProviderError("aborted", "The offline engine was aborted.", { target, cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError("server", `The offline engine failed: ${message}`, { target, cause: error });
}
