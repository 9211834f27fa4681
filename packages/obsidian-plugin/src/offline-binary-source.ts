/**
 * Where the offline engine gets Harper's WASM: a harper_wasm_slim_bg.wasm
 * beside main.js when there is one (a dev install), else the copy inlined in
 * main.js, which is all a community install has. Resolved once, on first
 * use; dispose() revokes the blob: URL.
 */
export class OfflineBinarySource {
  readonly #fileBeside: () => Promise<string | null>;
  readonly #inlined: () => Promise<string>;
  #url: Promise<string> | null = null;
  #blobUrl: string | null = null;
  #disposed = false;

  constructor(fileBeside: () => Promise<string | null>, inlined: () => Promise<string>) {
    this.#fileBeside = fileBeside;
    this.#inlined = inlined;
  }

  url(): Promise<string> {
    if (this.#disposed) return Promise.reject(new Error("Redline was unloaded."));
    this.#url ??= this.#resolve().catch((e: unknown) => {
      // A failed attempt is not remembered: the next run tries again.
      this.#url = null;
      throw e;
    });
    return this.#url;
  }

  async #resolve(): Promise<string> {
    const beside = await this.#fileBeside();
    if (beside !== null) return beside;
    const blobUrl = await this.#inlined();
    if (this.#disposed) {
      URL.revokeObjectURL(blobUrl);
      throw new Error("Redline was unloaded.");
    }
    this.#blobUrl = blobUrl;
    return blobUrl;
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#blobUrl !== null) URL.revokeObjectURL(this.#blobUrl);
    this.#blobUrl = null;
    this.#url = null;
  }
}
