import type { OfflineFinding } from "../types.js";
import type { OfflineCategory } from "./categories.js";
import type { RuleSource } from "./rule-weights.js";

/** A finding of the offline engine, on the caller's text, UTF-16 offsets. */
export interface EngineFinding extends OfflineFinding {
  readonly category: OfflineCategory;
  readonly source: RuleSource;
  /** The rule's weight when this finding was made (see rule-weights.ts). */
  readonly weight: number;
  /** The text the finding replaces. */
  readonly original: string;
  /** Other candidate replacements, best first (spelling). */
  readonly alternatives?: readonly string[];
}

/** An advisory finding: something to look at, with no safe automatic rewrite (passive voice, "it is"). */
export interface EngineHint {
  readonly from: number;
  readonly to: number;
  readonly category: OfflineCategory;
  readonly ruleId: string;
  readonly source: RuleSource;
  readonly message: string;
  readonly weight: number;
}

export interface EngineResult {
  /** The input with every applied finding made. */
  readonly text: string;
  /** Findings applied to `text`, in document order, non-overlapping. */
  readonly findings: readonly EngineFinding[];
  /** Findings held back because the writer has down-weighted their rule; not applied, still shown. */
  readonly held: readonly EngineFinding[];
  readonly hints: readonly EngineHint[];
  readonly stats: EngineStats;
}

export interface EngineStats {
  readonly paragraphs: number;
  /** Findings dropped because they touched code, links, math or other protected spans. */
  readonly suppressedProtected: number;
  /**
   * Probable proper nouns left alone: spelling findings dropped, Harper's
   * verdicts on a masked name's neighbours made without it, plus names kept
   * from Harper (maskedNames).
   */
  readonly suppressedProperNouns: number;
  /** Spelling findings on tokens that are not words (initials, symbols, a number's "'s", -like compounds): see non-words.ts. */
  readonly suppressedNonWords: number;
  /**
   * Distinct names per paragraph masked before Harper saw them: foreign-shaped,
   * acronyms, settled earlier this session, or capitalised words in running
   * text that Harper's dictionary lacks with no known name a slip away.
   */
  readonly maskedNames: number;
}
