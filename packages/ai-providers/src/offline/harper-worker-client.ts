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
import type { HarperWasmSource, HarperWorkerLike, HarperWorkerReply, HarperWorkerRequest, HarperWorkerResults } from "./harper-worker-protocol.js";
import { gunzipBase64ToBlob } from "./wasm-source.js";

export interface HarperWorkerLoaderOptions {
  /** Starts a worker running harper-worker.ts (or inProcessHarperWorker() where there are no Web Workers). */
  readonly createWorker: () => HarperWorkerLike | Promise<HarperWorkerLike>;
  /** Harper's WASM. Asked for once per dialect, after the worker has been started, so both proceed at once. */
  readonly wasm: () => Promise<HarperWasmSource>;
}

type Op = HarperWorkerRequest["op"];
type Payload<K extends Op> = Omit<Extract<HarperWorkerRequest, { op: K }>, "id" | "op">;

export function harperWorkerLoader(options: HarperWorkerLoaderOptions): HarperLoader {
  return async (init: HarperBackendOptions): Promise<HarperBackend> => {
    const worker = await options.createWorker();
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
      else p.reject(new Error(reply.message));
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
    try {
      await call("init", { dialect: init.dialect, wasm: await options.wasm() });
    } catch (error) {
      worker.terminate();
      throw new Error(`The offline engine could not load Harper: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return {
      runtime: "worker",
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
        die(new Error("The offline engine was disposed."));
        worker.terminate();
        return Promise.resolve();
      },
    };
  };
}

/**
 * Harper on this thread behind the same channel, for hosts without Web
 * Workers (and Node): a MessageChannel, so requests and records cross a real
 * structured clone, with the WASM decoded into a blob: URL.
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
