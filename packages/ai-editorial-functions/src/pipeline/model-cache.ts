import { z } from "zod";
import type { EngineStore } from "../persistence/store.js";
import type { CacheBacking, ParagraphCache } from "./cache.js";
import type { CallOutcome } from "./run.js";

/** The store key of model answers kept across restarts. */
export const MODEL_CACHE_KEY = "model-cache";
/** How many answers are kept, newest first: a note or two re-run after a restart. */
export const MODEL_CACHE_KEPT = 500;
/** Kept answers older than this are dropped when the engine starts. */
export const MODEL_CACHE_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

const keptSchema = z.object({
  entries: z.array(z.tuple([z.string(), z.object({ text: z.string(), object: z.unknown().optional(), model: z.string(), provider: z.string() }), z.number()])),
});

/**
 * A paid model's answer to a paragraph is kept across restarts, so re-running
 * a function on unchanged paragraphs after Obsidian restarts costs nothing and
 * shows at once. The cache key already holds everything the answer depends on
 * (function version, variant, params, paragraph, learned preferences, model
 * chain, temperature). The pipeline marks which answers are worth keeping: not
 * the offline engine's or the style sheet's, which are free (and the offline
 * engine's also depend on rule weights the key does not hold).
 */
export async function keepModelAnswers(cache: ParagraphCache<CallOutcome>, store: EngineStore, now: number): Promise<void> {
  const saved = await store.read(MODEL_CACHE_KEY, keptSchema, "Kept model answers");
  const fresh = (saved?.entries ?? []).filter(([, , at]) => now - at <= MODEL_CACHE_MAX_AGE_MS);
  const backing: CacheBacking = {
    changed: () => {
      void store.writeLazy(MODEL_CACHE_KEY, () => ({ entries: cache.kept(MODEL_CACHE_KEPT).map(([key, o, at]) => [key, plain(o), at]) }));
    },
  };
  cache.restore(
    fresh.map(([key, o, at]): [string, CallOutcome, number] => [key, plain(o), at]),
    backing,
  );
  // Answers past their age leave the store too.
  if (saved && fresh.length < saved.entries.length) backing.changed();
}

function plain(o: { readonly text: string; readonly object?: unknown; readonly model: string; readonly provider: string }): CallOutcome {
  return { text: o.text, model: o.model, provider: o.provider, ...(o.object !== undefined ? { object: o.object } : {}) };
}
