import { createServer, request, type IncomingMessage, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEditorModelServer, type EditorModelServer } from "../../ai-editorial-functions/src/testing/editor-model-server.js";
import { buildPlayground } from "../../../esbuild.config.mjs";
import { ARTIFACTS_DIR, chromiumAvailable, launchChromium } from "../../../test-support/browser.js";
import { serveDirectory, type StaticServer } from "./server.js";

/**
 * A local OpenAI-compatible server that allows the page's origin, as Ollama
 * does with OLLAMA_ORIGINS: a CORS layer in front of the engine's
 * deterministic editor model (real Chat Completions wire protocol, SSE).
 */
function corsProxy(target: string, seen: string[]): Promise<{ server: Server; url: string }> {
  const server = createServer((req: IncomingMessage, res) => {
    const cors = { "access-control-allow-origin": req.headers.origin ?? "*", "access-control-allow-headers": "*", "access-control-allow-methods": "GET, POST, OPTIONS" };
    if (req.method === "OPTIONS") {
      res.writeHead(204, cors).end();
      return;
    }
    seen.push(req.headers.authorization ?? "");
    const up = new URL(req.url ?? "/", target);
    const fwd = request(up, { method: req.method, headers: { ...req.headers, host: up.host } }, (r) => {
      res.writeHead(r.statusCode ?? 502, { ...r.headers, ...cors });
      r.pipe(res);
    });
    req.pipe(fwd);
  });
  return new Promise((ok) =>
    server.listen(0, "127.0.0.1", () => {
      const a = server.address();
      ok({ server, url: typeof a === "object" && a ? `http://127.0.0.1:${a.port}` : "" });
    }),
  );
}

describe.skipIf(!chromiumAvailable)("playground provider picker", () => {
  let browser: Browser;
  let srv: StaticServer;
  let model: EditorModelServer;
  let proxy: { server: Server; url: string };
  const auth: string[] = [];

  beforeAll(async () => {
    await buildPlayground();
    srv = await serveDirectory(fileURLToPath(new URL("../dist", import.meta.url)));
    model = await startEditorModelServer({ latencyMs: 20 });
    proxy = await corsProxy(model.baseURL.replace(/\/v1\/?$/, "/"), auth);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
    await srv.close();
    await new Promise<void>((ok) => proxy.server.close(() => {
      ok();
    }));
    await model.close();
  });

  it("runs a model function through an OpenAI-compatible endpoint with a key typed into the page, never storing the key", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(srv.url);
    await page.evaluate(() => {
      localStorage.clear();
    });
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { redline?: { ready: boolean } }).redline?.ready === true, undefined, { timeout: 60_000 });
    await page.selectOption("#pg-provider", "openai-compatible");
    await page.fill("#pg-base-url", `${proxy.url}/v1`);
    await page.fill("#pg-model", "editor-1");
    await page.fill("#pg-key", "sk-typed-into-page-123");
    await page.locator("#pg-key").dispatchEvent("change");
    await page.locator("#pg-model").dispatchEvent("change");
    await page.waitForFunction(() => (JSON.parse(localStorage.getItem("redline-playground:plugin:redline") ?? "{}") as { fallbackChain?: string[] }).fallbackChain?.[0] === "playground/editor-1");

    // Clarify needs a model: the offline engine cannot serve it.
    await page.selectOption("#pg-function", "clarify");
    await page.click("#pg-run-note");
    await page.waitForFunction(() => (window as unknown as { redline: { pending(): { functionId: string; original: string; replacement: string }[] } }).redline.pending().some((p) => p.functionId === "clarify" && p.original === "utilize" && p.replacement === "use"), undefined, { timeout: 60_000 });
    expect(model.requests.length).toBeGreaterThan(0);
    expect(auth).toContain("Bearer sk-typed-into-page-123");
    const stored = await page.evaluate(() => JSON.stringify(Object.entries(localStorage)));
    expect(stored).not.toContain("sk-typed-into-page-123");
    await page.screenshot({ path: fileURLToPath(new URL("playground-openai-compatible.png", ARTIFACTS_DIR)) });
    expect(errors).toEqual([]);
    await page.close();
  });
});
