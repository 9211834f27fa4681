import type { Category } from "@redline/track-edits";

export interface CategoryPrior {
  /** Prior P(accept) of a shown edit in this category. */
  readonly mean: number;
  /** Pseudo-observations behind the prior: how quickly evidence overrides it. */
  readonly strength: number;
}

/**
 * Where learning starts before a writer has decided anything. Mechanical fixes
 * are usually wanted; taste edits are a coin flip. Every mean sits at or above
 * the default threshold (0.5) so a new kind of edit is shown, and therefore
 * learned, rather than hidden untested.
 */
export const DEFAULT_PRIORS: Readonly<Record<Category, CategoryPrior>> = {
  spelling: { mean: 0.85, strength: 3 },
  punctuation: { mean: 0.75, strength: 3 },
  capitalization: { mean: 0.8, strength: 3 },
  grammar: { mean: 0.8, strength: 3 },
  "word-choice": { mean: 0.6, strength: 3 },
  concision: { mean: 0.6, strength: 3 },
  style: { mean: 0.55, strength: 3 },
  tone: { mean: 0.55, strength: 3 },
  formatting: { mean: 0.65, strength: 3 },
};

/** Threshold on P(accept) above which showing pays, for a rejected edit costing `strictness` accepted ones. */
export function thresholdFor(strictness: number): number {
  return strictness / (1 + strictness);
}
