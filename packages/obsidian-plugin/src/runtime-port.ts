import type { Extension } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import type { HarperLoader } from "@redline/ai-providers";
import type { DashboardSource, LearnedItem } from "./dashboard/data.js";
import type { FunctionInfo } from "./settings/host.js";
import type { RedlineSettings } from "./settings/schema.js";

/**
 * What the plugin shell needs from the running engine. The shell (main.ts)
 * loads in a few milliseconds; everything behind this interface is created
 * lazily in onLayoutReady (runtime.ts), so the engine, the learning layer and
 * the offline engine cost nothing until Obsidian has drawn its layout.
 */
export type RunScopeKind = "selection" | "paragraph" | "note";

export const EDIT_COMMANDS = {
  "accept-at-cursor": "Accept edit at cursor",
  "reject-at-cursor": "Reject edit at cursor",
  "accept-cluster": "Accept cluster at cursor",
  "reject-cluster": "Reject cluster at cursor",
  "accept-selection": "Accept edits in selection",
  "reject-selection": "Reject edits in selection",
  "accept-all": "Accept all edits",
  "reject-all": "Reject all edits",
  "next-edit": "Go to next edit",
  "previous-edit": "Go to previous edit",
} as const;
export type EditCommand = keyof typeof EDIT_COMMANDS;

export interface EditorTarget {
  readonly view: EditorView;
  readonly path: string;
  readonly frontmatter: Readonly<Record<string, unknown>> | null;
}

export interface RuntimeStatus {
  readonly running: { readonly functionName: string; readonly done: number; readonly total: number } | null;
  readonly queued: number;
  readonly spentTodayUsd: number;
}

export interface Runtime {
  /** The CodeMirror extension (pending-edit review plus the engine's glue). */
  readonly extension: Extension;
  readonly dashboard: DashboardSource;
  functions(): readonly FunctionInfo[];
  /** Resolves when the run finished or was cancelled; the message is for a notice. */
  run(functionId: string, scope: RunScopeKind, target: EditorTarget): Promise<string>;
  /** Runs a track-edits command on the view; false when there was nothing to do. */
  editCommand(command: EditCommand, view: EditorView): boolean;
  /** Cancels every running and queued run. */
  cancel(): number;
  exportCriticMarkup(target: EditorTarget): string;
  /** Replaces CriticMarkup in the note with pending edits; returns how many. */
  importCriticMarkup(target: EditorTarget): number;
  diagnostics(): Promise<string>;
  learnedFor(functionId: string): Promise<readonly LearnedItem[]>;
  forget(item: LearnedItem): Promise<void>;
  resetLearning(functionId: string): Promise<void>;
  fetchModels(providerId: string): Promise<string[]>;
  /** Settings changed: rebuild providers, budgets and function parameters. */
  applySettings(settings: RedlineSettings): void;
  onStatus(listener: (status: RuntimeStatus) => void): () => void;
  /** Called when the function list changes (custom functions hot-reloaded). */
  onFunctionsChanged(listener: () => void): () => void;
  dispose(): Promise<void>;
}

/** What the shell hands the runtime: Obsidian's services, as plain functions. */
export interface RuntimeDeps {
  readonly settings: RedlineSettings;
  readonly secrets: { getSecret(id: string): string | null };
  /** fetch with the requestUrl fallback (transport.ts), for the provider SDKs. */
  readonly fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  notice(message: string): void;
  /** Persists `settings` after the runtime changed them (e.g. a one-click insight). */
  saveSettings(): Promise<void>;
  /**
   * How the offline engine starts Harper (offline-harper.ts: a worker of its
   * own, the WASM located on the first run). Absent: harper.js's defaults,
   * which find their own binary (Node).
   */
  readonly loadHarper?: HarperLoader;
  /** The note shown in an editor view, with its frontmatter. */
  noteFor(view: EditorView): { path: string; frontmatter: Readonly<Record<string, unknown>> | null } | null;
  readNote(path: string): Promise<string | null>;
  /** Markdown notes under a folder (the custom-functions folder). */
  listNotes(folder: string): string[];
  /** Calls back with a path whenever a note is created, changed, renamed or deleted. */
  onVaultChange(listener: (path: string) => void): () => void;
}
