/**
 * The engine's side of Harper in a worker of our own: a HarperLoader whose
 * backend forwards each call to harper-worker.ts and gets plain lint records
 * back. Unlike harper.js's WorkerLinter, a worker that dies (an error, a
 * failed load) fails every waiting call with the reason instead of leaving
 * it pending forever.
 */
import type { HarperLoader } from "./engine.js";
import type { HarperBackend, HarperBackendOptions } from "./harper-backend.js";
import { serveHarper } from "./harper-worker-host.js";
import type { HarperOrigin, HarperWasmSource, HarperWorkerLike, HarperWorkerReply, HarperWorkerRequest, HarperWorkerResults } from "./harper-worker-protocol.js";
import { gunzipBase64ToBlob } from "./wasm-source.js";

export interface HarperWorkerLoaderOptions {
  /** Starts a worker running harper-worker.ts (or inProcessHarperWorker() where there are no Web Workers). */
  readonly createWorker: () => HarperWorkerLike | Promise<HarperWorkerLike>;
  /** Harper's WASM. Asked for once per dialect, after the worker has been started, so both proceed at once. */
  readonly wasm: () => Promise<HarperWasmSource>;
  /**
   * The key under which a worker with a state store keeps Harper's
   * initialised state for this binary and dialect; undefined: build every
   * time. The key must change whenever the binary does.
   */
  readonly stateKey?: (dialect: number, wasm: HarperWasmSource) => string | undefined;
  /**
   * How long after a first session's Harper is up its state is saved, in a
   * worker of its own (default 3 s: the writer's first results are out by then).
   */
  readonly saveDelayMs?: number;
}

const SAVE_DELAY_MS = 3000;

/** A backend from harperWorkerLoader, saying how Harper came up. */
export interface WorkerHarperBackend extends HarperBackend {
  readonly origin: HarperOrigin;
}

class WorkerReplyError extends Error {
  constructor(
    message: string,
    readonly stateRejected: boolean,
  ) {
    super(message);
  }
}

type Op = HarperWorkerRequest["op"];
type Payload<K extends Op> = Omit<Extract<HarperWorkerRequest, { op: K }>, "id" | "op">;

export function harperWorkerLoader(options: HarperWorkerLoaderOptions): HarperLoader {
  return async (init: HarperBackendOptions): Promise<WorkerHarperBackend> => {
    const wasm = options.wasm();
    try {
      return await startWorker(options, init, wasm);
    } catch (error) {
      // A saved state that failed its checks was deleted in the worker, whose instance it spoilt: build in a new one.
      if (error instanceof WorkerReplyError && error.stateRejected) return await startWorker(options, init, wasm);
      throw error;
    }
  };
}

/** Requests to a worker and their replies; a worker that dies or is closed fails every waiting call with the reason. */
function connect(worker: HarperWorkerLike): { call: <K extends Op>(op: K, payload: Payload<K>) => Promise<HarperWorkerResults[K]>; close: (reason: Error) => void } {
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let dead: Error | undefined;
  const die = (error: Error) => {
    dead ??= error;
    for (const p of pending.values()) p.reject(dead);
    pending.clear();
  };
  worker.addEventListener("message", (event) => {
    const reply = event.data as HarperWorkerReply;
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.value);
    else p.reject(new WorkerReplyError(reply.message, reply.stateRejected === true));
  });
  worker.addEventListener("error", (event) => {
    die(new Error(`The offline engine's worker stopped: ${event.message ?? "unknown error"}`));
  });
  const call = <K extends Op>(op: K, payload: Payload<K>): Promise<HarperWorkerResults[K]> => {
    if (dead) return Promise.reject(dead);
    const id = nextId++;
    return new Promise<HarperWorkerResults[K]>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, op, ...payload } as HarperWorkerRequest);
    });
  };
  return {
    call,
    close: (reason) => {
      die(reason);
      worker.terminate();
    },
  };
}

async function startWorker(options: HarperWorkerLoaderOptions, init: HarperBackendOptions, wasmSource: Promise<HarperWasmSource>): Promise<WorkerHarperBackend> {
  const worker = await options.createWorker();
  const { call, close } = connect(worker);
  let origin: HarperOrigin;
  let saver: { cancel(): void } | undefined;
  try {
    const wasm = await wasmSource;
    const stateKey = options.stateKey?.(init.dialect, wasm);
    ({ origin } = await call("init", { dialect: init.dialect, wasm, ...(stateKey === undefined ? {} : { stateKey }) }));
    if (origin === "built" && stateKey !== undefined) saver = saveLater(options, { dialect: init.dialect, wasm, stateKey });
  } catch (error) {
    close(new Error("The offline engine could not load Harper."));
    if (error instanceof WorkerReplyError && error.stateRejected) throw error;
    throw new Error(`The offline engine could not load Harper: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return {
    runtime: "worker",
    origin,
    lint: (text, c) => call("lint", { text, maskWords: c?.maskWords ?? [] }),
    knownWords: (words) => call("knownWords", { words }),
    importWords: async (words) => {
      if (words.length > 0) await call("importWords", { words });
    },
    setLintConfig: async (config) => {
      await call("setLintConfig", { config });
    },
    defaultLintConfig: () => call("defaultLintConfig", {}),
    dispose: () => {
      saver?.cancel();
      close(new Error("The offline engine was disposed."));
      return Promise.resolve();
    },
  };
}

/**
 * Saves Harper's state for later sessions in a worker of its own, once the
 * first session's results are out: it builds Harper again, lints only the
 * engine's probe, stores a copy of the memory and is stopped. A failure only
 * means the next session builds too. Cancelled when the engine is disposed.
 */
function saveLater(options: HarperWorkerLoaderOptions, request: { readonly dialect: number; readonly wasm: HarperWasmSource; readonly stateKey: string }): { cancel(): void } {
  let cancelled = false;
  let channel: ReturnType<typeof connect> | undefined;
  const stop = () => {
    channel?.close(new Error("Saving Harper's state was cancelled."));
    channel = undefined;
  };
  const timer = setTimeout(() => {
    void (async () => {
      const worker = await options.createWorker();
      if (cancelled) {
        worker.terminate();
        return;
      }
      channel = connect(worker);
      await channel.call("saveState", request);
    })()
      .catch(() => undefined)
      .finally(stop);
  }, options.saveDelayMs ?? SAVE_DELAY_MS);
  return {
    cancel: () => {
      cancelled = true;
      clearTimeout(timer);
      stop();
    },
  };
}

/**
 * Harper on this thread behind the same channel, for hosts without Web
 * Workers (and Node): a MessageChannel, so requests and records cross a real
 * structured clone, with the WASM decoded into a blob: URL. It keeps no
 * state between sessions: restoring one would overwrite the instance that
 * harper.js shares across this realm.
 */
export function inProcessHarperWorker(): HarperWorkerLike {
  const channel = new MessageChannel();
  const urls: string[] = [];
  const host = serveHarper(channel.port2, async (source) => {
    if (source.kind === "url") return { url: source.url, release: () => undefined };
    const url = URL.createObjectURL(await gunzipBase64ToBlob(source));
    urls.push(url);
    return {
      url,
      release: () => {
        URL.revokeObjectURL(url);
      },
    };
  });
  channel.port1.start();
  channel.port2.start();
  const worker: HarperWorkerLike = {
    postMessage: (message) => {
      channel.port1.postMessage(message);
    },
    addEventListener: (type: "message" | "error", listener: (event: { readonly data: unknown; readonly message?: string }) => void) => {
      if (type === "message") channel.port1.addEventListener("message", listener);
    },
    terminate: () => {
      channel.port1.close();
      void host.dispose().finally(() => {
        channel.port2.close();
        for (const url of urls.splice(0)) URL.revokeObjectURL(url);
      });
    },
  };
  return worker;
}
