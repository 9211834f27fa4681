/* The shim's app: workspace, vault, metadata cache, secret storage, plugins, commands. */
import { Compartment, StateField, type Extension } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { Component, Events } from "./events.js";
import { SettingModal, type SettingTab } from "./settings-tab.js";
import { Menu } from "./ui.js";


export class TAbstractFile {
  constructor(public path: string) {}
  get name(): string {
    return this.path.slice(this.path.lastIndexOf("/") + 1);
  }
}
export class TFile extends TAbstractFile {
  get extension(): string {
    const i = this.name.lastIndexOf(".");
    return i < 0 ? "" : this.name.slice(i + 1);
  }
  get basename(): string {
    return this.name.replace(/\.[^.]*$/, "");
  }
}
export class TFolder extends TAbstractFile {}

/** Holds the MarkdownView for an editor state, like Obsidian's editorInfoField. */
export const editorInfoField = StateField.define<MarkdownView | null>({
  create: () => null,
  update: (v) => v,
});

const VAULT_KEY = "redline-playground:vault";

/** An in-memory vault persisted to localStorage, as a real vault is to disk. */
/** Plugin files outside the vault (main.js's neighbours), served as resource URLs like Obsidian's app:// paths. */
export class DataAdapter {
  constructor(readonly resources: Readonly<Record<string, string>>) {}
  exists(path: string): Promise<boolean> {
    return Promise.resolve(path in this.resources);
  }
  getResourcePath(path: string): string {
    const url = this.resources[path];
    if (url === undefined) throw new Error(`No resource at ${path}`);
    return url;
  }
}

export class Vault extends Events {
  readonly configDir = ".obsidian";
  readonly adapter: DataAdapter;
  readonly #files = new Map<string, { file: TFile; text: string }>();
  constructor(seed: Record<string, string>, resources: Readonly<Record<string, string>> = {}) {
    super();
    this.adapter = new DataAdapter(resources);
    let stored: Record<string, string> = {};
    try {
      stored = JSON.parse(localStorage.getItem(VAULT_KEY) ?? "{}") as Record<string, string>;
    } catch {
      stored = {};
    }
    for (const [path, text] of Object.entries({ ...seed, ...stored })) this.#files.set(path, { file: new TFile(path), text });
  }
  #persist(): void {
    localStorage.setItem(VAULT_KEY, JSON.stringify(Object.fromEntries([...this.#files].map(([p, f]) => [p, f.text]))));
  }
  getName(): string {
    return "Playground";
  }
  getMarkdownFiles(): TFile[] {
    return [...this.#files.values()].map((f) => f.file).filter((f) => f.extension === "md");
  }
  getFiles(): TFile[] {
    return [...this.#files.values()].map((f) => f.file);
  }
  getFileByPath(path: string): TFile | null {
    return this.#files.get(path)?.file ?? null;
  }
  getAbstractFileByPath(path: string): TAbstractFile | null {
    return this.getFileByPath(path);
  }
  read(file: TFile): Promise<string> {
    return Promise.resolve(this.#files.get(file.path)?.text ?? "");
  }
  cachedRead(file: TFile): Promise<string> {
    return this.read(file);
  }
  create(path: string, text: string): Promise<TFile> {
    if (this.#files.has(path)) return Promise.reject(new Error(`File already exists: ${path}`));
    const file = new TFile(path);
    this.#files.set(path, { file, text });
    this.#persist();
    this.trigger("create", file);
    return Promise.resolve(file);
  }
  modify(file: TFile, text: string): Promise<void> {
    const entry = this.#files.get(file.path);
    if (!entry) return Promise.reject(new Error(`No file ${file.path}`));
    if (entry.text === text) return Promise.resolve();
    entry.text = text;
    this.#persist();
    this.trigger("modify", entry.file);
    return Promise.resolve();
  }
  delete(file: TFile): Promise<void> {
    this.#files.delete(file.path);
    this.#persist();
    this.trigger("delete", file);
    return Promise.resolve();
  }
}

/** Parses the YAML subset notes use in frontmatter: scalars and nested maps by indentation. */
export function parseFrontmatter(text: string): Record<string, unknown> | null {
  const m = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(text);
  if (!m?.[1]) return null;
  const root: Record<string, unknown> = {};
  const stack: { indent: number; obj: Record<string, unknown> }[] = [{ indent: -1, obj: root }];
  for (const line of m[1].split(/\r?\n/)) {
    if (line.trim() === "" || line.trim().startsWith("#")) continue;
    const kv = /^(\s*)([^:#]+?):\s*(.*)$/.exec(line);
    if (!kv) continue;
    const indent = kv[1]?.length ?? 0;
    while ((stack.at(-1)?.indent ?? -1) >= indent) stack.pop();
    const parent = stack.at(-1)?.obj ?? root;
    const key = (kv[2] ?? "").trim();
    const raw = (kv[3] ?? "").trim();
    if (raw === "") {
      const child: Record<string, unknown> = {};
      parent[key] = child;
      stack.push({ indent, obj: child });
    } else parent[key] = scalar(raw);
  }
  return root;
}
function scalar(raw: string): unknown {
  if (/^(true|false)$/i.test(raw)) return raw.toLowerCase() === "true";
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (/^\[.*\]$/.test(raw)) return raw.slice(1, -1).split(",").map((s) => scalar(s.trim()));
  return raw.replace(/^["'](.*)["']$/, "$1");
}

export class MetadataCache extends Events {
  readonly #cache = new Map<string, { frontmatter?: Record<string, unknown> }>();
  constructor(readonly vault: Vault) {
    super();
    const index = (file: TFile) => {
      void vault.read(file).then((text) => {
        const fm = parseFrontmatter(text);
        this.#cache.set(file.path, fm ? { frontmatter: fm } : {});
        this.trigger("changed", file, text, this.#cache.get(file.path));
      });
    };
    for (const f of vault.getMarkdownFiles()) index(f);
    vault.on("modify", index);
    vault.on("create", index);
  }
  getFileCache(file: TFile): { frontmatter?: Record<string, unknown> } | null {
    return this.#cache.get(file.path) ?? null;
  }
}

/** The page's secret storage: in memory only, so a key typed into the page never persists. */
export class SecretStorage extends Events {
  readonly #secrets = new Map<string, string>();
  setSecret(id: string, secret: string): void {
    if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`Secret ids are lowercase letters, digits and dashes: “${id}”`);
    this.#secrets.set(id, secret);
    this.trigger("changed", id);
  }
  getSecret(id: string): string | null {
    return this.#secrets.get(id) ?? null;
  }
  listSecrets(): string[] {
    return [...this.#secrets.keys()];
  }
}

export class Editor {
  constructor(readonly cm: EditorView) {}
  getValue(): string {
    return this.cm.state.doc.toString();
  }
  setValue(text: string): void {
    this.cm.dispatch({ changes: { from: 0, to: this.cm.state.doc.length, insert: text } });
  }
  getSelection(): string {
    const r = this.cm.state.selection.main;
    return this.cm.state.sliceDoc(r.from, r.to);
  }
  somethingSelected(): boolean {
    return !this.cm.state.selection.main.empty;
  }
  posToOffset(pos: { line: number; ch: number }): number {
    return this.cm.state.doc.line(pos.line + 1).from + pos.ch;
  }
  offsetToPos(offset: number): { line: number; ch: number } {
    const line = this.cm.state.doc.lineAt(offset);
    return { line: line.number - 1, ch: offset - line.from };
  }
  getCursor(which: "from" | "to" | "head" | "anchor" = "head"): { line: number; ch: number } {
    const r = this.cm.state.selection.main;
    return this.offsetToPos(which === "from" ? r.from : which === "to" ? r.to : which === "anchor" ? r.anchor : r.head);
  }
  setCursor(pos: { line: number; ch: number }): void {
    this.cm.dispatch({ selection: { anchor: this.posToOffset(pos) } });
  }
  replaceSelection(text: string): void {
    this.cm.dispatch(this.cm.state.replaceSelection(text));
  }
  focus(): void {
    this.cm.focus();
  }
}

export class View extends Component {
  readonly containerEl: HTMLElement;
  icon = "";
  navigation = false;
  constructor(readonly leaf: WorkspaceLeaf) {
    super();
    this.containerEl = createDiv({ cls: "view-container" });
  }
  get app(): App {
    return this.leaf.app;
  }
  getViewType(): string {
    return "";
  }
  getDisplayText(): string {
    return "";
  }
  getIcon(): string {
    return this.icon;
  }
  onOpen(): Promise<void> {
    return Promise.resolve();
  }
  onClose(): Promise<void> {
    return Promise.resolve();
  }
}

export class ItemView extends View {
  readonly headerEl: HTMLElement;
  readonly contentEl: HTMLElement;
  constructor(leaf: WorkspaceLeaf) {
    super(leaf);
    this.headerEl = this.containerEl.createDiv({ cls: "view-header" });
    this.contentEl = this.containerEl.createDiv({ cls: "view-content" });
  }
}

export class MarkdownView extends ItemView {
  readonly editor: Editor;
  readonly compartment = new Compartment();
  #saveTimer = 0;
  constructor(
    leaf: WorkspaceLeaf,
    readonly file: TFile,
    text: string,
  ) {
    super(leaf);
    this.headerEl.createDiv({ cls: "view-header-title", text: file.basename });
    const ws = leaf.app.workspace;
    const cm = ws.createEditor(this.contentEl, text, [
      editorInfoField.init(() => this),
      this.compartment.of(ws.registeredExtensions()),
      EditorView.updateListener.of((u) => {
        if (!u.docChanged) return;
        // Obsidian saves a couple of seconds after the last keystroke.
        window.clearTimeout(this.#saveTimer);
        this.#saveTimer = window.setTimeout(() => void this.save(), 300);
      }),
    ]);
    this.editor = new Editor(cm);
    this.registerDomEvent(cm.dom, "contextmenu", (e) => {
      e.preventDefault();
      const menu = new Menu();
      ws.trigger("editor-menu", menu, this.editor, this);
      if (menu.items.length > 0) menu.showAtMouseEvent(e as MouseEvent);
    });
  }
  save(): Promise<void> {
    window.clearTimeout(this.#saveTimer);
    return this.app.vault.modify(this.file, this.editor.getValue());
  }
  override getViewType(): string {
    return "markdown";
  }
  override getDisplayText(): string {
    return this.file.basename;
  }
  override onunload(): void {
    void this.save();
    this.editor.cm.destroy();
  }
}

export class WorkspaceLeaf extends Events {
  view: View | null = null;
  readonly containerEl: HTMLElement;
  constructor(
    readonly app: App,
    parent: HTMLElement,
  ) {
    super();
    this.containerEl = parent.createDiv({ cls: "workspace-leaf" });
  }
  async setViewState(state: { type: string; active?: boolean }): Promise<void> {
    const factory = this.app.viewRegistry.get(state.type);
    if (!factory) throw new Error(`No view registered for ${state.type}`);
    await this.#setView(factory(this));
  }
  async openFile(file: TFile): Promise<void> {
    const text = await this.app.vault.read(file);
    await this.#setView(new MarkdownView(this, file, text));
  }
  async #setView(view: View): Promise<void> {
    await this.detachView();
    this.view = view;
    this.containerEl.appendChild(view.containerEl);
    view.load();
    await view.onOpen();
  }
  async detachView(): Promise<void> {
    const old = this.view;
    this.view = null;
    if (!old) return;
    await old.onClose();
    old.unload();
    old.containerEl.remove();
  }
  getViewState(): { type: string } {
    return { type: this.view?.getViewType() ?? "empty" };
  }
}

export interface ShimHost {
  /** Where the note editor and the side panel live. */
  readonly rootEl: HTMLElement;
  readonly rightEl: HTMLElement;
  readonly statusBarEl: HTMLElement;
  readonly ribbonEl: HTMLElement;
  /** Creates the editor with the playground's base extensions. */
  createEditor(parent: HTMLElement, doc: string, extensions: Extension[]): EditorView;
  /** Notes the vault starts with. */
  readonly seed: Record<string, string>;
  /** Files beside the plugin (e.g. the offline engine's WASM) → URLs the page can fetch. */
  readonly resources?: Readonly<Record<string, string>>;
}

export class Workspace extends Events {
  layoutReady = false;
  readonly #layoutCallbacks: (() => void)[] = [];
  readonly editorExtensions: Extension[] = [];
  readonly rootLeaf: WorkspaceLeaf;
  readonly #rightLeaves: WorkspaceLeaf[] = [];
  constructor(
    readonly app: App,
    readonly host: ShimHost,
  ) {
    super();
    this.rootLeaf = new WorkspaceLeaf(app, host.rootEl);
  }
  createEditor(parent: HTMLElement, doc: string, extensions: Extension[]): EditorView {
    return this.host.createEditor(parent, doc, extensions);
  }
  registeredExtensions(): Extension[] {
    // Plugins register arrays they later mutate; copy so a reconfigure sees the new contents.
    return this.editorExtensions.map((e) => (Array.isArray(e) ? [...(e as Extension[])] : e));
  }
  onLayoutReady(cb: () => void): void {
    if (this.layoutReady) queueMicrotask(cb);
    else this.#layoutCallbacks.push(cb);
  }
  triggerLayoutReady(): void {
    this.layoutReady = true;
    for (const cb of this.#layoutCallbacks.splice(0)) cb();
    this.trigger("layout-ready");
  }
  updateOptions(): void {
    for (const leaf of this.#allLeaves()) {
      const v = leaf.view;
      if (v instanceof MarkdownView) v.editor.cm.dispatch({ effects: v.compartment.reconfigure(this.registeredExtensions()) });
    }
  }
  #allLeaves(): WorkspaceLeaf[] {
    return [this.rootLeaf, ...this.#rightLeaves];
  }
  getLeavesOfType(type: string): WorkspaceLeaf[] {
    return this.#allLeaves().filter((l) => l.view?.getViewType() === type);
  }
  getRightLeaf(_split: boolean): WorkspaceLeaf {
    const leaf = new WorkspaceLeaf(this.app, this.host.rightEl);
    this.#rightLeaves.push(leaf);
    return leaf;
  }
  getLeaf(_newLeaf?: boolean): WorkspaceLeaf {
    return this.getRightLeaf(false);
  }
  revealLeaf(leaf: WorkspaceLeaf): Promise<void> {
    this.host.rightEl.classList.remove("is-collapsed");
    leaf.containerEl.scrollIntoView({ block: "nearest" });
    return Promise.resolve();
  }
  detachLeavesOfType(type: string): void {
    for (const leaf of this.getLeavesOfType(type)) {
      void leaf.detachView();
      leaf.containerEl.remove();
      this.#rightLeaves.splice(this.#rightLeaves.indexOf(leaf), 1);
    }
  }
  getActiveViewOfType<T extends View>(type: abstract new (...args: never[]) => T): T | null {
    const v = this.rootLeaf.view;
    return v instanceof type ? v : null;
  }
  get activeEditor(): MarkdownView | null {
    return this.getActiveViewOfType(MarkdownView);
  }
  getActiveFile(): TFile | null {
    return this.activeEditor?.file ?? null;
  }
}

interface ShimCommand {
  id: string;
  name: string;
  hotkeys?: unknown[];
  callback?: () => unknown;
  checkCallback?: (checking: boolean) => unknown;
  editorCallback?: (editor: Editor, view: MarkdownView) => unknown;
  editorCheckCallback?: (checking: boolean, editor: Editor, view: MarkdownView) => unknown;
}

export class Commands {
  readonly commands = new Map<string, ShimCommand>();
  constructor(readonly app: App) {}
  add(cmd: ShimCommand): void {
    this.commands.set(cmd.id, cmd);
  }
  /** Whether the command applies now, as the command palette decides. */
  isAvailable(id: string): boolean {
    const c = this.commands.get(id);
    if (!c) return false;
    const view = this.app.workspace.activeEditor;
    if (c.editorCheckCallback) return view ? c.editorCheckCallback(true, view.editor, view) === true : false;
    if (c.editorCallback) return view !== null;
    if (c.checkCallback) return c.checkCallback(true) === true;
    return true;
  }
  executeCommandById(id: string): boolean {
    const c = this.commands.get(id);
    if (!c || !this.isAvailable(id)) return false;
    const view = this.app.workspace.activeEditor;
    if (c.editorCheckCallback && view) c.editorCheckCallback(false, view.editor, view);
    else if (c.editorCallback && view) void c.editorCallback(view.editor, view);
    else if (c.checkCallback) c.checkCallback(false);
    else void c.callback?.();
    return true;
  }
}

export class App {
  readonly vault: Vault;
  readonly metadataCache: MetadataCache;
  readonly workspace: Workspace;
  readonly secretStorage = new SecretStorage();
  readonly setting = new SettingModal();
  readonly commands = new Commands(this);
  readonly viewRegistry = new Map<string, (leaf: WorkspaceLeaf) => View>();
  constructor(readonly host: ShimHost) {
    this.vault = new Vault(host.seed, host.resources);
    this.metadataCache = new MetadataCache(this.vault);
    this.workspace = new Workspace(this, host);
  }
}

export interface PluginManifest {
  id: string;
  name: string;
  version: string;
  minAppVersion: string;
  description: string;
  author: string;
  isDesktopOnly?: boolean;
}

export class Plugin extends Component {
  constructor(
    readonly app: App,
    readonly manifest: PluginManifest,
  ) {
    super();
  }
  get #dataKey(): string {
    return `redline-playground:plugin:${this.manifest.id}`;
  }
  loadData(): Promise<unknown> {
    const raw = localStorage.getItem(this.#dataKey);
    return Promise.resolve(raw === null ? null : JSON.parse(raw));
  }
  saveData(data: unknown): Promise<void> {
    localStorage.setItem(this.#dataKey, JSON.stringify(data));
    return Promise.resolve();
  }
  addCommand(cmd: ShimCommand): ShimCommand {
    const full = { ...cmd, id: `${this.manifest.id}:${cmd.id}`, name: `${this.manifest.name}: ${cmd.name}` };
    this.app.commands.add(full);
    return full;
  }
  addSettingTab(tab: SettingTab): void {
    this.app.setting.addSettingTab(tab);
    this.register(() => {
      this.app.setting.removeSettingTab(tab);
    });
  }
  addStatusBarItem(): HTMLElement {
    const el = this.app.host.statusBarEl.createDiv({ cls: "status-bar-item" });
    this.register(() => {
      el.remove();
    });
    return el;
  }
  addRibbonIcon(icon: string, title: string, cb: (e: MouseEvent) => unknown): HTMLElement {
    const el = this.app.host.ribbonEl.createEl("button", { cls: "side-dock-ribbon-action clickable-icon", attr: { "aria-label": title, "data-icon": icon } });
    el.textContent = title;
    el.addEventListener("click", (e) => void cb(e));
    this.register(() => {
      el.remove();
    });
    return el;
  }
  registerView(type: string, factory: (leaf: WorkspaceLeaf) => View): void {
    this.app.viewRegistry.set(type, factory);
    this.register(() => {
      this.app.workspace.detachLeavesOfType(type);
      this.app.viewRegistry.delete(type);
    });
  }
  registerEditorExtension(ext: Extension): void {
    this.app.workspace.editorExtensions.push(ext);
    this.register(() => {
      const list = this.app.workspace.editorExtensions;
      list.splice(list.indexOf(ext), 1);
      this.app.workspace.updateOptions();
    });
    this.app.workspace.updateOptions();
  }
  /** Loads the plugin and resolves when its (possibly async) onload finished, for timing. */
  async loadAsync(): Promise<void> {
    this.load();
    await this.loading;
  }
}
