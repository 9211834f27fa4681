import * as cmCommands from "@codemirror/commands";
import * as cmLanguage from "@codemirror/language";
import * as cmState from "@codemirror/state";
import * as cmView from "@codemirror/view";
import { STATE_SAVED_ID } from "@redline/ai-providers/harper-worker-protocol";
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

/** This page's URL parameters: the bench mode, its rounds, and the cold start's note name. */
const query = new URLSearchParams(location.search);

/** The cold-start note: a paragraph with errors Harper finds (three misspellings, a missing apostrophe). */
const COLD_NOTE = "I recieve teh mesage from the office every morning, but its never on time.\n";

/** The same first lint with raw harper.js (its WorkerLinter, the binary served beside the page): the cold start to beat. */
async function coldRawHarper(): Promise<Record<string, unknown>> {
  await handshake("armed");
  const t0 = performance.now();
  const harper = await import("harper.js");
  const linter = new harper.WorkerLinter({ binary: harper.createBinaryModuleFromUrl(new URL("harper_wasm_slim_bg.wasm", location.href).href, "slim"), dialect: harper.Dialect.American });
  await linter.setup();
  const lints = await linter.lint(COLD_NOTE, { language: "markdown" });
  const coldMs = performance.now() - t0;
  await handshake("done", { coldMs, shown: lints.length });
  await linter.dispose();
  return { coldMs, shown: lints.length };
}

async function main(): Promise<void> {
  if (query.get("mode") === "cold-raw-harper") {
    (window as unknown as { benchResult: unknown }).benchResult = await coldRawHarper();
    return;
  }
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

  if (query.get("mode") === "cold-proofread") {
    (window as unknown as { benchResult: unknown }).benchResult = await coldProofread(PluginClass, manifest, evalMs, source.length);
    return;
  }
  const rounds = Number(query.get("rounds") ?? 30);
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

/**
 * The plugin's first proofread in a fresh page, from the command to the
 * tracked edits on screen: the offline engine's whole cold start as a writer
 * meets it in Obsidian (no key, Harper's WASM decoded from main.js, Harper in
 * a Web Worker), with nothing warmed beforehand.
 */
async function coldProofread(
  PluginClass: new (app: obsidian.App, m: obsidian.PluginManifest) => PluginLike,
  manifest: obsidian.PluginManifest | null,
  evalMs: number,
  bytes: number,
): Promise<Record<string, unknown>> {
  localStorage.clear();
  // A note of its own per session: a later session in the same profile must not find this one's pending edits restored.
  const note = `${query.get("note") ?? "Sample note"}.md`;
  const app = new obsidian.App({ rootEl: el("pg-root"), rightEl: el("pg-right"), statusBarEl: el("pg-status"), ribbonEl: el("pg-ribbon"), createEditor, seed: { [note]: COLD_NOTE } });
  const file = app.vault.getFileByPath(note);
  if (file) await app.workspace.rootLeaf.openFile(file);
  const plugin = new PluginClass(app, manifest ?? { id: "redline", name: "Redline", version: "0", minAppVersion: "1.11.4", description: "", author: "" });
  await plugin.loadAsync();
  app.workspace.triggerLayoutReady();
  const command = "redline:run-proofread-note";
  await until(() => app.commands.isAvailable(command), 30_000, () => `${command} never became available`);
  // Let start-up settle (idle callbacks, the store's first reads) so only the proofread is timed.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const marks = watchOfflineStart();
  await handshake("armed");
  const t0 = performance.now();
  if (!app.commands.executeCommandById(command)) throw new Error(`${command} did not run`);
  await until(() => document.querySelector(".rl-ins, .rl-del") !== null, 60_000, () => `no edits shown (notices: ${document.querySelector(".notice-container")?.textContent || "none"})`);
  const coldMs = performance.now() - t0;
  const shown = document.querySelectorAll(".rl-ins, .rl-del").length;
  const since = (t: number | undefined) => (t === undefined ? Number.NaN : t - t0);
  const result = { coldMs, shown, evalMs, bytes, harperSetupMs: since(marks.firstReply), origin: marks.origin };
  // Still running: the bench reads the worker's CPU time before unload ends it, and waits for the
  // worker that saves Harper's state (started a few seconds later, so still watched) in a first session.
  await handshake("done", result);
  marks.stop();
  plugin.unload();
  return result;
}

/**
 * What the offline engine's worker says during the run: when it first
 * answers (Harper is up: WASM decoded and compiled, dictionary built or
 * restored), whether Harper was built or restored from a saved state, and
 * when it has saved its state for the next session.
 */
function watchOfflineStart(): { firstReply?: number; origin?: string; stop(): void } {
  const marks: { firstReply?: number; origin?: string; stop(): void } = { stop: () => undefined };
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      this.addEventListener("message", (e: MessageEvent<{ id?: number; ok?: boolean; value?: { origin?: string } } | null>) => {
        if (e.data?.id === STATE_SAVED_ID) {
          (window as unknown as { coldStateSaved?: boolean }).coldStateSaved = e.data.ok === true;
          return;
        }
        marks.firstReply ??= performance.now();
        marks.origin ??= e.data?.value?.origin;
      });
    }
  };
  marks.stop = () => {
    window.Worker = NativeWorker;
  };
  return marks;
}

/**
 * Lets a driving bench act at a point of the run: the page publishes
 * `coldStage` (and any result so far) and waits for `coldGo()`. Without a
 * driver (a person opening bench.html) it goes straight on.
 */
async function handshake(stage: string, result?: unknown): Promise<void> {
  const w = window as unknown as { coldDriven?: boolean; coldStage?: string; coldPartial?: unknown; coldGo?: () => void };
  if (w.coldDriven !== true) return;
  await new Promise<void>((resolve) => {
    w.coldGo = resolve;
    w.coldPartial = result;
    w.coldStage = stage;
  });
}

async function until(done: () => boolean, timeoutMs: number, why: () => string): Promise<void> {
  const start = performance.now();
  while (!done()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out: ${why()}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

main().catch((e: unknown) => {
  (window as unknown as { benchResult: unknown }).benchResult = { error: e instanceof Error ? `${e.message}\n${e.stack ?? ""}` : String(e) };
});
