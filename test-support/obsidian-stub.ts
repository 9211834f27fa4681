/**
 * A minimal stand-in for the `obsidian` module, for tests only. Obsidian
 * cannot run here; the plugin type-checks against the real package and this
 * stub supplies just enough run-time behaviour to exercise the adapter in
 * Node (no DOM). It records what a test wants to see: registered commands,
 * views, settings tabs, notices, saved data, secrets.
 *
 * The browser-side counterpart, which renders real DOM, is the playground's
 * Obsidian shim (packages/playground/src/obsidian-shim).
 */
export interface PluginManifest {
  id: string;
  name: string;
  version: string;
  minAppVersion: string;
  description: string;
  author: string;
  isDesktopOnly?: boolean;
}

/** The slice of Obsidian's HTMLElement helpers the plugin calls, without a DOM. */
export class FakeElement {
  readonly children: FakeElement[] = [];
  readonly classes = new Set<string>();
  readonly attrs: Record<string, string> = {};
  readonly listeners: Record<string, (() => void)[]> = {};
  text = "";
  hidden = false;
  isConnected = true;
  constructor(readonly tag = "div") {}
  createEl(tag: string, o?: { cls?: string; text?: string; attr?: Record<string, unknown> }): FakeElement {
    const el = new FakeElement(tag);
    if (o?.cls) for (const c of o.cls.split(" ")) el.classes.add(c);
    if (o?.text !== undefined) el.text = o.text;
    for (const [k, v] of Object.entries(o?.attr ?? {})) el.attrs[k] = String(v);
    this.children.push(el);
    return el;
  }
  createDiv(o?: { cls?: string; text?: string }): FakeElement {
    return this.createEl("div", o);
  }
  createSpan(o?: { cls?: string; text?: string; attr?: Record<string, unknown> }): FakeElement {
    return this.createEl("span", o);
  }
  addClass(...c: string[]): void {
    for (const x of c) this.classes.add(x);
  }
  toggleClass(c: string, on: boolean): void {
    if (on) this.classes.add(c);
    else this.classes.delete(c);
  }
  setText(t: string): void {
    this.text = t;
  }
  empty(): void {
    this.children.length = 0;
  }
  hide(): void {
    this.hidden = true;
  }
  show(): void {
    this.hidden = false;
  }
  addEventListener(type: string, cb: () => void): void {
    (this.listeners[type] ??= []).push(cb);
  }
  /** All text in this subtree, for assertions. */
  allText(): string {
    return [this.text, ...this.children.map((c) => c.allText())].join(" ").trim();
  }
}

export class Events {
  readonly #handlers = new Map<string, ((...args: unknown[]) => unknown)[]>();
  on(name: string, cb: (...args: never[]) => unknown): { name: string; cb: unknown; source: Events } {
    const list = this.#handlers.get(name) ?? [];
    list.push(cb as (...args: unknown[]) => unknown);
    this.#handlers.set(name, list);
    return { name, cb, source: this };
  }
  offref(ref: { name: string; cb: unknown }): void {
    const list = this.#handlers.get(ref.name) ?? [];
    this.#handlers.set(ref.name, list.filter((c) => c !== ref.cb));
  }
  trigger(name: string, ...args: unknown[]): void {
    for (const cb of this.#handlers.get(name) ?? []) cb(...args);
  }
  handlerCount(name: string): number {
    return this.#handlers.get(name)?.length ?? 0;
  }
}

export class Workspace extends Events {
  layoutReady = false;
  readonly #layoutCallbacks: (() => void)[] = [];
  updateOptionsCalls = 0;
  onLayoutReady(cb: () => void): void {
    if (this.layoutReady) cb();
    else this.#layoutCallbacks.push(cb);
  }
  /** Test helper: Obsidian finished drawing its layout. */
  triggerLayoutReady(): void {
    this.layoutReady = true;
    for (const cb of this.#layoutCallbacks.splice(0)) cb();
  }
  updateOptions(): void {
    this.updateOptionsCalls++;
  }
  getLeavesOfType(_type: string): unknown[] {
    return [];
  }
}

export class SecretStorage extends Events {
  readonly secrets = new Map<string, string>();
  setSecret(id: string, secret: string): void {
    if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`invalid secret id ${id}`);
    this.secrets.set(id, secret);
  }
  getSecret(id: string): string | null {
    return this.secrets.get(id) ?? null;
  }
  listSecrets(): string[] {
    return [...this.secrets.keys()];
  }
}

export class Vault extends Events {
  readonly configDir = ".obsidian";
  readonly files = new Map<string, string>();
  /** Plugin files outside the vault; none in Node, so the offline engine finds Harper's WASM itself. */
  readonly adapter = {
    exists: (_path: string): Promise<boolean> => Promise.resolve(false),
    getResourcePath: (path: string): string => `app://local/${path}`,
  };
  getMarkdownFiles(): { path: string }[] {
    return [...this.files.keys()].filter((p) => p.endsWith(".md")).map((path) => ({ path }));
  }
  getFileByPath(path: string): { path: string } | null {
    return this.files.has(path) ? { path } : null;
  }
  cachedRead(file: { path: string }): Promise<string> {
    return Promise.resolve(this.files.get(file.path) ?? "");
  }
  create(path: string, text: string): Promise<{ path: string }> {
    this.files.set(path, text);
    return Promise.resolve({ path });
  }
  modify(file: { path: string }, text: string): Promise<void> {
    this.files.set(file.path, text);
    return Promise.resolve();
  }
}

export class MetadataCache extends Events {
  readonly frontmatter = new Map<string, Record<string, unknown>>();
  getFileCache(file: { path: string }): { frontmatter?: Record<string, unknown> } | null {
    const fm = this.frontmatter.get(file.path);
    return fm ? { frontmatter: fm } : {};
  }
}

export class App {
  readonly vault = new Vault();
  readonly workspace = new Workspace();
  readonly metadataCache = new MetadataCache();
  readonly secretStorage = new SecretStorage();
}

export class Component {
  private readonly cleanups: (() => void)[] = [];
  register(cb: () => void): void {
    this.cleanups.push(cb);
  }
  registerEvent(ref: { name: string; cb: unknown; source?: Events }): void {
    this.register(() => ref.source?.offref(ref));
  }
  onload(): void | Promise<void> {}
  onunload(): void {}
  load(): void {
    void this.onload();
  }
  unload(): void {
    for (const cb of this.cleanups.splice(0)) cb();
    this.onunload();
  }
}

export interface StubCommand {
  id: string;
  name: string;
  hotkeys?: unknown[];
  callback?: () => unknown;
  checkCallback?: (checking: boolean) => unknown;
  editorCallback?: (...args: unknown[]) => unknown;
  editorCheckCallback?: (checking: boolean, editor: unknown, info: unknown) => unknown;
}

export class Plugin extends Component {
  readonly registeredEditorExtensions: unknown[] = [];
  readonly commands: StubCommand[] = [];
  readonly settingTabs: unknown[] = [];
  readonly views = new Map<string, (leaf: unknown) => unknown>();
  readonly statusBarItems: FakeElement[] = [];
  readonly ribbonIcons: string[] = [];
  /** What loadData() returns; saveData() replaces it, as data.json would. */
  data: unknown = null;
  readonly savedData: unknown[] = [];
  constructor(
    readonly app: App,
    readonly manifest: PluginManifest,
  ) {
    super();
  }
  registerEditorExtension(extension: unknown): void {
    this.registeredEditorExtensions.push(extension);
  }
  loadData(): Promise<unknown> {
    return Promise.resolve(structuredClone(this.data));
  }
  saveData(data: unknown): Promise<void> {
    this.data = structuredClone(data);
    this.savedData.push(this.data);
    return Promise.resolve();
  }
  addCommand(command: StubCommand): StubCommand {
    this.commands.push(command);
    return command;
  }
  addSettingTab(tab: unknown): void {
    this.settingTabs.push(tab);
  }
  registerView(type: string, factory: (leaf: unknown) => unknown): void {
    this.views.set(type, factory);
  }
  addStatusBarItem(): FakeElement {
    const el = new FakeElement();
    this.statusBarItems.push(el);
    return el;
  }
  addRibbonIcon(icon: string, _title: string, _cb: () => void): FakeElement {
    this.ribbonIcons.push(icon);
    return new FakeElement();
  }
}

/** Notices shown, newest last, for assertions. */
export const notices: string[] = [];
export class Notice {
  constructor(readonly message: string) {
    notices.push(message);
  }
}

export class Modal {
  readonly contentEl = new FakeElement();
  opened = false;
  constructor(readonly app: App) {}
  setTitle(_t: string): this {
    return this;
  }
  open(): void {
    this.opened = true;
  }
  close(): void {
    this.opened = false;
  }
}

export class SettingTab {
  readonly containerEl = new FakeElement();
  constructor(readonly app: App) {}
  update(): void {}
  refreshDomState(): void {}
}
export class PluginSettingTab extends SettingTab {
  icon = "";
  constructor(
    app: App,
    readonly plugin: Plugin,
  ) {
    super(app);
  }
}

export class ItemView extends Component {
  readonly contentEl = new FakeElement();
  constructor(readonly leaf: unknown) {
    super();
  }
}

/* Rendering classes: the settings pane is exercised in Chromium through the playground's shim. */
export class Setting {
  readonly node = "setting";
}
export class SettingGroup {
  readonly node = "setting-group";
}
export class SecretComponent {
  readonly node = "secret";
}
export class MarkdownView {
  readonly node = "markdown-view";
}

/** The stub reports the API version tests set; the real app reports its own. */
export let apiVersion = "1.13.1";
export function setApiVersion(v: string): void {
  apiVersion = v;
}
export function requireApiVersion(version: string): boolean {
  const parse = (v: string) => v.split(".").map(Number);
  const [a, b] = [parse(apiVersion), parse(version)];
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

export const Platform = { isMobile: false, isDesktop: true, isDesktopApp: true, isMobileApp: false };

export function requestUrl(): Promise<never> {
  return Promise.reject(new Error("requestUrl is not available in the Node test stub"));
}

/** A stand-in token: the real one is a CodeMirror StateField holding the note's file info. */
export const editorInfoField = { id: "editorInfoField" };

export function normalizePath(path: string): string {
  return path.replace(/\\/g, "/").replace(/\/+/g, "/").replace(/^\/|\/$/g, "");
}
