/**
 * Harper's side of the worker channel: one Harper serving the engine's
 * requests in order. Runs inside harper-worker.ts in browsers and Obsidian,
 * or on a MessagePort in hosts without Web Workers.
 *
 * With a state store (the worker's IndexedDB) and a key from the engine,
 * Harper's initialised state is restored instead of built, its dictionary
 * build being most of a cold start. A state is saved by a worker of its own
 * (saveState), which builds Harper, lints only the engine's probe and copies
 * the memory, so no writer's text or words are ever in it and the first
 * session's results never wait for the copy (~170 ms of a 160 MB memory).
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

export function serveHarper(port: HarperHostPort, wasmUrlFor: WasmUrlFor, stateStore?: HarperStateStore): { dispose(): Promise<void> } {
  let backend: HarperBackend | undefined;
  // Harper is single-threaded and requests depend on order (config before lints): serve one at a time.
  let queue: Promise<void> = Promise.resolve();

  const loadGlue = async (wasm: HarperWasmSource): Promise<Glue> => {
    const { url, release } = await wasmUrlFor(wasm);
    try {
      const harper = await import("harper.js");
      // harper.js's binary module hands out its wasm-bindgen glue.
      return await (harper.createBinaryModuleFromUrl(url, "slim") as unknown as { getBinaryModule(): Promise<Glue> }).getBinaryModule();
    } catch (error) {
      throw asDamage(wasm, error);
    } finally {
      release();
    }
  };

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
    const glue = await loadGlue(req.wasm);
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
    // No probe and no copy of the memory here: the writer's first lint is what this worker is for.
    // Saving is a separate worker's job (saveState), so a first session waits for neither.
    backend = glueBackend(glue, glue.Linter.new(req.dialect), "worker");
    return "built";
  };

  /** Builds Harper with the probe linted, and stores a copy of its memory: nothing of a writer's reaches this instance. */
  const saveState = async (req: Extract<HarperWorkerRequest, { op: "saveState" }>): Promise<string> => {
    if (!stateStore) throw new Error("This worker has no state store.");
    const glue = await loadGlue(req.wasm);
    const linter = buildLinter(glue, req.dialect);
    const { layout, bytes } = snapshot(await glue.default(), linter);
    linter.free();
    try {
      await stateStore.put(req.stateKey, { layout, memory: new Blob([bytes]) });
    } catch (error) {
      // Not saved (quota, private mode): the next session builds again.
      const message = error instanceof Error ? error.message : String(error);
      port.postMessage({ id: STATE_SAVED_ID, ok: false, message });
      throw new Error(`Harper's state was not saved: ${message}`);
    }
    port.postMessage({ id: STATE_SAVED_ID, ok: true, value: req.stateKey });
    return req.stateKey;
  };

  const handle = async (req: HarperWorkerRequest): Promise<unknown> => {
    if (req.op === "init") {
      if (backend) throw new Error("Harper is already initialised in this worker.");
      return { origin: await init(req) };
    }
    if (req.op === "saveState") return saveState(req);
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
      await queue;
      await backend?.dispose();
      backend = undefined;
    },
  };
}
