import { createServer, request, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { originGuidance, Transport, TransportError, type RequestUrlFn } from "./transport.js";

// A local "model server" that, like Ollama, answers 403 to a foreign Origin.
/**
 * Node's HTTP client stands in for both process boundaries: Electron's net
 * stack behind requestUrl, and the renderer's fetch.
 */
function http(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | ArrayBuffer | null }): Promise<{ status: number; headers: Record<string, string>; arrayBuffer: ArrayBuffer }> {
  return new Promise((ok, fail) => {
    const req = request(url, { method: init.method ?? "GET", headers: init.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") headers[k] = v;
        const buf = Buffer.concat(chunks);
        ok({ status: res.statusCode ?? 0, headers, arrayBuffer: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) });
      });
    });
    req.on("error", fail);
    if (init.body !== undefined && init.body !== null) req.write(typeof init.body === "string" ? init.body : Buffer.from(init.body));
    req.end();
  });
}
async function nodeFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = input instanceof Request ? input.url : input.toString();
  const body = init?.body === undefined || init.body === null ? null : await new Response(init.body).arrayBuffer();
  const res = await http(url, { method: init?.method ?? "GET", headers: Object.fromEntries(new Headers(init?.headers)), body });
  return new Response(res.status === 204 ? null : res.arrayBuffer, { status: res.status, headers: res.headers });
}
let server: Server;
let base = "";
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      if (req.headers.origin === "app://obsidian.md") {
        res.writeHead(403).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json", "x-echo-auth": req.headers.authorization ?? "" });
      res.end(JSON.stringify({ method: req.method, body }));
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const addr = server.address();
  if (addr === null || typeof addr === "string") throw new Error("no address");
  base = `http://127.0.0.1:${addr.port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => {
  ok();
})));

/** requestUrl goes through Electron's net stack: no Origin, no CORS. */
const requestUrl: RequestUrlFn = (p) => http(p.url, { method: p.method ?? "GET", headers: p.headers ?? {}, body: p.body ?? null });
/** The renderer's fetch sends the app origin. */
const appFetch = (input: string | URL | Request, init?: RequestInit) => nodeFetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), origin: "app://obsidian.md" } });
const corsFailingFetch = () => Promise.reject(new TypeError("Failed to fetch"));

describe("Transport", () => {
  it("uses fetch on desktop when the endpoint accepts the app", async () => {
    const t = new Transport({ fetch: (i, init) => nodeFetch(i, init), requestUrl, isMobile: false, requestUrlOrigins: [] });
    const res = await t.fetch(`${base}/v1/chat`, { method: "POST", body: "hi", headers: { authorization: "Bearer k" } });
    expect(await res.json()).toEqual({ method: "POST", body: "hi" });
    expect(t.modeFor(base)).toBe("fetch");
  });

  it("falls back to requestUrl when fetch fails CORS, and remembers the origin", async () => {
    const remembered: string[] = [];
    const t = new Transport({ fetch: corsFailingFetch, requestUrl, isMobile: false, requestUrlOrigins: [], onRememberOrigin: (o) => remembered.push(o) });
    const res = await t.fetch(`${base}/v1/models`, { headers: { authorization: "Bearer k" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-echo-auth")).toBe("Bearer k");
    expect(remembered).toEqual([base]);
    expect(t.modeFor(`${base}/other`)).toBe("requestUrl");
  });

  it("retries an Ollama-style 403 for the app origin through requestUrl", async () => {
    const remembered: string[] = [];
    const t = new Transport({ fetch: appFetch, requestUrl, isMobile: false, requestUrlOrigins: [], onRememberOrigin: (o) => remembered.push(o) });
    const res = await t.fetch(new Request(`${base}/api/chat`, { method: "POST", body: "x" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ method: "POST", body: "x" });
    expect(remembered).toEqual([base]);
  });

  it("always uses requestUrl on mobile", async () => {
    let fetched = false;
    const t = new Transport({ fetch: () => ((fetched = true), corsFailingFetch()), requestUrl, isMobile: true, requestUrlOrigins: [] });
    expect((await t.fetch(`${base}/x`)).status).toBe(200);
    expect(fetched).toBe(false);
  });

  it("explains what to do when neither transport reaches the server", async () => {
    const t = new Transport({ fetch: corsFailingFetch, requestUrl: () => Promise.reject(new Error("ECONNREFUSED")), isMobile: false, requestUrlOrigins: [] });
    const err = await t.fetch("http://localhost:11434/api/tags").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as Error).message).toContain("OLLAMA_ORIGINS");
  });

  it("does not retry an aborted request", async () => {
    let requested = false;
    const t = new Transport({ fetch: (_i, init) => (init?.signal?.aborted ? Promise.reject(new DOMException("Aborted", "AbortError")) : corsFailingFetch()), requestUrl: (p) => ((requested = true), requestUrl(p)), isMobile: false, requestUrlOrigins: [] });
    const ac = new AbortController();
    ac.abort();
    await expect(t.fetch(`${base}/x`, { signal: ac.signal })).rejects.toThrow();
    expect(requested).toBe(false);
  });
});

describe("originGuidance", () => {
  it("names the fix for Ollama, LM Studio and other local servers", () => {
    expect(originGuidance("http://localhost:11434/v1")).toContain("OLLAMA_ORIGINS");
    expect(originGuidance("http://127.0.0.1:1234/v1")).toContain("Enable CORS");
    expect(originGuidance("http://localhost:8080/v1")).toContain("app://obsidian.md");
    expect(originGuidance("nonsense")).toContain("not a valid URL");
  });
});
