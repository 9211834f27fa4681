/** The fixed taxonomy every tracked edit is classified into. */
export const CATEGORIES = [
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

export type Category = (typeof CATEGORIES)[number];

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

/**
 * The normalised key learning uses for a specific rewrite: both sides trimmed,
 * inner whitespace collapsed, lower-cased, joined by U+2192.
 * `patternKey("Utilize ", "use")` is `utilize→use`.
 */
export function patternKey(from: string, to: string): string {
  const norm = (s: string) => s.trim().replace(/\s+/gu, " ").toLocaleLowerCase("en");
  return `${norm(from)}\u2192${norm(to)}`;
}
