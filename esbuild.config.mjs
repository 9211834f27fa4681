// Builds the Obsidian plugin bundle and the playground.
//   node esbuild.config.mjs plugin|playground|all [--watch]
import { builtinModules } from "node:module";
import { copyFile, mkdir } from "node:fs/promises";
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
  });
  await copyFile(join(pluginDir, "manifest.json"), join(out, "manifest.json"));
  await copyFile(join(pluginDir, "styles.css"), join(out, "styles.css"));
}

export async function buildPlayground() {
  const out = join(playgroundDir, "dist");
  await mkdir(out, { recursive: true });
  await esbuild.build({
    ...common,
    entryPoints: [join(playgroundDir, "src/main.ts")],
    outfile: join(out, "playground.js"),
    format: "esm",
    platform: "browser",
    sourcemap: "linked",
  });
  await copyFile(join(playgroundDir, "index.html"), join(out, "index.html"));
  await copyFile(join(playgroundDir, "playground.css"), join(out, "playground.css"));
  // The playground renders with the plugin's own stylesheet.
  await copyFile(join(pluginDir, "styles.css"), join(out, "styles.css"));
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
