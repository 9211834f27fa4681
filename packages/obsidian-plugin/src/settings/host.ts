import type { App } from "obsidian";
import type { LearnedItem } from "../dashboard/data.js";
import type { SecretStore } from "../secrets.js";
import type { FunctionSettings, RedlineSettings } from "./schema.js";

/** A function the writer can configure: built-in or a note in the custom-functions folder. */
export interface FunctionInfo {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly builtin: boolean;
  /** The note that defines a custom function. */
  readonly source?: string;
  /** Why a custom function could not be loaded, naming the file and field. */
  readonly error?: string;
  /** The function's own defaults, so the pane shows what applies when the writer changed nothing. */
  readonly defaults?: Partial<FunctionSettings>;
}

/** What the settings pane needs from the plugin; the playground supplies the same. */
export interface SettingsHost {
  readonly app: App;
  readonly settings: RedlineSettings;
  readonly secrets: SecretStore;
  saveSettings(): Promise<void>;
  functionCatalog(): readonly FunctionInfo[];
  learnedFor(functionId: string): Promise<readonly LearnedItem[]>;
  forget(item: LearnedItem): Promise<void>;
  /** Resets what Redline learned for a function (its settings are reset separately). */
  resetLearning(functionId: string): Promise<void>;
  fetchModels(providerId: string): Promise<string[]>;
}

/** The function defaults a host knows, in the shape settings/keys.ts takes. */
export function defaultsOf(host: Pick<SettingsHost, "functionCatalog">): (id: string) => Partial<FunctionSettings> | undefined {
  return (id) => host.functionCatalog().find((f) => f.id === id)?.defaults;
}
