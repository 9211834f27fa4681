import { GLUE_STATE_FORMAT, harperWorkerLoader, inProcessHarperWorker, type HarperLoader, type HarperWasmSource } from "@redline/ai-providers";

/**
 * How the plugin's offline engine starts Harper: in a Web Worker of its own
 * (harper.js's WorkerLinter would also load the whole WASM in the page), with
 * the binary located on the first run only. The worker is started first, so
 * it boots while the page hands it the WASM. The worker keeps Harper's
 * initialised state in IndexedDB for the copy inside main.js, so sessions
 * after the first restore Harper instead of building its dictionary again.
 */
export function pluginHarperLoader(wasm: OfflineWasmSource): HarperLoader {
  return harperWorkerLoader({
    createWorker: async () => (typeof Worker === "function" ? (await import("./offline-worker.js")).startHarperWorker() : inProcessHarperWorker()),
    wasm: () => wasm.get(),
    stateKey: (dialect, source) => (source.kind === "gzip-base64" && source.id !== undefined ? `${source.id}-d${dialect}-f${GLUE_STATE_FORMAT}` : undefined),
  });
}

/**
 * Where Harper's WASM comes from: a harper_wasm_slim_bg.wasm beside main.js
 * when there is one (a dev install; Obsidian serves plugin files as resource
 * URLs), else the copy inlined in main.js, which is all a community install
 * has. Resolved on first use; a failed attempt is not remembered.
 */
export class OfflineWasmSource {
  readonly #fileBeside: () => Promise<string | null>;
  readonly #inlined: () => Promise<HarperWasmSource>;
  #source: Promise<HarperWasmSource> | null = null;
  #disposed = false;

  constructor(fileBeside: () => Promise<string | null>, inlined: () => Promise<HarperWasmSource>) {
    this.#fileBeside = fileBeside;
    this.#inlined = inlined;
  }

  get(): Promise<HarperWasmSource> {
    if (this.#disposed) return Promise.reject(new Error("Redline was unloaded."));
    this.#source ??= this.#resolve().catch((e: unknown) => {
      this.#source = null;
      throw e;
    });
    return this.#source;
  }

  async #resolve(): Promise<HarperWasmSource> {
    const beside = await this.#fileBeside();
    return beside !== null ? { kind: "url", url: beside } : this.#inlined();
  }

  dispose(): void {
    this.#disposed = true;
    this.#source = null;
  }
}
