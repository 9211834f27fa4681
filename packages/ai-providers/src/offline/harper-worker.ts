/**
 * Entry of the offline engine's Web Worker: Harper, off the page's thread.
 * Hosts bundle this file into a worker script (see esbuild.config.mjs) and
 * pass a factory for it to harperWorkerLoader.
 */
import { indexedDbStateStore } from "./harper-state-store.js";
import { serveHarper } from "./harper-worker-host.js";
import type { HarperHostPort } from "./harper-worker-protocol.js";
import { gunzipBase64 } from "./wasm-source.js";

/** A URL no network request can match: harper.js fetches it, and this worker answers. */
const INLINED_WASM_URL = "https://redline.invalid/harper_wasm_slim_bg.wasm";

const scope = globalThis as unknown as HarperHostPort & { fetch: typeof fetch };

const stateStore = typeof indexedDB === "undefined" ? undefined : indexedDbStateStore();

serveHarper(
  scope,
  (source) => {
    if (source.kind === "url") return Promise.resolve({ url: source.url, release: () => undefined });
    // harper.js only loads its binary by URL. Answering that one fetch with the
    // decompressing stream lets V8 compile while the rest is still being
    // inflated (~100 ms less than decompressing into a blob: URL first). This
    // realm is ours alone, and the override is removed once Harper has loaded.
    const realFetch = scope.fetch.bind(scope);
    scope.fetch = (input: RequestInfo | URL, init?: RequestInit) =>
      String(input instanceof Request ? input.url : input) === INLINED_WASM_URL
        ? Promise.resolve(new Response(gunzipBase64(source), { headers: { "content-type": "application/wasm" } }))
        : realFetch(input, init);
    return Promise.resolve({
      url: INLINED_WASM_URL,
      release: () => {
        scope.fetch = realFetch;
      },
    });
  },
  stateStore,
);
