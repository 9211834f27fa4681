import * as cmCommands from "@codemirror/commands";
import * as cmLanguage from "@codemirror/language";
import * as cmState from "@codemirror/state";
import * as cmView from "@codemirror/view";
import { createEditor, SAMPLE_NOTE } from "./editor.js";
import * as obsidian from "./obsidian-shim/index.js";

/**
 * Loads the BUILT main.js (CommonJS, as Obsidian loads it) through the shim,
 * with `obsidian` and CodeMirror supplied as externals the way Obsidian
 * supplies them, and times the plugin's onload. Each round is a fresh app;
 * the layout is never made ready, so what is timed is onload alone, as
 * Obsidian's own startup timer sees it. Results go to window.benchResult.
 */
const MODULES: Record<string, unknown> = {
  obsidian,
  "@codemirror/state": cmState,
  "@codemirror/view": cmView,
  "@codemirror/language": cmLanguage,
  "@codemirror/commands": cmCommands,
};

function requireShim(name: string): unknown {
  const m = MODULES[name];
  if (m === undefined) throw new Error(`main.js required "${name}", which Obsidian does not provide`);
  return m;
}

interface PluginLike {
  loadAsync(): Promise<void>;
  unload(): void;
}

function el(id: string): HTMLElement {
  const e = document.getElementById(id);
  if (!e) throw new Error(`#${id} missing`);
  return e;
}

async function main(): Promise<void> {
  const source = await (await window.fetch("./plugin/main.js")).text();
  const manifest = (await (await window.fetch("./plugin/manifest.json").catch(() => null))?.json().catch(() => null)) as obsidian.PluginManifest | null;
  const t0 = performance.now();
  const module = { exports: {} as Record<string, unknown> };
  // Evaluating the built bundle the way Obsidian does is the point of this bench.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const load = new Function("module", "exports", "require", source) as (m: typeof module, e: Record<string, unknown>, r: typeof requireShim) => void;
  load(module, module.exports, requireShim);
  const evalMs = performance.now() - t0;
  const PluginClass = (module.exports.default ?? module.exports) as new (app: obsidian.App, m: obsidian.PluginManifest) => PluginLike;

  const rounds = Number(new URLSearchParams(location.search).get("rounds") ?? 30);
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    localStorage.clear();
    for (const id of ["pg-root", "pg-right", "pg-status", "pg-ribbon"]) el(id).textContent = "";
    const app = new obsidian.App({ rootEl: el("pg-root"), rightEl: el("pg-right"), statusBarEl: el("pg-status"), ribbonEl: el("pg-ribbon"), createEditor, seed: { "Sample note.md": SAMPLE_NOTE } });
    const file = app.vault.getFileByPath("Sample note.md");
    if (file) await app.workspace.rootLeaf.openFile(file);
    const plugin = new PluginClass(app, manifest ?? { id: "redline", name: "Redline", version: "0", minAppVersion: "1.11.4", description: "", author: "" });
    const start = performance.now();
    await plugin.loadAsync();
    samples.push(performance.now() - start);
    plugin.unload();
    await app.workspace.rootLeaf.detachView();
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const result = { rounds, evalMs, firstOnloadMs: samples[0] ?? Number.NaN, p50: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN, bytes: source.length };
  (window as unknown as { benchResult: unknown }).benchResult = result;
  el("result").textContent = JSON.stringify(result, null, 2);
}

main().catch((e: unknown) => {
  (window as unknown as { benchResult: unknown }).benchResult = { error: e instanceof Error ? `${e.message}\n${e.stack ?? ""}` : String(e) };
});
