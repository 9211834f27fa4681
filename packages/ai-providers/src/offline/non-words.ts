/**
 * Tokens Harper's spell checker flags that are not words a writer misspelt,
 * so no spelling "fix" can be right: initials and one-letter symbols
 * ("Dr. W. B. Martin" → "WE", "a bounded set S" → "So"), the letter after a
 * number's apostrophe ("two Merc 800's" → "800'so"), short capitalised symbols
 * ("Af and Af are the thrust forces" → "A"), and words compounded with -like,
 * which English builds freely ("a black cranelike figure" → "crane like").
 * All of them came from the engine proofreading correct published prose
 * (the Brown corpus; see the offline and learning benchmarks).
 */
export function isNonWord(text: string, from: number, to: number, replacement: string): boolean {
  const original = text.slice(from, to);
  const letters = original.endsWith(".") ? original.slice(0, -1) : original;
  if (/^\p{L}$/u.test(letters)) return true;
  if (/\p{Nd}/u.test(original) || /\p{Nd}['’]$/u.test(text.slice(Math.max(0, from - 2), from))) return true;
  if (/^\p{Lu}\p{Ll}$/u.test(letters)) return true;
  const stem = /^(\p{Ll}{3,})like$/u.exec(original)?.[1];
  return stem !== undefined && replacement.toLowerCase() === `${stem} like`;
}
