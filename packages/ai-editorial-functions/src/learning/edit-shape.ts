/**
 * The shape of the text an edit changes: a coarse, content-free feature (in
 * the spirit of the word shapes used in NLP) that lets the preference model
 * tell apart kinds of edit that share a function and a category but that
 * writers treat very differently. The commonest case: a spelling "fix" to a
 * capitalised word is usually a name the proofreader does not know, while one
 * to a lower-case word is usually a real misspelling.
 */
export type EditShape = "insert" | "delete" | "symbol" | "number" | "initial" | "caps" | "capitalised" | "hyphenated" | "phrase" | "word";

export const EDIT_SHAPES: readonly EditShape[] = ["insert", "delete", "symbol", "number", "initial", "caps", "capitalised", "hyphenated", "phrase", "word"];

export function editShape(original: string, replacement: string): EditShape {
  const o = original.trim();
  if (o === "") return "insert";
  if (replacement.trim() === "") return "delete";
  if (!/\p{L}/u.test(o)) return /\p{N}/u.test(o) ? "number" : "symbol";
  if (/\p{N}/u.test(o)) return "number";
  if (/\s/u.test(o)) return "phrase";
  if (/^\p{Lu}\.?$/u.test(o)) return "initial";
  if (!/\p{Ll}/u.test(o)) return "caps";
  if (/^\p{Lu}/u.test(o)) return "capitalised";
  if (/\p{L}-\p{L}/u.test(o)) return "hyphenated";
  return "word";
}
