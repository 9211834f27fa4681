import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import esbuild from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchChromium } from "../../../../test-support/browser.js";

const MIME: Readonly<Record<string, string>> = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };

interface PageResult {
  readonly runtime: string;
  readonly text: string;
  readonly findings: readonly { from: number; to: number; original: string; replacement: string }[];
  readonly maskedNames: number;
}

/**
 * The engine as a browser host sees it: an ESM bundle with Harper's binary
 * beside it, Harper in a Web Worker, nothing of Node.
 */
describe.skipIf(!chromiumAvailable)("offline engine in Chromium", () => {
  let dir: string | undefined;
  let server: Server | undefined;
  let browser: Browser | undefined;
  let url: string;

  beforeAll(async () => {
    const out = await mkdtemp(join(tmpdir(), "redline-offline-"));
    dir = out;
    const engine = fileURLToPath(new URL("./engine.js", import.meta.url)).replace(/\.js$/u, ".ts");
    await esbuild.build({
      stdin: {
        contents: `import { OfflineEngine } from ${JSON.stringify(engine)};
          window.runOffline = async (text) => {
            const engine = new OfflineEngine();
            const runtime = await engine.warmUp();
            const r = await engine.proofread(text);
            await engine.dispose();
            return { runtime, text: r.text, maskedNames: r.stats.maskedNames, findings: r.findings.map((f) => ({ from: f.from, to: f.to, original: f.original, replacement: f.replacement })) };
          };`,
        resolveDir: dirname(engine),
        loader: "ts",
      },
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      outfile: join(out, "page.js"),
      // harper.js reads its binary with fs only under Node.
      external: ["fs"],
      logLevel: "silent",
    });
    // harper.js exports no package.json or CommonJS entry to resolve, so use the package's own node_modules link.
    const harperDist = fileURLToPath(new URL("../../node_modules/harper.js/dist/", import.meta.url));
    await copyFile(join(harperDist, "harper_wasm_slim_bg.wasm"), join(out, "harper_wasm_slim_bg.wasm"));
    await writeFile(join(out, "index.html"), '<!doctype html><meta charset="utf-8"><script type="module" src="page.js"></script>');
    const srv = createServer((req, res) => {
      const name = (req.url ?? "/").split("?")[0] === "/" ? "index.html" : (req.url ?? "").slice(1).split("?")[0] ?? "";
      readFile(join(out, name)).then(
        (body) => {
          res.writeHead(200, { "content-type": MIME[extname(name)] ?? "application/octet-stream" });
          res.end(body);
        },
        () => {
          res.writeHead(404);
          res.end();
        },
      );
    });
    server = srv;
    await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    const srv = server;
    if (srv) await new Promise((resolve) => srv.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("proofreads in a Web Worker with UTF-16 offsets", async () => {
    if (!browser) throw new Error("Chromium did not start");
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForFunction(() => "runOffline" in window);
    // Koussevitzky: the worker's dictionary lookup keeps it from Harper; Carribean still reaches it.
    const text = "😀 日本 I recieve teh mail from Koussevitzky near the Carribean. See `teh`.";
    const result = await page.evaluate(async (t) => (window as unknown as { runOffline: (t: string) => Promise<PageResult> }).runOffline(t), text);
    expect(result.runtime).toBe("worker");
    expect(result.text).toBe("😀 日本 I receive the mail from Koussevitzky near the Caribbean. See `teh`.");
    expect(result.findings.map((f) => [text.slice(f.from, f.to), f.replacement])).toEqual([
      ["recieve", "receive"],
      ["teh", "the"],
      ["Carribean", "Caribbean"],
    ]);
    expect(result.maskedNames).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
