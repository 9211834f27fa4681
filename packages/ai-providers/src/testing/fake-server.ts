/**
 * A local fake model server: real HTTP on 127.0.0.1 speaking the Anthropic
 * Messages API (POST /v1/messages) and OpenAI Chat Completions
 * (POST /v1/chat/completions), streaming (SSE) and not, scripted per model
 * name so tests can make one model fail in a precise way while another
 * answers. Node only; meant for tests and benchmarks.
 */
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type Protocol = "anthropic" | "openai";

/** How the server answers one request. */
export type FakeBehaviour =
  /** A normal answer. `text` defaults to an echo of the last user message. */
  | {
      readonly kind: "ok";
      readonly text?: string;
      /** Explicit chunking for streams; defaults to word-sized chunks. */
      readonly chunks?: readonly string[];
      /** Model id reported in the answer (defaults to the requested one). */
      readonly answeredBy?: string;
      readonly headerDelayMs?: number;
      readonly firstTokenDelayMs?: number;
      readonly chunkDelayMs?: number;
      readonly finishReason?: "stop" | "length" | "content_filter";
      readonly usage?: Partial<FakeUsage>;
      /** OpenAI only: send the finish reason and usage but never [DONE]; keep the connection open. */
      readonly omitDone?: boolean;
    }
  /** An HTTP error status with an optional JSON body and headers (429 + Retry-After, 5xx, 529, 400, 401). */
  | { readonly kind: "status"; readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>>; readonly delayMs?: number }
  /** Destroy the socket before any response headers. */
  | { readonly kind: "reset" }
  /** Accept the request and never answer. */
  | { readonly kind: "hang" }
  /** Stream `afterChunks` chunks, then destroy the socket. */
  | { readonly kind: "cut"; readonly afterChunks: number; readonly text?: string }
  /** Stream `afterChunks` chunks, then go silent with the connection open. */
  | { readonly kind: "stall"; readonly afterChunks: number; readonly text?: string }
  /** Stream `afterChunks` chunks, then an unparsable data line. */
  | { readonly kind: "malformed"; readonly afterChunks: number; readonly text?: string }
  /** Stream the whole text but end the response cleanly without the terminal event / finish reason. */
  | { readonly kind: "no-terminal"; readonly text?: string }
  /** A 200 stream that carries an error event (e.g. Anthropic's overloaded_error) after `afterChunks` chunks. */
  | { readonly kind: "in-band-error"; readonly afterChunks: number; readonly errorType?: string; readonly message?: string };

export interface FakeUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
  readonly reasoningTokens: number;
}

export interface RecordedRequest {
  readonly protocol: Protocol;
  readonly model: string;
  readonly stream: boolean;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Record<string, unknown>;
  readonly at: number;
}

export interface FakeModelServer {
  /** e.g. "http://127.0.0.1:41234" (Anthropic SDK baseURL). */
  readonly url: string;
  /** url + "/v1" (OpenAI SDK baseURL). */
  readonly openaiBaseURL: string;
  /**
   * Scripts a model: each request takes the next behaviour; the last one
   * repeats. Unscripted models answer "ok".
   */
  script(model: string, ...behaviours: FakeBehaviour[]): void;
  /** Requests received, oldest first (optionally for one model). */
  requests(model?: string): RecordedRequest[];
  /** Forget scripts and recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeServerOptions {
  readonly port?: number;
  /** Default reply text when a behaviour gives none: echo the last user message. */
  readonly echo?: boolean;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  const payload = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(payload).toString(), ...headers });
  res.end(payload);
};

function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function chunksOf(text: string): string[] {
  const parts = text.match(/\S+\s*|\s+/g);
  return parts && parts.length > 0 ? parts : [text];
}

function lastUserText(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? (body.messages as { role?: unknown; content?: unknown }[]) : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role === "user") {
      if (typeof m.content === "string") return m.content;
      if (Array.isArray(m.content)) return (m.content as { text?: unknown }[]).map((b) => (typeof b.text === "string" ? b.text : "")).join("");
    }
  }
  return "";
}

function promptChars(body: Record<string, unknown>): number {
  return JSON.stringify(body.messages ?? "").length + (typeof body.system === "string" ? body.system.length : 0);
}

const ANTHROPIC_STOP = { stop: "end_turn", length: "max_tokens", content_filter: "refusal" } as const;

/** Starts a fake model server on 127.0.0.1 (random port unless given). */
export async function startFakeModelServer(options: FakeServerOptions = {}): Promise<FakeModelServer> {
  const scripts = new Map<string, FakeBehaviour[]>();
  const recorded: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const next = (model: string): FakeBehaviour => {
    const list = scripts.get(model);
    if (!list || list.length === 0) return { kind: "ok" };
    const b = list.length > 1 ? list.shift() : list[0];
    return b ?? { kind: "ok" };
  };

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) json(res, 500, { error: { type: "api_error", message: "fake server failure" } });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = (req.url ?? "").split("?")[0] ?? "";
    const protocol: Protocol | undefined = path.endsWith("/messages") ? "anthropic" : path.endsWith("/chat/completions") ? "openai" : undefined;
    if (req.method !== "POST" || !protocol) {
      json(res, 404, { error: { type: "not_found_error", message: `no route ${req.method ?? ""} ${path}` } });
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
    } catch {
      json(res, 400, { error: { type: "invalid_request_error", message: "body is not JSON" } });
      return;
    }
    const model = typeof body.model === "string" ? body.model : "";
    const stream = body.stream === true;
    recorded.push({ protocol, model, stream, headers: { ...req.headers }, body, at: Date.now() });
    const behaviour = next(model);
    // Timers die with the client: a hung or slow reply must not outlive an aborted request.
    const timers = new Set<ReturnType<typeof setTimeout>>();
    let gone = false;
    res.on("close", () => {
      gone = true;
      for (const t of timers) clearTimeout(t);
    });
    const wait = (ms: number): Promise<void> =>
      ms <= 0
        ? Promise.resolve()
        : new Promise((resolve) => {
            const t = setTimeout(() => {
              timers.delete(t);
              resolve();
            }, ms);
            timers.add(t);
          });
    await new Replier(protocol, model, stream, body, res, wait, () => gone, options.echo ?? true).run(behaviour);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    openaiBaseURL: `${url}/v1`,
    script(model, ...behaviours) {
      scripts.set(model, [...behaviours]);
    },
    requests(model) {
      return model === undefined ? [...recorded] : recorded.filter((r) => r.model === model);
    },
    reset() {
      scripts.clear();
      recorded.length = 0;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => {
        resolve();
      }));
    },
  };
}

class Replier {
  constructor(
    private readonly protocol: Protocol,
    private readonly model: string,
    private readonly stream: boolean,
    private readonly body: Record<string, unknown>,
    private readonly res: ServerResponse,
    private readonly wait: (ms: number) => Promise<void>,
    private readonly gone: () => boolean,
    private readonly echo: boolean,
  ) {}

  private defaultText(): string {
    const echo = lastUserText(this.body);
    return this.echo && echo ? echo : "The quick brown fox jumps over the lazy dog.";
  }

  async run(b: FakeBehaviour): Promise<void> {
    switch (b.kind) {
      case "hang":
        return;
      case "reset":
        this.res.socket?.destroy();
        return;
      case "status": {
        await this.wait(b.delayMs ?? 0);
        if (this.gone()) return;
        json(this.res, b.status, b.body ?? this.errorBody(b.status), { ...(b.headers ?? {}) });
        return;
      }
      case "ok":
        await this.wait(b.headerDelayMs ?? 0);
        if (this.gone()) return;
        if (!this.stream) {
          this.whole(b);
          return;
        }
        await this.streamOk(b);
        return;
      default:
        await this.streamFault(b);
    }
  }

  private errorBody(status: number): unknown {
    const type =
      status === 429 ? "rate_limit_error" : status === 529 ? "overloaded_error" : status === 401 ? "authentication_error" : status >= 500 ? "api_error" : "invalid_request_error";
    return this.protocol === "anthropic"
      ? { type: "error", error: { type, message: `fake ${status}` } }
      : { error: { message: `fake ${status}`, type, code: null } };
  }

  private usage(text: string, u: Partial<FakeUsage> | undefined): FakeUsage {
    return {
      inputTokens: u?.inputTokens ?? tokens("x".repeat(promptChars(this.body))),
      outputTokens: u?.outputTokens ?? tokens(text),
      cacheReadTokens: u?.cacheReadTokens ?? 0,
      cacheWriteTokens: u?.cacheWriteTokens ?? 0,
      reasoningTokens: u?.reasoningTokens ?? 0,
    };
  }

  private whole(b: Extract<FakeBehaviour, { kind: "ok" }>): void {
    const text = b.text ?? this.defaultText();
    const u = this.usage(text, b.usage);
    const model = b.answeredBy ?? this.model;
    const finish = b.finishReason ?? "stop";
    if (this.protocol === "anthropic") {
      json(this.res, 200, {
        id: "msg_fake",
        type: "message",
        role: "assistant",
        model,
        content: [{ type: "text", text }],
        stop_reason: ANTHROPIC_STOP[finish],
        stop_sequence: null,
        usage: anthropicUsage(u),
      });
    } else {
      json(this.res, 200, {
        id: "chatcmpl-fake",
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: finish, logprobs: null }],
        usage: openaiUsage(u),
      });
    }
  }

  private startSse(): void {
    this.res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    this.res.flushHeaders();
  }

  private send(event: string | undefined, data: unknown): void {
    const payload = typeof data === "string" ? data : JSON.stringify(data);
    this.res.write(`${event === undefined ? "" : `event: ${event}\n`}data: ${payload}\n\n`);
  }

  private head(model: string, u: FakeUsage): void {
    if (this.protocol === "anthropic") {
      this.send("message_start", {
        type: "message_start",
        message: { id: "msg_fake", type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: { ...anthropicUsage(u), output_tokens: 1 } },
      });
      this.send("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } });
    } else {
      this.send(undefined, this.openaiChunk(model, { role: "assistant", content: "" }, null));
    }
  }

  private openaiChunk(model: string, delta: Record<string, unknown>, finish: string | null): unknown {
    return { id: "chatcmpl-fake", object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] };
  }

  private delta(model: string, text: string): void {
    if (this.protocol === "anthropic") this.send("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text } });
    else this.send(undefined, this.openaiChunk(model, { content: text }, null));
  }

  private tail(model: string, u: FakeUsage, finish: "stop" | "length" | "content_filter", omitDone: boolean): void {
    if (this.protocol === "anthropic") {
      this.send("content_block_stop", { type: "content_block_stop", index: 0 });
      this.send("message_delta", { type: "message_delta", delta: { stop_reason: ANTHROPIC_STOP[finish], stop_sequence: null }, usage: { output_tokens: u.outputTokens, ...(u.reasoningTokens ? { output_tokens_details: { thinking_tokens: u.reasoningTokens } } : {}) } });
      this.send("message_stop", { type: "message_stop" });
      this.res.end();
    } else {
      this.send(undefined, this.openaiChunk(model, {}, finish));
      this.send(undefined, { id: "chatcmpl-fake", object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model, choices: [], usage: openaiUsage(u) });
      if (omitDone) return;
      this.send(undefined, "[DONE]");
      this.res.end();
    }
  }

  private async streamOk(b: Extract<FakeBehaviour, { kind: "ok" }>): Promise<void> {
    const text = b.text ?? this.defaultText();
    const chunks = b.chunks ?? chunksOf(text);
    const u = this.usage(text, b.usage);
    const model = b.answeredBy ?? this.model;
    this.startSse();
    this.head(model, u);
    await this.wait(b.firstTokenDelayMs ?? 0);
    for (const [i, c] of chunks.entries()) {
      if (this.gone()) return;
      if (i > 0) await this.wait(b.chunkDelayMs ?? 0);
      this.delta(model, c);
    }
    if (this.gone()) return;
    this.tail(model, u, b.finishReason ?? "stop", b.omitDone ?? false);
  }

  private async streamFault(b: Exclude<FakeBehaviour, { kind: "ok" | "hang" | "reset" | "status" }>): Promise<void> {
    if (!this.stream) {
      // Non-streaming equivalents: a cut/stall/malformed body.
      if (b.kind === "stall") return;
      if (b.kind === "in-band-error") {
        json(this.res, 529, this.errorBody(529));
        return;
      }
      this.res.writeHead(200, { "content-type": "application/json" });
      this.res.write('{"id":"msg_fake","content":[{"type":"text","te');
      if (b.kind === "malformed" || b.kind === "no-terminal") this.res.end();
      else this.res.socket?.destroy();
      return;
    }
    const text = ("text" in b ? b.text : undefined) ?? this.defaultText();
    const chunks = chunksOf(text);
    const u = this.usage(text, undefined);
    this.startSse();
    this.head(this.model, u);
    const upto = b.kind === "no-terminal" ? chunks.length : Math.min(b.afterChunks, chunks.length);
    for (let i = 0; i < upto; i++) this.delta(this.model, chunks[i] ?? "");
    await this.wait(1);
    if (this.gone()) return;
    switch (b.kind) {
      case "cut":
        this.res.socket?.destroy();
        return;
      case "stall":
        return;
      case "malformed":
        if (this.protocol === "anthropic") this.res.write('event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_del\n\n');
        else this.res.write('data: {"id":"chatcmpl-fake","choices":[{"index":0,"delta":{"content":"x\n\n');
        return;
      case "no-terminal":
        this.res.end();
        return;
      case "in-band-error": {
        const type = b.errorType ?? "overloaded_error";
        const message = b.message ?? "Overloaded";
        if (this.protocol === "anthropic") this.send("error", { type: "error", error: { type, message } });
        else this.send(undefined, { error: { message, type, code: type } });
        this.res.end();
        return;
      }
    }
  }
}

function anthropicUsage(u: FakeUsage): Record<string, number> {
  return {
    input_tokens: Math.max(0, u.inputTokens - u.cacheReadTokens - u.cacheWriteTokens),
    output_tokens: u.outputTokens,
    cache_read_input_tokens: u.cacheReadTokens,
    cache_creation_input_tokens: u.cacheWriteTokens,
  };
}

function openaiUsage(u: FakeUsage): Record<string, unknown> {
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    prompt_tokens_details: { cached_tokens: u.cacheReadTokens },
    completion_tokens_details: { reasoning_tokens: u.reasoningTokens },
  };
}
