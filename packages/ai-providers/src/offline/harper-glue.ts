/**
 * Harper below harper.js's Linter classes: its wasm-bindgen glue and the
 * instance's linear memory. Used by the hosts that keep Harper's initialised
 * state between sessions (node.ts on disk, harper-worker.ts in IndexedDB).
 *
 * Why restoring a state is sound: the instance's whole state is its linear
 * memory, one mutable global (the stack pointer, back at its initial value
 * between calls) and the externref table, whose allocator lives in linear
 * memory (the table only has to be as long again). States are keyed by
 * harper.js version, binary and dialect, and every restore is checked
 * against a probe lint before use.
 */
import type { Lint } from "harper.js";
import { copyLint, LINT_OPTIONS, maskRegex, type HarperBackend, type HarperLintRecord, type HarperRuntime } from "./harper-backend.js";
import { NAME_LOOKUP_PROBE, SPELLING_SEARCH_PROBE } from "./probes.js";

interface GlueGroup {
  readonly group: string;
  readonly lints: Lint[];
  free(): void;
}

export interface GlueLinter {
  readonly __wbg_ptr: number;
  organized_lints(text: string, language: number, allHeadings: boolean, mask: string | undefined, dedup: boolean, isolateEnglish: boolean): GlueGroup[];
  is_likely_english(text: string): boolean;
  import_words(words: string[]): void;
  export_words(): string[];
  clear_words(): void;
  set_lint_config_from_object(config: Record<string, boolean>): void;
  free(): void;
}

export interface WasmExports {
  readonly memory: WebAssembly.Memory;
  readonly __wbindgen_externrefs: WebAssembly.Table;
}

export interface Glue {
  readonly Linter: { new: (dialect: number) => GlueLinter; __wrap: (ptr: number) => GlueLinter };
  /** wasm-bindgen's init: once initialised it returns the instance's exports. */
  readonly default: () => Promise<WasmExports>;
  readonly get_default_lint_config: () => Record<string, boolean | null>;
}

/** Where a saved state's linter lives and how big its memory and table are. */
export interface GlueStateLayout {
  readonly ptr: number;
  readonly table: number;
  readonly bytes: number;
}

/** The state format; bump it when what is saved changes meaning. */
export const GLUE_STATE_FORMAT = 1;
/** A misspelling with a near neighbour: exercises the parser, the rules and the distance-2/3 spelling search. */
export const GLUE_PROBE = "I recieve teh mesage.";
const MARKDOWN = 1;

/** A new linter, with the probe linted (what a saved state holds besides Harper's set-up). */
export function buildLinter(glue: Glue, dialect: number): GlueLinter {
  const linter = glue.Linter.new(dialect);
  lintRecords(linter, GLUE_PROBE);
  return linter;
}

/** The state to save: a copy of linear memory, taken between calls, and where the linter is in it. */
export function snapshot(exports: WasmExports, linter: GlueLinter): { readonly layout: GlueStateLayout; readonly bytes: Uint8Array<ArrayBuffer> } {
  const bytes = new Uint8Array(exports.memory.buffer).slice();
  return { layout: { ptr: linter.__wbg_ptr, table: exports.__wbindgen_externrefs.length, bytes: bytes.length }, bytes };
}

/**
 * Puts a saved state into a fresh instance of the same binary: `fill` writes
 * `layout.bytes` bytes into the view given. Throws if the state does not fit
 * or the restored linter does not answer its probe like a fresh one; the
 * instance is then unusable and the caller builds in a new one.
 */
export async function restore(glue: Glue, exports: WasmExports, layout: GlueStateLayout, fill: (memory: Uint8Array) => Promise<void>): Promise<GlueLinter> {
  const memory = exports.memory;
  const page = 65536;
  if (memory.buffer.byteLength > layout.bytes || layout.bytes % page !== 0) throw new Error("state does not fit this instance");
  memory.grow((layout.bytes - memory.buffer.byteLength) / page);
  await fill(new Uint8Array(memory.buffer, 0, layout.bytes));
  const table = exports.__wbindgen_externrefs;
  if (table.length < layout.table) table.grow(layout.table - table.length);
  const linter = glue.Linter.__wrap(layout.ptr);
  const probe = lintRecords(linter, GLUE_PROBE);
  const ok = probe.some((r) => r.ruleId === "SpellCheck" && r.problemText === "recieve" && r.suggestions.some((s) => s.text === "receive"));
  if (!ok) throw new Error("restored state failed its probe");
  // States are saved before any words are imported; clear any all the same, the engine brings its own.
  if (linter.export_words().length > 0) linter.clear_words();
  return linter;
}

export function lintRecords(linter: GlueLinter, text: string, maskWords: readonly string[] = []): HarperLintRecord[] {
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

/**
 * A HarperBackend over a glue linter. `onWriterData` hears of every text or
 * word that is not one of the engine's own probes: from then on the instance
 * holds a writer's data and must not be saved.
 */
export function glueBackend(glue: Glue, linter: GlueLinter, runtime: HarperRuntime, onWriterData: () => void = () => undefined): HarperBackend & { knownWords(words: readonly string[]): Promise<boolean[]> } {
  return {
    runtime,
    lint(text, call) {
      return settle(() => {
        if (text !== SPELLING_SEARCH_PROBE) onWriterData();
        return lintRecords(linter, text, call?.maskWords);
      });
    },
    knownWords(words) {
      return settle(() => {
        if (words.some((w) => w !== NAME_LOOKUP_PROBE)) onWriterData();
        return words.map((w) => linter.is_likely_english(w));
      });
    },
    importWords(words) {
      return settle(() => {
        if (words.length === 0) return;
        onWriterData();
        linter.import_words([...words]);
      });
    },
    setLintConfig(config) {
      return settle(() => {
        linter.set_lint_config_from_object({ ...config });
      });
    },
    defaultLintConfig() {
      return settle(() => glue.get_default_lint_config());
    },
    dispose() {
      return settle(() => {
        linter.free();
      });
    },
  };
}

/** Runs synchronous WASM work as a promise: a throw becomes a rejection, as from the other backends. */
function settle<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => {
    resolve(work());
  });
}
