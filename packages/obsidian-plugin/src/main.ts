import type { Extension } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import { editorInfoField, Modal, normalizePath, Notice, Plugin, Platform, requestUrl, type Editor, type MarkdownFileInfo, type MarkdownView, type TFile } from "obsidian";
import { fillEditorMenu, functionCommands, staticCommands, type CommandContext, type CommandHost, type CommandSpec } from "./commands.js";
import type { LearnedItem } from "./dashboard/data.js";
import { DASHBOARD_VIEW_TYPE, DashboardView } from "./dashboard/view.js";
import { isExcludedPath, noteControl } from "./note-control.js";
import type { EditorTarget, Runtime } from "./runtime-port.js";
import type { OfflineWasmSource } from "./offline-harper.js";
import { migrateLeakedKeys, type SecretStore } from "./secrets.js";
import type { FunctionInfo, SettingsHost } from "./settings/host.js";
import { normaliseSettings, type RedlineSettings } from "./settings/schema.js";
import { RedlineSettingTab } from "./settings/tab.js";
import { StatusBar } from "./status-bar.js";
import { Transport } from "./transport.js";

/**
 * The Obsidian adapter. It stays thin: it loads settings, registers commands,
 * views and one editor-extension array, and defers the engine to
 * onLayoutReady, where runtime.ts creates it. Everything it creates is
 * released in onunload, so a reload starts clean.
 */
export default class RedlinePlugin extends Plugin implements SettingsHost, CommandHost {
  /**
   * Registered once and mutated in place, then applied with
   * workspace.updateOptions(), which is how Obsidian reconfigures editor
   * extensions without a reload.
   */
  readonly editorExtensions: Extension[] = [];
  declare settings: RedlineSettings;
  runtime: Runtime | null = null;
  /** Set when the engine failed to start, so commands can say why. */
  startError: string | null = null;
  #statusBar: StatusBar | null = null;
  #commandIds = new Set<string>();
  #specs: CommandSpec[] = [];
  #disposers: (() => void)[] = [];

  /**
   * Harper's WASM: a copy beside main.js (dev installs; Obsidian serves plugin
   * files as resource URLs), else the one inlined in main.js, decoded on the
   * offline engine's first run. Created in start(), disposed in onunload.
   */
  #offlineWasm: OfflineWasmSource | null = null;

  async #wasmBesideMain(): Promise<string | null> {
    const dir = this.manifest.dir ?? `${this.app.vault.configDir}/plugins/${this.manifest.id}`;
    const path = normalizePath(`${dir}/harper_wasm_slim_bg.wasm`);
    const { adapter } = this.app.vault;
    return (await adapter.exists(path)) ? adapter.getResourcePath(path) : null;
  }
  #starting: Promise<void> | null = null;
  #unloaded = false;

  get secrets(): SecretStore {
    return this.app.secretStorage;
  }

  override async onload(): Promise<void> {
    await this.loadSettings();
    this.registerEditorExtension(this.editorExtensions);
    this.addSettingTab(new RedlineSettingTab(this, this));
    this.registerView(DASHBOARD_VIEW_TYPE, (leaf) => new DashboardView(leaf, () => this.runtime?.dashboard ?? null));
    this.#statusBar = new StatusBar(this.addStatusBarItem(), () => {
      const n = this.runtime?.cancel() ?? 0;
      if (n > 0) this.notice(`Redline cancelled ${n} run${n === 1 ? "" : "s"}.`);
    });
    this.#statusBar.update({ running: null, queued: 0, spentTodayUsd: 0 });
    this.#registerSpecs(staticCommands(this));
    this.addRibbonIcon("line-chart", "Open learning dashboard", () => void this.openDashboard());
    this.registerEvent(
      this.app.workspace.on("editor-menu", (menu, editor, info) => {
        fillEditorMenu(menu, this.#specs, this.#context(editor, info), (e) => {
          this.#reportError(e);
        });
      }),
    );
    this.app.workspace.onLayoutReady(() => void this.start());
  }

  override onunload(): void {
    this.#unloaded = true;
    for (const dispose of this.#disposers.splice(0)) dispose();
    const runtime = this.runtime;
    this.runtime = null;
    this.editorExtensions.length = 0;
    this.app.workspace.updateOptions();
    if (runtime) void runtime.dispose();
    this.#offlineWasm?.dispose();
    this.#offlineWasm = null;
  }

  /** Creates the engine. Idempotent; heavy modules load here, not in onload. */
  start(): Promise<void> {
    this.#starting ??= this.#start();
    return this.#starting;
  }

  async #start(): Promise<void> {
    try {
      // The engine's modules (and the provider SDKs behind them) are evaluated here, after layout ready, never in onload.
      const [{ createRuntime }, { OfflineWasmSource, pluginHarperLoader }] = await Promise.all([import("./runtime.js"), import("./offline-harper.js")]);
      const offlineWasm = new OfflineWasmSource(
        () => this.#wasmBesideMain(),
        async () => (await import("./offline-binary.js")).inlinedHarperWasm(),
      );
      this.#offlineWasm = offlineWasm;
      const transport = new Transport({
        fetch: (input, init) => window.fetch(input, init),
        requestUrl: (p) => requestUrl(p),
        isMobile: Platform.isMobile,
        requestUrlOrigins: this.settings.requestUrlOrigins,
        onRememberOrigin: (origin) => {
          this.settings.requestUrlOrigins.push(origin);
          void this.saveSettings();
        },
      });
      const runtime = await createRuntime({
        settings: this.settings,
        loadHarper: pluginHarperLoader(offlineWasm),
        secrets: this.secrets,
        fetch: transport.fetch,
        notice: (m) => {
          this.notice(m);
        },
        saveSettings: () => this.saveSettings(),
        noteFor: (view) => this.#noteFor(view),
        readNote: (path) => this.#readNote(path),
        listNotes: (folder) => this.app.vault.getMarkdownFiles().filter((f) => f.path.startsWith(`${folder.replace(/\/+$/, "")}/`)).map((f) => f.path),
        onVaultChange: (listener) => {
          const changed = (f: { path: string }) => {
            listener(f.path);
          };
          const refs = [
            this.app.vault.on("modify", changed),
            this.app.vault.on("create", changed),
            this.app.vault.on("delete", changed),
            this.app.vault.on("rename", (f, old) => {
              listener(old);
              listener(f.path);
            }),
          ];
          return () => {
            for (const ref of refs) this.app.vault.offref(ref);
          };
        },
      });
      // A start that finishes after onunload must not attach anything.
      if (this.#unloaded) {
        offlineWasm.dispose();
        await runtime.dispose();
        return;
      }
      this.runtime = runtime;
      this.editorExtensions.push(runtime.extension);
      this.app.workspace.updateOptions();
      this.#disposers.push(runtime.onStatus((s) => this.#statusBar?.update(s)));
      this.#disposers.push(runtime.onFunctionsChanged(() => {
        this.#registerFunctions(runtime.functions());
      }));
      this.#registerFunctions(runtime.functions());
      for (const leaf of this.app.workspace.getLeavesOfType(DASHBOARD_VIEW_TYPE)) if (leaf.view instanceof DashboardView) void leaf.view.refresh();
    } catch (e) {
      this.startError = e instanceof Error ? e.message : String(e);
      console.error("Redline could not start", e);
      this.notice(`Redline could not start: ${this.startError}`);
    }
  }


  #registerSpecs(specs: readonly CommandSpec[]): void {
    for (const spec of specs) {
      this.#specs.push(spec);
      if (this.#commandIds.has(spec.id)) continue;
      this.#commandIds.add(spec.id);
      this.addCommand({
        id: spec.id,
        name: spec.name,
        icon: spec.icon,
        editorCheckCallback: (checking, editor, info) => {
          // Look the spec up at call time: a reloaded custom function replaces its spec.
          const current = this.#specs.findLast((s) => s.id === spec.id);
          if (!current) return false;
          const ctx = this.#context(editor, info);
          if (checking) return current.available(ctx);
          void Promise.resolve(current.run(ctx)).catch((e: unknown) => {
            this.#reportError(e);
          });
          return true;
        },
      });
    }
  }

  #registerFunctions(fns: readonly FunctionInfo[]): void {
    const ids = new Set(fns.map((f) => f.id));
    this.#specs = this.#specs.filter((s) => !s.id.startsWith("run-") || ids.has(s.id.replace(/^run-(.*)-(selection|paragraph|note)$/, "$1")));
    this.#registerSpecs(fns.flatMap((f) => functionCommands(f, this)));
  }

  #context(editor: Editor | null, info: MarkdownView | MarkdownFileInfo | null): CommandContext {
    const view = editor ? (editor as unknown as { cm?: EditorView }).cm : undefined;
    const file = info?.file ?? null;
    const target: EditorTarget | null = view && file ? { view, path: file.path, frontmatter: this.#frontmatter(file) } : null;
    return { editor, info, runtime: this.runtime, target };
  }

  #frontmatter(file: TFile): Readonly<Record<string, unknown>> | null {
    const fm: unknown = this.app.metadataCache.getFileCache(file)?.frontmatter;
    return typeof fm === "object" && fm !== null ? (fm as Record<string, unknown>) : null;
  }

  #noteFor(view: EditorView): { path: string; frontmatter: Readonly<Record<string, unknown>> | null } | null {
    const file = view.state.field(editorInfoField, false)?.file;
    return file ? { path: file.path, frontmatter: this.#frontmatter(file) } : null;
  }

  async #readNote(path: string): Promise<string | null> {
    const file = this.app.vault.getFileByPath(path);
    return file ? this.app.vault.cachedRead(file) : null;
  }

  #reportError(e: unknown): void {
    console.error("Redline", e);
    this.notice(`Redline: ${e instanceof Error ? e.message : String(e)}`);
  }

  // ── settings ─────────────────────────────────────────────────────────────

  async loadSettings(): Promise<void> {
    const { settings, leakedKeys } = normaliseSettings(await this.loadData());
    this.settings = settings;
    if (leakedKeys.length > 0) {
      const moved = migrateLeakedKeys(this.secrets, leakedKeys);
      // Rewrite data.json at once so the plaintext copy does not outlive this load.
      await this.saveData(this.settings);
      this.notice(`Redline moved ${moved} API key${moved === 1 ? "" : "s"} from its data file into Obsidian's secret storage.`);
    }
  }

  async saveSettings(): Promise<void> {
    await this.saveData(this.settings);
    this.runtime?.applySettings(this.settings);
  }

  functionCatalog(): readonly FunctionInfo[] {
    return this.runtime?.functions() ?? [];
  }
  learnedFor(functionId: string): Promise<readonly LearnedItem[]> {
    return this.runtime?.learnedFor(functionId) ?? Promise.resolve([]);
  }
  forget(item: LearnedItem): Promise<void> {
    return this.runtime?.forget(item) ?? Promise.resolve();
  }
  resetLearning(functionId: string): Promise<void> {
    return this.runtime?.resetLearning(functionId) ?? Promise.resolve();
  }
  fetchModels(providerId: string): Promise<string[]> {
    if (!this.runtime) return Promise.reject(new Error("Redline is still starting."));
    return this.runtime.fetchModels(providerId);
  }

  // ── command host ─────────────────────────────────────────────────────────

  notice(message: string): void {
    new Notice(message);
  }

  async toggleAsYouType(path: string): Promise<boolean> {
    const current = this.settings.asYouTypeNotes[path];
    const fallback = false;
    const next = !(current ?? fallback);
    this.settings.asYouTypeNotes[path] = next;
    await this.saveSettings();
    return next;
  }

  async openDashboard(): Promise<void> {
    const { workspace } = this.app;
    let leaf = workspace.getLeavesOfType(DASHBOARD_VIEW_TYPE)[0] ?? null;
    if (!leaf) {
      leaf = workspace.getRightLeaf(false) ?? workspace.getLeaf(true);
      await leaf.setViewState({ type: DASHBOARD_VIEW_TYPE, active: true });
    }
    await workspace.revealLeaf(leaf);
  }

  showReport(title: string, text: string): void {
    const modal = new Modal(this.app);
    modal.setTitle(title);
    modal.contentEl.createEl("pre", { text, cls: "redline-report" });
    modal.open();
  }

  async writeNote(path: string, text: string): Promise<string> {
    const existing = this.app.vault.getFileByPath(path);
    if (existing) await this.app.vault.modify(existing, text);
    else await this.app.vault.create(path, text);
    return path;
  }

  blockedReason(target: EditorTarget, functionId?: string): string | null {
    const excluded = isExcludedPath(target.path, this.settings);
    if (excluded !== null) return `Redline is off for this note: ${excluded}.`;
    const control = noteControl(target.path, target.frontmatter, this.settings);
    if (!control.enabled) return control.reason;
    if (functionId !== undefined && control.disabledFunctions.has(functionId)) return `This note turns ${functionId} off in its frontmatter.`;
    return null;
  }
}
