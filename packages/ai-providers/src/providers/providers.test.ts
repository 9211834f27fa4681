import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ProviderError } from "../errors.js";
import { startFakeModelServer } from "../testing/fake-server.js";
import { WatchdogTimeout } from "../watchdog-timeout.js";
import type { FakeModelServer } from "../testing/fake-server.js";
import type { ModelProvider, ProviderCall, StreamPart } from "../types.js";
import { createAnthropicProvider } from "./anthropic.js";
import { createDefaultRegistry } from "./index.js";
import { createOpenAIProvider } from "./openai.js";

let server: FakeModelServer;
beforeAll(async () => {
  server = await startFakeModelServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
});

const call = (model: string, extra: Partial<ProviderCall> = {}): ProviderCall => ({
  model,
  messages: [{ role: "user", content: "Fix this sentence please." }],
  signal: new AbortController().signal,
  ...extra,
});

async function collect(p: ModelProvider, c: ProviderCall): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const part of p.stream(c)) out.push(part);
  return out;
}

const flavours = (): [string, ModelProvider][] => [
  ["anthropic", createAnthropicProvider({ kind: "anthropic", apiKey: "sk-ant-test", baseURL: server.url })],
  ["openai", createOpenAIProvider({ kind: "openai", apiKey: "sk-test", baseURL: server.openaiBaseURL })],
  ["openai-compatible", createOpenAIProvider({ kind: "openai-compatible", baseURL: server.openaiBaseURL })],
];

describe.each(["anthropic", "openai", "openai-compatible"])("%s provider", (name) => {
  const provider = (): ModelProvider => flavours().find(([n]) => n === name)![1];

  it("streams text, then a finish with normalised usage and the model that answered", async () => {
    server.script("m1", { kind: "ok", text: "Hello there, writer.", answeredBy: "m1-2026-01-01", usage: { inputTokens: 120, outputTokens: 7, cacheReadTokens: 100, reasoningTokens: 3 } });
    const parts = await collect(provider(), call("m1"));
    expect(parts[0]?.type).toBe("response-metadata");
    const text = parts.flatMap((p) => (p.type === "text-delta" ? [p.delta] : [])).join("");
    expect(text).toBe("Hello there, writer.");
    const finish = parts.at(-1);
    expect(finish).toMatchObject({ type: "finish", finishReason: "stop", modelId: "m1-2026-01-01" });
    if (finish?.type !== "finish") throw new Error("no finish");
    expect(finish.usage.inputTokens).toBe(120);
    expect(finish.usage.outputTokens).toBe(7);
    expect(finish.usage.cacheReadTokens).toBe(100);
    if (name === "anthropic") expect(finish.usage.reasoningTokens).toBe(3);
  });

  it("answers without streaming", async () => {
    server.script("m2", { kind: "ok", text: "Whole answer.", finishReason: "length" });
    const r = await provider().generate(call("m2"));
    expect(r).toMatchObject({ text: "Whole answer.", finishReason: "length", modelId: "m2" });
    expect(r.usage.outputTokens).toBeGreaterThan(0);
  });

  it("sends no X-Stainless telemetry headers and no SDK retries", async () => {
    server.script("m3", { kind: "status", status: 500 });
    await expect(collect(provider(), call("m3"))).rejects.toMatchObject({ errorClass: "server", status: 500 });
    const reqs = server.requests("m3");
    expect(reqs).toHaveLength(1);
    expect(Object.keys(reqs[0]!.headers).filter((h) => h.startsWith("x-stainless"))).toEqual([]);
  });

  it("asks for native JSON schema output", async () => {
    await collect(provider(), call("m4", { output: { name: "edit", schema: z.object({ text: z.string() }) } }));
    const body = server.requests("m4")[0]!.body;
    const schema = name === "anthropic" ? (body.output_config as { format: { schema: unknown } }).format.schema : (body.response_format as { json_schema: { schema: unknown } }).json_schema.schema;
    expect(schema).toMatchObject({ type: "object", properties: { text: { type: "string" } } });
  });

  it.each([
    [{ kind: "status", status: 429, headers: { "retry-after": "2" } }, "rate-limited", 2000],
    [{ kind: "status", status: 529 }, "overloaded", undefined],
    [{ kind: "status", status: 401 }, "auth", undefined],
    [{ kind: "status", status: 400, body: { error: { type: "invalid_request_error", message: "prompt is too long: 300000 tokens > 200000 maximum" } } }, "context-window", undefined],
    [{ kind: "status", status: 400, body: { error: { type: "invalid_request_error", message: "Output blocked by content filtering policy" } } }, "content-policy", undefined],
    [{ kind: "reset" }, "connection", undefined],
    [{ kind: "in-band-error", afterChunks: 1 }, "overloaded", undefined],
    [{ kind: "malformed", afterChunks: 1 }, "server", undefined],
    [{ kind: "cut", afterChunks: 1 }, "connection", undefined],
    [{ kind: "no-terminal" }, "connection", undefined],
  ] as const)("classifies %j as %s", async (behaviour, cls, retryAfterMs) => {
    server.script("f", behaviour);
    const err = await collect(provider(), call("f")).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ errorClass: cls });
    if (retryAfterMs !== undefined) expect((err as ProviderError).retryAfterMs).toBe(retryAfterMs);
  });

  it("treats a caller abort as aborted", async () => {
    server.script("h", { kind: "hang" });
    const ac = new AbortController();
    setTimeout(() => {
      ac.abort();
    }, 20);
    await expect(collect(provider(), call("h", { signal: ac.signal }))).rejects.toMatchObject({ errorClass: "aborted" });
  });
});

describe("openai streams", () => {
  it("are complete once the finish reason arrived, even if [DONE] never comes and a watchdog cuts the connection", async () => {
    server.script("nodone", { kind: "ok", text: "Done without done.", omitDone: true });
    const p = createOpenAIProvider({ kind: "openai", apiKey: "k", baseURL: server.openaiBaseURL });
    const ac = new AbortController();
    // The idle watchdog cuts the connection once it has gone quiet after the last text (the finish
    // reason comes in the same write). Its clock starts there, not at the request, so a loaded
    // machine that is slow to deliver the text cannot make the cut come first.
    const parts: StreamPart[] = [];
    let text = "";
    let timer: ReturnType<typeof setTimeout> | undefined;
    for await (const part of p.stream(call("nodone", { signal: ac.signal }))) {
      parts.push(part);
      if (part.type === "text-delta") text += part.delta;
      if (text === "Done without done." && timer === undefined) {
        timer = setTimeout(() => {
          ac.abort(new WatchdogTimeout("idle", 100));
        }, 100);
      }
    }
    clearTimeout(timer);
    expect(parts.at(-1)).toMatchObject({ type: "finish", finishReason: "stop" });
    expect(parts.flatMap((x) => (x.type === "text-delta" ? [x.delta] : [])).join("")).toBe("Done without done.");
  });

  it("cut by a watchdog before the finish reason are a timeout, not a success", async () => {
    server.script("stall", { kind: "stall", afterChunks: 1 });
    const p = createOpenAIProvider({ kind: "openai", apiKey: "k", baseURL: server.openaiBaseURL });
    const ac = new AbortController();
    // The watchdog fires once text has arrived and the stream has gone quiet: on the part itself,
    // not on a timer that a loaded machine can beat the first chunk to.
    const consume = async (): Promise<void> => {
      for await (const part of p.stream(call("stall", { signal: ac.signal }))) {
        if (part.type === "text-delta") ac.abort(new WatchdogTimeout("idle", 50));
      }
    };
    await expect(consume()).rejects.toMatchObject({ errorClass: "timeout", afterContent: true });
  });
});

describe("registry", () => {
  it("builds the SDK kinds and asks the host to register offline", () => {
    const r = createDefaultRegistry();
    expect(r.create({ kind: "openai-compatible", id: "ollama", baseURL: "http://localhost:11434/v1" })).toMatchObject({ id: "ollama", local: true, kind: "openai-compatible" });
    expect(() => r.create({ kind: "offline" })).toThrow(/register/);
  });
});
