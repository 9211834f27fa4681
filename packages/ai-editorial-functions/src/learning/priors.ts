import type { Category } from "@redline/track-edits";
import type { EditShape } from "./edit-shape.js";

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

/**
 * Kinds of text whose edits a writer wants less (or more) often than the rest of
 * their category, known before they decide anything: P(accept) of such an edit when
 * its category is at its prior mean. The model moves the writer's own rate for the
 * category by the same odds, so a writer who accepts nearly every spelling fix still
 * starts higher than one who accepts few.
 *
 * A spelling "fix" to a capitalised word is as likely a name the dictionary does not
 * know as a misspelling (the offline engine sets most names aside, but not those a
 * slip away from a dictionary word: "Glison" → "Alison"). Its rejections say little
 * about the writer's taste in spelling fixes, and the spelling prior's confidence
 * would show them long after the writer has rejected several.
 */
export type ShapePriors = Readonly<Partial<Record<Category, Readonly<Partial<Record<EditShape, number>>>>>>;

export const DEFAULT_SHAPE_PRIORS: ShapePriors = {
  spelling: { capitalised: 0.5 },
};

/** Threshold on P(accept) above which showing pays, for a rejected edit costing `strictness` accepted ones. */
export function thresholdFor(strictness: number): number {
  return strictness / (1 + strictness);
}
