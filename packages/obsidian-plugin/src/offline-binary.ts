/**
 * The only importer of the inlined binary. main.ts reaches it through a
 * dynamic import when the offline engine first runs, so esbuild keeps the
 * 10 MB string inside a lazily called module initialiser and onload never
 * evaluates it.
 */
import base64, { sha256 } from "redline:harper-wasm-gz";
import { decodeGzipBase64 } from "./wasm-decode.js";

/**
 * A blob: URL of Harper's WASM. harper.js fetches it in the page and in its
 * Web Worker (created from a blob: URL, so of the same origin, where page
 * blob: URLs resolve). The caller revokes it.
 */
export async function inlinedHarperWasmUrl(): Promise<string> {
  const wasm = await decodeGzipBase64(base64, sha256);
  return URL.createObjectURL(new Blob([wasm], { type: "application/wasm" }));
}
