/**
 * Proper-noun handling for spelling findings. A dictionary cannot know every
 * name, product and place a writer uses; flagging them is the commonest false
 * alarm on real prose. A word is treated as a name when its shape says so
 * (acronym, camelCase, digits), when it is capitalised mid-sentence, or when
 * the document itself capitalises it mid-sentence somewhere.
 */

import { typoCost } from "./spelling-rank.js";

/** "Carribean" → "Caribbean" costs 1 (two doubled-letter slips); "Adaeze" → "Adhere" costs 2. */
const MAX_NAME_SLIP = 1.2;

/** A sentence-initial unknown word further than this from every suggestion is taken for a name. */
const MAX_WORD_SLIP = 2;

export interface ProperNounContext {
  /** The text the finding is in (one paragraph or the whole note). */
  readonly text: string;
  /** Capitalised words seen mid-sentence anywhere in the document. */
  readonly documentNames: ReadonlySet<string>;
}

const WORD = /[\p{L}\p{M}][\p{L}\p{M}\p{N}'’-]*/gu;

/** Strips possessive endings so "Okonkwo's" and "Okonkwo" are one name. */
export function nameKey(word: string): string {
  return word.replace(/['’]s$/u, "").replace(/['’]$/u, "");
}

/** Capitalised words that follow a non-terminal token: the document's own evidence of names. */
export function collectDocumentNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    if (isCapitalised(word) && !isSentenceStart(text, m.index)) names.add(nameKey(word));
  }
  return names;
}

export function isCapitalised(word: string): boolean {
  const first = word[0] ?? "";
  return first !== first.toLowerCase() && first === first.toUpperCase();
}

/** Acronyms, camelCase, words with digits: never ordinary dictionary words. */
export function hasNameShape(word: string): boolean {
  const letters = word.replace(/[^\p{L}]/gu, "");
  if (letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) return true;
  if (/\p{Ll}\p{Lu}/u.test(word)) return true;
  return /\p{N}/u.test(word) && /\p{L}/u.test(word);
}

/** Titles whose full stop does not end a sentence: the word after them is a name. */
const HONORIFIC = /(?:^|[\s("“])(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sr|Jr|St|Rev|Gen|Col|Capt|Lt|Sgt|Hon|Fr|Sen|Rep|Gov|Pres)\.\s+$/u;

/** True when the word at `offset` begins a sentence, line, list item or heading. */
export function isSentenceStart(text: string, offset: number): boolean {
  if (HONORIFIC.test(text.slice(Math.max(0, offset - 12), offset))) return false;
  let i = offset - 1;
  while (i >= 0) {
    const c = text[i] ?? "";
    if (c === "\n") return true;
    // Opening quotes, brackets and Markdown markers sit between a sentence break and its first word.
    if (/[\s"“‘'([{*_>#\-+]/u.test(c) || /\d/u.test(c)) {
      i--;
      continue;
    }
    return /[.!?:;…]/u.test(c);
  }
  return true;
}

/**
 * Decides whether a spelling finding on `word` (at `offset` in `ctx.text`) is
 * most likely a name rather than a misspelling. A capitalised mid-sentence word
 * whose best suggestion is itself a capitalised near-spelling ("Carribean" →
 * "Caribbean") is kept: that is a misspelt name the dictionary knows.
 */
export function isLikelyProperNoun(word: string, offset: number, ctx: ProperNounContext, suggestions: readonly string[]): boolean {
  if (hasNameShape(word)) return true;
  if (!isCapitalised(word)) return false;
  const key = nameKey(word);
  const best = suggestions[0];
  // Harper echoes the typed capitalisation in its suggestions, so only a slip-sized distance marks a known name.
  const knownNameNearby = best !== undefined && isCapitalised(best) && best.toLowerCase() !== word.toLowerCase() && typoCost(key, best) <= MAX_NAME_SLIP;
  if (!isSentenceStart(ctx.text, offset)) return !knownNameNearby;
  if (knownNameNearby) return false;
  // Sentence-initial: a name if the document also uses it mid-sentence, or if
  // no suggestion is within a slip of it (a misspelt common word almost always is).
  return ctx.documentNames.has(key) || best === undefined || typoCost(key, best) > MAX_WORD_SLIP;
}

/**
 * Letter sequences English words almost never contain but names from other
 * languages do ("Zbigniewska", "Brzęczyszczykiewicz", "Okonkwo", "Nguyen"):
 * any non-ASCII letter, or a cluster English spelling avoids.
 */
const FOREIGN_NAME = /[^\p{ASCII}]|^(?:zb|zd|zg|zw|zl|zm|zn|kw|mb|mv|nd|ng|nk|nn|nz|ts|tl|dl|dz|hl|hr|hn|sz|cz|bw|gb|kp|mp|pf|sr|vl|vr|tx|xh)|szcz|rz|cz|sz|zb|wsk|wicz|nkw|ngw|q(?!u)/iu;

/** Names settled earlier in the session (see isSettledName). */
export interface NameMemory {
  has(name: string): boolean;
}

const LETTERS_ONLY = /^[\p{L}\p{M}]+$/u;

/**
 * True for a word that is certainly a name and so need not reach Harper at
 * all: a letters-only acronym or camelCase word, a capitalised word with a
 * foreign shape, or a name Harper already failed to place this session.
 * Misspelt known names ("Carribean") have an English shape and still reach
 * Harper, so they are still caught.
 */
export function isMaskableName(word: string, settledNames: NameMemory): boolean {
  if (word.length < 4 || !LETTERS_ONLY.test(word)) return false;
  if (hasNameShape(word)) return true;
  return isCapitalised(word) && (settledNames.has(word) || FOREIGN_NAME.test(word));
}

/**
 * True when Harper's verdict on a capitalised unknown word cannot depend on
 * where it stands: nothing in its dictionary is within a slip of it, so it
 * is a name mid-sentence and at a sentence start alike.
 */
export function isSettledName(word: string, suggestions: readonly string[]): boolean {
  if (!isCapitalised(word) || !LETTERS_ONLY.test(word)) return false;
  const best = suggestions[0];
  return best === undefined || typoCost(word, best) > MAX_WORD_SLIP;
}

/** The names in `text` to keep from Harper (possessive endings left in place). */
export function maskableNames(text: string, settledNames: NameMemory): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(WORD)) {
    const key = nameKey(m[0]);
    if (isMaskableName(key, settledNames)) out.add(key);
  }
  return [...out];
}
