/**
 * The only importer of the inlined binary. The offline engine reaches it
 * through a dynamic import on its first run, so esbuild keeps the 10 MB
 * string inside a lazily called module initialiser and onload never
 * evaluates it.
 */
import type { HarperWasmSource } from "@redline/ai-providers";
import base64, { sha256, size } from "redline:harper-wasm-gz";

/** Harper's WASM as main.js carries it; the offline engine's worker decodes it. */
export function inlinedHarperWasm(): HarperWasmSource {
  return { kind: "gzip-base64", data: base64, size, id: `sha256-${sha256}`, describe: "The offline engine inside main.js", remedy: "Reinstall Redline." };
}
