// Builds the Obsidian plugin bundle and the playground.
//   node esbuild.config.mjs plugin|playground|all [--watch]
import { builtinModules } from "node:module";
import { createHash } from "node:crypto";
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import esbuild from "esbuild";

const root = dirname(fileURLToPath(import.meta.url));
const pluginDir = join(root, "packages/obsidian-plugin");
const playgroundDir = join(root, "packages/playground");
const production = process.env.NODE_ENV !== "development";

/** What Obsidian supplies at run time, as in obsidianmd/obsidian-sample-plugin. */
export const PLUGIN_EXTERNALS = [
  "obsidian",
  "electron",
  "@codemirror/*",
  "@lezer/*",
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
];

const common = {
  bundle: true,
  target: "es2022",
  logLevel: "info",
  sourcemap: production ? false : "inline",
  minify: false,
  treeShaking: true,
  // WASM engines (the offline provider) ship their binaries as files next to
  // the bundle rather than inlined base64, which would bloat main.js.
  loader: { ".wasm": "file" },
};

export const HARPER_WASM = join(root, "packages/ai-providers/node_modules/harper.js/dist/harper_wasm_slim_bg.wasm");
/** The virtual module through which main.js carries Harper's WASM (see packages/obsidian-plugin/src/offline-binary.ts). */
export const HARPER_WASM_MODULE = "redline:harper-wasm-gz";

/**
 * Obsidian's community installer fetches only main.js, manifest.json and
 * styles.css, so the offline engine's 16 MB binary travels inside main.js:
 * gzip -9 (8 MB) as base64, with the original's size to check the decoded
 * bytes against (gzip's own CRC-32 catches altered bytes) and its sha256,
 * which names the binary (saved Harper states are kept per binary). gzip -9
 * takes seconds, so the result is cached by the wasm's hash.
 */
export async function harperWasmModuleSource(wasmPath = HARPER_WASM) {
  const wasm = await readFile(wasmPath);
  const sha256 = createHash("sha256").update(wasm).digest("hex");
  const cached = join(root, "node_modules/.cache/redline", `harper-wasm-${sha256}.gz.b64`);
  let base64;
  try {
    base64 = await readFile(cached, "utf8");
  } catch {
    base64 = gzipSync(wasm, { level: 9 }).toString("base64");
    await mkdir(dirname(cached), { recursive: true });
    await writeFile(cached, base64);
  }
  return `export const size = ${wasm.length};\nexport const sha256 = ${JSON.stringify(sha256)};\nexport default ${JSON.stringify(base64)};\n`;
}

/** Resolves HARPER_WASM_MODULE: inlined (the plugin) or absent (the playground, which serves the file). */
function harperWasmPlugin(inline) {
  return {
    name: "redline-harper-wasm",
    setup(build) {
      build.onResolve({ filter: /^redline:harper-wasm-gz$/ }, (args) => ({ path: args.path, namespace: "redline-harper-wasm" }));
      build.onLoad({ filter: /.*/, namespace: "redline-harper-wasm" }, async () =>
        inline
          ? { contents: await harperWasmModuleSource(), loader: "js", watchFiles: [HARPER_WASM] }
          : { contents: 'export const size = 0, sha256 = "";\nexport default "";\nthrow new Error("This build does not inline Harper\'s WASM: serve harper_wasm_slim_bg.wasm beside the page.");', loader: "js" },
      );
    },
  };
}

export const HARPER_WORKER_ENTRY = join(root, "packages/ai-providers/src/offline/harper-worker.ts");

/** How harper-worker.ts becomes a worker script: for the plugin (below) and for the browser test that drives it as hosts ship it. */
export function harperWorkerBuildOptions() {
  return {
    entryPoints: [HARPER_WORKER_ENTRY],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: production,
    // harper.js reads its WASM with fs only under Node (file:// URLs); in a worker that branch never runs.
    external: ["fs"],
    logLevel: "silent",
  };
}

/**
 * The offline engine's Web Worker (Harper off the page's thread) as a virtual
 * module whose default export is the worker's whole script: a plugin ships
 * one file, so the host makes a blob: URL of it (see
 * packages/obsidian-plugin/src/offline-worker.ts).
 */
export function harperWorkerPlugin() {
  return {
    name: "redline-harper-worker",
    setup(build) {
      build.onResolve({ filter: /^redline:harper-worker$/ }, (args) => ({ path: args.path, namespace: "redline-harper-worker" }));
      build.onLoad({ filter: /.*/, namespace: "redline-harper-worker" }, async () => {
        const result = await esbuild.build({ ...harperWorkerBuildOptions(), write: false, metafile: true });
        const code = result.outputFiles[0]?.text ?? "";
        return { contents: `export default ${JSON.stringify(code)};\n`, loader: "js", watchFiles: Object.keys(result.metafile.inputs).map((f) => join(root, f)) };
      });
    },
  };
}

/** The plugin bundle's esbuild options; benchmarks that size main.js build with these too. */
export function pluginBuildOptions() {
  return {
    ...common,
    entryPoints: [join(pluginDir, "src/main.ts")],
    outfile: join(pluginDir, "dist", "main.js"),
    format: "cjs",
    platform: "browser",
    external: PLUGIN_EXTERNALS,
    metafile: true,
    // The provider SDKs make main.js large; minifying halves what Obsidian parses at startup.
    minify: production,
    plugins: [harperWasmPlugin(true), harperWorkerPlugin()],
  };
}

export async function buildPlugin() {
  const out = join(pluginDir, "dist");
  await mkdir(out, { recursive: true });
  await esbuild.build(pluginBuildOptions());
  await copyFile(join(pluginDir, "manifest.json"), join(out, "manifest.json"));
  // Obsidian loads one styles.css per plugin: track-edits' review UI, then the plugin's own.
  const css = await Promise.all([join(root, "packages/track-edits/styles.css"), join(pluginDir, "styles.css")].map((f) => readFile(f, "utf8")));
  await writeFile(join(out, "styles.css"), css.join("\n"));
  // The community installer fetches these three files only; Harper's WASM is inside main.js. Drop a copy left by older builds.
  await rm(join(out, "harper_wasm_slim_bg.wasm"), { force: true });
}

export async function buildPlayground() {
  const out = join(playgroundDir, "dist");
  await mkdir(out, { recursive: true });
  await esbuild.build({
    ...common,
    // playground.js runs the plugin from source; load-bench.js loads the built
    // main.js through the same shim to time onload.
    entryPoints: { playground: join(playgroundDir, "src/main.ts"), "load-bench": join(playgroundDir, "src/load-bench.ts") },
    outdir: out,
    format: "esm",
    platform: "browser",
    sourcemap: "linked",
    // The plugin imports `obsidian`; in the playground that is the browser-side shim.
    alias: { obsidian: join(playgroundDir, "src/obsidian-shim/index.ts") },
    // harper.js reads its WASM with fs only under Node (file:// URLs); in the page that branch never runs.
    external: ["fs"],
    // The page serves harper_wasm_slim_bg.wasm (below), so playground.js does not carry it.
    plugins: [harperWasmPlugin(false), harperWorkerPlugin()],
  });
  await buildPlugin();
  await mkdir(join(out, "plugin"), { recursive: true });
  await copyFile(join(pluginDir, "dist/main.js"), join(out, "plugin/main.js"));
  await copyFile(join(pluginDir, "manifest.json"), join(out, "plugin/manifest.json"));
  await copyFile(join(playgroundDir, "bench.html"), join(out, "bench.html"));
  // The offline engine fetches Harper's WASM next to the page.
  const harperDist = join(root, "packages/ai-providers/node_modules/harper.js/dist");
  await copyFile(join(harperDist, "harper_wasm_slim_bg.wasm"), join(out, "harper_wasm_slim_bg.wasm"));
  await copyFile(join(playgroundDir, "index.html"), join(out, "index.html"));
  await copyFile(join(playgroundDir, "playground.css"), join(out, "playground.css"));
  // The playground renders with the plugin's own stylesheet, as built.
  await copyFile(join(pluginDir, "dist/styles.css"), join(out, "styles.css"));
}

const target = process.argv[2] ?? "all";
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (target === "plugin" || target === "all") await buildPlugin();
  if (target === "playground" || target === "all") await buildPlayground();
  if (!["plugin", "playground", "all"].includes(target)) {
    console.error(`unknown target "${target}": use plugin, playground or all`);
    process.exit(2);
  }
}
