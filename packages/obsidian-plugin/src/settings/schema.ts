import type { Category } from "@redline/track-edits";
/**
 * Redline's persisted settings (data.json) and their normalisation. Nothing
 * here touches Obsidian, so it is shared verbatim with the playground.
 *
 * Keys never live here: a provider names the SecretStorage id that holds its
 * key (see secrets.ts), and loading migrates any key an older version wrote.
 */

export const PROVIDER_TYPES = ["offline", "openai-compatible", "openai", "anthropic"] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

export const BATCHING_STRATEGIES = ["immediate", "smart-batch", "time-delayed", "content-aware"] as const;
export type BatchingStrategy = (typeof BATCHING_STRATEGIES)[number];

export const INTENSITIES = ["light", "moderate", "heavy"] as const;
export type Intensity = (typeof INTENSITIES)[number];

export const CATEGORY_NAMES = [
  "spelling",
  "punctuation",
  "capitalization",
  "grammar",
  "word-choice",
  "concision",
  "style",
  "tone",
  "formatting",
] as const;
export type CategoryName = (typeof CATEGORY_NAMES)[number];
/**
 * Settings load at startup, before the lazily loaded runtime brings in
 * track-edits, so the taxonomy is listed here rather than imported; this
 * type fails to compile unless the two lists name exactly the same categories.
 */
export type SameTaxonomyAsTrackEdits = AssertTrue<[CategoryName] extends [Category] ? ([Category] extends [CategoryName] ? true : false) : false>;
type AssertTrue<T extends true> = T;

export interface ProviderSettings {
  /** Stable id, used in model chains as `id/model` and in the secret id. */
  id: string;
  type: ProviderType;
  name: string;
  baseUrl: string;
  /** The last model list fetched from the server, shown as dropdown options. */
  models: string[];
  /** SecretStorage id holding this provider's key; empty when it needs none. */
  secretId: string;
}

export interface BudgetSettings {
  dailyUsd: number;
  monthlyUsd: number;
  dailyTokens: number;
  monthlyTokens: number;
}

export interface QualityGateSettings {
  /** Largest share of a paragraph one run may change, 0..1. */
  maxChangeRatio: number;
  forbiddenPhrases: string[];
  preserveMarkdown: boolean;
}

export interface FunctionSettings {
  enabled: boolean;
  /** `providerId/model` entries in fallback order; empty means the default chain. */
  modelChain: string[];
  temperature: number;
  intensity: Intensity;
  /** 0 = suggest freely, 1 = only edits the model is sure of. */
  strictness: number;
  allowedCategories: CategoryName[];
  gates: QualityGateSettings;
  /** When as-you-type runs after the writer edits (track-edits' ChangeBatcher). */
  batching: BatchingStrategy;
  asYouType: boolean;
  learning: boolean;
}

export interface RedlineSettings {
  version: 1;
  providers: ProviderSettings[];
  /** Default fallback chain, `providerId/model` entries. */
  fallbackChain: string[];
  budgets: BudgetSettings;
  /** Only what differs from the defaults is stored, so defaults can improve. */
  functions: Record<string, Partial<FunctionSettings>>;
  customFunctionsFolder: string;
  excludedFolders: string[];
  excludedGlobs: string[];
  /** Per-note as-you-type override toggled by command: path → on/off. */
  asYouTypeNotes: Record<string, boolean>;
  /** Endpoints (origins) that failed CORS and go through requestUrl. */
  requestUrlOrigins: string[];
}

export const OFFLINE_PROVIDER: ProviderSettings = {
  id: "offline",
  type: "offline",
  name: "Offline engine",
  baseUrl: "",
  models: ["offline"],
  secretId: "",
};

export function defaultFunctionSettings(): FunctionSettings {
  return {
    enabled: true,
    modelChain: [],
    temperature: 0.2,
    intensity: "moderate",
    strictness: 0.5,
    allowedCategories: [...CATEGORY_NAMES],
    gates: { maxChangeRatio: 0.5, forbiddenPhrases: [], preserveMarkdown: true },
    batching: "smart-batch",
    asYouType: false,
    learning: true,
  };
}

export function defaultSettings(): RedlineSettings {
  return {
    version: 1,
    providers: [{ ...OFFLINE_PROVIDER, models: [...OFFLINE_PROVIDER.models] }],
    fallbackChain: ["offline/offline"],
    budgets: { dailyUsd: 1, monthlyUsd: 10, dailyTokens: 500_000, monthlyTokens: 5_000_000 },
    functions: {},
    customFunctionsFolder: "Redline/Functions",
    excludedFolders: [],
    excludedGlobs: [],
    asYouTypeNotes: {},
    requestUrlOrigins: [],
  };
}

/** A function's own defaults (from its definition), for the effective view of its settings. */
export type FunctionDefaults = (functionId: string) => Partial<FunctionSettings> | undefined;

/** The effective settings of one function: generic defaults, the function's own, then what the writer stored. */
export function functionSettings(settings: RedlineSettings, functionId: string, defaults?: FunctionDefaults): FunctionSettings {
  const stored = settings.functions[functionId] ?? {};
  const own = defaults?.(functionId) ?? {};
  const base = defaultFunctionSettings();
  return { ...base, ...own, ...stored, gates: { ...base.gates, ...(own.gates ?? {}), ...(stored.gates ?? {}) } };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown, fallback: string): string => (typeof v === "string" ? v : fallback);
const num = (v: unknown, fallback: number): number => (typeof v === "number" && Number.isFinite(v) ? v : fallback);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const oneOf = <T extends string>(values: readonly T[], v: unknown, fallback: T): T =>
  typeof v === "string" && (values as readonly string[]).includes(v) ? (v as T) : fallback;

/** A secret id Obsidian accepts: lowercase alphanumerics and dashes. */
export function secretIdFor(providerId: string): string {
  const slug = providerId.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return `redline-${slug || "provider"}-key`;
}

function normaliseProvider(raw: unknown, index: number): ProviderSettings | null {
  if (!isRecord(raw)) return null;
  const id = str(raw.id, `provider-${index + 1}`).trim() || `provider-${index + 1}`;
  const type = oneOf(PROVIDER_TYPES, raw.type, "openai-compatible");
  return {
    id,
    type,
    name: str(raw.name, id),
    baseUrl: str(raw.baseUrl, ""),
    models: strings(raw.models),
    secretId: type === "offline" ? "" : str(raw.secretId, secretIdFor(id)),
  };
}

function normaliseFunction(raw: unknown): Partial<FunctionSettings> {
  if (!isRecord(raw)) return {};
  const out: Partial<FunctionSettings> = {};
  const d = defaultFunctionSettings();
  if (typeof raw.enabled === "boolean") out.enabled = raw.enabled;
  if (Array.isArray(raw.modelChain)) out.modelChain = strings(raw.modelChain);
  if (raw.temperature !== undefined) out.temperature = Math.min(2, Math.max(0, num(raw.temperature, d.temperature)));
  if (raw.intensity !== undefined) out.intensity = oneOf(INTENSITIES, raw.intensity, d.intensity);
  if (raw.strictness !== undefined) out.strictness = Math.min(1, Math.max(0, num(raw.strictness, d.strictness)));
  if (Array.isArray(raw.allowedCategories)) out.allowedCategories = strings(raw.allowedCategories).filter((c): c is CategoryName => (CATEGORY_NAMES as readonly string[]).includes(c));
  if (isRecord(raw.gates)) {
    out.gates = {
      maxChangeRatio: Math.min(1, Math.max(0, num(raw.gates.maxChangeRatio, d.gates.maxChangeRatio))),
      forbiddenPhrases: strings(raw.gates.forbiddenPhrases),
      preserveMarkdown: typeof raw.gates.preserveMarkdown === "boolean" ? raw.gates.preserveMarkdown : d.gates.preserveMarkdown,
    };
  }
  if (raw.batching !== undefined) out.batching = oneOf(BATCHING_STRATEGIES, raw.batching, d.batching);
  if (typeof raw.asYouType === "boolean") out.asYouType = raw.asYouType;
  if (typeof raw.learning === "boolean") out.learning = raw.learning;
  return out;
}

/** A key an older version (or a hand edit) left in data.json, to be moved to SecretStorage. */
export interface LeakedKey {
  secretId: string;
  key: string;
}

/**
 * Turns whatever loadData() returned into valid settings, dropping what it
 * cannot use rather than failing, and pulls out any plaintext keys so the
 * caller can move them into SecretStorage and rewrite data.json without them.
 */
export function normaliseSettings(raw: unknown): { settings: RedlineSettings; leakedKeys: LeakedKey[] } {
  const settings = defaultSettings();
  const leakedKeys: LeakedKey[] = [];
  if (!isRecord(raw)) return { settings, leakedKeys };

  if (Array.isArray(raw.providers)) {
    const providers: ProviderSettings[] = [];
    raw.providers.forEach((p, i) => {
      const provider = normaliseProvider(p, i);
      if (!provider || providers.some((q) => q.id === provider.id)) return;
      providers.push(provider);
      if (isRecord(p)) {
        const key = p.apiKey ?? p.key;
        if (typeof key === "string" && key.trim() !== "" && provider.secretId !== "") leakedKeys.push({ secretId: provider.secretId, key: key.trim() });
      }
    });
    if (!providers.some((p) => p.type === "offline")) providers.unshift({ ...OFFLINE_PROVIDER, models: [...OFFLINE_PROVIDER.models] });
    settings.providers = providers;
  }
  // Versions before providers were a list kept one top-level key.
  for (const legacy of ["apiKey", "openaiApiKey", "anthropicApiKey"] as const) {
    const key = raw[legacy];
    if (typeof key !== "string" || key.trim() === "") continue;
    const type: ProviderType = legacy === "anthropicApiKey" ? "anthropic" : "openai";
    let provider = settings.providers.find((p) => p.type === type);
    if (!provider) {
      provider = { id: type, type, name: type === "anthropic" ? "Anthropic" : "OpenAI", baseUrl: "", models: [], secretId: secretIdFor(type) };
      settings.providers.push(provider);
    }
    leakedKeys.push({ secretId: provider.secretId, key: key.trim() });
  }

  if (Array.isArray(raw.fallbackChain)) settings.fallbackChain = strings(raw.fallbackChain);
  if (isRecord(raw.budgets)) {
    const b = raw.budgets;
    const d = settings.budgets;
    settings.budgets = {
      dailyUsd: Math.max(0, num(b.dailyUsd, d.dailyUsd)),
      monthlyUsd: Math.max(0, num(b.monthlyUsd, d.monthlyUsd)),
      dailyTokens: Math.max(0, num(b.dailyTokens, d.dailyTokens)),
      monthlyTokens: Math.max(0, num(b.monthlyTokens, d.monthlyTokens)),
    };
  }
  if (isRecord(raw.functions)) {
    for (const [id, f] of Object.entries(raw.functions)) settings.functions[id] = normaliseFunction(f);
  }
  settings.customFunctionsFolder = str(raw.customFunctionsFolder, settings.customFunctionsFolder);
  settings.excludedFolders = strings(raw.excludedFolders);
  settings.excludedGlobs = strings(raw.excludedGlobs);
  if (isRecord(raw.asYouTypeNotes)) {
    for (const [path, on] of Object.entries(raw.asYouTypeNotes)) if (typeof on === "boolean") settings.asYouTypeNotes[path] = on;
  }
  settings.requestUrlOrigins = strings(raw.requestUrlOrigins);
  return { settings, leakedKeys };
}

/** Splits a comma/newline separated list typed into a text field. */
export function parseList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/**
 * The pane's strictness slider (0..1) is a log scale over the engine's cost
 * of a rejected edit: 0 → 0.25, 0.5 → 1, 1 → 4.
 */
export function strictnessCost(slider: number): number {
  return 2 ** ((slider - 0.5) * 4);
}

/** The inverse of strictnessCost, clamped to the slider's range. */
export function strictnessSlider(cost: number): number {
  return Math.min(1, Math.max(0, 0.5 + Math.log2(cost) / 4));
}

/**
 * Records a strictness the engine adopted (from a one-click insight) in the
 * writer's settings, so the pane shows it and a later save does not undo it.
 */
export function adoptStrictness(settings: RedlineSettings, functionId: string, cost: number): void {
  settings.functions[functionId] = { ...settings.functions[functionId], strictness: strictnessSlider(cost) };
}

