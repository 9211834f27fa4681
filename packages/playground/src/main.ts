import type { EditorView } from "@codemirror/view";
import { pendingItems } from "@redline/track-edits";
import RedlinePlugin from "../../obsidian-plugin/src/main.js";
import manifest from "../../obsidian-plugin/manifest.json" with { type: "json" };
import { createEditor, CUSTOM_FUNCTION_NOTE, SAMPLE_NOTE } from "./editor.js";
import { App, MarkdownView, TFile } from "./obsidian-shim/index.js";
import { mountControls } from "./controls.js";

/**
 * The playground: the plugin's own code (from source) running in a web page
 * through the Obsidian shim, with a real CodeMirror editor and the whole engine.
 */
function el(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`Redline playground: #${id} missing from index.html`);
  return found;
}

const NOTE = "Sample note.md";
const app = new App({
  rootEl: el("pg-root"),
  rightEl: el("pg-right"),
  statusBarEl: el("pg-status"),
  ribbonEl: el("pg-ribbon"),
  createEditor,
  seed: { [NOTE]: SAMPLE_NOTE, "Redline/Functions/Plain English.md": CUSTOM_FUNCTION_NOTE },
  // As in Obsidian, the offline engine's WASM sits beside the plugin's main.js.
  resources: { ".obsidian/plugins/redline/harper_wasm_slim_bg.wasm": new URL("harper_wasm_slim_bg.wasm", window.location.href).href },
});

const plugin = new RedlinePlugin(app as never, manifest);
const started = performance.now();
await (plugin as unknown as { loadAsync(): Promise<void> }).loadAsync();
const onloadMs = performance.now() - started;
const file = app.vault.getFileByPath(NOTE) ?? new TFile(NOTE);
await app.workspace.rootLeaf.openFile(file);
app.workspace.triggerLayoutReady();
await plugin.start();

const view = app.workspace.getActiveViewOfType(MarkdownView);
if (!view) throw new Error("Redline playground: the sample note did not open");
mountControls({ app, plugin, view });

declare global {
  interface Window {
    redline: {
      app: App;
      plugin: RedlinePlugin;
      view: EditorView;
      markdownView: MarkdownView;
      onloadMs: number;
      ready: boolean;
      pending(): { id: string; from: number; to: number; original: string; replacement: string; clusterId: string; functionId: string }[];
    };
  }
}
// Exposed for browser tests and for poking at Redline from devtools.
window.redline = {
  app,
  plugin,
  view: view.editor.cm,
  markdownView: view,
  onloadMs,
  ready: true,
  pending: () =>
    pendingItems(view.editor.cm.state).map(({ item }) => ({
      id: item.id,
      from: item.from,
      to: item.to,
      original: item.original,
      replacement: item.kind === "edit" ? item.replacement : "",
      clusterId: item.clusterId,
      functionId: item.source.functionId,
    })),
};
console.info(`Redline playground: plugin onload took ${onloadMs.toFixed(1)} ms (from source, through the shim)`);
document.body.classList.add("is-ready");
