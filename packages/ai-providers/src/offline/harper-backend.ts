/**
 * The only module that touches harper.js. It is imported dynamically by the
 * engine on first use, so neither the WASM glue nor the 16 MB binary is loaded
 * until a writer actually proofreads.
 */
import type { Dialect, Lint, Linter, LintOptions } from "harper.js";

/** Where the Harper WASM binary comes from. Hosts that bundle it themselves pass its URL. */
export interface HarperBinarySource {
  /** URL of harper_wasm_slim_bg.wasm (http:, app:, blob:, data: or file:). Defaults to the copy in harper.js. */
  readonly url?: string | URL;
  /** Harper's glue flavour for that binary; "slim" unless you ship the full binary. */
  readonly flavor?: "slim" | "full";
}

export type HarperRuntime = "worker" | "in-process";

export interface HarperSuggestion {
  readonly kind: "replace" | "remove" | "insert-after";
  readonly text: string;
}

/** A Harper lint copied out of WASM memory: plain data, offsets as Harper reported them. */
export interface HarperLintRecord {
  readonly ruleId: string;
  readonly kind: string;
  readonly start: number;
  readonly end: number;
  readonly problemText: string;
  readonly message: string;
  readonly suggestions: readonly HarperSuggestion[];
}

export interface HarperLintCall {
  /**
   * Words Harper must not see (whole-word matches are masked, offsets kept).
   * The engine passes names here: an unknown long word makes Harper search
   * its dictionary at edit distance 3, seconds of one-off work the first time
   * and tens of milliseconds each time after.
   */
  readonly maskWords?: readonly string[];
}

export interface HarperPersistOptions {
  /** The caller has just warmed Harper's edit-distance spelling search; a saved state should include it. */
  readonly spellingSearchWarm?: boolean;
}

export interface HarperBackend {
  readonly runtime: HarperRuntime;
  lint(text: string, call?: HarperLintCall): Promise<HarperLintRecord[]>;
  /**
   * For each word, whether Harper's dictionary (curated and the writer's
   * words, any letter case, any dialect) has it: a lookup, no spelling
   * search. Backends without it keep every English-shaped name visible to
   * Harper (see the engine's name masking).
   */
  knownWords?(words: readonly string[]): Promise<boolean[]>;
  importWords(words: readonly string[]): Promise<void>;
  /** Turns Harper rules on or off by name; rules not named keep Harper's curated default. */
  setLintConfig(config: Readonly<Record<string, boolean>>): Promise<void>;
  /** Every rule Harper has, mapped to whether its curated set turns it on. */
  defaultLintConfig(): Promise<Readonly<Record<string, boolean | null | undefined>>>;
  /** Backends that keep Harper's set-up state between processes save it here (see node.ts). */
  persist?(options?: HarperPersistOptions): Promise<void>;
  dispose(): Promise<void>;
}

export interface HarperBackendOptions {
  /** harper.js Dialect value (see HARPER_DIALECT). */
  readonly dialect: number;
  readonly binary?: HarperBinarySource;
  /** "auto" (default) runs in a Web Worker when the host has one, in-process otherwise (Node). */
  readonly runtime?: HarperRuntime | "auto";
}

// No dedup: a misspelling flagged by both the spell checker and the word splitter yields both candidate lists, which the engine merges.
export const LINT_OPTIONS: LintOptions = { language: "markdown", dedup: false };

const SUGGESTION_KIND: readonly HarperSuggestion["kind"][] = ["replace", "remove", "insert-after"];

export async function createHarperBackend(options: HarperBackendOptions): Promise<HarperBackend> {
  const harper = await import("harper.js");
  const binary = options.binary?.url ? harper.createBinaryModuleFromUrl(String(options.binary.url), options.binary.flavor ?? "slim") : await defaultBinary();
  const wantWorker = options.runtime === "worker" || ((options.runtime ?? "auto") === "auto" && hasWebWorker());
  const runtime: HarperRuntime = wantWorker ? "worker" : "in-process";
  const dialect = harperDialect(harper.Dialect, options.dialect);
  const init = { binary, dialect };
  const linter: Linter = wantWorker ? new harper.WorkerLinter(init) : new harper.LocalLinter(init);
  await linter.setup();
  return {
    runtime,
    async lint(text, call) {
      const mask = maskRegex(call?.maskWords ?? []);
      const groups = await linter.organizedLints(text, mask === undefined ? LINT_OPTIONS : { ...LINT_OPTIONS, regex_mask: mask });
      const out: HarperLintRecord[] = [];
      for (const [ruleId, lints] of Object.entries(groups)) {
        for (const lint of lints) out.push(copyLint(ruleId, lint));
      }
      return out.sort((a, b) => a.start - b.start || a.end - b.end);
    },
    knownWords(words) {
      // A lone word is "likely English" exactly when the dictionary has it (harper-core's language_detection).
      return Promise.all(words.map((w) => linter.isLikelyEnglish(w)));
    },
    async importWords(words) {
      if (words.length > 0) await linter.importWords([...words]);
    },
    async setLintConfig(config) {
      await linter.setLintConfig({ ...config });
    },
    defaultLintConfig() {
      return linter.getDefaultLintConfig();
    },
    async dispose() {
      await linter.dispose();
    },
  };
}

/** A Rust-regex alternation of whole words, for Harper's regex_mask. */
export function maskRegex(words: readonly string[]): string | undefined {
  if (words.length === 0) return undefined;
  const escaped = [...new Set(words)].map((w) => w.replace(/[\\.+*?()|[\]{}^$#&\-~]/gu, (c) => `\\${c}`));
  // The possessive goes with the name: a bare "'s" left behind reads to Harper as a misspelt "so".
  return `\\b(?:${escaped.join("|")})(?:['’]s)?\\b`;
}

/**
 * harper.js locates its binary with `new URL(..., import.meta.url)`: right in
 * Node and in ESM bundles that ship the .wasm beside them (the playground), but
 * a CommonJS bundle (the Obsidian plugin) has no import.meta.url.
 */
async function defaultBinary() {
  try {
    return (await import("harper.js/slimBinary")).slimBinary;
  } catch (error) {
    throw new Error(
      "Cannot locate Harper's WASM binary in this host. Pass its URL: OfflineEngineOptions.binary.url, or options.binaryUrl in the offline provider's config (e.g. the vault resource path of harper_wasm_slim_bg.wasm).",
      { cause: error },
    );
  }
}

export function copyLint(ruleId: string, lint: Lint): HarperLintRecord {
  const span = lint.span();
  const record: HarperLintRecord = {
    ruleId,
    kind: lint.lint_kind(),
    start: span.start,
    end: span.end,
    problemText: lint.get_problem_text(),
    message: lint.message(),
    suggestions: lint.suggestions().map((s) => {
      const out: HarperSuggestion = { kind: suggestionKind(s.kind()), text: s.get_replacement_text() };
      s.free();
      return out;
    }),
  };
  span.free();
  lint.free();
  return record;
}

/** HARPER_DIALECT holds harper's enum values as numbers so choosing a dialect never loads the glue; here they become the enum again. */
function harperDialect(dialects: typeof Dialect, value: number): Dialect {
  const byValue = new Map<number, Dialect>([dialects.American, dialects.British, dialects.Australian, dialects.Canadian, dialects.Indian].map((d) => [d, d]));
  const hit = byValue.get(value);
  if (hit !== undefined) return hit;
  throw new RangeError(`harper.js has no dialect ${String(value)}.`);
}

function suggestionKind(kind: number): HarperSuggestion["kind"] {
  return SUGGESTION_KIND[kind] ?? "replace";
}

/** A real Web Worker (browser, Obsidian). Node has worker_threads but no global Worker, so it runs in-process. */
function hasWebWorker(): boolean {
  return typeof (globalThis as { Worker?: unknown }).Worker === "function" && typeof (globalThis as { Blob?: unknown }).Blob === "function";
}
