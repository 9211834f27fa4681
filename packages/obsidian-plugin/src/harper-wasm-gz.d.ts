/** Harper's WASM, inlined by esbuild.config.mjs (harperWasmPlugin): base64 of gzip -9. */
declare module "redline:harper-wasm-gz" {
  const base64: string;
  export default base64;
  /** The size in bytes of harper_wasm_slim_bg.wasm, uncompressed. */
  export const size: number;
  /** Its sha256 (hex), computed at build time: the binary's identity. */
  export const sha256: string;
}
