import { CONFUSABLE, CONTRACTIONS, FILLERS, FUNCTION_WORDS, IRREGULAR_GROUP, REFLEXIVES, TONE_MARKERS, WORDY } from "./lexicon.js";
import { patternKey, type Category } from "./taxonomy.js";
import type { Classification, EditOperation } from "./types.js";

/** The text around an edit, which some rules consult. */
export interface ClassifyContext {
  readonly before?: string;
  readonly after?: string;
}

const WORD = /[\p{L}\p{N}]+(?:['\u2019][\p{L}\p{N}]+)*/gu;
const MARKUP = /[*_~=`#>[\]|]/gu;

function words(text: string): string[] {
  return (text.toLocaleLowerCase("en").replace(/\u2019/gu, "'").match(WORD) ?? []);
}

function squash(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}

function stripPunct(text: string): string {
  return text.replace(/[^\p{L}\p{N}\p{M}]+/gu, "");
}

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m] ?? 0;
}

const SUFFIXES = ["ing", "ed", "es", "s", "d", "ly", "er", "est", "ies", "ied"];

function stem(w: string): string {
  for (const s of SUFFIXES) {
    if (w.length > s.length + 2 && w.endsWith(s)) {
      const base = w.slice(0, -s.length);
      return s === "ies" || s === "ied" ? `${base}y` : base;
    }
  }
  return w;
}

/** Same lemma, different inflection: walk/walks/walked, go/went, child/children. */
function sameLemma(a: string, b: string): boolean {
  if (a === b) return false;
  const ga = IRREGULAR_GROUP.get(a);
  if (ga !== undefined && ga === IRREGULAR_GROUP.get(b)) return true;
  const sa = stem(a);
  const sb = stem(b);
  if (sa === sb || sa === b || sb === a) return true;
  // Doubled consonant or dropped e before a suffix: stop/stopped, make/making.
  const trim = (s: string) => s.replace(/e$/u, "").replace(/(.)\1$/u, "$1");
  return trim(sa) === trim(sb) && trim(sa).length >= 3;
}

function sortedLetters(w: string): string {
  return Array.from(w).sort().join("");
}

function expandContractions(ws: readonly string[]): string {
  return ws.map((w) => CONTRACTIONS.get(w) ?? w).join(" ");
}

/**
 * Deterministic category for one edit, in the spirit of ERRANT: the operation
 * (missing / unnecessary / replacement) plus rules over the changed words,
 * tried from the most specific (whitespace, case, punctuation, spelling) to
 * the most general (style). Returns the rule that decided, for explanations.
 */
export function classifyEdit(original: string, replacement: string, context: ClassifyContext = {}): Classification {
  const operation: EditOperation = original === "" ? "missing" : replacement === "" ? "unnecessary" : "replacement";
  const result = (category: Category, rule: string): Classification => ({
    category,
    rule,
    operation,
    patternKey: patternKey(original, replacement),
  });

  // Layout and Markdown markup only; but spacing against punctuation is a punctuation matter
  // ("Davis , a" → "Davis, a"; "ended.Then" → "ended. Then"), which proofreading owns.
  if (squash(original) === squash(replacement)) {
    if (squash(original) === "") {
      const next = (context.after ?? "").charAt(0);
      const prev = (context.before ?? "").slice(-1);
      if (/[,.;:!?]/u.test(next)) return result("punctuation", "space-before-punctuation");
      if (original === "" && /[,.;:!?]/u.test(prev) && /\p{L}/u.test(next)) return result("punctuation", "space-after-punctuation");
    }
    return result("formatting", "whitespace");
  }
  if (squash(original.replace(MARKUP, "")) === squash(replacement.replace(MARKUP, ""))) return result("formatting", "markup");
  if (original.toLocaleLowerCase("en") === replacement.toLocaleLowerCase("en")) return result("capitalization", /(?:^|[.!?:]\s+|\n)$/u.test(context.before ?? "") ? "sentence-start" : "case-only");

  const lettersO = stripPunct(original);
  const lettersR = stripPunct(replacement);
  const wo = words(original);
  const wr = words(replacement);

  // Confusables that differ only by an apostrophe (its/it's) are grammar.
  if (wo.length === 1 && wr.length === 1) {
    const o = wo[0] ?? "";
    const r = wr[0] ?? "";
    const g = CONFUSABLE.get(o);
    if (g !== undefined && g === CONFUSABLE.get(r)) return result("grammar", "confusable");
  }
  if (lettersO === lettersR) return result("punctuation", "punctuation-only");
  if (lettersO.toLocaleLowerCase("en") === lettersR.toLocaleLowerCase("en")) return result("punctuation", "punctuation-and-case");

  // Contraction ↔ expansion changes register.
  if (wo.length > 0 && wr.length > 0 && expandContractions(wo) === expandContractions(wr)) return result("tone", "contraction");

  // Compare changed words only: shared leading/trailing words are context.
  let lo = 0;
  while (lo < wo.length && lo < wr.length && wo[lo] === wr[lo]) lo++;
  let hiO = wo.length;
  let hiR = wr.length;
  while (hiO > lo && hiR > lo && wo[hiO - 1] === wr[hiR - 1]) {
    hiO--;
    hiR--;
  }
  const co = wo.slice(lo, hiO);
  const cr = wr.slice(lo, hiR);
  const changed = [...co, ...cr];

  const phrase = co.join(" ");
  const whole = wo.join(" ");
  if (WORDY.get(phrase) === cr.join(" ") || WORDY.get(whole) === wr.join(" ") || (WORDY.has(phrase) && cr.length < co.length)) return result("concision", "wordy-phrase");

  if (co.length === 1 && cr.length === 1) {
    const o = co[0] ?? "";
    const r = cr[0] ?? "";
    const g = CONFUSABLE.get(o);
    if (g !== undefined && g === CONFUSABLE.get(r)) return result("grammar", "confusable");
    if (sameLemma(o, r)) return result("grammar", "inflection");
    if (/^\p{L}+$/u.test(o) && /^\p{L}+$/u.test(r) && !FUNCTION_WORDS.has(o) && !FUNCTION_WORDS.has(r) && !TONE_MARKERS.has(o) && !TONE_MARKERS.has(r)) {
      const d = editDistance(o, r);
      const len = Math.max(o.length, r.length);
      if (len >= 3 && d <= 2 && d / len <= 0.34) return result("spelling", "edit-distance");
    }
    // Two letters swapped ("teh" → "the", "adn" → "and") is a slip of the keyboard, even into a function word.
    if (o.length >= 2 && o.length === r.length && editDistance(o, r) === 1 && sortedLetters(o) === sortedLetters(r)) return result("spelling", "transposition");
  }

  // "more better", "most fastest": a double comparative is grammar.
  if (cr.length === 0 && co.length === 1 && (co[0] === "more" || co[0] === "most")) {
    const next = words(context.after ?? "")[0] ?? "";
    if (/(?:er|est)$/u.test(next) || ["better", "best", "worse", "worst"].includes(next)) return result("grammar", "double-comparative");
  }
  if (operation === "unnecessary" && co.length > 0 && co.every((w) => REFLEXIVES.has(w))) return result("concision", "emphatic-reflexive");
  // Dropping several function words ("passage of it") tightens; one is grammar.
  if (operation === "unnecessary" && co.length >= 2 && co.every((w) => FUNCTION_WORDS.has(w))) return result("concision", "deletion");
  if (changed.length > 0 && changed.every((w) => FUNCTION_WORDS.has(w))) return result("grammar", "function-words");
  // a verb-form change plus an auxiliary ("has went" → "went") is grammar too.
  if (co.length <= 2 && cr.length <= 2 && co.length + cr.length >= 2) {
    const content = (ws: string[]) => ws.filter((w) => !FUNCTION_WORDS.has(w) && !FILLERS.has(w));
    const ko = content(co);
    const kr = content(cr);
    if (ko.length === 1 && kr.length === 1 && sameLemma(ko[0] ?? "", kr[0] ?? "")) return result("grammar", "inflection");
    if (ko.length === kr.length && ko.every((w, i) => w === kr[i])) return result("grammar", "function-words");
  }

  if (changed.some((w) => TONE_MARKERS.has(w))) return result("tone", "tone-marker");
  if (cr.length === 0 && co.length > 0 && co.every((w) => FILLERS.has(w) || FUNCTION_WORDS.has(w))) return result("concision", "filler");

  if (operation === "unnecessary") return result("concision", "deletion");
  if (co.length >= 2 && cr.length < co.length && lettersR.length < lettersO.length) return result("concision", "shorter");
  if (co.length > 0 && cr.length > 0 && co.length <= 2 && cr.length <= 2) return result("word-choice", "lexical");
  if (operation === "missing" && cr.length <= 2) return result("word-choice", "added-word");
  return result("style", "rephrase");
}
