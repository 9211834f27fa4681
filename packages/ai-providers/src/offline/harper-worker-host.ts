/**
 * Harper's side of the worker channel: one in-process Harper (harper-backend.ts)
 * serving the engine's requests in order. Runs inside harper-worker.ts in
 * browsers and Obsidian, or on a MessagePort in hosts without Web Workers.
 */
import { createHarperBackend, type HarperBackend } from "./harper-backend.js";
import type { HarperHostPort, HarperWasmSource, HarperWorkerReply, HarperWorkerRequest } from "./harper-worker-protocol.js";
import { asDamage } from "./wasm-source.js";

/** Turns a wasm source into a URL harper.js can load; `release` once Harper has it. */
export type WasmUrlFor = (source: HarperWasmSource) => Promise<{ readonly url: string; readonly release: () => void }>;

export function serveHarper(port: HarperHostPort, wasmUrlFor: WasmUrlFor): { dispose(): Promise<void> } {
  let backend: HarperBackend | undefined;
  // Harper is single-threaded and requests depend on order (config before lints): serve one at a time.
  let queue: Promise<void> = Promise.resolve();

  const handle = async (req: HarperWorkerRequest): Promise<unknown> => {
    if (req.op === "init") {
      if (backend) throw new Error("Harper is already initialised in this worker.");
      const { url, release } = await wasmUrlFor(req.wasm);
      try {
        backend = await createHarperBackend({ dialect: req.dialect, binary: { url, flavor: "slim" }, runtime: "in-process" });
      } catch (error) {
        throw asDamage(req.wasm, error);
      } finally {
        release();
      }
      return null;
    }
    if (!backend) throw new Error("Harper is not initialised in this worker.");
    switch (req.op) {
      case "lint":
        return backend.lint(req.text, { maskWords: req.maskWords });
      case "knownWords":
        return backend.knownWords ? backend.knownWords(req.words) : req.words.map(() => false);
      case "importWords":
        await backend.importWords(req.words);
        return null;
      case "setLintConfig":
        await backend.setLintConfig(req.config);
        return null;
      case "defaultLintConfig":
        return { ...(await backend.defaultLintConfig()) };
    }
  };

  port.addEventListener("message", (event) => {
    const req = event.data as HarperWorkerRequest;
    queue = queue.then(async () => {
      let reply: HarperWorkerReply;
      try {
        reply = { id: req.id, ok: true, value: await handle(req) };
      } catch (error) {
        reply = { id: req.id, ok: false, message: error instanceof Error ? error.message : String(error) };
      }
      port.postMessage(reply);
    });
  });
  return {
    // A worker's realm goes with it; an in-process host frees Harper here.
    dispose: async () => {
      await queue;
      await backend?.dispose();
      backend = undefined;
    },
  };
}
