import {
  BATCHING_STRATEGIES,
  CATEGORY_NAMES,
  defaultFunctionSettings,
  functionSettings,
  INTENSITIES,
  parseList,
  PROVIDER_TYPES,
  secretIdFor,
  type FunctionDefaults,
  type FunctionSettings,
  type RedlineSettings,
} from "./schema.js";

/**
 * The control keys the settings pane binds to, and how each reads and writes
 * RedlineSettings. Obsidian's declarative API addresses every control by a
 * string key (getControlValue / setControlValue); keeping the mapping here,
 * free of Obsidian, makes it testable and shared by both renderers.
 *
 *   budgets.<field>                 number
 *   customFunctionsFolder           string
 *   list:<excludedFolders|excludedGlobs|fallbackChain>   text, one per line
 *   provider:<id>:<name|type|baseUrl|model>               string
 *   fn:<id>:<field>                 a FunctionSettings field
 *   fn:<id>:gates.<field>           a quality gate
 *   fn:<id>:category:<category>     boolean, allowed or not
 */

type ListKey = "excludedFolders" | "excludedGlobs" | "fallbackChain";
const LIST_KEYS: readonly ListKey[] = ["excludedFolders", "excludedGlobs", "fallbackChain"];

export function readKey(settings: RedlineSettings, key: string, defaults?: FunctionDefaults): unknown {
  const parts = key.split(":");
  const [head] = parts;
  if (key.startsWith("budgets.")) return settings.budgets[key.slice(8) as keyof RedlineSettings["budgets"]];
  if (key === "customFunctionsFolder") return settings.customFunctionsFolder;
  if (head === "list") {
    const name = parts[1] as ListKey;
    return LIST_KEYS.includes(name) ? settings[name].join("\n") : undefined;
  }
  if (head === "provider") {
    const p = settings.providers.find((q) => q.id === parts[1]);
    if (!p) return undefined;
    if (parts[2] === "model") return settings.fallbackChain.find((c) => c.startsWith(`${p.id}/`))?.slice(p.id.length + 1) ?? p.models[0] ?? "";
    return p[parts[2] as "name" | "type" | "baseUrl"];
  }
  if (head === "fn" && parts[1] !== undefined) {
    const fn = functionSettings(settings, parts[1], defaults);
    const field = parts[2] ?? "";
    if (field === "category") return fn.allowedCategories.includes(parts[3] as never);
    if (field.startsWith("gates.")) {
      const g = field.slice(6) as keyof FunctionSettings["gates"];
      const v = fn.gates[g];
      return Array.isArray(v) ? v.join("\n") : v;
    }
    const v = fn[field as keyof FunctionSettings];
    return Array.isArray(v) ? v.join("\n") : v;
  }
  return undefined;
}

const num = (v: unknown): number => (typeof v === "number" ? v : Number(v));

/** Writes one control's value; invalid values are refused with an error naming the problem. */
export function writeKey(settings: RedlineSettings, key: string, value: unknown, defaults?: FunctionDefaults): void {
  const parts = key.split(":");
  const [head] = parts;
  if (key.startsWith("budgets.")) {
    const field = key.slice(8) as keyof RedlineSettings["budgets"];
    const n = num(value);
    if (!(field in settings.budgets) || !Number.isFinite(n) || n < 0) throw new Error("A budget must be a number of zero or more.");
    settings.budgets[field] = n;
    return;
  }
  if (key === "customFunctionsFolder") {
    settings.customFunctionsFolder = String(value).trim().replace(/^\/+|\/+$/g, "");
    return;
  }
  if (head === "list") {
    const name = parts[1] as ListKey;
    if (!LIST_KEYS.includes(name)) throw new Error(`Unknown list setting ${name}`);
    settings[name] = parseList(String(value));
    return;
  }
  if (head === "provider") {
    const p = settings.providers.find((q) => q.id === parts[1]);
    if (!p) throw new Error(`No provider ${String(parts[1])}`);
    const field = parts[2];
    if (field === "type") {
      if (typeof value !== "string" || !(PROVIDER_TYPES as readonly string[]).includes(value)) throw new Error(`Unknown provider type ${String(value)}`);
      p.type = value as typeof p.type;
      p.secretId = p.type === "offline" ? "" : p.secretId || secretIdFor(p.id);
    } else if (field === "name") p.name = String(value);
    else if (field === "baseUrl") {
      const url = String(value).trim();
      if (url !== "" && !/^https?:\/\/[^\s]+$/.test(url)) throw new Error("The base URL must start with http:// or https://.");
      p.baseUrl = url.replace(/\/+$/, "");
    } else if (field === "model") {
      const model = String(value);
      const entry = `${p.id}/${model}`;
      const at = settings.fallbackChain.findIndex((c) => c.startsWith(`${p.id}/`));
      if (at >= 0) settings.fallbackChain[at] = entry;
      else settings.fallbackChain.unshift(entry);
    } else throw new Error(`Unknown provider field ${String(field)}`);
    return;
  }
  if (head === "fn" && parts[1] !== undefined) {
    const id = parts[1];
    const stored: Partial<FunctionSettings> = { ...(settings.functions[id] ?? {}) };
    writeFunctionField(stored, functionSettings(settings, id, defaults), parts.slice(2), value);
    // Only a valid write reaches here, so a refused value leaves no trace.
    settings.functions[id] = stored;
    return;
  }
  throw new Error(`Unknown setting ${key}`);
}

function writeFunctionField(stored: Partial<FunctionSettings>, current: FunctionSettings, rest: string[], value: unknown): void {
  {
    const parts = ["fn", "", ...rest];
    const field = parts[2] ?? "";
    if (field === "category") {
      const cat = parts[3] as (typeof CATEGORY_NAMES)[number];
      if (!CATEGORY_NAMES.includes(cat)) throw new Error(`Unknown category ${cat}`);
      const set = new Set(current.allowedCategories);
      if (value === true) set.add(cat);
      else set.delete(cat);
      stored.allowedCategories = CATEGORY_NAMES.filter((c) => set.has(c));
      return;
    }
    if (field.startsWith("gates.")) {
      const g = field.slice(6);
      const gates = { ...current.gates };
      if (g === "maxChangeRatio") {
        const n = num(value);
        if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error("The change ratio is a share between 0 and 1.");
        gates.maxChangeRatio = n;
      } else if (g === "forbiddenPhrases") gates.forbiddenPhrases = parseList(String(value));
      else if (g === "preserveMarkdown") gates.preserveMarkdown = value === true;
      else throw new Error(`Unknown quality gate ${g}`);
      stored.gates = gates;
      return;
    }
    switch (field) {
      case "enabled":
      case "asYouType":
      case "learning":
        stored[field] = value === true;
        return;
      case "temperature": {
        const n = num(value);
        if (!Number.isFinite(n) || n < 0 || n > 2) throw new Error("Temperature is between 0 and 2.");
        stored.temperature = n;
        return;
      }
      case "strictness": {
        const n = num(value);
        if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error("Strictness is between 0 and 1.");
        stored.strictness = n;
        return;
      }
      case "intensity":
        if (!(INTENSITIES as readonly string[]).includes(String(value))) throw new Error(`Unknown intensity ${String(value)}`);
        stored.intensity = value as FunctionSettings["intensity"];
        return;
      case "batching":
        if (!(BATCHING_STRATEGIES as readonly string[]).includes(String(value))) throw new Error(`Unknown batching strategy ${String(value)}`);
        stored.batching = value as FunctionSettings["batching"];
        return;
      case "modelChain": {
        const chain = parseList(String(value));
        const bad = chain.find((c) => !/^[^/\s]+\/\S+$/.test(c));
        if (bad !== undefined) throw new Error(`“${bad}” is not provider/model.`);
        stored.modelChain = chain;
        return;
      }
      default:
        throw new Error(`Unknown function setting ${field}`);
    }
  }
}

/** Forgets what was stored for a function, so it follows the defaults again. */
export function resetFunction(settings: RedlineSettings, id: string): void {
  settings.functions = Object.fromEntries(Object.entries(settings.functions).filter(([k]) => k !== id));
}

export { defaultFunctionSettings };
