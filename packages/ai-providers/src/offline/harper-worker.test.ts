import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { OfflineEngine } from "./engine.js";
import { harperWorkerLoader, inProcessHarperWorker } from "./harper-worker-client.js";
import type { HarperWasmSource, HarperWorkerLike } from "./harper-worker-protocol.js";

const wasmPath = new URL("../../node_modules/harper.js/dist/harper_wasm_slim_bg.wasm", import.meta.url);

async function inlined(): Promise<Extract<HarperWasmSource, { kind: "gzip-base64" }>> {
  const wasm = await readFile(wasmPath);
  return { kind: "gzip-base64", data: gzipSync(wasm, { level: 1 }).toString("base64"), size: wasm.length, describe: "The test's copy", remedy: "Rebuild it." };
}

describe("Harper behind the worker channel (in process here; a Web Worker in browsers)", () => {
  it("proofreads with a gzip+base64 copy of the WASM, records crossing a structured clone", async () => {
    const source = await inlined();
    let workers = 0;
    const engine = new OfflineEngine({
      loadHarper: harperWorkerLoader({
        createWorker: () => {
          workers++;
          return inProcessHarperWorker();
        },
        wasm: () => Promise.resolve(source),
      }),
    });
    try {
      expect(await engine.warmUp()).toBe("worker");
      const r = await engine.proofread("I recieve teh mesage from Koussevitzky every morning.");
      expect(r.text).toBe("I receive the message from Koussevitzky every morning.");
      expect(r.stats.maskedNames).toBe(1);
      expect(workers).toBe(1);
    } finally {
      await engine.dispose();
    }
  }, 60_000);

  it("refuses a damaged copy with the host's words, and a later call tries again", async () => {
    const good = await inlined();
    const bytes = Buffer.from(good.data, "base64");
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = (bytes[middle] ?? 0) ^ 0x10;
    const sources: HarperWasmSource[] = [{ ...good, data: bytes.toString("base64") }, { ...good, size: good.size + 1 }];
    const engine = new OfflineEngine({ loadHarper: harperWorkerLoader({ createWorker: inProcessHarperWorker, wasm: () => Promise.resolve(sources.shift() ?? good) }) });
    try {
      await expect(engine.proofread("teh")).rejects.toThrow(/^The offline engine could not load Harper: The test's copy is damaged \(.+\)\. Rebuild it\.$/);
      await expect(engine.proofread("teh")).rejects.toThrow(/The test's copy is damaged \(\d+ bytes, expected \d+\)\. Rebuild it\./);
      expect((await engine.proofread("I saw teh cat.")).text).toBe("I saw the cat.");
    } finally {
      await engine.dispose();
    }
  }, 60_000);

  it("fails every waiting call when the worker dies, instead of leaving them pending", async () => {
    const listeners: { message: ((e: { data: unknown }) => void)[]; error: ((e: { message?: string }) => void)[] } = { message: [], error: [] };
    const silent: HarperWorkerLike = {
      postMessage: () => {
        queueMicrotask(() => {
          for (const l of listeners.error) l({ message: "out of memory" });
        });
      },
      addEventListener: ((type: "message" | "error", l: never) => {
        listeners[type].push(l);
      }),
      terminate: () => undefined,
    };
    const load = harperWorkerLoader({ createWorker: () => silent, wasm: () => Promise.resolve({ kind: "url", url: "file:///nowhere.wasm" }) });
    await expect(load({ dialect: 0 })).rejects.toThrow("The offline engine could not load Harper: The offline engine's worker stopped: out of memory");
  });

  it("saves Harper's state in a worker of its own after a first session, never in the writer's", async () => {
    /** A stand-in worker that answers every request at once, as one that built Harper (or restored it) would. */
    const fakes: { requests: { op: string; stateKey?: string }[]; terminated: boolean }[] = [];
    const fake = (origin: "built" | "restored") => (): HarperWorkerLike => {
      const me = { requests: [] as { op: string; stateKey?: string }[], terminated: false };
      fakes.push(me);
      const listeners: ((event: { data: unknown }) => void)[] = [];
      return {
        postMessage: (req) => {
          me.requests.push(req);
          const value = req.op === "init" ? { origin } : req.op === "saveState" ? req.stateKey : null;
          setTimeout(() => {
            for (const l of listeners) l({ data: { id: req.id, ok: true, value } });
          }, 0);
        },
        addEventListener: (type: string, l: (event: { data: unknown }) => void) => {
          if (type === "message") listeners.push(l);
        },
        terminate: () => {
          me.terminated = true;
        },
      } as HarperWorkerLike;
    };
    const options = (origin: "built" | "restored") => ({ createWorker: fake(origin), wasm: () => Promise.resolve({ kind: "url", url: "file:///harper.wasm" } as const), stateKey: () => "state-d0", saveDelayMs: 5 });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

    const built = await harperWorkerLoader(options("built"))({ dialect: 0 });
    await settle();
    expect(fakes.map((f) => f.requests.map((r) => r.op))).toEqual([["init"], ["saveState"]]);
    expect(fakes[1]?.requests[0]?.stateKey).toBe("state-d0");
    expect(fakes[1]?.terminated).toBe(true);
    expect(fakes[0]?.terminated).toBe(false);
    await built.dispose();

    fakes.length = 0;
    const restored = await harperWorkerLoader(options("restored"))({ dialect: 0 });
    await settle();
    expect(fakes).toHaveLength(1);
    await restored.dispose();

    // Disposed before the delay: no worker is started to save.
    fakes.length = 0;
    const closed = await harperWorkerLoader(options("built"))({ dialect: 0 });
    await closed.dispose();
    await settle();
    expect(fakes).toHaveLength(1);
    expect(fakes[0]?.terminated).toBe(true);
  });
});
