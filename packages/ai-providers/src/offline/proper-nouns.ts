/**
 * Proper-noun handling for spelling findings. A dictionary cannot know every
 * name, product and place a writer uses; flagging them is the commonest false
 * alarm on real prose. A word is treated as a name when its shape says so
 * (acronym, camelCase, digits), when it is capitalised mid-sentence, or when
 * the document itself capitalises it mid-sentence somewhere.
 */

import { typoCost } from "./spelling-rank.js";

/** "Carribean" → "Caribbean" costs 1 (two doubled-letter slips); "Adaeze" → "Adhere" costs 2. */
export const MAX_NAME_SLIP = 1.2;

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

/**
 * A Markdown heading, or a line in title case, where capitals do not mark
 * names: after the first word, nearly every word of five letters or more is
 * capitalised (title case leaves only short function words in lower case;
 * prose about people still has its verbs and nouns).
 */
export function isTitleLine(line: string): boolean {
  if (/^\s{0,3}#{1,6}\s/u.test(line)) return true;
  const words = [...line.matchAll(WORD)].map((m) => nameKey(m[0])).slice(1).filter((w) => w.length >= 5);
  return words.length >= 3 && words.filter(isCapitalised).length >= 0.8 * words.length;
}

/**
 * Capitalised words in running text that may be names the dictionary lacks:
 * letters only, four or more, possessive endings off, once each, not masked
 * already and not on a title-case line. In prose a capital mid-sentence says
 * "name"; at a sentence start it says nothing, so a sentence-initial word is
 * a candidate only when the document also capitalises it mid-sentence
 * (`documentNames`). The engine asks Harper's dictionary about them (a
 * lookup) and keeps from Harper those it lacks with no known name a slip away.
 */
export function nameCandidates(text: string, masked: ReadonlySet<string>, documentNames: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  let lineStart = 0;
  for (const line of text.split("\n")) {
    if (!isTitleLine(line)) {
      for (const m of line.matchAll(WORD)) {
        const key = nameKey(m[0]);
        if (key.length < 4 || !LETTERS_ONLY.test(key) || !isCapitalised(key) || masked.has(key) || hasNameShape(key)) continue;
        if (documentNames.has(key) || !isSentenceStart(text, lineStart + m.index)) out.add(key);
      }
    }
    lineStart += line.length + 1;
  }
  return [...out];
}

/** A masked name in a paragraph: the name (possessive included) and where the whitespace before it starts. */
export interface MaskedNameSpan {
  readonly from: number;
  readonly to: number;
  readonly lead: number;
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}_]/u;

/** Where Harper's mask (see maskRegex) hides `names` in `text`: whole words, a possessive ending with them. */
export function maskedNameSpans(text: string, names: readonly string[]): MaskedNameSpan[] {
  const spans: MaskedNameSpan[] = [];
  for (const name of new Set(names)) {
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
      let to = at + name.length;
      const possessive = /^['’]s/u.exec(text.slice(to, to + 2));
      if (possessive) to += 2;
      if (WORD_CHAR.test(text[at - 1] ?? "") || WORD_CHAR.test(text[to] ?? "")) continue;
      let lead = at;
      while (lead > 0 && /\s/u.test(text[lead - 1] ?? "")) lead--;
      spans.push({ from: at, to, lead });
    }
  }
  return spans.sort((a, b) => a.from - b.from);
}

/**
 * Rules that judge a word by the one after it: a/an, the space after a
 * comma. Harper parses the text either side of a masked name as separate
 * pieces, so before a name they judge against nothing ("an Okonkwo" → "a",
 * "Anna, Okonkwo" → "Use a space after a comma").
 */
const LOOKS_AHEAD: ReadonlySet<string> = new Set(["AnA", "CommaFixes"]);

/**
 * True when a Harper finding is an artefact of masking: it spans a masked
 * name (Harper read the words either side as neighbours: "the Okonkwo the"
 * as "the the"), or its rule judges the word after it and a masked name is
 * that word. Other findings beside a name (a misspelling, "and and") stand.
 */
export function isMaskArtefact(ruleId: string, from: number, to: number, spans: readonly MaskedNameSpan[]): boolean {
  return spans.some((s) => (from < s.from && to > s.to) || (LOOKS_AHEAD.has(ruleId) && to >= s.lead && to <= s.from));
}
