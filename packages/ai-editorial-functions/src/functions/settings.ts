import { CATEGORIES } from "@redline/track-edits";
import { z } from "zod";
import type { EditorialFunction } from "./types.js";

/** The writer's per-function overrides, edited in the settings pane. */
export const functionSettingsSchema = z
  .object({
    enabled: z.boolean().optional(),
    modelChain: z.array(z.string().min(1)).optional(),
    temperature: z.number().min(0).max(2).optional(),
    /** Cost of a rejected edit in accepted edits; higher hides more. */
    strictness: z.number().positive().optional(),
    /** Edit intensity in [0, 1]: how much a function may change (scales the change-ratio gate). */
    intensity: z.number().min(0).max(1).optional(),
    allowedCategories: z.array(z.enum(CATEGORIES)).optional(),
    qualityGates: z
      .object({ maxChangeRatio: z.number().gt(0).max(1).optional(), forbiddenPhrases: z.array(z.string()).optional(), preserveMarkdown: z.boolean().optional() })
      .optional(),
    batching: z.enum(["immediate", "smart", "debounce", "content-aware"]).optional(),
    asYouType: z.boolean().optional(),
    learning: z.boolean().optional(),
    params: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export type FunctionSettings = z.infer<typeof functionSettingsSchema>;

export const settingsSchema = z.record(z.string(), functionSettingsSchema);

/** A function with the writer's overrides applied. */
export function applySettings(fn: EditorialFunction, s: FunctionSettings | undefined): EditorialFunction & { readonly enabled: boolean; readonly strictness: number } {
  const gates = { ...fn.qualityGates, ...stripUndefined(s?.qualityGates ?? {}) };
  if (s?.intensity !== undefined && s.qualityGates?.maxChangeRatio === undefined) {
    // Intensity 0.5 keeps the function's own ratio; 0 halves it, 1 doubles it (capped at 1).
    gates.maxChangeRatio = Math.min(1, Math.max(0.02, fn.qualityGates.maxChangeRatio * 2 ** ((s.intensity - 0.5) * 2)));
  }
  return {
    ...fn,
    modelChain: s?.modelChain ?? fn.modelChain,
    temperature: s?.temperature ?? fn.temperature,
    allowedCategories: s?.allowedCategories ?? fn.allowedCategories,
    qualityGates: gates,
    batching: s?.batching ?? fn.batching,
    asYouType: s?.asYouType ?? fn.asYouType,
    learning: s?.learning ?? fn.learning,
    enabled: s?.enabled ?? true,
    strictness: s?.strictness ?? 1,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
