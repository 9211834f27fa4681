import { CATEGORIES, isCategory } from "@redline/track-edits";
import type { Category } from "@redline/track-edits";
import {
  MODIFIED_WEIGHT,
  addEvidence,
  betaMean,
  betaUpper,
  detectChange,
  logBeta,
  logit,
  newCell,
  q4,
  recentWanted,
  removeEvidence,
  restartFromRecent,
} from "./posterior.js";
import type { BetaParams, Cell } from "./posterior.js";
import { DEFAULT_PRIORS, DEFAULT_SHAPE_PRIORS, thresholdFor } from "./priors.js";
import type { CategoryPrior, ShapePriors } from "./priors.js";
import { beta as sampleBeta, createRng } from "./rng.js";
import type { Rng } from "./rng.js";
import { pct, titleCase } from "../util/wording.js";
import { preferenceStateSchema } from "./schema.js";
import { EDIT_SHAPES } from "./edit-shape.js";
import type { CellTuple, PatternTuple, PreferenceState } from "./schema.js";

export type Outcome = "accepted" | "rejected" | "modified" | "ignored";

export interface EditFeatures {
  readonly functionId: string;
  readonly category: Category;
  readonly patternKey: string;
  readonly variantId?: string;
  readonly model?: string;
  /** The producer's own confidence in [0, 1], when it has one. */
  readonly confidence?: number;
  /**
   * `editShape(original, replacement)`: what kind of text the edit changes. The
   * model learns per function × category × shape between the category and the
   * specific rewrite, so "spelling fixes to capitalised words" (mostly names the
   * proofreader does not know) can be hidden while other spelling fixes show.
   */
  readonly shape?: string;
}

export type DecisionReason =
  | "never-rule"
  | "learning-off"
  | "below-confidence-cut"
  | "wanted"
  | "uncertain"
  | "suppressed-category"
  | "suppressed-shape"
  | "suppressed-pattern"
  | "low-confidence"
  | "retest";

export interface PreferenceDecision {
  readonly show: boolean;
  /** Estimated probability that the writer accepts this edit. */
  readonly probability: number;
  /** Why it is shown or hidden, in words a writer understands. */
  readonly explanation: string;
  /** True when a suppressed kind of edit is shown again to re-test it. */
  readonly retest: boolean;
  readonly reason: DecisionReason;
  /** The P(accept) above which showing pays at this function's strictness. */
  readonly threshold: number;
  /** The never-rule that hid the edit, if any. */
  readonly ruleId?: string;
}

export type DecisionRule = "bayes-ucb" | "thompson";

export interface PreferenceModelOptions {
  /** Injected randomness (re-test jitter, Thompson draws). Defaults to a fixed seed. */
  readonly rng?: Rng;
  readonly priors?: Partial<Record<Category, CategoryPrior>>;
  /**
   * P(accept) of edits to a kind of text, at its category's prior mean, for kinds known to
   * differ from the rest of their category before the writer decides anything (default
   * `DEFAULT_SHAPE_PRIORS`: spelling "fixes" to capitalised words, often names). Such a shape
   * decides for itself from the start, and its outcomes do not move its category.
   */
  readonly shapePriors?: ShapePriors;
  /** Fraction of old evidence kept at each new response (0 < keep ≤ 1). */
  readonly discount?: number;
  /** Evidence half-life in days of wall-clock time, applied when `at` is given. */
  readonly halfLifeDays?: number;
  /**
   * "bayes-ucb" (default): show while an upper credible bound of P(accept)
   * clears the threshold — an optimistic rule that keeps false suppression low
   * and is deterministic apart from re-tests. "thompson": show when a posterior
   * draw clears it.
   */
  readonly rule?: DecisionRule;
  /** z of the upper credible bound for "bayes-ucb". */
  readonly optimism?: number;
  /** Pseudo-observations that shrink a pattern toward its category × shape. */
  readonly patternShrinkage?: number;
  /** Pseudo-observations that shrink a category × shape toward its category. */
  readonly shapeShrinkage?: number;
  /**
   * How many of its own posterior standard deviations a shape's estimate must differ from its
   * category's before the shape decides for itself (default 2.5; 0 = always). Writers rarely
   * treat one kind of text unlike the rest of a category; a shape's smaller sample deviating
   * by chance was the commonest way a wanted edit was hidden.
   */
  readonly shapeDeviation?: number;
  /** z of the upper bound once the producer's confidence has shifted the estimate (defaults to the level's own z). */
  readonly confidenceOptimism?: number;
  /**
   * Also show while the estimated P(accept) is within this much below the threshold (default 0).
   * Edits that close to the threshold cost little either way; a margin trades a little regret
   * for fewer wanted edits hidden by estimation noise, and allows a smaller `optimism`.
   */
  readonly showMargin?: number;
  /**
   * z of the upper bound for a pattern the writer has answered (default 2). A
   * rewrite is hidden on its own evidence only when that evidence is strong: the
   * two-component prior turns two early rejections of a well-liked kind of
   * rewrite into a suspected false alarm, and a frequent wanted rewrite hidden
   * by that chance costs many wanted edits before its re-test.
   */
  readonly patternOptimism?: number;
  /**
   * How much `patternOptimism` rises per doubling of how often the rewrite recurs (default 2;
   * 0 = the same z for every rewrite). A rewrite that recurs often is given more benefit of the
   * doubt before its own rejections hide it, one that comes up rarely less; within z − 1 … z + ½.
   */
  readonly patternRecurrenceOptimism?: number;
  /**
   * Prior share of rewrites the writer does not want at all, whatever their
   * category (false alarms, pet hates). 0 (default) shrinks a pattern toward
   * its category only; above 0 (default 0.2) the pattern prior is a two-component mixture, so
   * a rejection of a rewrite from a well-liked category counts as strong
   * evidence against that rewrite, and one from a lukewarm category as weak.
   */
  readonly dislikedPatternPrior?: number;
  /**
   * Most pseudo-observations a function's category takes from how the writer treats that category
   * in their other functions (default 10; 0 = every function learns alone). A writer who rejects
   * word-choice edits from Clarify is likely to reject them from Adjust Tone too, so a function's
   * category starts from, and is shrunk toward, the writer's rate elsewhere; its own evidence
   * takes over as it grows.
   */
  readonly writerPooling?: number;
  /**
   * GLR statistic (nats) above which a cell restarts from its recent outcomes (default 8). The
   * scan runs after every surprising response, so its false alarms add up: at 6, a category
   * the writer treats steadily at 55–70% restarted by chance about once in 700 responses,
   * hiding wanted edits until the re-test; at 8, about once in 5,000. A real change still
   * shows within a response or two more (a liked category, 30 accepts deep, restarts on the
   * sixth rejection in a row instead of the fifth).
   */
  readonly changeThreshold?: number;
  /**
   * Fewest recent responses a change of taste is declared on (default 8). The
   * detector scans a cell after every surprising response, so over a writer's
   * year a short run of rejections of a well-liked kind of edit comes up by
   * chance; restarting on three of them hid wanted edits until the re-test.
   * A real change keeps going, so waiting for eight costs a few decisions.
   */
  readonly changeMinRecent?: number;
  /**
   * Edits (across the writer's functions) for which a turn of taste lasts (default 300; 0 = no
   * turns: only a restart re-tests what is hidden, and hidden kinds learn back one re-test at a
   * time). See REVERSAL_GLR.
   */
  readonly turnWindow?: number;
  /** Longest run of opportunities a suppressed category goes untested. */
  readonly maxRetestGap?: number;
  /** Longest run of opportunities a suppressed pattern goes untested. */
  readonly maxPatternRetestGap?: number;
  /** Hard cap: a category hidden for any learned reason this many times in a row is re-tested. */
  readonly categoryRetestCap?: number;
  /** Re-test gap right after something becomes suppressed. */
  readonly initialRetestGap?: number;
  /**
   * Re-test gap, in that pattern's own opportunities, right after a pattern
   * becomes suppressed (defaults to `initialRetestGap`). A given rewrite recurs
   * far less often than its category, so a long gap counted in pattern
   * opportunities can hide a wanted rewrite for the rest of the writer's year;
   * the gap still doubles after each rejected re-test, up to `maxPatternRetestGap`.
   */
  readonly initialPatternRetestGap?: number;
  /** Cap on remembered patterns per function (the oldest-learned are dropped first). */
  readonly maxPatternsPerFunction?: number;
  /** Default cost of a rejected edit in accepted-edit units. */
  readonly defaultStrictness?: number;
  /** Display name of a function for explanations. */
  readonly functionName?: (functionId: string) => string;
}

export type NeverRuleKind = "category" | "pattern";

export interface NeverRule {
  readonly id: string;
  readonly kind: NeverRuleKind;
  /** A category name or a pattern key. */
  readonly value: string;
  /** Applies to one function, or to all when absent. */
  readonly functionId?: string;
  /** Epoch ms. */
  readonly createdAt: number;
}

export interface NeverRuleInput {
  readonly kind: NeverRuleKind;
  readonly value: string;
  readonly functionId?: string;
}

export type LearnedItemRef =
  | { readonly functionId: string; readonly kind: "category"; readonly category: Category }
  | { readonly functionId: string; readonly kind: "shape"; readonly category: Category; readonly shape: string }
  | { readonly functionId: string; readonly kind: "pattern"; readonly patternKey: string };

export interface LearnedItem {
  /** Stable id for the settings pane; pass it (or the ref) to `forget`. */
  readonly id: string;
  readonly ref: LearnedItemRef;
  readonly functionId: string;
  readonly category: Category;
  readonly shape?: string;
  readonly patternKey?: string;
  /** Posterior mean of P(accept). */
  readonly acceptance: number;
  /** Effective (discounted) responses behind the estimate. */
  readonly evidence: number;
  readonly responses: number;
  readonly ignored: number;
  /** Of the most recent responses (up to 24): how many were accepted or modified. */
  readonly recentWanted: number;
  readonly recentResponses: number;
  readonly status: "shown" | "suppressed";
  readonly explanation: string;
}

export const CONFIDENCE_BINS = 5;
/** Pseudo-observations pulling a confidence bin toward the function's overall rate. */
const BIN_SHRINK = 20;

function confidenceBin(confidence: number): number {
  return Math.min(CONFIDENCE_BINS - 1, Math.max(0, Math.floor(confidence * CONFIDENCE_BINS)));
}

/** Evidence from the writer's other functions at which a category's pooled prior has half its `writerPooling` strength. */
const POOLING_HALF = 10;

/** Opportunities of a function over which a rewrite's recurrence is counted. */
const PATTERN_HORIZON = 1000;
/** Encounters per horizon at which a rewrite gets `patternOptimism` itself: between 4 and 8. */
const NEUTRAL_RECURRENCE = Math.sqrt(4 * 8);
/**
 * How far recurrence moves a rewrite's z. Up by half at most: a frequent rewrite the writer clearly
 * rejects ("utilize→use") stays on show for each extra unit of z through several more rejections.
 */
const RECURRENCE_Z_UP = 0.5;
const RECURRENCE_Z_DOWN = 1;

/** P(accept) of the "not wanted at all" component of the pattern prior. */
const DISLIKED_MEAN = 0.08;

/**
 * How far apart two estimates of P(accept) must be before a rewrite or a shape counts as standing
 * apart from its kind: its outcomes then stay with it, and a change of taste in its kind leaves it be.
 */
const APART = 0.2;

function standsApart(estimate: number, kind: number): boolean {
  return Math.abs(estimate - kind) >= APART;
}

/** Whether a cell's evidence, shrunk by `k` pseudo-observations toward its kind's rate `from`, stays with that rate. */
function follows(c: { readonly a: number; readonly b: number }, k: number, from: number): boolean {
  return !standsApart((c.a + k * from) / (c.a + c.b + k), from);
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
const MINUTE = 60_000;

interface PatternCell extends Cell {
  /** Index into CATEGORIES of the category this pattern was last seen in. */
  c: number;
  /** Shape it was last seen with ("" when unknown). */
  s: string;
  /** The function's opportunity count when the writer first answered (or Redline first hid) this rewrite. */
  f: number;
  /** Times this rewrite came up since then, that first time included. */
  e: number;
}

/** Words for a shape in explanations ("spelling edits to capitalised words"). */
const SHAPE_WORDS: Readonly<Record<string, string>> = {
  insert: "that insert text",
  delete: "that delete text",
  symbol: "to symbols",
  number: "to numbers",
  initial: "to initials",
  caps: "to all-caps words",
  capitalised: "to capitalised words (often names)",
  hyphenated: "to hyphenated words",
  phrase: "to phrases",
  word: "to lower-case words",
};

function shapeWords(shape: string): string {
  return SHAPE_WORDS[shape] ?? `of shape “${shape}”`;
}

const SHAPE_INDEX = new Map<string, number>(EDIT_SHAPES.map((s, i) => [s, i]));

/** Whether `child`'s mean differs from `parent`'s by more than `z` of the child's own posterior sd. */
function deviates(child: BetaParams, parent: BetaParams, z: number): boolean {
  const n = child.alpha + child.beta;
  const m = child.alpha / n;
  return Math.abs(m - betaMean(parent)) > z * Math.sqrt((m * (1 - m)) / (n + 1));
}

/** Drops a cell's evidence (not its history, counts or re-test schedule). */
function forgetEvidence(cell: Cell): void {
  cell.a = 0;
  cell.b = 0;
}

function shapeKey(ci: number, shape: string): string {
  return `${CATEGORIES[ci] ?? ci}:${shape}`;
}

interface FunctionState {
  strictness: number;
  learning: boolean;
  confidenceCut: number;
  readonly cats: (Cell | undefined)[];
  /** Acceptance by the producer's confidence, in CONFIDENCE_BINS bins: calibrates confidence per function. */
  readonly conf: (Cell | undefined)[];
  /** Category × shape cells: per category index, by shape (persisted as "category:shape"). */
  readonly shapes: (Map<string, Cell> | undefined)[];
  /** Insertion order: the oldest-learned patterns are dropped first when over the cap. */
  readonly patterns: Map<string, PatternCell>;
  /** Edits this function has proposed (opportunities): the clock a rewrite's recurrence is measured on. */
  ops: number;
}

/** Where a cell lives in a function's state. */
type Level = 0 | 1 | 2 | 3 | 4; // category, category × shape, confidence bin, pattern, the writer's category across functions
const CAT: Level = 0;
const SHAPE: Level = 1;
const BIN: Level = 2;
const PATTERN: Level = 3;
const WRITER: Level = 4;

/** One cell an update may write, with a copy of what was there before and its counts after. */
interface Slot {
  readonly level: Level;
  readonly ci: number;
  /** Shape, pattern key or bin index. */
  readonly key: string | number;
  before: Cell | undefined;
  n: number;
  ig: number;
}

interface Receipt {
  readonly hadFunction: boolean;
  readonly slots: Slot[];
  /**
   * Cells a change of taste emptied (shapes and rewrites that followed their category), flat:
   * level, key, a, b, n per cell. A restart can empty thousands of rewrites at once, and this
   * keeps recording them to a few numbers each.
   */
  readonly emptied: (string | number)[];
  /** Kinds of edit whose re-test the update brought forward: the cell, its gap before, its responses then. */
  readonly rescheduled: [Cell, number, number][];
  /** The end of the turn of taste before the update (see REVERSAL_GLR). */
  readonly turnUntil: number;
}

/** Undo comes right after the decision; older receipts are rarely needed and are dropped. */
const MAX_RECEIPTS = 256;

/** How far a change of taste must move a category's estimate before everything hidden is re-tested. */
const PHASE_CHANGE = 0.3;

/**
 * A turn of taste: a category the writer clearly wanted (or clearly did not) whose recent
 * responses, at least `changeMinRecent` of them, clearly say the opposite: each at least
 * REVERSAL_MARGIN from the threshold, on a change scan far below a restart's (REVERSAL_GLR).
 * It restarts nothing (a restart needs the stronger evidence), but it is the first sign of a
 * writer's revision pass, which changes more than one category at once: everything hidden is
 * re-tested at its next opportunity, and for the next `turnWindow` edits a hidden kind whose
 * re-test the writer accepts starts again from its prior rather than waiting for its old
 * evidence to be outweighed one re-test at a time.
 */
const REVERSAL_GLR = 4;
const REVERSAL_MARGIN = 0.2;

/**
 * What a change against a cell's whole evidence (`detectChange` with `againstEvidence`) needs
 * beyond one inside its recent history: the older segment can hold several times the history's
 * evidence, so chance splits reach higher statistics. At +4 nats (12 in all) no writer of the
 * steady benchmark profiles restarts from it, while a writer who tires of a category they liked
 * only moderately restarts within a few dozen responses instead of never.
 */
const LONG_RUN_EXTRA_GLR = 4;

// Object literals of one fixed shape each: copying is on every update's path.
function copyCell(c: Cell): Cell {
  return { a: c.a, b: c.b, h: c.h, hn: c.hn, sk: c.sk, gap: c.gap, n: c.n, ig: c.ig, t: c.t };
}

function cellTuple(c: Cell): CellTuple {
  return [c.a, c.b, c.h, c.hn, c.sk, c.gap, c.n, c.ig, c.t];
}

function cellFrom([a, b, h, hn, sk, gap, n, ig, t]: CellTuple): Cell {
  return { a, b, h, hn, sk, gap, n, ig, t };
}

/** A rewrite first met at the function's opportunity `f`. */
function newPattern(gap: number, c: number, s: string, f: number): PatternCell {
  return { a: 0, b: 0, h: 0, hn: 0, sk: 0, gap, n: 0, ig: 0, t: 0, c, s, f, e: 1 };
}

function copyPattern(c: PatternCell): PatternCell {
  return { a: c.a, b: c.b, h: c.h, hn: c.hn, sk: c.sk, gap: c.gap, n: c.n, ig: c.ig, t: c.t, c: c.c, s: c.s, f: c.f, e: c.e };
}

/** Takes one response of weight `x` back out of a cell whose later history is unknown. */
function takeBack(cell: Cell, x: number): void {
  removeEvidence(cell, x, 1 - x);
  if (cell.n > 0) cell.n--;
  // Drop the newest history bit when it records the same kind of outcome: which of several
  // equal outcomes leaves the history makes no difference to what it says.
  if (cell.hn > 0 && (cell.h & 1) === (x >= 0.5 ? 1 : 0)) {
    cell.h >>>= 1;
    cell.hn--;
  }
}

const CATEGORY_INDEX = new Map<Category, number>(CATEGORIES.map((c, i) => [c, i]));

function categoryIndex(c: Category): number {
  const i = CATEGORY_INDEX.get(c);
  if (i === undefined) throw new Error(`Unknown edit category "${c}"`);
  return i;
}

function outcomeWeight(outcome: Exclude<Outcome, "ignored">): number {
  return outcome === "accepted" ? 1 : outcome === "modified" ? MODIFIED_WEIGHT : 0;
}

/**
 * What Redline has learned about which edits a writer wants, per editorial
 * function: a discounted Beta posterior of P(accept) for every category, and a
 * pattern layer for specific rewrites shrunk toward its category. It decides,
 * per proposed edit, whether showing it pays at the function's strictness, and
 * says why. Suppression is never silent and never permanent: suppressed
 * categories and patterns are re-tested on a bounded schedule; only an explicit
 * never-rule from the writer hides something for good, and that rule is listed
 * and removable.
 */
export class PreferenceModel {
  readonly #rng: Rng;
  readonly #priors: Record<Category, CategoryPrior>;
  /** Log-odds by which a shape known in advance moves its category's rate, by category index and shape. */
  readonly #shapeShift: (Map<string, number> | undefined)[] = [];
  readonly #keep: number;
  readonly #halfLifeMin: number;
  readonly #rule: DecisionRule;
  readonly #z: number;
  readonly #kappa: number;
  readonly #kappaShape: number;
  readonly #zConfidence: number | undefined;
  readonly #margin: number;
  readonly #shapeDeviation: number;
  /** log B of the "not wanted at all" pattern prior: constant, and on every update's path. */
  readonly #logBetaDisliked: number;
  readonly #zPattern: number;
  readonly #zRecurrence: number;
  readonly #pooling: number;
  readonly #dislikedPrior: number;
  readonly #changeThreshold: number;
  readonly #turnWindow: number;
  readonly #changeMinRecent: number;
  readonly #maxGap: number;
  readonly #maxPatternGap: number;
  readonly #hardCap: number;
  readonly #initialGap: number;
  readonly #initialPatternGap: number;
  readonly #maxPatterns: number;
  readonly #defaultStrictness: number;
  readonly #name: (functionId: string) => string;
  readonly #options: PreferenceModelOptions;

  #functions = new Map<string, FunctionState>();
  /** Per category (index into CATEGORIES): the writer's responses across all functions. */
  #writer: (Cell | undefined)[] = CATEGORIES.map(() => undefined);
  /** The latest responses given with an id, so an undone decision can be taken back exactly. */
  readonly #receipts = new Map<string, Receipt>();
  /** While an update with an id runs: its receipt, so cells changed beyond its own levels are recorded first. */
  #receiptOpen: Receipt | undefined;
  #rules: NeverRule[] = [];
  #version = 0;
  #ruleSeq = 0;
  /** The writer's clock (`#clock`) until which their taste is turning (see REVERSAL_GLR); 0 when it is not. */
  #turnUntil = 0;

  constructor(options: PreferenceModelOptions = {}) {
    this.#options = options;
    this.#rng = options.rng ?? createRng(0x5eed);
    this.#priors = { ...DEFAULT_PRIORS, ...options.priors };
    for (const [category, byShape] of Object.entries(options.shapePriors ?? DEFAULT_SHAPE_PRIORS)) {
      const ci = categoryIndex(category as Category);
      for (const [shape, mean] of Object.entries(byShape)) {
        if (!(mean > 0 && mean < 1)) throw new RangeError(`shape prior for ${category} × ${shape} must be in (0, 1)`);
        const shift = logit(mean) - logit(this.#priors[category as Category].mean);
        if (shift !== 0) (this.#shapeShift[ci] ??= new Map()).set(shape, shift);
      }
    }
    this.#keep = options.discount ?? 0.985;
    if (!(this.#keep > 0 && this.#keep <= 1)) throw new RangeError("discount must be in (0, 1]");
    this.#halfLifeMin = (options.halfLifeDays ?? 90) * 24 * 60;
    this.#rule = options.rule ?? "bayes-ucb";
    this.#z = options.optimism ?? 1.5;
    this.#kappa = options.patternShrinkage ?? 6;
    this.#kappaShape = options.shapeShrinkage ?? 4;
    this.#zConfidence = options.confidenceOptimism;
    this.#margin = Math.max(0, options.showMargin ?? 0);
    this.#shapeDeviation = Math.max(0, options.shapeDeviation ?? 2.5);
    this.#logBetaDisliked = logBeta(this.#kappa * DISLIKED_MEAN, this.#kappa * (1 - DISLIKED_MEAN));
    this.#zPattern = options.patternOptimism ?? 2;
    this.#zRecurrence = Math.max(0, options.patternRecurrenceOptimism ?? 2);
    this.#pooling = Math.max(0, options.writerPooling ?? 10);
    this.#dislikedPrior = Math.min(0.9, Math.max(0, options.dislikedPatternPrior ?? 0.2));
    this.#changeThreshold = options.changeThreshold ?? 8;
    this.#changeMinRecent = Math.max(1, Math.floor(options.changeMinRecent ?? 8));
    this.#turnWindow = Math.max(0, Math.floor(options.turnWindow ?? 300));
    this.#maxGap = Math.max(1, Math.floor(options.maxRetestGap ?? 30));
    this.#maxPatternGap = Math.max(1, Math.floor(options.maxPatternRetestGap ?? 60));
    this.#initialGap = Math.max(1, Math.floor(options.initialRetestGap ?? 10));
    this.#initialPatternGap = Math.max(1, Math.floor(options.initialPatternRetestGap ?? this.#initialGap));
    this.#hardCap = Math.max(this.#maxGap, Math.floor(options.categoryRetestCap ?? 45));
    this.#maxPatterns = options.maxPatternsPerFunction ?? 20_000;
    this.#defaultStrictness = options.defaultStrictness ?? 1;
    this.#name = options.functionName ?? titleCase;
  }

  /** Changes whenever learned state changes; the engine puts it in cache keys. */
  get version(): number {
    return this.#version;
  }

  // ---------------------------------------------------------------- decide

  /**
   * Decides whether to show one proposed edit. Each call is one opportunity:
   * it advances the re-test schedule of a suppressed category or pattern.
   */
  decide(features: EditFeatures): PreferenceDecision {
    const fn = this.#fn(features.functionId);
    fn.ops++;
    const threshold = thresholdFor(fn.strictness);
    const name = this.#name(features.functionId);
    const rule = this.#matchRule(features);
    if (rule) {
      const what = rule.kind === "category" ? `${rule.value} edits` : `“${rule.value}”`;
      const scope = rule.functionId === undefined ? "" : ` from ${name}`;
      return {
        show: false,
        probability: 0,
        explanation: `Hidden because you asked never to suggest ${what}${scope}. Remove the rule in settings to see them again.`,
        retest: false,
        reason: "never-rule",
        threshold,
        ruleId: rule.id,
      };
    }
    const ci = categoryIndex(features.category);
    const cat = fn.cats[ci];
    const catPost = this.#catPosterior(ci, cat);
    const shape = features.shape ?? "";
    let seg = shape === "" ? undefined : fn.shapes[ci]?.get(shape);
    const shift = this.#shift(ci, shape);
    const segPost = this.#kindPosterior(catPost, seg, shift);
    const pat = fn.patterns.get(features.patternKey);
    if (pat) pat.e++;
    const post = pat && pat.n > 0 ? this.#patternPosterior(segPost, pat) : segPost;
    const probability = q4(betaMean(post));
    if (!fn.learning) {
      return {
        show: true,
        probability,
        explanation: `Learning is off for ${name}: every edit is shown.`,
        retest: false,
        reason: "learning-off",
        threshold,
      };
    }
    if (features.confidence !== undefined && features.confidence < fn.confidenceCut) {
      return {
        show: false,
        probability,
        explanation: `Hidden: ${name} was only ${pct(features.confidence)} sure of this edit, below its confidence cut of ${pct(fn.confidenceCut)}.`,
        retest: false,
        reason: "below-confidence-cut",
        threshold,
      };
    }
    const catShows = this.#passes(catPost, threshold, 0);
    // A shape decides on its own only once it clearly differs from its category: otherwise the
    // category, with all the evidence, decides, and the shape's smaller sample is not one more
    // chance for noise to hide a wanted edit.
    // A shape known in advance to differ (names in spelling) decides from the start.
    const segShows = segPost === catPost || (shift === 0 && !deviates(segPost, catPost, this.#shapeDeviation)) ? catShows : this.#passes(segPost, threshold, 0);
    const zPost = post === segPost || !pat ? this.#z : this.#patternZ(fn, pat);
    // A rewrite can hide an edit its kind would show, but shows one its kind would hide only once
    // the writer has clearly wanted it: otherwise every rare rewrite would get its own optimism.
    const patShows = post === segPost ? segShows : segShows ? this.#passes(post, threshold, 0, zPost) : betaUpper(post, -this.#z) >= threshold;
    const adj = features.confidence === undefined ? 0 : this.#confidenceShift(fn, features.confidence);
    const shows = patShows && (adj === 0 || this.#passes(post, threshold, adj, this.#zConfidence ?? zPost));
    const label = `${features.category} edits from ${name}`;
    const segLabel = segPost !== catPost ? `${features.category} edits ${shapeWords(shape)} from ${name}` : label;
    const c = cat ?? this.#ensureCat(fn, ci);

    if (shows) {
      c.sk = 0;
      if (seg) seg.sk = 0;
      if (pat) pat.sk = 0;
      const sure = betaUpper(post, -this.#z) >= threshold;
      return {
        show: true,
        probability,
        explanation: !sure
          ? `Shown while Redline learns whether you want ${segLabel} (estimated ${pct(probability)} acceptance).`
          : c.n === 0
            ? // Nothing answered here yet: the estimate is the prior, or the writer's rate in their other functions.
              this.#elsewhere(ci, cat)
              ? `Shown: you accept about ${pct(probability)} of ${features.category} edits from your other functions; Redline learns how you treat them from ${name}.`
              : `Shown: ${features.category} edits are usually wanted (about ${pct(probability)}); Redline learns your own taste from your decisions.`
            : `Shown: you accept about ${pct(probability)} of ${pat && pat.n > 0 ? `“${features.patternKey}”` : segLabel}.`,
        retest: false,
        reason: sure ? "wanted" : "uncertain",
        threshold,
      };
    }

    // Hidden. Whatever the reason, a category is never left untested for more than the hard cap.
    c.sk++;
    const retest = (text: string): PreferenceDecision => {
      c.sk = 0;
      if (seg) seg.sk = 0;
      if (pat) pat.sk = 0;
      return { show: true, probability, explanation: text, retest: true, reason: "retest", threshold };
    };
    // A rewrite carries its own re-test schedule only when the writer rejects it on its own: one they
    // accepted, hidden because its kind is, is re-tested with its kind.
    const patternSuppressed = pat !== undefined && pat.n > 0 && !patShows && (segShows || betaMean(post) < betaMean(segPost));
    const p = patternSuppressed || segShows ? (pat ?? this.#ensurePattern(fn, features.patternKey, ci, shape)) : undefined;
    if (p) p.sk++;

    if (!segShows) {
      // The most specific level with evidence carries the re-test schedule: a rewrite the writer
      // rejects on its own tests the pattern, a suppressed shape the shape, else the category.
      // A shape hidden by its prior alone gets a cell to carry its re-test schedule.
      if (!seg && shift !== 0) seg = this.#ensureShape(fn, ci, shape);
      const segCell = seg !== undefined && (seg.n > 0 || shift !== 0) ? seg : undefined;
      if (segCell) segCell.sk++;
      const due = p ? p.sk >= this.#dueAt(p.gap, this.#maxPatternGap) : segCell ? segCell.sk >= this.#dueAt(segCell.gap, this.#maxGap) : c.sk >= this.#dueAt(c.gap, this.#maxGap);
      // Hidden before the writer answered any here: by how they treat the category elsewhere, or
      // because edits to this kind of text are less often wanted than the rest of the category.
      const beforeAnswers =
        segCell && segCell.n === 0
          ? `${segLabel} are wanted less often than other ${features.category} edits and you have not answered one yet`
          : c.n === 0 && this.#elsewhere(ci, cat)
            ? `you accept few ${features.category} edits from your other functions`
            : undefined;
      const recent = this.#recentText(segCell ?? c);
      if (due || c.sk >= this.#hardCap) {
        return retest(
          beforeAnswers
            ? `Re-testing: ${beforeAnswers}, so Redline shows one from ${name} now and then to learn how you treat them here.`
            : `Re-testing: ${segLabel} are usually hidden (you accepted ${recent}), so Redline shows one now and then in case your taste changed.`,
        );
      }
      const why = beforeAnswers ? `${beforeAnswers} (estimated ${pct(probability)} for ${segLabel}` : `you accepted ${recent} ${segLabel} (estimated ${pct(probability)}`;
      return {
        show: false,
        probability,
        explanation: `Hidden: ${why}; shown above ${pct(threshold)} at your strictness). Redline re-tests this now and then.`,
        retest: false,
        reason: segCell ? "suppressed-shape" : "suppressed-category",
        threshold,
      };
    }

    if (patternSuppressed && p) {
      if (p.sk >= this.#dueAt(p.gap, this.#maxPatternGap) || c.sk >= this.#hardCap) {
        return retest(`Re-testing “${features.patternKey}”: you usually reject it from ${name}, so Redline shows it now and then in case your taste changed.`);
      }
      return {
        show: false,
        probability,
        explanation: `Hidden: you rejected “${features.patternKey}” from ${name} ${this.#rejectedText(p)} (estimated ${pct(probability)} acceptance). Redline re-tests it now and then.`,
        retest: false,
        reason: "suppressed-pattern",
        threshold,
      };
    }

    // Wanted kind of edit, but the producer was unsure of this one.
    const bi = confidenceBin(features.confidence ?? 1);
    const bin = fn.conf[bi] ?? newCell(this.#initialGap);
    fn.conf[bi] = bin;
    bin.sk++;
    if (bin.sk >= this.#dueAt(bin.gap, this.#maxPatternGap) || c.sk >= this.#hardCap) {
      bin.sk = 0;
      return retest(`Re-testing a low-confidence ${features.category} edit from ${name}, in case such edits are welcome after all.`);
    }
    return {
      show: false,
      probability,
      explanation: `Hidden: ${name} was only ${pct(features.confidence ?? 1)} sure of this ${features.category} edit, and you accept few edits at that confidence. Redline re-tests this now and then.`,
      retest: false,
      reason: "low-confidence",
      threshold,
    };
  }

  // ---------------------------------------------------------------- update

  /**
   * Learns from the writer's response to a shown edit. An ignored edit (no
   * response) is not a rejection: it carries no evidence and leaves every
   * decision unchanged. `id` names the response so `retract` can take it back
   * (the writer undid the decision).
   */
  update(features: EditFeatures, outcome: Outcome, at?: number, id?: string): void {
    if (id === undefined) {
      this.#update(features, outcome, at);
      return;
    }
    const fnBefore = this.#functions.get(features.functionId);
    const fn = fnBefore ?? this.#fn(features.functionId);
    const ci = categoryIndex(features.category);
    const receipt: Receipt = { hadFunction: fnBefore !== undefined, slots: [], emptied: [], rescheduled: [], turnUntil: this.#turnUntil };
    this.#track(receipt, fn, CAT, ci, ci);
    this.#track(receipt, fn, WRITER, ci, ci);
    if (features.shape) this.#track(receipt, fn, SHAPE, ci, features.shape);
    if (features.confidence !== undefined) this.#track(receipt, fn, BIN, ci, confidenceBin(features.confidence));
    if (features.patternKey !== "") this.#track(receipt, fn, PATTERN, ci, features.patternKey);
    this.#receiptOpen = receipt;
    try {
      this.#update(features, outcome, at);
    } finally {
      this.#receiptOpen = undefined;
    }
    for (const slot of receipt.slots) {
      const now = this.#slotCell(fn, slot);
      slot.n = now ? now.n : -1;
      slot.ig = now ? now.ig : -1;
    }
    this.#receipts.delete(id);
    this.#receipts.set(id, receipt);
    if (this.#receipts.size > MAX_RECEIPTS) {
      const oldest = this.#receipts.keys().next();
      if (!oldest.done) this.#receipts.delete(oldest.value);
    }
  }

  /**
   * Takes back the response `update` recorded under `id`: the writer undid the
   * decision, so it must not count. Exact (the state is as if the response had
   * never been given) when nothing has touched the same evidence since, as with
   * an undo right after the decision; otherwise the response's weight is taken
   * out of each level's evidence, which later discounting has shrunk a little.
   */
  retract(id: string, features: EditFeatures, outcome: Outcome): void {
    const receipt = this.#receipts.get(id);
    this.#receipts.delete(id);
    const fn = this.#functions.get(features.functionId);
    const ci = categoryIndex(features.category);
    // The writer's cross-function cell is shared: another function's later response to the same
    // category must not stop this function's own cells from being restored exactly.
    const own = receipt?.slots.filter((slot) => slot.level !== WRITER) ?? [];
    const writerSlot = receipt?.slots.find((slot) => slot.level === WRITER);
    if (receipt && fn && own.every((slot) => this.#unchangedSince(fn, slot)) && this.#emptiedUnchanged(fn, features, receipt.emptied)) {
      // Emptied cells first: the update's own levels then get the state from before the whole update.
      this.#refill(fn, features, receipt.emptied);
      for (const [cell, gap, n] of receipt.rescheduled) if (cell.n === n) cell.gap = gap;
      this.#turnUntil = receipt.turnUntil;
      for (let i = own.length - 1; i >= 0; i--) this.#restoreSlot(fn, own[i] as Slot);
      if (writerSlot && writerSlot.n !== (writerSlot.before?.n ?? -1)) {
        const writer = this.#writer[ci];
        if (this.#unchangedSince(fn, writerSlot)) this.#restoreSlot(fn, writerSlot);
        else if (writer && outcome !== "ignored") takeBack(writer, outcomeWeight(outcome));
      }
      if (!receipt.hadFunction) this.#functions.delete(features.functionId);
      this.#version++;
      return;
    }
    if (!fn?.learning) return;
    if (outcome === "ignored") {
      const cat = fn.cats[ci];
      if (cat && cat.ig > 0) cat.ig--;
      this.#version++;
      return;
    }
    const x = outcomeWeight(outcome);
    const cells = [fn.cats[ci], this.#writer[ci], features.shape ? fn.shapes[ci]?.get(features.shape) : undefined, features.confidence === undefined ? undefined : fn.conf[confidenceBin(features.confidence)], fn.patterns.get(features.patternKey)];
    for (const cell of cells) if (cell) takeBack(cell, x);
    this.#version++;
  }

  /** Records a cell of `fn` before an update may change it. */
  #track(receipt: Receipt, fn: FunctionState, level: Level, ci: number, key: string | number): void {
    const slot: Slot = { level, ci, key, before: undefined, n: -1, ig: -1 };
    const cell = this.#slotCell(fn, slot);
    if (cell) slot.before = level === PATTERN ? copyPattern(cell as PatternCell) : copyCell(cell);
    receipt.slots.push(slot);
  }

  #slotCell(fn: FunctionState, slot: Slot): Cell | undefined {
    switch (slot.level) {
      case CAT:
        return fn.cats[slot.ci];
      case SHAPE:
        return fn.shapes[slot.ci]?.get(slot.key as string);
      case BIN:
        return fn.conf[slot.key as number];
      case WRITER:
        return this.#writer[slot.ci];
      default:
        return fn.patterns.get(slot.key as string);
    }
  }

  #emptiedCell(fn: FunctionState, features: EditFeatures, level: unknown, key: unknown): Cell | undefined {
    return level === SHAPE ? fn.shapes[categoryIndex(features.category)]?.get(key as string) : fn.patterns.get(key as string);
  }

  /** Whether the cells a change of taste emptied are still empty and unanswered since. */
  #emptiedUnchanged(fn: FunctionState, features: EditFeatures, emptied: readonly (string | number)[]): boolean {
    for (let i = 0; i < emptied.length; i += 5) {
      // The update's own shape and rewrite are its slots, checked and restored whole.
      if (emptied[i + 1] === (emptied[i] === SHAPE ? features.shape : features.patternKey)) continue;
      const cell = this.#emptiedCell(fn, features, emptied[i], emptied[i + 1]);
      if (!cell || cell.n !== emptied[i + 4]) return false;
    }
    return true;
  }

  #refill(fn: FunctionState, features: EditFeatures, emptied: readonly (string | number)[]): void {
    for (let i = 0; i < emptied.length; i += 5) {
      const cell = this.#emptiedCell(fn, features, emptied[i], emptied[i + 1]);
      if (!cell) continue;
      cell.a = emptied[i + 2] as number;
      cell.b = emptied[i + 3] as number;
    }
  }

  /** Whether nothing has written to the slot's cell since the update recorded its counts. */
  #unchangedSince(fn: FunctionState, slot: Slot): boolean {
    const cell = this.#slotCell(fn, slot);
    return cell === undefined ? slot.n === -1 : cell.n === slot.n && cell.ig === slot.ig;
  }

  #restoreSlot(fn: FunctionState, slot: Slot): void {
    const now = this.#slotCell(fn, slot);
    if (slot.before && now) {
      Object.assign(now, slot.before);
      return;
    }
    const cell = slot.before === undefined ? undefined : slot.level === PATTERN ? copyPattern(slot.before as PatternCell) : copyCell(slot.before);
    switch (slot.level) {
      case CAT:
        fn.cats[slot.ci] = cell;
        break;
      case SHAPE:
        if (cell) (fn.shapes[slot.ci] ??= new Map()).set(slot.key, cell);
        else fn.shapes[slot.ci]?.delete(slot.key as string);
        break;
      case BIN:
        fn.conf[slot.key as number] = cell;
        break;
      case WRITER:
        this.#writer[slot.ci] = cell;
        break;
      default:
        if (cell) fn.patterns.set(slot.key as string, cell as PatternCell);
        else fn.patterns.delete(slot.key as string);
    }
  }

  #update(features: EditFeatures, outcome: Outcome, at?: number): void {
    const fn = this.#fn(features.functionId);
    const ci = categoryIndex(features.category);
    if (outcome === "ignored") {
      this.#ensureCat(fn, ci).ig++;
      return;
    }
    if (!fn.learning) return;
    const x = outcomeWeight(outcome);
    const threshold = thresholdFor(fn.strictness);
    const minute = at === undefined ? 0 : Math.floor(at / MINUTE);

    const cat = this.#ensureCat(fn, ci);
    const catPostBefore = this.#catPosterior(ci, cat);
    const shape = features.shape ?? "";
    let seg = shape === "" ? undefined : fn.shapes[ci]?.get(shape);
    const shift = this.#shift(ci, shape);
    const segPostBefore = this.#kindPosterior(catPostBefore, seg, shift);
    const known = fn.patterns.get(features.patternKey);
    // Whether a more specific level already explains this outcome (a rewrite or a kind of text the
    // writer treats unlike its category). Computed once: the mixture prior makes the pattern
    // posterior the costliest step of an update.
    const patPostBefore = known !== undefined && known.n > 0 ? this.#patternPosterior(segPostBefore, known) : undefined;
    const patExplains = patPostBefore !== undefined && standsApart(betaMean(patPostBefore), betaMean(segPostBefore));
    // A shape with a prior of its own (names in spelling) is known to stand apart before any evidence.
    const segExplains = segPostBefore !== catPostBefore && (shift !== 0 || standsApart(betaMean(segPostBefore), betaMean(catPostBefore)));
    // In a hierarchy, a coarser level estimates how the writer treats the *other* edits of its
    // kind: once a rewrite (or a shape) is known to stand apart, its outcomes stay with it, so one
    // frequent disliked rewrite cannot drag its whole category below the threshold.
    const skipCat = patExplains || segExplains;
    const skipSeg = patExplains;
    // Whether the kind was shown before this response: asked once, since a Thompson draw differs each time.
    const kindShown = (shape !== "" && !skipSeg) || x >= 0.5 ? this.#passes(segPostBefore, threshold) : true;
    // During a turn of taste, an accepted re-test of a hidden kind says its old evidence is stale:
    // the category starts again from its prior, and its shapes and rewrites follow it again.
    if (x >= 0.5 && !kindShown && !skipCat && this.#clock() < this.#turnUntil) {
      const writer = this.#writer[ci];
      if (writer) removeEvidence(writer, cat.a, cat.b);
      forgetEvidence(cat);
      this.#emptyFollowers(fn, ci, catPostBefore);
    }
    // Only a response against the category's balance can reveal a turn of taste (hot path).
    const surprising = x >= 0.5 ? cat.b > cat.a : cat.a > cat.b;
    if (!skipCat) this.#learn((this.#writer[ci] ??= newCell(this.#initialGap)), x, true, this.#maxGap, minute);
    const restarted = !skipCat && this.#learn(cat, x, this.#passes(catPostBefore, threshold), this.#maxGap, minute);
    // A sharp change of taste in a whole category (a writer who starts a revision pass and tires of
    // punctuation fixes), whether a restart that moves its estimate far or a turn seen before the
    // evidence suffices for a restart, often comes with changes elsewhere: everything hidden is
    // re-tested at its next opportunity rather than at the end of its gap, which can be hundreds of
    // edits away, and the turn lasts `turnWindow` edits.
    const moved = restarted && Math.abs(betaMean(this.#catPosterior(ci, cat)) - betaMean(catPostBefore)) > PHASE_CHANGE;
    const turned = !restarted && this.#turnWindow > 0 && !skipCat && surprising && this.#clock() >= this.#turnUntil && this.#reverses(cat, catPostBefore, threshold);
    if (moved || turned) {
      this.#retestEverything(fn, ci);
      this.#turnUntil = this.#clock() + this.#turnWindow;
    }
    // The writer's taste in the whole category changed. Shapes and rewrites that merely followed
    // the old taste hold stale evidence, so they follow the category again until they show a
    // difference of their own; those that stood apart from it (a rewrite always rejected) keep theirs.
    if (restarted) this.#emptyFollowers(fn, ci, catPostBefore);
    if (shape !== "" && !skipSeg) {
      seg ??= this.#ensureShape(fn, ci, shape);
      this.#learn(seg, x, kindShown, this.#maxGap, minute);
    }
    // An accepted re-test of a hidden kind of edit is the first sign the writer's taste in the
    // category may have changed (a revision pass that welcomes cuts of every kind): the function's
    // other kinds in it are re-tested at their next opportunity instead of waiting out their gaps.
    if (x >= 0.5 && !kindShown) this.#retestSiblings(fn, ci, seg);
    if (features.confidence !== undefined) {
      const bi = confidenceBin(features.confidence);
      let bin = fn.conf[bi];
      if (!bin) {
        bin = newCell(this.#initialGap);
        fn.conf[bi] = bin;
      }
      this.#learn(bin, x, true, this.#maxPatternGap, minute);
    }
    if (features.patternKey !== "") {
      let pat = fn.patterns.get(features.patternKey);
      const wasShown = patPostBefore === undefined || known === undefined || this.#passes(patPostBefore, threshold, 0, this.#patternZ(fn, known));
      if (!pat) {
        pat = newPattern(this.#initialPatternGap, ci, shape, fn.ops);
        fn.patterns.set(features.patternKey, pat);
        this.#trimPatterns(fn);
      }
      pat.c = ci;
      pat.s = shape;
      this.#learn(pat, x, wasShown, this.#maxPatternGap, minute, true, this.#initialPatternGap);
    }
    this.#version++;
  }

  /** Empties the evidence of `fn`'s shapes and rewrites in category `ci` that followed its old rate (`catPostBefore`). */
  #emptyFollowers(fn: FunctionState, ci: number, catPostBefore: BetaParams): void {
    const old = betaMean(catPostBefore);
    // forEach, not entries: a restart visits every rewrite the function knows, and replays restart often.
    const emptied = this.#receiptOpen?.emptied;
    fn.shapes[ci]?.forEach((cell, shapeOf) => {
      // Each followed its kind's old rate: the category's, moved for a shape with a prior of its own.
      if (!follows(cell, this.#kappaShape, PreferenceModel.#shifted(old, this.#shift(ci, shapeOf)))) return;
      emptied?.push(SHAPE, shapeOf, cell.a, cell.b, cell.n);
      forgetEvidence(cell);
    });
    fn.patterns.forEach((p, key) => {
      if (p.c !== ci || !this.#followsKind(p, catPostBefore)) return;
      emptied?.push(PATTERN, key, p.a, p.b, p.n);
      forgetEvidence(p);
    });
  }

  /** A turn of taste in `cat` (see REVERSAL_GLR): its recent responses and its estimate before this one sit clearly on opposite sides of the threshold. */
  #reverses(cat: Cell, before: BetaParams, threshold: number): boolean {
    const k = detectChange(cat, REVERSAL_GLR, this.#changeMinRecent);
    if (k === 0) return false;
    const recent = recentWanted(cat, k) / k;
    const was = betaMean(before);
    return (was >= threshold + REVERSAL_MARGIN && recent <= threshold - REVERSAL_MARGIN) || (was <= threshold - REVERSAL_MARGIN && recent >= threshold + REVERSAL_MARGIN);
  }

  /** The writer's clock: edits proposed by all their functions. */
  #clock(): number {
    let ops = 0;
    for (const fn of this.#functions.values()) ops += fn.ops;
    return ops;
  }

  /** Re-tests a hidden `cell` at its next opportunity; undo puts its gap back if nothing answered it since. */
  #bringForward(cell: Cell): void {
    if (cell.gap <= 1) return;
    this.#receiptOpen?.rescheduled.push([cell, cell.gap, cell.n]);
    cell.gap = 1;
  }

  #retestSiblings(fn: FunctionState, ci: number, except: Cell | undefined): void {
    fn.shapes[ci]?.forEach((cell) => {
      if (cell !== except) this.#bringForward(cell);
    });
  }

  /**
   * Every category and kind of edit the writer's functions hide, but those of `fn`'s category `ci`
   * (its restart dealt with them), and every rewrite hidden merely with its category: once a
   * category is hidden, its rewrites' rejections pile up on their own re-test schedules, so a
   * category the writer now wants would otherwise stay hidden one rewrite at a time. A rewrite
   * rejected on its own (standing apart from its kind) keeps its schedule, and so does one hidden
   * in a category that is shown.
   */
  #retestEverything(fn: FunctionState, ci: number): void {
    for (const other of this.#functions.values()) {
      other.cats.forEach((cell, c) => {
        if (cell && !(other === fn && c === ci)) this.#bringForward(cell);
      });
      other.shapes.forEach((byShape, c) => {
        if (other === fn && c === ci) return;
        byShape?.forEach((cell) => {
          this.#bringForward(cell);
        });
      });
      // Once per category, not per rewrite: a function can know thousands of rewrites.
      const threshold = thresholdFor(other.strictness);
      const catPosts = other.cats.map((cell, c) => this.#catPosterior(c, cell));
      const catHidden = catPosts.map((post) => !this.#passes(post, threshold));
      other.patterns.forEach((p) => {
        if (p.n === 0 || (other === fn && p.c === ci) || !catHidden[p.c]) return;
        const catPost = catPosts[p.c];
        if (catPost && this.#followsKind(p, catPost)) this.#bringForward(p);
      });
    }
  }

  /**
   * Whether a rewrite's evidence merely follows its kind (the category at `catPost`, moved for a
   * shape with a prior of its own). It stands apart when its own evidence or the two-component
   * prior sets it apart: a few rejections of a rewrite are too few to set its plain shrunk
   * estimate apart, yet they mark it as one the writer does not want.
   */
  #followsKind(p: PatternCell, catPost: BetaParams): boolean {
    const shift = this.#shift(p.c, p.s);
    const from = PreferenceModel.#shifted(betaMean(catPost), shift);
    return follows(p, this.#kappa, from) && !standsApart(betaMean(this.#patternPosterior(this.#kindPosterior(catPost, undefined, shift), p)), from);
  }

  /** Adds one response to `cell`; true when it completed a detected change of taste (the cell restarted). */
  #learn(cell: Cell, x: number, wasShown: boolean, maxGap: number, minute: number, track = true, initialGap = this.#initialGap): boolean {
    let keep = this.#keep;
    if (minute > 0 && cell.t > 0 && minute > cell.t) keep *= Math.pow(0.5, (minute - cell.t) / this.#halfLifeMin);
    // Only a surprising outcome can complete a change; skip the scan otherwise (hot path).
    const surprising = track && (x >= 0.5 ? cell.b > cell.a : cell.a > cell.b);
    addEvidence(cell, x, keep, track);
    if (minute > 0) cell.t = minute;
    let restarted = false;
    if (surprising) {
      const k = detectChange(cell, this.#changeThreshold, this.#changeMinRecent) || detectChange(cell, this.#changeThreshold + LONG_RUN_EXTRA_GLR, this.#changeMinRecent, true);
      if (k > 0) {
        restartFromRecent(cell, k);
        restarted = true;
      }
    }
    if (wasShown) {
      cell.gap = initialGap;
    } else if (x >= 0.5) {
      // A suppressed kind of edit was wanted: look again soon.
      cell.gap = 1;
    } else {
      cell.gap = Math.min(maxGap, Math.max(initialGap, cell.gap * 2));
    }
    return restarted;
  }

  // ---------------------------------------------------------------- settings

  /** Cost of a rejected edit in accepted-edit units (1 = show above 50% acceptance). */
  strictness(functionId: string): number {
    return this.#functions.get(functionId)?.strictness ?? this.#defaultStrictness;
  }

  setStrictness(functionId: string, strictness: number): void {
    if (!(strictness > 0 && Number.isFinite(strictness))) throw new RangeError(`strictness must be a positive number, got ${strictness}`);
    this.#fn(functionId).strictness = strictness;
    this.#version++;
  }

  threshold(functionId: string): number {
    return thresholdFor(this.strictness(functionId));
  }

  learningEnabled(functionId: string): boolean {
    return this.#functions.get(functionId)?.learning ?? true;
  }

  /** Turns learning off (every edit shown, nothing learned) or back on for one function. */
  setLearning(functionId: string, enabled: boolean): void {
    this.#fn(functionId).learning = enabled;
    this.#version++;
  }

  confidenceCut(functionId: string): number {
    return this.#functions.get(functionId)?.confidenceCut ?? 0;
  }

  /** Set by the ParameterTuner: edits whose producer confidence is below the cut are hidden. */
  setConfidenceCut(functionId: string, cut: number): void {
    this.#fn(functionId).confidenceCut = Math.min(1, Math.max(0, cut));
    this.#version++;
  }

  // ---------------------------------------------------------------- never-rules

  /** Adds an explicit, visible and removable "never suggest this" rule. */
  addNever(input: NeverRuleInput, at = Date.now()): NeverRule {
    if (input.kind === "category" && !isCategory(input.value)) throw new Error(`"${input.value}" is not an edit category`);
    if (input.value.trim() === "") throw new Error("A never-rule needs a category or pattern key");
    const existing = this.#rules.find((r) => r.kind === input.kind && r.value === input.value && r.functionId === input.functionId);
    if (existing) return existing;
    const rule: NeverRule = { id: `never-${++this.#ruleSeq}`, kind: input.kind, value: input.value, createdAt: at, ...(input.functionId === undefined ? {} : { functionId: input.functionId }) };
    this.#rules.push(rule);
    this.#version++;
    return rule;
  }

  /** Alias of addNever. */
  never(input: NeverRuleInput, at?: number): NeverRule {
    return this.addNever(input, at);
  }

  removeNever(id: string): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((r) => r.id !== id);
    if (this.#rules.length === before) return false;
    this.#version++;
    return true;
  }

  neverRules(): readonly NeverRule[] {
    return [...this.#rules];
  }

  #matchRule(f: EditFeatures): NeverRule | undefined {
    for (const r of this.#rules) {
      if (r.functionId !== undefined && r.functionId !== f.functionId) continue;
      if (r.kind === "category" ? r.value === f.category : r.value === f.patternKey) return r;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- transparency

  /** Everything learned, for the settings pane's "what Redline learned" list. */
  learned(): LearnedItem[] {
    const out: LearnedItem[] = [];
    for (const [functionId, fn] of this.#functions) {
      const threshold = thresholdFor(fn.strictness);
      const name = this.#name(functionId);
      const item = (ref: LearnedItemRef, idValue: string, category: Category, cell: Cell, post: BetaParams, shown: boolean, label: string): LearnedItem => {
        const acceptance = q4(betaMean(post));
        return {
          id: `${functionId}\u0000${ref.kind}\u0000${idValue}`,
          ref,
          functionId,
          category,
          ...(ref.kind === "shape" ? { shape: ref.shape } : ref.kind === "pattern" ? { patternKey: ref.patternKey } : {}),
          acceptance,
          evidence: q4(cell.a + cell.b),
          responses: cell.n,
          ignored: cell.ig,
          recentWanted: recentWanted(cell, cell.hn),
          recentResponses: cell.hn,
          status: shown ? "shown" : "suppressed",
          explanation: `${name} · ${label}: you accepted ${this.#recentText(cell)} (estimated ${pct(acceptance)}); ${shown ? "shown" : "hidden, re-tested now and then"}.`,
        };
      };
      fn.cats.forEach((cell, ci) => {
        if (!cell || cell.n + cell.ig === 0) return;
        const category = CATEGORIES[ci] as Category;
        const post = this.#catPosterior(ci, cell);
        out.push(item({ functionId, kind: "category", category }, category, category, cell, post, this.#passes(post, threshold), category));
      });
      fn.shapes.forEach((byShape, ci) => {
        for (const [shape, cell] of byShape ?? []) {
          if (cell.n + cell.ig === 0) continue;
          const category = CATEGORIES[ci] as Category;
          const key = shapeKey(ci, shape);
          const post = this.#shapePosterior(this.#catPosterior(ci, fn.cats[ci]), cell, this.#shift(ci, shape));
          out.push(item({ functionId, kind: "shape", category, shape }, key, category, cell, post, this.#passes(post, threshold), `${category} edits ${shapeWords(shape)}`));
        }
      });
      for (const [key, pat] of fn.patterns) {
        if (pat.n === 0) continue;
        const post = this.#patternPosterior(this.#segPosterior(fn, pat.c, pat.s), pat);
        out.push(item({ functionId, kind: "pattern", patternKey: key }, key, CATEGORIES[pat.c] as Category, pat, post, this.#passes(post, threshold, 0, this.#patternZ(fn, pat)), `“${key}”`));
      }
    }
    return out;
  }

  /** Forgets one learned item (its evidence returns to the prior). */
  forget(item: LearnedItemRef | string): boolean {
    const ref = typeof item === "string" ? this.#parseItemId(item) : item;
    if (!ref) return false;
    const fn = this.#functions.get(ref.functionId);
    if (!fn) return false;
    let removed = false;
    if (ref.kind === "category") {
      const ci = categoryIndex(ref.category);
      const cell = fn.cats[ci];
      removed = cell !== undefined;
      // Its share of the writer's cross-function evidence goes with it.
      const writer = this.#writer[ci];
      if (cell && writer) removeEvidence(writer, cell.a, cell.b);
      fn.cats[ci] = undefined;
    } else if (ref.kind === "shape") {
      removed = fn.shapes[categoryIndex(ref.category)]?.delete(ref.shape) ?? false;
    } else {
      removed = fn.patterns.delete(ref.patternKey);
    }
    if (removed) this.#version++;
    return removed;
  }

  #parseItemId(id: string): LearnedItemRef | undefined {
    const [functionId, kind, value] = id.split("\u0000");
    if (functionId === undefined || value === undefined) return undefined;
    if (kind === "category" && isCategory(value)) return { functionId, kind, category: value };
    if (kind === "shape") {
      const [category = "", shape = ""] = value.split(":");
      return isCategory(category) && shape !== "" ? { functionId, kind, category, shape } : undefined;
    }
    if (kind === "pattern") return { functionId, kind, patternKey: value };
    return undefined;
  }

  /** Current estimate for a function × category (and pattern), without counting an opportunity. */
  estimate(functionId: string, category: Category, patternKey?: string): { probability: number; evidence: number; suppressed: boolean } {
    const fn = this.#functions.get(functionId);
    const ci = categoryIndex(category);
    const cat = fn?.cats[ci];
    const catPost = this.#catPosterior(ci, cat);
    const pat = patternKey === undefined ? undefined : fn?.patterns.get(patternKey);
    const post = pat && pat.n > 0 && fn ? this.#patternPosterior(this.#segPosterior(fn, ci, pat.s), pat) : catPost;
    const cell = pat && pat.n > 0 ? pat : cat;
    return {
      probability: q4(betaMean(post)),
      evidence: cell ? q4(cell.a + cell.b) : 0,
      suppressed: !this.#passes(post, thresholdFor(fn?.strictness ?? this.#defaultStrictness)),
    };
  }

  /** Recent responses of a function × category: wanted (accepted or modified) out of total, newest first. */
  recent(functionId: string, category: Category): { wanted: number; total: number; ignored: number } {
    const cell = this.#functions.get(functionId)?.cats[categoryIndex(category)];
    if (!cell) return { wanted: 0, total: 0, ignored: 0 };
    return { wanted: recentWanted(cell, cell.hn), total: cell.hn, ignored: cell.ig };
  }

  functions(): string[] {
    return [...this.#functions.keys()];
  }

  // ---------------------------------------------------------------- persistence

  toJSON(): PreferenceState {
    const functions: PreferenceState["functions"] = {};
    for (const [id, fn] of this.#functions) {
      const cats: Partial<Record<Category, CellTuple>> = {};
      fn.cats.forEach((cell, ci) => {
        if (cell) cats[CATEGORIES[ci] as Category] = cellTuple(cell);
      });
      const patterns: Record<string, PatternTuple> = {};
      for (const [key, p] of fn.patterns) patterns[key] = [p.c, p.a, p.b, p.h, p.hn, p.sk, p.gap, p.n, p.ig, p.t, SHAPE_INDEX.get(p.s) ?? -1, p.f, p.e];
      const conf: (CellTuple | null)[] = fn.conf.map((c) => (c ? cellTuple(c) : null));
      const shapes: Record<string, CellTuple> = {};
      fn.shapes.forEach((byShape, ci) => {
        for (const [shape, c] of byShape ?? []) shapes[shapeKey(ci, shape)] = cellTuple(c);
      });
      functions[id] = { strictness: fn.strictness, learning: fn.learning, confidenceCut: fn.confidenceCut, cats, conf, patterns, shapes, ops: fn.ops };
    }
    const writer: Partial<Record<Category, CellTuple>> = {};
    this.#writer.forEach((cell, ci) => {
      if (cell) writer[CATEGORIES[ci] as Category] = cellTuple(cell);
    });
    return { schema: 1, version: this.#version, ruleSeq: this.#ruleSeq, rules: this.#rules.map((r) => ({ ...r })), functions, writer, ...(this.#turnUntil > 0 ? { turnUntil: this.#turnUntil } : {}) };
  }

  /** Restores a model from `toJSON()` output; throws a readable error on anything else. */
  static fromJSON(json: unknown, options: PreferenceModelOptions = {}): PreferenceModel {
    const model = new PreferenceModel(options);
    model.#load(json);
    return model;
  }

  /** Replaces all learned state with imported JSON (validated first; nothing changes on error). */
  import(json: unknown): void {
    const before = this.#version;
    this.#load(json);
    this.#version = Math.max(this.#version, before + 1);
  }

  export(): PreferenceState {
    return this.toJSON();
  }

  /** Forgets everything learned, including never-rules and settings. */
  reset(): void {
    this.#functions = new Map();
    this.#writer = CATEGORIES.map(() => undefined);
    this.#rules = [];
    this.#turnUntil = 0;
    this.#version++;
  }

  /** A fresh model with the same options (used by tests and the benchmark per simulated writer). */
  clone(): PreferenceModel {
    return PreferenceModel.fromJSON(this.toJSON(), this.#options);
  }

  #load(json: unknown): void {
    const parsed = preferenceStateSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? issue.path.map(String).join(".") : "";
      throw new Error(`Learned preferences are unreadable${where ? ` at ${where}` : ""}: ${issue?.message ?? "invalid data"}`);
    }
    const state = parsed.data;
    const functions = new Map<string, FunctionState>();
    for (const [id, f] of Object.entries(state.functions)) {
      const cats: (Cell | undefined)[] = CATEGORIES.map(() => undefined);
      for (const [name, t] of Object.entries(f.cats)) {
        if (!isCategory(name)) throw new Error(`Learned preferences are unreadable at functions.${id}.cats: unknown category "${name}"`);
        cats[categoryIndex(name)] = cellFrom(t);
      }
      const patterns = new Map<string, PatternCell>();
      const ops = f.ops ?? 0;
      for (const [key, t] of Object.entries(f.patterns)) {
        // Older state has no recurrence: it counts as first seen at the function's start, having come up once per response.
        const [c, a, b, h, hn, sk, gap, n, ig, tt, si = -1, first = 0, seen = Math.max(1, n + ig)] = t;
        if (c >= CATEGORIES.length) throw new Error(`Learned preferences are unreadable at functions.${id}.patterns: bad category index ${c}`);
        if (first > ops) throw new Error(`Learned preferences are unreadable at functions.${id}.patterns: “${key}” first seen after the function's ${ops} opportunities`);
        // Same property order as newPattern: one object shape for every rewrite keeps updates monomorphic.
        patterns.set(key, { a, b, h, hn, sk, gap, n, ig, t: tt, c, s: EDIT_SHAPES[si] ?? "", f: first, e: seen });
      }
      const conf: (Cell | undefined)[] = Array.from({ length: CONFIDENCE_BINS }, (_, i) => {
        const t = f.conf[i];
        if (!t) return undefined;
        return cellFrom(t);
      });
      const shapes: (Map<string, Cell> | undefined)[] = CATEGORIES.map(() => undefined);
      for (const [key, t] of Object.entries(f.shapes ?? {})) {
        const [cname = "", shape = ""] = key.split(":");
        if (!isCategory(cname) || shape === "") throw new Error(`Learned preferences are unreadable at functions.${id}.shapes: bad key "${key}"`);
        (shapes[categoryIndex(cname)] ??= new Map()).set(shape, cellFrom(t));
      }
      functions.set(id, { strictness: f.strictness, learning: f.learning, confidenceCut: f.confidenceCut, cats, conf, patterns, shapes, ops });
    }
    const writer: (Cell | undefined)[] = CATEGORIES.map(() => undefined);
    for (const [name, t] of Object.entries(state.writer ?? {})) {
      if (!isCategory(name)) throw new Error(`Learned preferences are unreadable at writer: unknown category "${name}"`);
      writer[categoryIndex(name)] = cellFrom(t);
    }
    // State saved before categories were pooled across functions: the writer's rate is what their functions learned.
    if (state.writer === undefined) {
      for (const fn of functions.values()) {
        fn.cats.forEach((cell, ci) => {
          if (!cell || cell.n === 0) return;
          const w = (writer[ci] ??= newCell(this.#initialGap));
          w.a = q4(w.a + cell.a);
          w.b = q4(w.b + cell.b);
          w.n += cell.n;
        });
      }
    }
    this.#functions = functions;
    this.#writer = writer;
    this.#rules = state.rules.map((r) => ({ ...r }));
    this.#ruleSeq = state.ruleSeq;
    this.#version = state.version;
    this.#turnUntil = state.turnUntil ?? 0;
  }

  // ---------------------------------------------------------------- internals

  #fn(functionId: string): FunctionState {
    let fn = this.#functions.get(functionId);
    if (!fn) {
      fn = {
        strictness: this.#defaultStrictness,
        learning: true,
        confidenceCut: 0,
        ops: 0,
        cats: CATEGORIES.map(() => undefined),
        conf: Array.from({ length: CONFIDENCE_BINS }, () => undefined),
        shapes: CATEGORIES.map(() => undefined),
        patterns: new Map(),
      };
      this.#functions.set(functionId, fn);
    }
    return fn;
  }

  #ensureCat(fn: FunctionState, ci: number): Cell {
    let c = fn.cats[ci];
    if (!c) {
      c = newCell(this.#initialGap);
      fn.cats[ci] = c;
    }
    return c;
  }

  #ensureShape(fn: FunctionState, ci: number, shape: string): Cell {
    const byShape = (fn.shapes[ci] ??= new Map<string, Cell>());
    let c = byShape.get(shape);
    if (!c) {
      c = newCell(this.#initialGap);
      byShape.set(shape, c);
    }
    return c;
  }

  #ensurePattern(fn: FunctionState, key: string, ci: number, shape: string): PatternCell {
    let p = fn.patterns.get(key);
    if (!p) {
      p = newPattern(this.#initialPatternGap, ci, shape, fn.ops);
      fn.patterns.set(key, p);
      this.#trimPatterns(fn);
    }
    return p;
  }

  #trimPatterns(fn: FunctionState): void {
    while (fn.patterns.size > this.#maxPatterns) {
      const oldest = fn.patterns.keys().next();
      if (oldest.done) break;
      const key = oldest.value;
      const dropped = fn.patterns.get(key);
      if (this.#receiptOpen && dropped) this.#track(this.#receiptOpen, fn, PATTERN, dropped.c, key);
      fn.patterns.delete(key);
    }
  }

  #catPosterior(ci: number, cell: Cell | undefined): BetaParams {
    const { mean, strength } = this.#catPrior(ci, cell);
    const alpha = mean * strength;
    const beta = (1 - mean) * strength;
    return cell ? { alpha: alpha + cell.a, beta: beta + cell.b } : { alpha, beta };
  }

  /**
   * A function's category starts from the fixed prior, moved toward the writer's rate in their
   * other functions (their evidence less this function's own) and weighted more as that evidence grows.
   */
  #catPrior(ci: number, cell: Cell | undefined): CategoryPrior {
    const prior = this.#priors[CATEGORIES[ci] as Category];
    const other = this.#elsewhere(ci, cell);
    if (!other) return prior;
    const n = other.a + other.b;
    return {
      mean: (prior.mean * prior.strength + other.a) / (prior.strength + n),
      strength: prior.strength + (this.#pooling - prior.strength) * (n / (n + POOLING_HALF)),
    };
  }

  /** The writer's evidence about a category from their functions other than `cell`'s; undefined when there is none (or pooling is off). */
  #elsewhere(ci: number, cell: Cell | undefined): { a: number; b: number } | undefined {
    const writer = this.#writer[ci];
    if (this.#pooling === 0 || !writer) return undefined;
    const a = Math.max(0, writer.a - (cell?.a ?? 0));
    const b = Math.max(0, writer.b - (cell?.b ?? 0));
    return a + b > 0 ? { a, b } : undefined;
  }

  /** Log-odds by which a shape known in advance moves its category's rate (0 for most). */
  #shift(ci: number, shape: string): number {
    return this.#shapeShift[ci]?.get(shape) ?? 0;
  }

  /** A category's mean moved by a shape's `shift`: what that shape starts from. */
  static #shifted(mean: number, shift: number): number {
    return shift === 0 ? mean : sigmoid(logit(mean) + shift);
  }

  /**
   * A category × shape: its own evidence on top of `shapeShrinkage` pseudo-observations at the
   * category's mean (moved by the shape's prior, if it has one).
   */
  #shapePosterior(catPost: BetaParams, cell: Cell | undefined, shift: number): BetaParams {
    const m = PreferenceModel.#shifted(betaMean(catPost), shift);
    const k = this.#kappaShape;
    return { alpha: k * m + (cell?.a ?? 0), beta: k * (1 - m) + (cell?.b ?? 0) };
  }

  /** The posterior of a kind of edit: its shape's, once the shape has evidence or a prior of its own, else its category's (the same object). */
  #kindPosterior(catPost: BetaParams, seg: Cell | undefined, shift: number): BetaParams {
    return (seg && seg.n > 0) || shift !== 0 ? this.#shapePosterior(catPost, seg, shift) : catPost;
  }

  /** The posterior a pattern of this category and shape shrinks toward. */
  #segPosterior(fn: FunctionState, ci: number, shape: string): BetaParams {
    const catPost = this.#catPosterior(ci, fn.cats[ci]);
    return this.#kindPosterior(catPost, shape === "" ? undefined : fn.shapes[ci]?.get(shape), this.#shift(ci, shape));
  }

  #patternPosterior(catPost: BetaParams, pat: Cell): BetaParams {
    const m = betaMean(catPost);
    const k = this.#kappa;
    const like = { alpha: k * m + pat.a, beta: k * (1 - m) + pat.b };
    const pi = this.#dislikedPrior;
    if (pi <= 0 || m <= DISLIKED_MEAN) return like;
    // Two-component prior: a rewrite is either like its category, or one the writer does not
    // want at all (a false alarm, a disliked pattern). Bayes factor of the pattern's evidence.
    const dis = { alpha: k * DISLIKED_MEAN + pat.a, beta: k * (1 - DISLIKED_MEAN) + pat.b };
    const logBf = logBeta(dis.alpha, dis.beta) - this.#logBetaDisliked - (logBeta(like.alpha, like.beta) - logBeta(k * m, k * (1 - m)));
    const w = 1 / (1 + ((1 - pi) / pi) * Math.exp(-logBf));
    const mean = w * betaMean(dis) + (1 - w) * betaMean(like);
    const n = like.alpha + like.beta;
    return { alpha: mean * n, beta: (1 - mean) * n };
  }

  /**
   * z of the upper bound for a rewrite the writer has answered. What another look at a doubtful
   * rewrite is worth depends on how often it will come up again: one that recurs every few edits
   * (adding a comma) costs many wanted edits if two early rejections hide it by chance, while one
   * that comes up a few times a year (a false alarm on a rare word) gains little from being shown
   * again. Its recurrence is estimated from its own encounters on the function's clock of
   * opportunities, shrunk toward `NEUTRAL_RECURRENCE`, where z is `patternOptimism` itself.
   */
  #patternZ(fn: FunctionState, pat: PatternCell): number {
    if (this.#zRecurrence === 0) return this.#zPattern;
    // Gamma–Poisson: encounters after the first, over opportunities since, on a prior worth
    // NEUTRAL_RECURRENCE encounters per horizon.
    const perHorizon = (pat.e / (fn.ops - pat.f + PATTERN_HORIZON / NEUTRAL_RECURRENCE)) * PATTERN_HORIZON;
    const z = this.#zPattern + this.#zRecurrence * Math.log2(perHorizon / NEUTRAL_RECURRENCE);
    return Math.min(this.#zPattern + RECURRENCE_Z_UP, Math.max(this.#zPattern - RECURRENCE_Z_DOWN, z));
  }

  /** Whether showing pays under `post`, with its log-odds shifted by `shift` (the confidence calibration). */
  #passes(post: BetaParams, threshold: number, shift = 0, z = this.#z): boolean {
    if (this.#rule === "thompson") {
      const draw = sampleBeta(this.#rng, post.alpha, post.beta);
      return (shift === 0 ? draw : sigmoid(logit(draw) + shift)) >= threshold;
    }
    if (shift === 0) return betaUpper(post, z) >= threshold || betaMean(post) >= threshold - this.#margin;
    const s = post.alpha + post.beta;
    const m = sigmoid(logit(post.alpha / s) + shift);
    return m + z * Math.sqrt((m * (1 - m)) / (s + 1)) >= threshold || m >= threshold - this.#margin;
  }

  /** Log-odds shift for edits in this confidence bin relative to the function's overall acceptance. */
  #confidenceShift(fn: FunctionState, confidence: number): number {
    let a = 1;
    let n = 2;
    for (const c of fn.conf) {
      if (!c) continue;
      a += c.a;
      n += c.a + c.b;
    }
    const overall = a / n;
    const bin = fn.conf[confidenceBin(confidence)];
    if (!bin) return 0;
    const m = (bin.a + BIN_SHRINK * overall) / (bin.a + bin.b + BIN_SHRINK);
    return Math.max(-3, Math.min(3, logit(m) - logit(overall)));
  }

  /** Jittered re-test point so re-tests don't fall into a predictable rhythm; never beyond `max`. */
  #dueAt(gap: number, max: number): number {
    const g = Math.min(max, Math.max(1, gap));
    return g - Math.floor(this.#rng() * Math.ceil(g / 4));
  }

  #recentText(cell: Cell | undefined): string {
    if (!cell || cell.hn === 0) return "none so far";
    return `${recentWanted(cell, cell.hn)} of the last ${cell.hn}`;
  }

  #rejectedText(cell: Cell): string {
    if (cell.hn === 0) return "before";
    const rejected = cell.hn - recentWanted(cell, cell.hn);
    return `${rejected} of the last ${cell.hn} times`;
  }
}
