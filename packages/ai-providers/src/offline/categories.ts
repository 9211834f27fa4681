/**
 * Maps Harper's lint kinds and retext's rules onto Redline's edit taxonomy.
 * The offline engine only ever produces these seven; `tone` and `formatting`
 * belong to LLM functions and track-edits' own classifier.
 */
export const OFFLINE_CATEGORIES = ["spelling", "punctuation", "capitalization", "grammar", "word-choice", "concision", "style"] as const;

export type OfflineCategory = (typeof OFFLINE_CATEGORIES)[number];

/** Harper's LintKind strings (harper.js 2.x), kept as data so this module never loads the WASM glue. */
const HARPER_KIND_CATEGORY: Readonly<Record<string, OfflineCategory>> = {
  Spelling: "spelling",
  Typo: "spelling",
  // "alot" → "a lot", "in to" → "into": a word-boundary slip is a spelling error.
  BoundaryError: "spelling",
  Punctuation: "punctuation",
  // Harper's Formatting lints are spacing and punctuation marks (double spaces, ellipses).
  Formatting: "punctuation",
  Capitalization: "capitalization",
  Agreement: "grammar",
  Grammar: "grammar",
  WordOrder: "grammar",
  // "the the": an unnecessary word, fixed by proofreading rather than by tightening.
  Repetition: "grammar",
  Miscellaneous: "grammar",
  Eggcorn: "word-choice",
  Malapropism: "word-choice",
  WordChoice: "word-choice",
  Usage: "word-choice",
  Nonstandard: "word-choice",
  Regionalism: "word-choice",
  Redundancy: "concision",
  Readability: "style",
  Style: "style",
  Enhancement: "style",
};

/**
 * Rules whose kind misdescribes them for a writer. Harper files a few
 * capitalisation and spacing rules under broader kinds.
 */
const HARPER_RULE_CATEGORY: Readonly<Record<string, OfflineCategory>> = {
  SentenceCapitalization: "capitalization",
  CapitalizePersonalPronouns: "capitalization",
  SpelledNumbers: "style",
  LongSentences: "style",
  Spaces: "punctuation",
  SpellCheck: "spelling",
  RepeatedWords: "grammar",
};

export function categoryForHarper(kind: string, ruleId?: string): OfflineCategory {
  const byRule = ruleId === undefined ? undefined : HARPER_RULE_CATEGORY[ruleId];
  return byRule ?? HARPER_KIND_CATEGORY[kind] ?? "grammar";
}

/**
 * retext-simplify offers plainer wording. When the suggestion is shorter the
 * edit is concision ("in order to" → "to"); when it swaps a word for a plainer
 * one of similar length it is word choice ("utilize" → "use" is both, and
 * shorter wins). retext-passive flags passive voice: style.
 */
export function categoryForRetext(source: string, actual: string, replacement: string | undefined): OfflineCategory {
  if (source === "retext-passive") return "style";
  if (replacement === undefined || replacement === "") return "concision";
  const words = (s: string) => s.trim().split(/\s+/u).filter(Boolean).length;
  const before = words(actual);
  const after = words(replacement);
  if (after < before || (after === before && replacement.length < actual.length)) return "concision";
  return "word-choice";
}

export function isOfflineCategory(value: unknown): value is OfflineCategory {
  return typeof value === "string" && (OFFLINE_CATEGORIES as readonly string[]).includes(value);
}
