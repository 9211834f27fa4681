// The one rule deciding whether a document change destroys a pending item.
// Shared by the editor field, the stale-proposal rebase and (independently
// re-implemented) the model-based test's reference model.

const WORD_CHAR = /[\p{L}\p{N}\p{M}_'\u2019]/u;

export function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && ch !== "" && WORD_CHAR.test(ch);
}

/**
 * Whether replacing [fromA, toA) (old coordinates) with `inserted` changes
 * the text an item over [from, to) with text `original` was computed for.
 *
 * - Overlap always invalidates.
 * - A pending insertion (from === to) is invalidated by any change at its point.
 * - A change that only touches an edge invalidates when it would join a
 *   word: the item's edge character is a word character and the change
 *   deletes next to it or inserts a word character against it
 *   ("cat" + typed "s" → "cats"), because the edit was proposed for a word
 *   that no longer exists. Typing a space or punctuation next to it does not.
 */
export function changeInvalidates(fromA: number, toA: number, inserted: string, from: number, to: number, original: string): boolean {
  if (from === to) return fromA <= from && toA >= from;
  if (fromA < to && toA > from) return true;
  if (toA === from) return isWordChar(original[0]) && (toA > fromA || isWordChar(inserted.at(-1)));
  if (fromA === to) return isWordChar(original.at(-1)) && (toA > fromA || isWordChar(inserted[0]));
  return false;
}
