/** Harper's WASM, inlined by esbuild.config.mjs (harperWasmPlugin): base64 of gzip -9. */
declare module "redline:harper-wasm-gz" {
  const base64: string;
  export default base64;
  /** sha256 (hex) of the uncompressed harper_wasm_slim_bg.wasm. */
  export const sha256: string;
  /** Its size in bytes, uncompressed. */
  export const size: number;
}
