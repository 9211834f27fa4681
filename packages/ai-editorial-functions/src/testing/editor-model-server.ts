/**
 * A deterministic "editor model" behind a real OpenAI Chat Completions
 * endpoint (SSE streaming and JSON), for end-to-end tests and benchmarks of
 * the engine. ai-providers' fake server scripts fixed replies per model; an
 * editorial run needs a reply that depends on each paragraph, so this server
 * reads the paragraph from the prompt and edits it by rule, after a fixed
 * latency. Node only; reached through the real openai SDK.
 */
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { applyStyleSheet, DEFAULT_STYLE_SHEET } from "../functions/style-sheet.js";

export interface EditorModelServer {
  /** Base URL for the openai SDK / an "openai-compatible" provider. */
  readonly baseURL: string;
  /** Every request body received, oldest first. */
  readonly requests: { model: string; prompt: string; promptTokens: number; temperature?: number }[];
  /** Milliseconds before the first byte of each answer. */
  latencyMs: number;
  close(): Promise<void>;
}

const RULES: Record<string, readonly (readonly [RegExp, string])[]> = {
  proofread: [
    [/\bteh\b/g, "the"],
    [/\bTeh\b/g, "The"],
    [/\brecieve\b/g, "receive"],
    [/\bseperate\b/g, "separate"],
    [/\bdefinately\b/g, "definitely"],
    [/\boccured\b/g, "occurred"],
    [/\bi\b/g, "I"],
  ],
  tighten: [
    [/\bvery /g, ""],
    [/\breally /g, ""],
    [/\bin order to\b/g, "to"],
    [/\bat this point in time\b/g, "now"],
  ],
  clarify: [
    [/\butilize\b/g, "use"],
    [/\bthe aforementioned\b/g, "this"],
  ],
  tone: [
    [/\bgonna\b/g, "going to"],
    [/\bkinda\b/g, "somewhat"],
    [/\bstuff\b/g, "material"],
  ],
};

/** Which built-in's prompt this is, from its first words. */
function modeOf(prompt: string): "proofread" | "tighten" | "clarify" | "tone" | "notes" | "style" | "echo" {
  if (prompt.startsWith("Make this paragraph follow the style sheet")) return "style";
  if (prompt.startsWith("Proofread")) return "proofread";
  if (prompt.startsWith("Tighten")) return "tighten";
  if (prompt.startsWith("Clarify")) return "clarify";
  if (prompt.startsWith("Adjust the tone")) return "tone";
  if (prompt.includes("developmental editor")) return "notes";
  return "echo";
}

/** The paragraph is whatever follows the last "Paragraph:" line. */
export function paragraphOf(prompt: string): string {
  const i = prompt.lastIndexOf("Paragraph:\n");
  return i < 0 ? prompt : prompt.slice(i + "Paragraph:\n".length);
}

export function editorReply(prompt: string): string {
  const mode = modeOf(prompt);
  const text = paragraphOf(prompt);
  if (mode === "notes") {
    const sentence = /[^.!?]+[.!?]/.exec(text)?.[0]?.trim() ?? text.trim();
    return JSON.stringify({ notes: [{ quote: sentence, note: "This claim needs evidence or an example." }] });
  }
  if (mode === "echo") return text;
  if (mode === "style") return applyStyleSheet(text, DEFAULT_STYLE_SHEET);
  return RULES[mode]?.reduce((s, [re, to]) => s.replace(re, to), text) ?? text;
}

export async function startEditorModelServer(options: { latencyMs?: number } = {}): Promise<EditorModelServer> {
  const sockets = new Set<Socket>();
  const requests: EditorModelServer["requests"] = [];
  const state = { latencyMs: options.latencyMs ?? 0 };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method !== "POST" || !(req.url ?? "").endsWith("/chat/completions")) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found" } }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { model: string; stream?: boolean; temperature?: number; messages: { role: string; content: string }[] };
    const user = [...body.messages].reverse().find((m) => m.role === "user")?.content ?? "";
    const promptTokens = Math.ceil(body.messages.reduce((n, m) => n + m.content.length, 0) / 4);
    requests.push({ model: body.model, prompt: user, promptTokens, ...(body.temperature !== undefined ? { temperature: body.temperature } : {}) });
    const conn = { gone: false };
    res.on("close", () => {
      conn.gone = true;
    });
    if (state.latencyMs > 0) await new Promise((r) => setTimeout(r, state.latencyMs));
    if (conn.gone) return;
    const reply = editorReply(user);
    const usage = { prompt_tokens: promptTokens, completion_tokens: Math.ceil(reply.length / 4), total_tokens: promptTokens + Math.ceil(reply.length / 4) };
    const base = { id: `chatcmpl-${requests.length}`, created: Math.floor(Date.now() / 1000), model: body.model };
    if (!body.stream) {
      const payload = JSON.stringify({ ...base, object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: reply }, finish_reason: "stop" }], usage });
      res.writeHead(200, { "content-type": "application/json" }).end(payload);
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const send = (o: unknown) => res.write(`data: ${JSON.stringify(o)}\n\n`);
    const parts = reply.match(/\S+\s*|\s+/g) ?? [reply];
    send({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] });
    for (const p of parts) send({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: p }, finish_reason: null }] });
    send({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
    send({ ...base, object: "chat.completion.chunk", choices: [], usage });
    res.end("data: [DONE]\n\n");
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    get latencyMs() {
      return state.latencyMs;
    },
    set latencyMs(v: number) {
      state.latencyMs = v;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
