/** The offline engine's worker script, bundled by esbuild.config.mjs (harperWorkerPlugin). */
declare module "redline:harper-worker" {
  const source: string;
  export default source;
}
