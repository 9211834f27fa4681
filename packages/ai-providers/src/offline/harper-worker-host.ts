/**
 * Harper's side of the worker channel: one Harper serving the engine's
 * requests in order. Runs inside harper-worker.ts in browsers and Obsidian,
 * or on a MessagePort in hosts without Web Workers.
 *
 * With a state store (the worker's IndexedDB) and a key from the engine,
 * Harper's initialised state is restored instead of built, its dictionary
 * build being most of a cold start; a state is saved after a build, before
 * any of the writer's text or words reach the instance.
 */
import type { HarperBackend } from "./harper-backend.js";
import { buildLinter, glueBackend, restore, snapshot, type Glue } from "./harper-glue.js";
import type { HarperStateStore } from "./harper-state-store.js";
import { STATE_SAVED_ID, type HarperHostPort, type HarperOrigin, type HarperWasmSource, type HarperWorkerReply, type HarperWorkerRequest } from "./harper-worker-protocol.js";
import { asDamage } from "./wasm-source.js";

/** Turns a wasm source into a URL harper.js can load; `release` once Harper has it. */
export type WasmUrlFor = (source: HarperWasmSource) => Promise<{ readonly url: string; readonly release: () => void }>;

/** A failed restore leaves the instance unusable: the engine starts a new worker, which builds. */
class StateRejected extends Error {}

/** How long after a build the state is written, so the copy into IndexedDB does not delay the writer's first results. */
const SAVE_DELAY_MS = 3000;

export function serveHarper(port: HarperHostPort, wasmUrlFor: WasmUrlFor, stateStore?: HarperStateStore): { dispose(): Promise<void> } {
  let backend: HarperBackend | undefined;
  // Harper is single-threaded and requests depend on order (config before lints): serve one at a time.
  let queue: Promise<void> = Promise.resolve();
  let saveTimer: ReturnType<typeof setTimeout> | undefined;

  // One way up for every host: Harper's glue and a linter of our own; with a store and a key, through a saved state.
  const init = async (req: Extract<HarperWorkerRequest, { op: "init" }>): Promise<HarperOrigin> => {
    const key = stateStore ? req.stateKey : undefined;
    // Read the saved state while the WASM decodes and compiles: both take a few hundred milliseconds.
    const saved =
      stateStore && key !== undefined
        ? stateStore
            .get(key)
            .then(async (state) => state && { layout: state.layout, bytes: new Uint8Array(await state.memory.arrayBuffer()) })
            .catch(() => undefined)
        : undefined;
    const { url, release } = await wasmUrlFor(req.wasm);
    let glue: Glue;
    try {
      const harper = await import("harper.js");
      // harper.js's binary module hands out its wasm-bindgen glue.
      glue = await (harper.createBinaryModuleFromUrl(url, "slim") as unknown as { getBinaryModule(): Promise<Glue> }).getBinaryModule();
    } catch (error) {
      throw asDamage(req.wasm, error);
    } finally {
      release();
    }
    const state = await saved;
    if (stateStore && key !== undefined && state) {
      try {
        if (state.bytes.length !== state.layout.bytes) throw new Error("truncated state");
        const linter = await restore(glue, await glue.default(), state.layout, (view) => {
          view.set(state.bytes);
          return Promise.resolve();
        });
        backend = glueBackend(glue, linter, "worker");
        return "restored";
      } catch (error) {
        await stateStore.delete(key).catch(() => undefined);
        throw new StateRejected(`Harper's saved state was unusable (${error instanceof Error ? error.message : String(error)}); it was deleted.`);
      }
    }
    const linter = buildLinter(glue, req.dialect);
    if (stateStore && key !== undefined) {
      // Copied now, while the instance holds only Harper's set-up and the probe; stored once the worker is idle.
      const { layout, bytes } = snapshot(await glue.default(), linter);
      const store = stateStore;
      saveTimer = setTimeout(() => {
        queue = queue.then(async () => {
          try {
            await store.put(key, { layout, memory: new Blob([bytes]) });
            port.postMessage({ id: STATE_SAVED_ID, ok: true, value: key });
          } catch (error) {
            // Not saved (quota, private mode): the next session builds again.
            port.postMessage({ id: STATE_SAVED_ID, ok: false, message: error instanceof Error ? error.message : String(error) });
          }
        });
      }, SAVE_DELAY_MS);
    }
    backend = glueBackend(glue, linter, "worker");
    return "built";
  };

  const handle = async (req: HarperWorkerRequest): Promise<unknown> => {
    if (req.op === "init") {
      if (backend) throw new Error("Harper is already initialised in this worker.");
      return { origin: await init(req) };
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
        reply = { id: req.id, ok: false, message: error instanceof Error ? error.message : String(error), ...(error instanceof StateRejected ? { stateRejected: true } : {}) };
      }
      port.postMessage(reply);
    });
  });
  return {
    // A worker's realm goes with it; an in-process host frees Harper here.
    dispose: async () => {
      clearTimeout(saveTimer);
      await queue;
      await backend?.dispose();
      backend = undefined;
    },
  };
}
