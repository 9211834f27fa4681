import { harperWasmModuleSource } from "../../../esbuild.config.mjs";

/** What main.js carries: the exports of the virtual module "redline:harper-wasm-gz", read from its generated source. */
export async function inlinedHarperModule(): Promise<{ base64: string; size: number; sha256: string }> {
  const source = await harperWasmModuleSource();
  const size = /export const size = (\d+);/.exec(source)?.[1];
  const sha256 = /export const sha256 = "([0-9a-f]{64})";/.exec(source)?.[1];
  const base64 = /export default "([A-Za-z0-9+/=]+)";/.exec(source)?.[1];
  if (size === undefined || base64 === undefined || sha256 === undefined) throw new Error("unexpected virtual module source");
  return { base64, size: Number(size), sha256 };
}
