// Builds the Obsidian plugin bundle and the playground.
//   node esbuild.config.mjs plugin|playground|all [--watch]
import { builtinModules } from "node:module";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
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

export async function buildPlugin() {
  const out = join(pluginDir, "dist");
  await mkdir(out, { recursive: true });
  await esbuild.build({
    ...common,
    entryPoints: [join(pluginDir, "src/main.ts")],
    outfile: join(out, "main.js"),
    format: "cjs",
    platform: "browser",
    external: PLUGIN_EXTERNALS,
    metafile: true,
    // The provider SDKs make main.js large; minifying halves what Obsidian parses at startup.
    minify: production,
  });
  await copyFile(join(pluginDir, "manifest.json"), join(out, "manifest.json"));
  // Obsidian loads one styles.css per plugin: track-edits' review UI, then the plugin's own.
  const css = await Promise.all([join(root, "packages/track-edits/styles.css"), join(pluginDir, "styles.css")].map((f) => readFile(f, "utf8")));
  await writeFile(join(out, "styles.css"), css.join("\n"));
  // The offline engine loads Harper's WASM from beside main.js (the plugin passes its resource URL).
  await copyFile(join(root, "packages/ai-providers/node_modules/harper.js/dist/harper_wasm_slim_bg.wasm"), join(out, "harper_wasm_slim_bg.wasm"));
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
