import { matchesGlob } from "./glob.js";
import { functionSettings, normaliseSettings, type FunctionSettings, type RedlineSettings } from "./settings/schema.js";

/**
 * Per-note and per-folder control. A note opts out with frontmatter
 * `redline: off`; it can switch single functions off or override their
 * parameters:
 *
 * ```yaml
 * redline:
 *   proofread: off
 *   tighten:
 *     intensity: light
 * ```
 *
 * Folder and glob exclusions from the settings apply first.
 */
export interface NoteControl {
  /** Redline may run on this note at all. */
  readonly enabled: boolean;
  /** Why it may not, in words for a notice. */
  readonly reason: string | null;
  readonly disabledFunctions: ReadonlySet<string>;
  readonly overrides: Readonly<Record<string, Partial<FunctionSettings>>>;
}

const OFF = new Set(["off", "false", "no", "disabled", "disable", "none"]);
const isOff = (v: unknown): boolean => v === false || (typeof v === "string" && OFF.has(v.trim().toLowerCase()));
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function folderOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

export function isExcludedPath(path: string, settings: Pick<RedlineSettings, "excludedFolders" | "excludedGlobs">): string | null {
  const folder = folderOf(path);
  for (const raw of settings.excludedFolders) {
    const f = raw.trim().replace(/^\/+|\/+$/g, "");
    if (f !== "" && (folder === f || folder.startsWith(`${f}/`))) return `the folder “${f}” is excluded in Redline's settings`;
  }
  for (const glob of settings.excludedGlobs) {
    if (glob.trim() !== "" && matchesGlob(path, glob)) return `it matches the exclusion “${glob.trim()}”`;
  }
  return null;
}

export function noteControl(path: string, frontmatter: Readonly<Record<string, unknown>> | null | undefined, settings: RedlineSettings): NoteControl {
  const excluded = isExcludedPath(path, settings);
  if (excluded !== null) return { enabled: false, reason: `Redline is off for this note: ${excluded}.`, disabledFunctions: new Set(), overrides: {} };
  const value = frontmatter?.redline;
  if (isOff(value)) return { enabled: false, reason: "Redline is off for this note (frontmatter redline: off).", disabledFunctions: new Set(), overrides: {} };
  const disabled = new Set<string>();
  const overrides: Record<string, Partial<FunctionSettings>> = {};
  if (isRecord(value)) {
    for (const [fn, v] of Object.entries(value)) {
      if (isOff(v)) disabled.add(fn);
      else if (isRecord(v)) {
        // Reuse the data.json normaliser so a typo in frontmatter cannot inject invalid values.
        const parsed = normaliseSettings({ functions: { [fn]: v } }).settings.functions[fn];
        if (parsed) overrides[fn] = parsed;
        if (isOff(v.enabled)) disabled.add(fn);
      }
    }
  }
  return { enabled: true, reason: null, disabledFunctions: disabled, overrides };
}

/** One function's settings for one note: stored settings, then frontmatter overrides. */
export function effectiveFunctionSettings(settings: RedlineSettings, functionId: string, control: NoteControl): FunctionSettings {
  const base = functionSettings(settings, functionId);
  const o = control.overrides[functionId] ?? {};
  const merged: FunctionSettings = { ...base, ...o, gates: { ...base.gates, ...(o.gates ?? {}) } };
  if (!control.enabled || control.disabledFunctions.has(functionId)) merged.enabled = false;
  return merged;
}

/** As-you-type for a note: the per-note toggle wins over the function's setting. */
export function asYouTypeFor(settings: RedlineSettings, path: string, functionId: string, control: NoteControl): boolean {
  const fn = effectiveFunctionSettings(settings, functionId, control);
  if (!fn.enabled) return false;
  return settings.asYouTypeNotes[path] ?? fn.asYouType;
}
