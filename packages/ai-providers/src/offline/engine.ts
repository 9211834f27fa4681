/**
 * The offline editorial engine: proofreading with Harper, tightening with
 * retext-simplify and retext-passive, on Markdown with its protected spans
 * left alone. Everything heavy (Harper's WASM, retext) is imported on first
 * use, so constructing an engine costs nothing.
 */
import { categoryForHarper, categoryForRetext, type OfflineCategory } from "./categories.js";
import { HARPER_DIALECT, parseDialect, type OfflineDialect } from "./dialects.js";
import type { EngineFinding, EngineHint, EngineResult } from "./findings.js";
import type { HarperBackend, HarperBackendOptions, HarperBinarySource, HarperLintRecord, HarperRuntime } from "./harper-backend.js";
import { CodePointIndex, harperSpanToUtf16 } from "./offsets.js";
import { applyReplacements, nonOverlapping } from "./apply.js";
import { HARPER_RULE_NAMES } from "./harper-rule-names.js";
import { harperRuleConfig, type HarperRuleSet } from "./harper-rules.js";
import { splitParagraphs } from "./paragraphs.js";
import { LintCache } from "./lint-cache.js";
import { NAME_LOOKUP_PROBE, SPELLING_SEARCH_PROBE } from "./probes.js";
import type { NameIndex } from "./name-index.js";
import {
  collectDocumentNames,
  isLikelyProperNoun,
  isMaskArtefact,
  isSettledName,
  MAX_NAME_SLIP,
  maskableNames,
  maskedNameSpans,
  nameCandidates,
  nameKey,
  type NameMemory,
} from "./proper-nouns.js";
import { isNonWord } from "./non-words.js";
import { findProtectedSpans, maskProtected, overlapsProtected, type ProtectedSpan } from "./protected-spans.js";
import type { RetextBackend, RetextMessageRecord } from "./retext-backend.js";
import { clampWeight, DEFAULT_APPLY_THRESHOLD, TRUST_ALL, type RuleSource, type RuleWeightFn } from "./rule-weights.js";
import { matchCase, rankSpellingCandidates } from "./spelling-rank.js";

export type HarperLoader = (options: HarperBackendOptions) => Promise<HarperBackend>;

export interface OfflineEngineOptions {
  readonly dialect?: OfflineDialect;
  /** Per-rule weights from the learner (default: every rule fully trusted). */
  readonly ruleWeight?: RuleWeightFn;
  /** Findings whose rule weighs less are held back from the rewrite. Default 0.5. */
  readonly applyThreshold?: number;
  /** The writer's own dictionary: names and terms never flagged. */
  readonly words?: readonly string[];
  /** Where Harper's WASM binary is (hosts that ship it themselves). */
  readonly binary?: HarperBinarySource;
  /** Web Worker or in-process; "auto" picks a worker when the host has one. */
  readonly runtime?: HarperRuntime | "auto";
  /** Replaces the Harper loader entirely (a host with its own Harper build). */
  readonly loadHarper?: HarperLoader;
  /** Paragraphs whose Harper lints are remembered (LRU); 0 disables the cache. Default 512. */
  readonly cacheSize?: number;
  /**
   * Which Harper rules run: "core" (default) keeps the rules behind the
   * commonest errors and fits ≤ 50 ms per paragraph; "all" runs Harper's
   * curated set, about three times slower (see harper-rules.ts).
   */
  readonly harperRules?: HarperRuleSet;
}

export interface WarmUpOptions {
  /**
   * Also builds Harper's edit-distance-3 dictionary search, seconds of CPU
   * once per process that Harper otherwise spends on the first unknown word
   * with no dictionary word within two edits (typically a rare name opening
   * a sentence, which the engine does not mask). Worth it off the UI thread
   * (a Web Worker) or at a quiet moment; in-process it blocks the thread
   * while it runs. With the Node state loader (node.ts) it is saved, so
   * later sessions start warm.
   */
  readonly spellingSearch?: boolean;
}

export interface EngineCallOptions {
  readonly dialect?: OfflineDialect;
  /** Protected spans computed by the caller; found here when omitted. */
  readonly protectedSpans?: readonly ProtectedSpan[];
  /** Overrides the engine's rule weights for this call (e.g. the learner's table sent with a request). */
  readonly ruleWeight?: RuleWeightFn;
  readonly signal?: AbortSignal;
}

interface TaskProfile {
  /** Harper findings in these categories are applied to the rewrite. */
  readonly apply: ReadonlySet<OfflineCategory>;
  /** retext findings in these categories are applied; undefined = retext does not run. */
  readonly retextApply?: ReadonlySet<OfflineCategory>;
  /** Findings in these categories (and not applied) come back as hints; others are dropped. */
  readonly hint: ReadonlySet<OfflineCategory>;
}

/** Proofreading fixes errors; Harper's concision and style lints become hints. */
const PROOFREAD: TaskProfile = { apply: new Set(["spelling", "punctuation", "capitalization", "grammar", "word-choice"]), hint: new Set(["concision", "style"]) };
// Tightening leaves errors to proofreading: Harper's spelling and grammar lints are not its business.
const TIGHTEN: TaskProfile = { apply: new Set(["concision"]), retextApply: new Set(["concision", "word-choice"]), hint: new Set(["concision", "style"]) };

const SPLIT_RULE = "SplitWords";
const SENTENCE_CAPITALIZATION = "SentenceCapitalization";
const SPELL_CHECK_RULES: ReadonlySet<string> = new Set(["SpellCheck", SPLIT_RULE]);

/**
 * retext-simplify phrases it marks as omittable. Only the ones that can be cut
 * without rebuilding the sentence are cut automatically; for the rest ("It is
 * important…", "There are…") removal needs a rewrite, so they are hints.
 */
const SAFE_OMIT = new Set(["very", "literally", "in the process of", "the month of", "put simply", "be advised", "inter alia"]);
const HINT_ONLY = new Set([
  "addressees are requested",
  "appropriate",
  "currently",
  "in terms of",
  "is responsible for",
  "it is",
  "on the other hand",
  "overall",
  "procure",
  "take action to",
  "the use of",
  "there are",
  "there is",
  "type",
]);

export class OfflineEngine {
  readonly #options: OfflineEngineOptions;
  readonly #linters = new Map<OfflineDialect, Promise<HarperBackend>>();
  #retext: Promise<RetextBackend> | undefined;
  #ruleWeight: RuleWeightFn;
  #dialect: OfflineDialect;
  #words: string[];
  readonly #cache: LintCache<readonly HarperLintRecord[]>;
  /** Names Harper could not place this session: later paragraphs keep them from Harper (see maskableNames). */
  readonly #settledNames = new LintCache<true>(4096);
  readonly #nameMemory: NameMemory = { has: (name) => this.#settledNames.get(name) !== undefined };
  /** Capitalised words already decided (see #unknownNames): true = kept from Harper as a name. */
  readonly #nameVerdicts = new LintCache<boolean>(4096);
  #nameIndex: Promise<NameIndex> | undefined;

  constructor(options: OfflineEngineOptions = {}) {
    this.#options = options;
    this.#cache = new LintCache(options.cacheSize ?? 512);
    this.#ruleWeight = options.ruleWeight ?? TRUST_ALL;
    this.#dialect = options.dialect ?? "american";
    this.#words = [...(options.words ?? [])];
  }

  get dialect(): OfflineDialect {
    return this.#dialect;
  }

  setDialect(dialect: OfflineDialect): void {
    this.#dialect = parseDialect(dialect);
  }

  /** Swaps in the learner's current weights; takes effect on the next call. */
  setRuleWeight(fn: RuleWeightFn): void {
    this.#ruleWeight = fn;
  }

  /** Adds words to the writer's dictionary (all dialects, current and future linters). */
  async addWords(words: readonly string[]): Promise<void> {
    const fresh = words.filter((w) => !this.#words.includes(w));
    this.#words.push(...fresh);
    // Cached lints and name verdicts predate the new words.
    this.#cache.clear();
    this.#nameVerdicts.clear();
    if (this.#nameIndex) (await this.#nameIndex).add(fresh);
    await Promise.all([...this.#linters.values()].map(async (l) => (await l).importWords(fresh)));
  }

  /** Loads Harper now (for hosts that want to pay the cold start at a quiet moment). */
  async warmUp(dialect: OfflineDialect = this.#dialect, options: WarmUpOptions = {}): Promise<HarperRuntime> {
    const harper = await this.#harper(dialect);
    if (harper.knownWords) {
      // The name check's first use (index, Harper's lookup path) happens here rather than on a writer's first name.
      await this.#names();
      await harper.knownWords([NAME_LOOKUP_PROBE]);
    }
    if (options.spellingSearch === true) await harper.lint(SPELLING_SEARCH_PROBE);
    // A backend that keeps Harper's state between sessions saves what this warm-up built.
    await harper.persist?.({ spellingSearchWarm: options.spellingSearch === true });
    return harper.runtime;
  }

  /** Proofreads Markdown: spelling, punctuation, capitalisation, grammar, word choice. */
  async proofread(text: string, options: EngineCallOptions = {}): Promise<EngineResult> {
    return this.#run(text, options, PROOFREAD);
  }

  /** Tightens Markdown: plainer and shorter wording; passive voice as hints. */
  async tighten(text: string, options: EngineCallOptions = {}): Promise<EngineResult> {
    return this.#run(text, options, TIGHTEN);
  }

  async dispose(): Promise<void> {
    const linters = [...this.#linters.values()];
    this.#linters.clear();
    this.#cache.clear();
    this.#settledNames.clear();
    this.#nameVerdicts.clear();
    await Promise.all(linters.map(async (l) => (await l).dispose()));
  }

  async #run(text: string, options: EngineCallOptions, profile: TaskProfile): Promise<EngineResult> {
    const apply = profile.apply;
    const dialect = options.dialect ?? this.#dialect;
    const spans = options.protectedSpans ?? findProtectedSpans(text);
    const masked = maskProtected(text, spans);
    const documentNames = collectDocumentNames(masked);
    const paragraphs = splitParagraphs(masked);
    const weightOf = options.ruleWeight ?? this.#ruleWeight;
    const threshold = this.#options.applyThreshold ?? DEFAULT_APPLY_THRESHOLD;
    const candidates: EngineFinding[] = [];
    const hints: EngineHint[] = [];
    let suppressedProtected = 0;
    let suppressedProperNouns = 0;
    let suppressedNonWords = 0;
    let maskedNames = 0;

    const harper = await this.#harper(dialect);
    for (const para of paragraphs) {
      options.signal?.throwIfAborted();
      const paraText = masked.slice(para.from, para.to);
      const shaped = maskableNames(paraText, this.#nameMemory);
      const names = [...shaped, ...(await this.#unknownNames(harper, paraText, shaped, documentNames))];
      maskedNames += names.length;
      const records = await this.#lint(harper, dialect, paraText, names);
      const nameSpans = maskedNameSpans(paraText, names);
      const index = new CodePointIndex(paraText);
      for (const group of groupBySpan(records, index)) {
        const from = para.from + group.from;
        const to = para.from + group.to;
        if (overlapsProtected(spans, from, to)) {
          suppressedProtected++;
          continue;
        }
        // Harper reads a masked name as absent, so the word after a sentence-initial name looks like a sentence start.
        if (names.length > 0 && group.records.every((r) => r.ruleId === SENTENCE_CAPITALIZATION) && followsMaskedName(paraText, group.from, names)) {
          suppressedProperNouns++;
          continue;
        }
        const made = harperFinding(group, text, from, to, weightOf);
        if (made === null) continue;
        const { finding, candidates: raw } = made;
        if (isMaskArtefact(finding.ruleId, group.from, group.to, nameSpans)) {
          suppressedProperNouns++;
          continue;
        }
        if (SPELL_CHECK_RULES.has(finding.ruleId) && isNonWord(text, from, to, finding.replacement)) {
          suppressedNonWords++;
          continue;
        }
        if (finding.category === "spelling" && isLikelyProperNoun(finding.original, from, { text: masked, documentNames }, raw)) {
          suppressedProperNouns++;
          const key = nameKey(finding.original);
          if (isSettledName(key, raw)) this.#settledNames.set(key, true);
          continue;
        }
        if (apply.has(finding.category) && finding.replacement !== finding.original) candidates.push(finding);
        else if (profile.hint.has(finding.category)) hints.push(toHint(finding));
      }
    }

    if (profile.retextApply) {
      this.#retext ??= import("./retext-backend.js").then((m) => m.createRetextBackend());
      const retext = await this.#retext;
      for (const message of await retext.check(masked)) {
        if (overlapsProtected(spans, message.from, message.to)) {
          suppressedProtected++;
          continue;
        }
        const result = retextFinding(message, text, weightOf);
        if ("replacement" in result && profile.retextApply.has(result.category)) candidates.push(result);
        else hints.push("replacement" in result ? toHint(result) : result);
      }
    }

    const trusted = candidates.filter((f) => f.weight >= threshold);
    const held = candidates.filter((f) => f.weight < threshold);
    const findings = nonOverlapping(trusted);
    return {
      text: applyReplacements(text, findings),
      findings,
      held,
      hints: hints.sort((a, b) => a.from - b.from),
      stats: { paragraphs: paragraphs.length, suppressedProtected, suppressedProperNouns: suppressedProperNouns + maskedNames, suppressedNonWords, maskedNames },
    };
  }

  /**
   * Capitalised words in running text (see nameCandidates) that Harper's
   * dictionary lacks, with no known name a slip away: names. Harper would
   * run its edit-distance search on each (tens of milliseconds apiece, more
   * for a long word with nothing near it), only for the engine to set its
   * verdict aside as a proper noun. A misspelt known name ("Carribean") has
   * "Caribbean" a slip away and still reaches Harper; so does any word on a
   * title-case line. What changes: a misspelt common word capitalised in
   * running text ("the Recieve button") now reads as a name, as it already
   * did when Harper's best guess was far from it.
   */
  async #unknownNames(harper: HarperBackend, paragraph: string, masked: readonly string[], documentNames: ReadonlySet<string>): Promise<string[]> {
    if (!harper.knownWords) return [];
    const candidates = nameCandidates(paragraph, new Set(masked), documentNames);
    const fresh = candidates.filter((w) => this.#nameVerdicts.get(w) === undefined);
    if (fresh.length > 0) {
      const index = await this.#names();
      // A name the dictionary lists as written needs no lookup; a lookup is a fraction of a millisecond each.
      const ask = fresh.filter((w) => !index.has(w));
      for (const word of fresh) if (index.has(word)) this.#nameVerdicts.set(word, false);
      const known = ask.length > 0 ? await harper.knownWords(ask) : [];
      ask.forEach((word, i) => {
        this.#nameVerdicts.set(word, known[i] === false && !index.hasNear(word, MAX_NAME_SLIP));
      });
    }
    return candidates.filter((w) => this.#nameVerdicts.get(w) === true);
  }

  #names(): Promise<NameIndex> {
    this.#nameIndex ??= Promise.all([import("./name-index.js"), import("./harper-names.js")]).then(([{ NameIndex }, { HARPER_NAMES }]) => {
      const index = new NameIndex(HARPER_NAMES.split("\n"));
      index.add(this.#words);
      return index;
    });
    return this.#nameIndex;
  }

  async #lint(harper: HarperBackend, dialect: OfflineDialect, paragraph: string, maskWords: readonly string[]): Promise<readonly HarperLintRecord[]> {
    const call = maskWords.length > 0 ? { maskWords } : undefined;
    if (this.#cache.capacity === 0) return harper.lint(paragraph, call);
    const key = `${dialect}\u0000${maskWords.join("\u0001")}\u0000${paragraph}`;
    const hit = this.#cache.get(key);
    if (hit) return hit;
    const records = await harper.lint(paragraph, call);
    this.#cache.set(key, records);
    return records;
  }

  #harper(dialect: OfflineDialect): Promise<HarperBackend> {
    let linter = this.#linters.get(dialect);
    if (!linter) {
      const load: HarperLoader = this.#options.loadHarper ?? (async (o) => (await import("./harper-backend.js")).createHarperBackend(o));
      const init: HarperBackendOptions = {
        dialect: HARPER_DIALECT[dialect],
        ...(this.#options.binary ? { binary: this.#options.binary } : {}),
        ...(this.#options.runtime ? { runtime: this.#options.runtime } : {}),
      };
      const words = this.#words;
      const ruleSet = this.#options.harperRules ?? "core";
      linter = load(init).then(async (backend) => {
        await backend.importWords(words);
        // Always set: a backend restored from a saved state (node.ts) may carry another rule set.
        await backend.setLintConfig(ruleSet === "all" ? {} : harperRuleConfig(ruleSet, HARPER_RULE_NAMES));
        return backend;
      });
      // A failed load (missing binary, blocked worker) must not poison every later call.
      linter.catch(() => this.#linters.delete(dialect));
      this.#linters.set(dialect, linter);
    }
    return linter;
  }
}

/** True when only a masked name (possessive, quotes, brackets, spaces) stands between the sentence break and `offset`. */
export function followsMaskedName(text: string, offset: number, names: readonly string[]): boolean {
  const before = text.slice(Math.max(0, offset - 80), offset);
  return names.some((name) => {
    const at = before.lastIndexOf(name);
    return at >= 0 && /^(?:['’]s)?[\s"“”‘’'()[\],]*$/u.test(before.slice(at + name.length));
  });
}

interface LintGroup {
  readonly from: number;
  readonly to: number;
  readonly records: readonly HarperLintRecord[];
}

/** Converts offsets to UTF-16 and gathers the lints Harper reported on one span (it may report a misspelling under several rules). */
function groupBySpan(records: readonly HarperLintRecord[], index: CodePointIndex): LintGroup[] {
  const groups = new Map<string, { from: number; to: number; records: HarperLintRecord[] }>();
  for (const r of records) {
    const span = harperSpanToUtf16(index, r.start, r.end, r.problemText);
    const key = `${span.from}:${span.to}`;
    const g = groups.get(key);
    if (g) g.records.push(r);
    else groups.set(key, { from: span.from, to: span.to, records: [r] });
  }
  return [...groups.values()];
}

/** A finding plus its candidates in Harper's own casing (a capitalised candidate means the dictionary knows a name). */
interface MadeFinding {
  readonly finding: EngineFinding;
  readonly candidates: readonly string[];
}

function harperFinding(group: LintGroup, text: string, from: number, to: number, weightOf: RuleWeightFn): MadeFinding | null {
  const original = text.slice(from, to);
  // The spell checker and the word splitter may both flag an unknown word: merge their candidates and re-rank.
  // Other rules (e.g. "alot" → "a lot") know their fix; their order is kept.
  const checker = group.records.filter((r) => SPELL_CHECK_RULES.has(r.ruleId));
  const primary = group.records.find((r) => !SPELL_CHECK_RULES.has(r.ruleId)) ?? checker.find((r) => r.ruleId !== SPLIT_RULE) ?? checker[0];
  if (!primary) return null;
  const category = categoryForHarper(primary.kind, primary.ruleId);
  const weight = clampWeight(weightOf({ source: "harper", ruleId: primary.ruleId, category }));
  const replacements = (r: HarperLintRecord) => r.suggestions.map((s) => (s.kind === "insert-after" ? r.problemText + s.text : s.kind === "remove" ? "" : s.text));
  let raw: string[];
  let ranked: string[];
  if (SPELL_CHECK_RULES.has(primary.ruleId)) {
    const whole = checker.filter((r) => r.ruleId !== SPLIT_RULE).flatMap(replacements);
    const split = checker.filter((r) => r.ruleId === SPLIT_RULE).flatMap(replacements);
    raw = rankSpellingCandidates(original, whole, split).map((c) => c.text);
    ranked = raw.map((c) => matchCase(original, c));
  } else {
    raw = replacements(primary);
    ranked = raw;
  }
  const [best, ...alternatives] = ranked;
  const finding: EngineFinding = {
    from,
    to,
    original,
    replacement: best ?? original,
    category,
    ruleId: primary.ruleId,
    source: "harper",
    message: primary.message,
    weight,
    ...(alternatives.length > 0 ? { alternatives } : {}),
  };
  return { finding, candidates: raw };
}

function retextFinding(m: RetextMessageRecord, text: string, weightOf: RuleWeightFn): EngineFinding | EngineHint {
  const source: RuleSource = m.source;
  const phrase = m.actual.toLowerCase();
  const first = m.expected[0];
  const category = categoryForRetext(m.source, m.actual, first);
  const weight = clampWeight(weightOf({ source, ruleId: m.ruleId, category }));
  const hint: EngineHint = { from: m.from, to: m.to, category, ruleId: m.ruleId, source, message: m.message, weight };
  if (m.source === "retext-passive" || HINT_ONLY.has(phrase)) return hint;
  if (first !== undefined) {
    return { from: m.from, to: m.to, original: text.slice(m.from, m.to), replacement: matchCase(m.actual, first), category, ruleId: m.ruleId, source, message: m.message, weight, ...(m.expected.length > 1 ? { alternatives: m.expected.slice(1) } : {}) };
  }
  if (!SAFE_OMIT.has(phrase)) return hint;
  return omission(m, text, category, weight);
}

/**
 * Cuts an omittable phrase with its trailing space or comma, re-capitalising
 * the next word when the phrase opened the sentence ("Very good" → "Good").
 */
function omission(m: RetextMessageRecord, text: string, category: OfflineCategory, weight: number): EngineFinding | EngineHint {
  let to = m.to;
  const tail = /^,?[ \t]+/u.exec(text.slice(to));
  let from = m.from;
  if (tail) to += tail[0].length;
  else if (/[ \t]$/u.test(text.slice(0, from))) from -= 1;
  let replacement = "";
  const startsUpper = /^\p{Lu}/u.test(m.actual);
  const next = text[to];
  if (startsUpper && next !== undefined && /\p{Ll}/u.test(next)) {
    replacement = next.toUpperCase();
    to += 1;
  }
  return { from, to, original: text.slice(from, to), replacement, category, ruleId: m.ruleId, source: "retext-simplify", message: m.message, weight };
}

function toHint(f: EngineFinding): EngineHint {
  return { from: f.from, to: f.to, category: f.category, ruleId: f.ruleId, source: f.source, message: f.message, weight: f.weight };
}
