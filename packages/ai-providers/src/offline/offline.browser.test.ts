import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import esbuild from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { harperWorkerBuildOptions } from "../../../../esbuild.config.mjs";
import { chromiumAvailable, launchChromium, launchPersistentChromium } from "../../../../test-support/browser.js";
import { STATE_SAVED_ID } from "./harper-worker-protocol.js";

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
    // The engine's own worker (harper-worker.ts), as hosts bundle it, and a page driving it directly.
    await esbuild.build({ ...harperWorkerBuildOptions(), outfile: join(out, "harper-worker.js") });
    const client = fileURLToPath(new URL("./harper-worker-client.ts", import.meta.url));
    await esbuild.build({
      stdin: {
        contents: `import { harperWorkerLoader } from ${JSON.stringify(client)};
          window.loadHarper = async (stateKey) => {
            let saved;
            const savedNow = new Promise((resolve) => { saved = resolve; });
            const load = harperWorkerLoader({
              createWorker: () => {
                const w = new Worker("harper-worker.js");
                w.addEventListener("message", (e) => { if (e.data && e.data.id === ${STATE_SAVED_ID}) saved(e.data.ok ? e.data.value : "not saved: " + e.data.message); });
                return w;
              },
              wasm: () => Promise.resolve({ kind: "url", url: new URL("harper_wasm_slim_bg.wasm", location.href).href }),
              stateKey: () => stateKey,
            });
            const backend = await load({ dialect: 0 });
            const records = await backend.lint("I recieve teh mesage from the office.");
            return { origin: backend.origin, records, saved: () => savedNow, dispose: () => backend.dispose() };
          };`,
        resolveDir: dirname(client),
        loader: "ts",
      },
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      outfile: join(out, "worker-page.js"),
      external: ["fs"],
      logLevel: "silent",
    });
    await writeFile(join(out, "worker.html"), '<!doctype html><meta charset="utf-8"><script type="module" src="worker-page.js"></script>');
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

  it("in the engine's own worker, keeps Harper's state in IndexedDB: the next session restores it and lints the same; a spoilt state is deleted and Harper built again", async () => {
    // A profile on disk, as Obsidian has: incognito contexts keep IndexedDB in memory, with too small a quota for the state.
    const profile = await mkdtemp(join(tmpdir(), "redline-profile-"));
    const context = await launchPersistentChromium(profile);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${url}worker.html`);
    await page.waitForFunction(() => "loadHarper" in window);
    type Session = { origin: string; records: { ruleId: string; problemText: string; suggestions: { text: string }[] }[] };
    const session = (wait: boolean) =>
      page.evaluate(async (w) => {
        const s = await (window as unknown as { loadHarper: (key: string) => Promise<Session & { saved(): Promise<string>; dispose(): Promise<void> }> }).loadHarper("test-state-d0");
        const saved = w ? await s.saved() : "";
        await s.dispose();
        return { origin: s.origin, records: s.records, saved };
      }, wait);

    const first = await session(true);
    expect(first.origin).toBe("built");
    expect(first.saved).toBe("test-state-d0");
    expect(new Set(first.records.map((r) => r.problemText))).toEqual(new Set(["recieve", "teh", "mesage"]));
    // The state was taken before the writer's text reached Harper: nothing of it is in the saved memory.
    const leaked = await page.evaluate(
      () =>
        new Promise<boolean>((resolve, reject) => {
          const open = indexedDB.open("redline-offline-engine");
          open.onsuccess = () => {
            const get = open.result.transaction("harper-state").objectStore("harper-state").get("test-state-d0");
            get.onsuccess = () => {
              void (get.result as { memory: Blob }).memory.arrayBuffer().then((b) => {
                resolve(new TextDecoder("latin1").decode(b).includes("from the office"));
              });
            };
            get.onerror = () => {
              reject(new Error("no saved state"));
            };
          };
        }),
    );
    expect(leaked).toBe(false);
    const second = await session(false);
    expect(second.origin).toBe("restored");
    expect(second.records).toEqual(first.records);

    // Spoil the saved memory (same layout, zeroed bytes): the probe fails, the state goes, Harper is built afresh.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open("redline-offline-engine");
          open.onsuccess = () => {
            const tx = open.result.transaction("harper-state", "readwrite");
            const store = tx.objectStore("harper-state");
            const get = store.get("test-state-d0");
            get.onsuccess = () => {
              const entry = get.result as { memory: Blob };
              store.put({ ...entry, memory: new Blob([new ArrayBuffer(entry.memory.size)]) }, "test-state-d0");
            };
            tx.oncomplete = () => {
              resolve();
            };
            tx.onerror = () => {
              reject(new Error("could not spoil the state"));
            };
          };
        }),
    );
    const third = await session(true);
    expect(third.origin).toBe("built");
    expect(third.records).toEqual(first.records);
    expect(third.saved).toBe("test-state-d0");
    expect(errors).toEqual([]);
    await context.close();
    await rm(profile, { recursive: true, force: true });
  });
});
