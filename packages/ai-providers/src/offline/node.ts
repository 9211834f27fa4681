/**
 * Node-only: a Harper loader that keeps Harper's initialised state on disk.
 *
 * Harper builds its curated dictionary inside WASM every time a linter is
 * created: about 1.3–2 s of CPU before the first lint, then ~0.5 s of lazy
 * set-up on that lint (measured on the 2-core bench machine; see
 * bench/offline.bench.ts). Nothing in harper.js 2.10 ships a prebuilt
 * dictionary, and the slim and full binaries both build it. The work is
 * deterministic, so this loader saves the WASM instance's linear memory once
 * Harper is set up and, in later processes, restores it into a fresh instance
 * of the same binary instead of building again: cold start becomes compile +
 * read + first lint.
 *
 * Why this is sound: the instance's whole state is its linear memory, one
 * mutable global (the stack pointer, back at its initial value between calls)
 * and the externref table, whose allocator lives in linear memory (the table
 * only has to be as long again). The saved state is keyed by harper.js
 * version, binary and dialect, and every restore is checked against a probe
 * lint before use; anything unexpected falls back to building afresh.
 *
 * The restored instance is private: it is loaded from its own copy of
 * Harper's glue module, so another harper.js user in the process (with the
 * shared instance) is never overwritten. Node keeps that module, and so the
 * instance (about the size of the state), for the life of the process: make
 * one backend per dialect, as the engine does.
 *
 * A saved state holds Harper's set-up and the engine's own probe texts only,
 * never a writer's text or words (Harper caches what it lints in that memory).
 */
import { mkdir, open, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Lint } from "harper.js";
import { copyLint, LINT_OPTIONS, maskRegex, type HarperBackend, type HarperBackendOptions, type HarperLintRecord, type HarperPersistOptions } from "./harper-backend.js";
import { NAME_LOOKUP_PROBE, SPELLING_SEARCH_PROBE } from "./probes.js";

export interface HarperStateLoaderOptions {
  /** Directory for saved states (one file per harper.js version, binary and dialect; ~160–230 MB each). */
  readonly dir: string;
}

/** What the loader did, for hosts and benchmarks that report it. */
export type HarperStateOrigin = "restored" | "built";

export interface StatefulHarperBackend extends HarperBackend {
  readonly origin: HarperStateOrigin;
  knownWords(words: readonly string[]): Promise<boolean[]>;
  /**
   * Saves the state again if it now holds more (the spelling search warmed),
   * unless a writer's text or words have reached this instance: a saved state
   * only ever holds Harper's set-up and the engine's own probes.
   */
  persist(options?: HarperPersistOptions): Promise<void>;
}

const FORMAT = 1;
/** A misspelling with a near neighbour: exercises the parser, the rules and the distance-2/3 spelling search. */
const PROBE = "I recieve teh mesage.";
const MARKDOWN = 1;

interface GlueGroup {
  readonly group: string;
  readonly lints: Lint[];
  free(): void;
}

interface GlueLinter {
  readonly __wbg_ptr: number;
  organized_lints(text: string, language: number, allHeadings: boolean, mask: string | undefined, dedup: boolean, isolateEnglish: boolean): GlueGroup[];
  is_likely_english(text: string): boolean;
  import_words(words: string[]): void;
  export_words(): string[];
  clear_words(): void;
  set_lint_config_from_object(config: Record<string, boolean>): void;
  free(): void;
}

interface WasmExports {
  readonly memory: WebAssembly.Memory;
  readonly __wbindgen_externrefs: WebAssembly.Table;
}

interface Glue {
  readonly Linter: { new: (dialect: number) => GlueLinter; __wrap: (ptr: number) => GlueLinter };
  /** wasm-bindgen's init: once initialised it returns the instance's exports. */
  readonly default: () => Promise<WasmExports>;
  readonly get_default_lint_config: () => Record<string, boolean | null>;
}

interface GlueModule {
  readonly BinaryModuleImpl: { create(url: string, flavor: "slim" | "full"): { getBinaryModule(): Promise<Glue> } };
}

interface StateHeader {
  readonly format: number;
  readonly key: string;
  readonly ptr: number;
  readonly table: number;
  readonly bytes: number;
  /** Harper's edit-distance search automata were built before saving. */
  readonly deep: boolean;
}

let privateCopies = 0;

/** A HarperLoader (OfflineEngineOptions.loadHarper) that restores Harper's saved state from `dir`, or builds and saves it. */
export function harperStateLoader(options: HarperStateLoaderOptions): (init: HarperBackendOptions) => Promise<StatefulHarperBackend> {
  return (init) => loadStateful(options.dir, init);
}

async function loadStateful(dir: string, init: HarperBackendOptions): Promise<StatefulHarperBackend> {
  const { slimBinary } = await import("harper.js/slimBinary");
  const flavor = init.binary?.url ? (init.binary.flavor ?? "slim") : "slim";
  const wasmUrl = String(init.binary?.url ?? slimBinary.url);
  const key = await stateKey(wasmUrl, flavor, init.dialect);
  const file = join(dir, `${key.replace(/[^\w.-]+/g, "_")}.state`);

  let glue = await privateGlue(wasmUrl, flavor);
  let origin: HarperStateOrigin = "built";
  let deep = false;
  let linter: GlueLinter | undefined;
  try {
    const restored = await restore(file, key, glue);
    if (restored) {
      linter = restored.linter;
      deep = restored.deep;
      origin = "restored";
    }
  } catch {
    // A torn or foreign file: build afresh in an untouched instance.
    glue = await privateGlue(wasmUrl, flavor);
  }
  if (!linter) {
    linter = glue.glue.Linter.new(init.dialect);
    lintRecords(linter, PROBE);
  }
  const live = linter;
  const exports = glue.exports;
  const glueModule = glue.glue;
  // A saved state must hold nothing of the writer's: only the probes have been linted, no words imported.
  let dirty = false;
  let savedDeep: boolean | undefined = origin === "restored" ? deep : undefined;
  let pending: Promise<void> = Promise.resolve();
  let disposed = false;

  const save = () => {
    // Copied synchronously, between calls, so the file is one consistent state; written in the background.
    const header: StateHeader = { format: FORMAT, key, ptr: live.__wbg_ptr, table: exports.__wbindgen_externrefs.length, bytes: exports.memory.buffer.byteLength, deep };
    const bytes = new Uint8Array(exports.memory.buffer).slice();
    savedDeep = deep;
    pending = pending.then(() => writeState(dir, file, header, bytes)).catch(() => undefined);
  };
  if (origin === "built") save();

  return {
    runtime: "in-process",
    origin,
    async persist(options = {}) {
      if (options.spellingSearchWarm === true) deep = true;
      if (!disposed && !dirty && savedDeep !== true && savedDeep !== deep) save();
      await pending;
    },
    lint(text, call) {
      return settle(() => {
        if (text !== SPELLING_SEARCH_PROBE) dirty = true;
        return lintRecords(live, text, call?.maskWords);
      });
    },
    knownWords(words) {
      return settle(() => {
        if (words.some((w) => w !== NAME_LOOKUP_PROBE)) dirty = true;
        return words.map((w) => live.is_likely_english(w));
      });
    },
    importWords(words) {
      return settle(() => {
        if (words.length === 0) return;
        dirty = true;
        live.import_words([...words]);
      });
    },
    setLintConfig(config) {
      return settle(() => {
        live.set_lint_config_from_object({ ...config });
      });
    },
    defaultLintConfig() {
      return settle(() => glueModule.get_default_lint_config());
    },
    async dispose() {
      await pending;
      disposed = true;
      live.free();
    },
  };
}

/** Runs synchronous WASM work as a promise: a throw becomes a rejection, as from the other backends. */
function settle<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => {
    resolve(work());
  });
}

function lintRecords(linter: GlueLinter, text: string, maskWords: readonly string[] = []): HarperLintRecord[] {
  const mask = maskRegex(maskWords);
  const groups = linter.organized_lints(text, MARKDOWN, false, mask, LINT_OPTIONS.dedup ?? false, false);
  const out: HarperLintRecord[] = [];
  for (const group of groups) {
    const ruleId = group.group;
    const lints = group.lints;
    group.free();
    for (const lint of lints) out.push(copyLint(ruleId, lint));
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

interface PrivateGlue {
  readonly glue: Glue;
  readonly exports: WasmExports;
}

/**
 * harper.js keeps one WASM instance per glue module. A query string makes Node
 * load the glue module again as a separate module, with an instance of its own.
 */
async function privateGlue(wasmUrl: string, flavor: "slim" | "full"): Promise<PrivateGlue> {
  const slimEntry = new URL("slimBinary.js", await distUrl());
  const source = await readFile(fileURLToPath(slimEntry), "utf8");
  const glueFile = /from\s+["'](\.\/BinaryModule-[\w-]+\.js)["']/u.exec(source)?.[1];
  if (!glueFile) throw new Error("harper.js layout changed: cannot find its glue module.");
  const url = `${new URL(glueFile, slimEntry).href}?redline-state=${++privateCopies}`;
  const mod = (await import(/* @vite-ignore */ url)) as GlueModule;
  const glue = await mod.BinaryModuleImpl.create(wasmUrl, flavor).getBinaryModule();
  return { glue, exports: await glue.default() };
}

async function distUrl(): Promise<URL> {
  const { slimBinary } = await import("harper.js/slimBinary");
  return new URL(".", String(slimBinary.url));
}

async function stateKey(wasmUrl: string, flavor: string, dialect: number): Promise<string> {
  const pkg = JSON.parse(await readFile(fileURLToPath(new URL("../package.json", await distUrl())), "utf8")) as { version?: string };
  let size = "?";
  if (wasmUrl.startsWith("file:")) size = String((await stat(fileURLToPath(wasmUrl))).size);
  return `harper.js-${pkg.version ?? "?"}-${flavor}-${size}-d${dialect}-f${FORMAT}`;
}

async function restore(file: string, key: string, { glue, exports }: PrivateGlue): Promise<{ linter: GlueLinter; deep: boolean } | undefined> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch {
    return undefined;
  }
  try {
    const lengthBytes = new Uint8Array(4);
    await handle.read(lengthBytes, 0, 4, 0);
    const headerLength = new DataView(lengthBytes.buffer).getUint32(0, true);
    if (headerLength > 4096) throw new Error("bad state header");
    const headerBytes = new Uint8Array(headerLength);
    await handle.read(headerBytes, 0, headerLength, 4);
    const header = JSON.parse(new TextDecoder().decode(headerBytes)) as StateHeader;
    if (header.format !== FORMAT || header.key !== key) return undefined;
    const { size } = await handle.stat();
    if (size !== 4 + headerLength + header.bytes) throw new Error("truncated state");
    const memory = exports.memory;
    const page = 65536;
    if (memory.buffer.byteLength > header.bytes || header.bytes % page !== 0) throw new Error("state does not fit this instance");
    memory.grow((header.bytes - memory.buffer.byteLength) / page);
    const view = new Uint8Array(memory.buffer);
    for (let done = 0; done < header.bytes; ) {
      const { bytesRead } = await handle.read(view, done, Math.min(1 << 24, header.bytes - done), 4 + headerLength + done);
      if (bytesRead === 0) throw new Error("truncated state");
      done += bytesRead;
    }
    const table = exports.__wbindgen_externrefs;
    if (table.length < header.table) table.grow(header.table - table.length);
    const linter = glue.Linter.__wrap(header.ptr);
    // The restored linter must answer like a fresh one before anyone relies on it.
    const probe = lintRecords(linter, PROBE);
    const ok = probe.some((r) => r.ruleId === "SpellCheck" && r.problemText === "recieve" && r.suggestions.some((s) => s.text === "receive"));
    if (!ok) throw new Error("restored state failed its probe");
    // States are saved before any words are imported; clear any all the same, the engine brings its own.
    if (linter.export_words().length > 0) linter.clear_words();
    return { linter, deep: header.deep };
  } finally {
    await handle.close();
  }
}

async function writeState(dir: string, file: string, header: StateHeader, bytes: Uint8Array): Promise<void> {
  await mkdir(dir, { recursive: true });
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, headerBytes.length, true);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, [length, headerBytes, bytes]);
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}
