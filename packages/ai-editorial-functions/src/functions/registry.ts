import type { EventBus } from "../bus.js";
import { builtinFunctions } from "./builtins.js";
import { formatFunctionError, parseCustomFunction } from "./custom.js";
import type { FunctionError } from "./custom.js";
import type { EditorialFunction } from "./types.js";

export interface FileChange {
  readonly path: string;
  readonly type: "changed" | "deleted";
}

/**
 * Where custom-function notes come from. The Obsidian adapter implements it
 * over the vault (and its modify/delete/rename events); Node and tests use
 * memoryFileSource.
 */
export interface FunctionFileSource {
  /** Paths of the Markdown notes directly or deeply inside `folder`. */
  list(folder: string): Promise<readonly string[]>;
  read(path: string): Promise<string>;
  /** Calls back on every change under `folder`; returns an unsubscribe. */
  watch(folder: string, onChange: (change: FileChange) => void): () => void;
}

/**
 * The function registry: built-ins plus custom functions loaded from Markdown
 * notes, hot-reloaded when a note changes. A broken note never removes a
 * working function silently: its errors are reported and the note's previous
 * valid version stays registered until fixed or deleted.
 */
export class FunctionRegistry {
  readonly #bus: EventBus;
  readonly #builtins = new Map<string, EditorialFunction>();
  /** path → last valid definition from that note */
  readonly #custom = new Map<string, EditorialFunction>();
  readonly #errors = new Map<string, FunctionError[]>();
  #source: FunctionFileSource | undefined;
  #folder = "";
  #unwatch: (() => void) | undefined;
  #reloads: Promise<void> = Promise.resolve();

  constructor(bus: EventBus) {
    this.#bus = bus;
    for (const f of builtinFunctions()) this.#builtins.set(f.id, f);
  }

  get(id: string): EditorialFunction | undefined {
    const b = this.#builtins.get(id);
    if (b) return b;
    for (const f of this.#custom.values()) if (f.id === id) return f;
    return undefined;
  }

  list(): EditorialFunction[] {
    return [...this.#builtins.values(), ...[...this.#custom.values()].sort((a, b) => a.id.localeCompare(b.id))];
  }

  /** Current errors of every custom-function note, by file. */
  errors(): FunctionError[] {
    return [...this.#errors.values()].flat();
  }

  errorMessages(): string[] {
    return this.errors().map(formatFunctionError);
  }

  /** Loads every note in `folder` and watches it for changes. */
  async loadFolder(source: FunctionFileSource, folder: string): Promise<void> {
    this.#unwatch?.();
    this.#source = source;
    this.#folder = folder;
    this.#custom.clear();
    this.#errors.clear();
    const paths = await source.list(folder);
    for (const p of [...paths].sort()) await this.#load(p);
    this.#unwatch = source.watch(folder, (change) => {
      this.#reloads = this.#reloads.then(() => this.#apply(change));
    });
    this.#announce();
  }

  /** Resolves when every hot reload triggered so far has been applied. */
  settled(): Promise<void> {
    return this.#reloads;
  }

  async #apply(change: FileChange): Promise<void> {
    if (!change.path.endsWith(".md")) return;
    if (change.type === "deleted") {
      this.#custom.delete(change.path);
      this.#errors.delete(change.path);
    } else {
      await this.#load(change.path);
    }
    this.#announce();
  }

  async #load(path: string): Promise<void> {
    if (!this.#source || !path.endsWith(".md")) return;
    let text: string;
    try {
      text = await this.#source.read(path);
    } catch (err) {
      this.#setErrors(path, [{ file: path, field: "file", message: `cannot be read: ${err instanceof Error ? err.message : String(err)}` }]);
      return;
    }
    const res = parseCustomFunction(path, text);
    if (!res.ok) {
      this.#setErrors(path, res.errors);
      return;
    }
    const clash = this.#builtins.has(res.fn.id)
      ? "the built-in function"
      : [...this.#custom.entries()].find(([p, f]) => p !== path && f.id === res.fn.id)?.[0];
    if (clash !== undefined) {
      this.#setErrors(path, [{ file: path, field: "id", line: 2, message: `"${res.fn.id}" is already used by ${clash}; choose another id` }]);
      return;
    }
    this.#errors.delete(path);
    this.#custom.set(path, res.fn);
  }

  #setErrors(path: string, errors: FunctionError[]): void {
    this.#errors.set(path, errors);
    for (const error of errors) this.#bus.emit("registry:error", { error });
  }

  #announce(): void {
    this.#bus.emit("registry:changed", { ids: this.list().map((f) => f.id), errors: this.errors() });
  }

  get folder(): string {
    return this.#folder;
  }

  dispose(): void {
    this.#unwatch?.();
    this.#unwatch = undefined;
  }
}

/** An in-memory file source with change notifications (Node, tests, playground). */
export class MemoryFileSource implements FunctionFileSource {
  readonly #files = new Map<string, string>();
  readonly #watchers = new Set<{ folder: string; cb: (c: FileChange) => void }>();

  constructor(files: Readonly<Record<string, string>> = {}) {
    for (const [p, t] of Object.entries(files)) this.#files.set(p, t);
  }

  list(folder: string): Promise<readonly string[]> {
    return Promise.resolve([...this.#files.keys()].filter((p) => inFolder(p, folder)));
  }

  read(path: string): Promise<string> {
    const t = this.#files.get(path);
    return t === undefined ? Promise.reject(new Error(`no such file: ${path}`)) : Promise.resolve(t);
  }

  watch(folder: string, onChange: (change: FileChange) => void): () => void {
    const w = { folder, cb: onChange };
    this.#watchers.add(w);
    return () => this.#watchers.delete(w);
  }

  write(path: string, text: string): void {
    this.#files.set(path, text);
    this.#notify({ path, type: "changed" });
  }

  delete(path: string): void {
    this.#files.delete(path);
    this.#notify({ path, type: "deleted" });
  }

  get watcherCount(): number {
    return this.#watchers.size;
  }

  #notify(change: FileChange): void {
    for (const w of this.#watchers) if (inFolder(change.path, w.folder)) w.cb(change);
  }
}

function inFolder(path: string, folder: string): boolean {
  const f = folder.replace(/\/+$/, "");
  return f === "" || path.startsWith(`${f}/`);
}
