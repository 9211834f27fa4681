import type { Category } from "@redline/track-edits";
import { z } from "zod";
import type { EventBus } from "../bus.js";
import type { EditFeatures, PreferenceDecision, PreferenceModel, PreferenceModelFactory, VariantBandit, VariantBanditFactory } from "../learning-api.js";
import type { EngineStore } from "../persistence/store.js";
import { SESSION_PREFIX } from "../persistence/store.js";
import type { FeedbackOutcome, FeedbackRecord, ProposedItem } from "../types.js";
import type { TimerScope } from "../util/clock.js";
import { contentHash } from "../util/hash.js";
import { DEFAULT_PARAMETERS, IdleAnalyzer, ParameterTuner, editShape } from "../learning/index.js";
import { isCommentPatternKey } from "./feedback-processor.js";
import type { AnalysisReport, Insight, ParameterChange, RunFeedback, TunedParameters } from "../learning/index.js";
import { LearnerPreferenceModel } from "../preferences/learner.js";

export interface RunSummary {
  readonly runId: string;
  readonly functionId: string;
  readonly variantId: string;
  readonly at: number;
  readonly proposed: number;
  readonly shown: number;
  readonly status: "completed" | "cancelled" | "failed" | "refused";
}

interface Anchored {
  item: ProposedItem;
  /** Text just before and after the item when proposed, to find it again. */
  before: string;
  after: string;
}

interface NoteSession {
  runs: RunSummary[];
  pending: Map<string, Anchored>;
  decisions: { editId: string; outcome: FeedbackOutcome; at: number }[];
}

const anchoredSchema = z.object({
  item: z
    .object({ id: z.string(), kind: z.enum(["edit", "comment"]), from: z.number().int().nonnegative(), to: z.number().int().nonnegative(), original: z.string(), runId: z.string(), noteId: z.string() })
    .loose(),
  before: z.string(),
  after: z.string(),
});

export const sessionSchema = z.object({
  runs: z.array(z.object({ runId: z.string(), functionId: z.string(), variantId: z.string(), at: z.number(), proposed: z.number(), shown: z.number(), status: z.enum(["completed", "cancelled", "failed", "refused"]) })),
  pending: z.array(anchoredSchema),
  decisions: z.array(z.object({ editId: z.string(), outcome: z.enum(["accepted", "rejected", "modified", "ignored"]), at: z.number() })),
});

export const learningStateSchema = z.object({
  preferences: z.unknown(),
  bandit: z.unknown(),
  never: z.array(z.object({ functionId: z.string(), patternKey: z.string(), at: z.number() })).default([]),
  /**
   * Added after the first release of this schema. Both are optional, so state
   * written before them still loads (with fresh tuning and no analysis
   * history); no store migration is needed.
   */
  tuner: z.unknown().optional(),
  analyzer: z.unknown().optional(),
  /** "Never suggest <category> edits from <function>": the category form of `never`. */
  neverCategories: z.array(z.object({ functionId: z.string(), category: z.string(), at: z.number() })).default([]),
  /** Insights from the last idle analysis, so the dashboard has them after a restart. */
  insights: z.array(z.object({ id: z.string(), kind: z.string(), functionId: z.string(), text: z.string(), actionLabel: z.string().optional(), action: z.unknown() })).default([]),
});

/** Something Redline learned, as listed in a function's settings with a forget button. */
export interface LearnedItem {
  readonly id: string;
  readonly functionId: string;
  readonly kind: "pattern" | "category" | "never";
  readonly label: string;
  readonly detail: string;
}

export interface PromptBlocks {
  readonly preferences: string;
  readonly examples: string;
}

export interface FunctionLearningSettings {
  readonly learning: boolean;
  /** The function's display name, for explanations. */
  readonly name?: string;
  /** Cost of a rejected edit (the function's strictness setting). */
  readonly strictness?: number;
  /** True when the writer set the function's intensity: the tuned intensity then stays out of the prompt. */
  readonly userIntensity?: boolean;
}

/** The action of an insight the engine must perform itself (it owns the settings). */
export type HostInsightAction = { readonly kind: "set-strictness"; readonly functionId: string; readonly strictness: number };

/** Tallies one run's edits until all are decided (or the function runs again). */
interface RunTally {
  readonly functionId: string;
  open: number;
  completed: boolean;
  accepted: number;
  rejected: number;
  modified: number;
  ignored: number;
  readonly acceptedConfidences: number[];
  readonly rejectedConfidences: number[];
}

/** Quiet time after a finished run before the idle analysis runs. */
export const IDLE_ANALYSIS_MS = 30_000;

const ANCHOR = 32;
const RUNS_KEPT = 50;
const DECISIONS_KEPT = 500;
const EXAMPLES = 5;

/**
 * Per-note session state (runs, pending edits, decisions) and the preference
 * API the pipeline uses. Pending edits are persisted with surrounding text so
 * that after a restart they re-anchor to where that text now is, or are
 * dropped with a notice when it changed. The preference model itself is
 * injected (the learner from src/learning, or the baseline); this class
 * decides when it is consulted, feeds it feedback, and can rebuild it from the
 * durable feedback log (used by "forget" and to recover corrupted state).
 */
export class SessionLearningManager {
  readonly #bus: EventBus;
  readonly #store: EngineStore;
  readonly #timers: TimerScope;
  readonly #prefFactory: PreferenceModelFactory;
  readonly #banditFactory: VariantBanditFactory;
  readonly #settings: (functionId: string) => FunctionLearningSettings;
  #model: PreferenceModel;
  #bandit: VariantBandit;
  readonly #sessions = new Map<string, NoteSession>();
  readonly #pendingIndex = new Map<string, ProposedItem>();
  readonly #never = new Map<string, number>();
  /** functionId → feedback aggregates for prompt blocks. */
  readonly #patterns = new Map<string, Map<string, { accepted: number; rejected: number; category: Category }>>();
  readonly #examples = new Map<string, { original: string; final: string }[]>();
  readonly #versions = new Map<string, string>();
  #tuner: ParameterTuner;
  #analyzer: IdleAnalyzer;
  readonly #tallies = new Map<string, RunTally>();
  readonly #neverCategories = new Map<string, number>();
  #insights: Insight[] = [];
  readonly #announced = new Set<string>();
  #idleTimer: unknown;
  readonly #idleMs: number;

  constructor(options: {
    bus: EventBus;
    store: EngineStore;
    timers: TimerScope;
    preferences: PreferenceModelFactory;
    bandit: VariantBanditFactory;
    settings: (functionId: string) => FunctionLearningSettings;
    /** Quiet time before the idle analysis; 0 disables the timer (the host calls `analyze()`). */
    idleMs?: number;
  }) {
    this.#bus = options.bus;
    this.#store = options.store;
    this.#timers = options.timers;
    this.#prefFactory = options.preferences;
    this.#banditFactory = options.bandit;
    this.#settings = options.settings;
    this.#model = this.#prefFactory.create();
    this.#bandit = this.#banditFactory.create();
    this.#idleMs = options.idleMs ?? IDLE_ANALYSIS_MS;
    this.#tuner = new ParameterTuner(this.#tunerOptions());
    this.#analyzer = new IdleAnalyzer(this.#analyzerOptions());
  }

  #tunerOptions() {
    return {
      strictness: (id: string) => this.#settings(id).strictness ?? 1,
      functionName: (id: string) => this.#settings(id).name ?? id,
      now: () => this.#timers.now(),
    };
  }

  #analyzerOptions() {
    const model = this.#model instanceof LearnerPreferenceModel ? this.#model.learner : undefined;
    return { ...(model ? { model } : {}), tuner: this.#tuner, functionName: (id: string) => this.#settings(id).name ?? id, now: () => this.#timers.now() };
  }

  /** The analyzer holds the model and tuner it judges: rebuild it when either is replaced. */
  #rewireAnalyzer(): void {
    this.#analyzer = IdleAnalyzer.fromJSON(this.#analyzer.toJSON(), this.#analyzerOptions());
  }

  /** Restores learned state; if it is missing or unreadable, replays the feedback log. */
  async load(log: readonly FeedbackRecord[]): Promise<void> {
    const state = await this.#store.read("learning", learningStateSchema, "Learned preferences");
    let restored = false;
    if (state) {
      try {
        this.#model = this.#prefFactory.fromJSON(state.preferences);
        this.#bandit = state.bandit === undefined ? this.#banditFactory.create() : this.#banditFactory.fromJSON(state.bandit);
        this.#restoreTuning(state);
        restored = true;
      } catch (err) {
        await this.#store.quarantine("learning", state, `the learned preferences could not be read (${err instanceof Error ? err.message : String(err)})`);
      }
      for (const n of state.never) this.#never.set(`${n.functionId}|${n.patternKey}`, n.at);
      for (const n of state.neverCategories) this.#neverCategories.set(`${n.functionId}|${n.category}`, n.at);
    }
    this.#rewireAnalyzer();
    this.#rebuildAggregates(log);
    if (!restored && log.length > 0) this.#replay(log);
  }

  /** The bandit the FunctionSelector uses. */
  bandit(): VariantBandit {
    return this.#bandit;
  }

  decide(features: EditFeatures): PreferenceDecision {
    if (this.#never.has(`${features.functionId}|${features.patternKey}`)) {
      return { show: false, probability: 0, retest: false, explanation: `Hidden because you asked never to suggest “${features.patternKey}” from ${features.functionId}. Remove the rule in the function's learned list to see it again.` };
    }
    if (this.#neverCategories.has(`${features.functionId}|${features.category}`)) {
      const name = this.#settings(features.functionId).name ?? features.functionId;
      return { show: false, probability: 0, retest: false, explanation: `Hidden because you asked never to suggest ${features.category} edits from ${name}. Remove the rule in the function's learned list to see them again.` };
    }
    if (!this.#settings(features.functionId).learning) {
      return { show: true, probability: 1, retest: false, explanation: "Shown: learning is off for this function." };
    }
    const cut = this.#tuner.parameters(features.functionId).confidenceCut;
    if (features.confidence !== undefined && cut > 0 && features.confidence < cut) {
      const name = this.#settings(features.functionId).name ?? features.functionId;
      return {
        show: false,
        probability: features.confidence,
        retest: false,
        explanation: `Hidden: ${name} is only ${Math.round(features.confidence * 100)}% sure of this edit, below the ${Math.round(cut * 100)}% cut it learned from the edits of that kind you rejected.`,
      };
    }
    return this.#model.decide(features);
  }

  /** Consumes one feedback record (wired to `feedback:recorded`). */
  learn(record: FeedbackRecord): void {
    const s = this.#session(record.noteId);
    const pending = s.pending.get(record.editId);
    this.#tallyDecision(record, pending?.item);
    s.pending.delete(record.editId);
    this.#pendingIndex.delete(record.editId);
    s.decisions.push({ editId: record.editId, outcome: record.outcome, at: record.at });
    if (s.decisions.length > DECISIONS_KEPT) s.decisions.splice(0, s.decisions.length - DECISIONS_KEPT);
    if (pending || record.noteId) this.#persistSession(record.noteId);
    if (!this.#settings(record.functionId).learning) return;
    this.#model.update(featuresOf(record), record.outcome, record.at, record.id);
    this.#aggregate(record);
    this.#versions.delete(record.functionId);
    this.#persistLearning();
    this.#bus.emit("learning:updated", { functionId: record.functionId, preferencesVersion: this.preferencesVersion(record.functionId) });
  }

  /**
   * Takes back one feedback record (wired to `feedback:retracted`): the writer
   * undid the decision and the edit is pending again (the host re-adds it). A
   * run whose reward already reached the tuner keeps it: one run among many.
   */
  unlearn(record: FeedbackRecord): void {
    const s = this.#session(record.noteId);
    const at = s.decisions.findLastIndex((d) => d.editId === record.editId);
    if (at >= 0) s.decisions.splice(at, 1);
    const t = this.#tallies.get(record.runId);
    if (t) {
      // The host re-adds the edit as pending, which reopens it in the tally.
      if (record.outcome === "accepted") t.accepted = Math.max(0, t.accepted - 1);
      else if (record.outcome === "rejected") t.rejected = Math.max(0, t.rejected - 1);
      else if (record.outcome === "modified") t.modified = Math.max(0, t.modified - 1);
      else t.ignored = Math.max(0, t.ignored - 1);
      const list = record.outcome === "accepted" ? t.acceptedConfidences : record.outcome === "rejected" ? t.rejectedConfidences : undefined;
      const ci = record.confidence === undefined || !list ? -1 : list.lastIndexOf(record.confidence);
      if (list && ci >= 0) list.splice(ci, 1);
    }
    if (record.noteId) this.#persistSession(record.noteId);
    if (!this.#settings(record.functionId).learning) return;
    this.#model.retract(record.id, featuresOf(record), record.outcome);
    this.#unaggregate(record);
    this.#versions.delete(record.functionId);
    this.#persistLearning();
    this.#bus.emit("learning:updated", { functionId: record.functionId, preferencesVersion: this.preferencesVersion(record.functionId) });
  }

  #replay(log: readonly FeedbackRecord[]): void {
    this.#model = this.#prefFactory.create();
    for (const r of log) if (this.#settings(r.functionId).learning) this.#model.update(featuresOf(r), r.outcome, r.at);
    this.#rewireAnalyzer();
    this.#persistLearning();
  }

  #rebuildAggregates(log: readonly FeedbackRecord[]): void {
    this.#patterns.clear();
    this.#examples.clear();
    this.#versions.clear();
    for (const r of log) this.#aggregate(r);
  }

  #unaggregate(r: FeedbackRecord): void {
    if (r.outcome === "ignored") return;
    const cell = this.#patterns.get(r.functionId)?.get(r.patternKey);
    if (cell) {
      if (r.outcome === "rejected") cell.rejected = Math.max(0, cell.rejected - 1);
      else cell.accepted = Math.max(0, cell.accepted - 1);
      if (cell.accepted + cell.rejected === 0) this.#patterns.get(r.functionId)?.delete(r.patternKey);
    }
    const ex = this.#examples.get(r.functionId);
    const final = r.finalText ?? r.replacement;
    const i = ex ? ex.findLastIndex((e) => e.original === r.original && e.final === final) : -1;
    if (ex && i >= 0) ex.splice(i, 1);
  }

  #aggregate(r: FeedbackRecord): void {
    if (r.outcome === "ignored") return;
    let p = this.#patterns.get(r.functionId);
    if (!p) {
      p = new Map<string, { accepted: number; rejected: number; category: Category }>();
      this.#patterns.set(r.functionId, p);
    }
    const cell = p.get(r.patternKey) ?? { accepted: 0, rejected: 0, category: r.category };
    if (r.outcome === "rejected") cell.rejected++;
    else cell.accepted++;
    p.set(r.patternKey, cell);
    if (r.outcome !== "rejected" && r.original.trim() !== "" && !r.patternKey.startsWith("comment:")) {
      const ex = this.#examples.get(r.functionId) ?? [];
      ex.push({ original: r.original, final: r.finalText ?? r.replacement });
      if (ex.length > EXAMPLES) ex.splice(0, ex.length - EXAMPLES);
      this.#examples.set(r.functionId, ex);
    }
  }

  /**
   * The {{preferences}} and {{examples}} blocks: accepted corrections as
   * few-shot examples, consistently rejected rewrites as "avoid".
   */
  promptBlocks(functionId: string): PromptBlocks {
    if (!this.#settings(functionId).learning) return { preferences: "", examples: "" };
    const avoid: string[] = [];
    const byCat = new Map<Category, { a: number; r: number }>();
    for (const [key, c] of this.#patterns.get(functionId) ?? []) {
      if (c.rejected >= 2 && c.rejected >= 4 * c.accepted) avoid.push(key);
      const k = byCat.get(c.category) ?? { a: 0, r: 0 };
      k.a += c.accepted;
      k.r += c.rejected;
      byCat.set(c.category, k);
    }
    for (const [fn, key] of [...this.#never.keys()].map((k) => k.split("|") as [string, string])) if (fn === functionId && !avoid.includes(key)) avoid.push(key);
    const rare = [...byCat].filter(([, c]) => c.a + c.r >= 5 && c.a / (c.a + c.r) < 0.25).map(([cat]) => cat);
    const lines: string[] = [];
    if (avoid.length > 0) lines.push(`The writer rejects these rewrites; avoid them: ${avoid.slice(0, 12).map((k) => `“${k}”`).join(", ")}.`);
    // The tuned edit intensity reaches the model as wording (and so the cache key, via preferencesVersion).
    const intensity = this.#settings(functionId).userIntensity ? DEFAULT_PARAMETERS.intensity : this.#tuner.parameters(functionId).intensity;
    if (intensity < DEFAULT_PARAMETERS.intensity - 0.15) lines.push("Propose only changes that clearly improve the text; leave borderline wording as it is.");
    else if (intensity > DEFAULT_PARAMETERS.intensity + 0.2) lines.push("Be thorough: propose every change that improves the text.");
    if (rare.length > 0) lines.push(`The writer rarely accepts ${rare.join(", ")} changes from this function; make them only when clearly needed.`);
    const ex = this.#examples.get(functionId) ?? [];
    return {
      preferences: lines.length > 0 ? `Writer's preferences:\n${lines.join("\n")}` : "",
      examples: ex.length > 0 ? `Changes this writer accepted:\n${ex.map((e) => `- “${e.original}” → “${e.final}”`).join("\n")}` : "",
    };
  }

  /** Changes exactly when the prompt blocks change; part of the cache key. */
  preferencesVersion(functionId: string): string {
    let v = this.#versions.get(functionId);
    if (v === undefined) {
      const b = this.promptBlocks(functionId);
      v = contentHash(b.preferences, b.examples);
      this.#versions.set(functionId, v);
    }
    return v;
  }

  // ── bounded online tuning and idle analysis ───────────────────────────

  /**
   * The tuned parameters for a run about to start, or undefined when learning
   * is off for the function. Earlier runs of the function that still have
   * undecided edits are closed first, their undecided edits counted as
   * ignored (not rejected), so this run already benefits from them.
   */
  runParameters(functionId: string, runId: string): TunedParameters | undefined {
    // Only finished runs: a run of the same function still streaming (another note) is not over yet.
    for (const [id, t] of [...this.#tallies]) if (id !== runId && t.completed && t.functionId === functionId) this.#finishRun(id);
    if (!this.#settings(functionId).learning) return undefined;
    return this.#tuner.parameters(functionId);
  }

  /** Announced parameter changes (tuning and rollbacks), oldest first. */
  parameterChanges(functionId?: string): readonly ParameterChange[] {
    return this.#tuner.history(functionId);
  }

  /** Insights from the last idle analysis, minus dismissed and already-applied ones. */
  insights(): readonly Insight[] {
    return this.#insights;
  }

  #tally(runId: string, functionId: string): RunTally {
    let t = this.#tallies.get(runId);
    if (!t) {
      t = { functionId, open: 0, completed: false, accepted: 0, rejected: 0, modified: 0, ignored: 0, acceptedConfidences: [], rejectedConfidences: [] };
      this.#tallies.set(runId, t);
    }
    return t;
  }

  #tallyDecision(record: FeedbackRecord, item: ProposedItem | undefined): void {
    const t = this.#tallies.get(record.runId);
    if (!t || !item) return;
    t.open--;
    const confidence = item.kind === "edit" ? item.confidence : undefined;
    if (record.outcome === "accepted") {
      t.accepted++;
      if (confidence !== undefined) t.acceptedConfidences.push(confidence);
    } else if (record.outcome === "rejected") {
      t.rejected++;
      if (confidence !== undefined) t.rejectedConfidences.push(confidence);
    } else if (record.outcome === "modified") t.modified++;
    else t.ignored++;
    if (t.completed && t.open <= 0) this.#finishRun(record.runId);
  }

  /** Feeds a finished run's reward to the tuner and the analyzer. */
  #finishRun(runId: string): void {
    const t = this.#tallies.get(runId);
    if (!t) return;
    this.#tallies.delete(runId);
    if (!this.#settings(t.functionId).learning) return;
    const feedback: RunFeedback = {
      functionId: t.functionId,
      accepted: t.accepted,
      rejected: t.rejected,
      modified: t.modified,
      ignored: t.ignored + Math.max(0, t.open),
      acceptedConfidences: t.acceptedConfidences,
      rejectedConfidences: t.rejectedConfidences,
      at: this.#timers.now(),
    };
    if (feedback.accepted + feedback.rejected + feedback.modified === 0) return;
    const changes = this.#tuner.recordRun(feedback);
    this.#analyzer.recordRun(feedback);
    this.#announceChanges(changes);
    this.#persistLearning();
    this.#scheduleIdle();
  }

  #announceChanges(changes: readonly ParameterChange[]): void {
    for (const change of changes) {
      this.#versions.delete(change.functionId);
      this.#bus.emit("learning:parameters-changed", { change, explanation: change.explanation });
    }
  }

  #scheduleIdle(): void {
    if (this.#idleMs <= 0) return;
    if (this.#idleTimer !== undefined) this.#timers.clear(this.#idleTimer);
    this.#idleTimer = this.#timers.set(() => {
      this.#idleTimer = undefined;
      this.analyze();
    }, this.#idleMs);
  }

  /**
   * The idle-time batch analysis: trends and degradation per function,
   * automatic rollback of parameter changes that made things worse, and
   * insights with one-click actions. Runs on the engine's idle timer; hosts
   * may also call it (e.g. when the dashboard opens).
   */
  analyze(): AnalysisReport {
    if (this.#idleTimer !== undefined) {
      this.#timers.clear(this.#idleTimer);
      this.#idleTimer = undefined;
    }
    const report = this.#analyzer.analyze(this.#timers.now());
    this.#announceChanges(report.rollbacks);
    this.#insights = report.insights.filter((i) => !this.#alreadyRuled(i));
    for (const insight of this.#insights) {
      if (this.#announced.has(insight.id)) continue;
      this.#announced.add(insight.id);
      this.#bus.emit("learning:insight", { insight });
    }
    this.#persistLearning();
    return { ...report, insights: this.#insights };
  }

  #alreadyRuled(i: Insight): boolean {
    const a = i.action;
    if (a.kind !== "add-never") return false;
    const fn = a.rule.functionId ?? i.functionId;
    return a.rule.kind === "pattern" ? this.#never.has(`${fn}|${a.rule.value}`) : this.#neverCategories.has(`${fn}|${a.rule.value}`);
  }

  /**
   * Performs an insight's one-click action. "Never" rules become the same
   * visible, reversible rules as the writer's own (listed in `learnedItems`,
   * removed with `forget`). Returns the action the engine must perform itself
   * (a settings change), if any; undefined when the insight is unknown.
   */
  applyInsight(id: string): { applied: Insight; host?: HostInsightAction } | undefined {
    const insight = this.#insights.find((i) => i.id === id);
    if (!insight) return undefined;
    const a = insight.action;
    let host: HostInsightAction | undefined;
    if (a.kind === "add-never") {
      const fn = a.rule.functionId ?? insight.functionId;
      if (a.rule.kind === "pattern") this.neverSuggest(fn, a.rule.value);
      else this.neverSuggestCategory(fn, a.rule.value);
    } else if (a.kind === "set-strictness") host = a;
    this.dismissInsight(id);
    return host ? { applied: insight, host } : { applied: insight };
  }

  dismissInsight(id: string): boolean {
    const had = this.#insights.some((i) => i.id === id);
    this.#analyzer.dismiss(id);
    this.#insights = this.#insights.filter((i) => i.id !== id);
    this.#persistLearning();
    return had;
  }

  #restoreTuning(state: z.infer<typeof learningStateSchema>): void {
    this.#tuner = state.tuner === undefined ? new ParameterTuner(this.#tunerOptions()) : ParameterTuner.fromJSON(state.tuner, this.#tunerOptions());
    this.#analyzer = state.analyzer === undefined ? new IdleAnalyzer(this.#analyzerOptions()) : IdleAnalyzer.fromJSON(state.analyzer, this.#analyzerOptions());
    this.#insights = state.insights as Insight[];
    // Insights saved with the state were announced in the session that found them.
    for (const i of this.#insights) this.#announced.add(i.id);
  }

  // ── sessions ──────────────────────────────────────────────────────────

  #session(noteId: string): NoteSession {
    let s = this.#sessions.get(noteId);
    if (!s) this.#sessions.set(noteId, (s = { runs: [], pending: new Map(), decisions: [] }));
    return s;
  }

  recordRun(noteId: string, run: RunSummary): void {
    const t = this.#tallies.get(run.runId);
    if (t) {
      t.completed = true;
      if (t.open <= 0) this.#finishRun(run.runId);
    }
    const s = this.#session(noteId);
    s.runs.push(run);
    if (s.runs.length > RUNS_KEPT) s.runs.splice(0, s.runs.length - RUNS_KEPT);
    this.#persistSession(noteId);
  }

  /** Remembers proposed items with their surrounding text, and persists them. */
  addPending(noteId: string, items: readonly ProposedItem[], docText: string): void {
    if (items.length === 0) return;
    const s = this.#session(noteId);
    for (const item of items) {
      if (!s.pending.has(item.id)) this.#tally(item.runId, item.source.functionId).open++;
      s.pending.set(item.id, { item, before: docText.slice(Math.max(0, item.from - ANCHOR), item.from), after: docText.slice(item.to, item.to + ANCHOR) });
      this.#pendingIndex.set(item.id, item);
    }
    this.#persistSession(noteId);
  }

  /** Drops pending items without feedback (superseded by a re-run). */
  dropPending(noteId: string, ids: readonly string[]): void {
    const s = this.#session(noteId);
    for (const id of ids) {
      const item = s.pending.get(id)?.item;
      const t = item ? this.#tallies.get(item.runId) : undefined;
      if (t) {
        // Withdrawn unanswered: an ignore, never a rejection.
        t.open--;
        t.ignored++;
        if (t.completed && t.open <= 0) this.#finishRun(item?.runId ?? "");
      }
      s.pending.delete(id);
      this.#pendingIndex.delete(id);
    }
    this.#persistSession(noteId);
  }

  pendingItem(editId: string): ProposedItem | undefined {
    return this.#pendingIndex.get(editId);
  }

  /** Pending items of one function within [from, to]. */
  pendingIn(noteId: string, functionId: string, from: number, to: number): ProposedItem[] {
    const out: ProposedItem[] = [];
    for (const a of this.#sessions.get(noteId)?.pending.values() ?? []) {
      const p = a.item;
      if (p.source.functionId === functionId && p.from >= from && p.to <= to) out.push(p);
    }
    return out;
  }

  pending(noteId: string): ProposedItem[] {
    return [...(this.#sessions.get(noteId)?.pending.values() ?? [])].map((a) => a.item);
  }

  session(noteId: string): { runs: readonly RunSummary[]; pending: readonly ProposedItem[]; decisions: readonly { editId: string; outcome: FeedbackOutcome; at: number }[] } {
    const s = this.#sessions.get(noteId);
    return { runs: s?.runs ?? [], pending: this.pending(noteId), decisions: s?.decisions ?? [] };
  }

  /**
   * Loads a note's persisted session and re-anchors its pending items to
   * `currentText`. Items whose text is gone are dropped with a notice.
   */
  async restore(noteId: string, currentText: string): Promise<{ pending: ProposedItem[]; dropped: ProposedItem[] }> {
    const saved = await this.#store.read(`${SESSION_PREFIX}${noteId}`, sessionSchema, `Session of ${noteId}`);
    const s = this.#session(noteId);
    if (saved) {
      s.runs = saved.runs;
      s.decisions = saved.decisions;
      for (const a of saved.pending) if (!s.pending.has(a.item.id)) s.pending.set(a.item.id, { item: a.item as unknown as ProposedItem, before: a.before, after: a.after });
    }
    const kept: ProposedItem[] = [];
    const dropped: ProposedItem[] = [];
    for (const [id, a] of s.pending) {
      const at = reanchor(currentText, a);
      this.#pendingIndex.delete(id);
      if (at === undefined) {
        s.pending.delete(id);
        dropped.push(a.item);
        continue;
      }
      const moved = { ...a.item, from: at, to: at + a.item.original.length } as ProposedItem;
      s.pending.set(id, { item: moved, before: currentText.slice(Math.max(0, at - ANCHOR), at), after: currentText.slice(moved.to, moved.to + ANCHOR) });
      this.#pendingIndex.set(id, moved);
      kept.push(moved);
    }
    if (saved || dropped.length > 0) this.#persistSession(noteId);
    this.#bus.emit("session:restored", { noteId, reanchored: kept.length, dropped: dropped.length });
    if (dropped.length > 0) {
      this.#bus.emit("notice", {
        level: "info",
        source: "session",
        message: `${dropped.length} pending suggestion${dropped.length === 1 ? "" : "s"} in ${noteId} ${dropped.length === 1 ? "was" : "were"} dropped because the text ${dropped.length === 1 ? "it applied" : "they applied"} to changed while Redline was closed. Run the function again to get fresh ones.`,
      });
    }
    return { pending: kept, dropped };
  }

  #persistSession(noteId: string): void {
    const s = this.#sessions.get(noteId);
    if (!s || noteId === "") return;
    void this.#store.writeLazy(`${SESSION_PREFIX}${noteId}`, () => ({ runs: s.runs, pending: [...s.pending.values()], decisions: s.decisions }));
  }

  #persistLearning(): void {
    void this.#store.writeLazy("learning", () => this.exportState());
  }

  // ── what was learned ──────────────────────────────────────────────────

  /** An explicit, visible, reversible "never suggest this". */
  neverSuggest(functionId: string, patternKey: string): void {
    this.#never.set(`${functionId}|${patternKey}`, this.#timers.now());
    this.#versions.delete(functionId);
    this.#persistLearning();
  }

  /** An explicit, visible, reversible "never suggest <category> edits from this function". */
  neverSuggestCategory(functionId: string, category: string): void {
    this.#neverCategories.set(`${functionId}|${category}`, this.#timers.now());
    this.#versions.delete(functionId);
    this.#persistLearning();
  }

  learnedItems(functionId?: string): LearnedItem[] {
    const out: LearnedItem[] = [];
    for (const [k] of this.#never) {
      const [fn = "", key = ""] = k.split("|");
      if (functionId === undefined || fn === functionId) out.push({ id: `never|${fn}|${key}`, functionId: fn, kind: "never", label: `Never suggest “${key}”`, detail: "Your explicit rule." });
    }
    for (const [k] of this.#neverCategories) {
      const [fn = "", cat = ""] = k.split("|");
      if (functionId === undefined || fn === functionId) out.push({ id: `never-category|${fn}|${cat}`, functionId: fn, kind: "never", label: `Never suggest ${cat} edits`, detail: "Your explicit rule." });
    }
    for (const [fn, patterns] of this.#patterns) {
      if (functionId !== undefined && fn !== functionId) continue;
      const cats = new Map<Category, { a: number; r: number }>();
      for (const [key, c] of patterns) {
        const k = cats.get(c.category) ?? { a: 0, r: 0 };
        k.a += c.accepted;
        k.r += c.rejected;
        cats.set(c.category, k);
        if (c.accepted + c.rejected >= 2) out.push({ id: `pattern|${fn}|${key}`, functionId: fn, kind: "pattern", label: key, detail: `accepted ${c.accepted}, rejected ${c.rejected}` });
      }
      for (const [cat, c] of cats) out.push({ id: `category|${fn}|${cat}`, functionId: fn, kind: "category", label: `${cat} edits`, detail: `accepted ${c.a} of ${c.a + c.r}` });
    }
    return out;
  }

  /**
   * Forgets a learned item: removes the rule, or the feedback behind a
   * pattern or category, then rebuilds the model from what remains.
   */
  async forget(itemId: string, removeFeedback: (pred: (r: FeedbackRecord) => boolean) => Promise<readonly FeedbackRecord[]>): Promise<boolean> {
    const [kind, fn = "", key = ""] = itemId.split("|");
    if (kind === "never" || kind === "never-category") {
      const had = (kind === "never" ? this.#never : this.#neverCategories).delete(`${fn}|${key}`);
      this.#versions.delete(fn);
      this.#persistLearning();
      return had;
    }
    if (kind !== "pattern" && kind !== "category") return false;
    const remaining = await removeFeedback((r) => r.functionId === fn && (kind === "pattern" ? r.patternKey === key : r.category === key));
    this.#rebuildAggregates(remaining);
    this.#replay(remaining);
    this.#bus.emit("learning:updated", { functionId: fn, preferencesVersion: this.preferencesVersion(fn) });
    return true;
  }

  exportState(): z.infer<typeof learningStateSchema> {
    return {
      preferences: this.#model.toJSON(),
      bandit: this.#bandit.toJSON(),
      never: [...this.#never].map(([k, at]) => {
        const [functionId = "", patternKey = ""] = k.split("|");
        return { functionId, patternKey, at };
      }),
      tuner: this.#tuner.toJSON(),
      analyzer: this.#analyzer.toJSON(),
      neverCategories: [...this.#neverCategories].map(([k, at]) => {
        const [functionId = "", category = ""] = k.split("|");
        return { functionId, category, at };
      }),
      insights: this.#insights.map((i) => ({ ...i })),
    };
  }

  /** Import: takes a state and the log it came with. Throws on unreadable state. */
  importState(state: z.infer<typeof learningStateSchema>, log: readonly FeedbackRecord[]): void {
    this.#model = this.#prefFactory.fromJSON(state.preferences);
    this.#bandit = state.bandit === undefined ? this.#banditFactory.create() : this.#banditFactory.fromJSON(state.bandit);
    const tuner = state.tuner === undefined ? new ParameterTuner(this.#tunerOptions()) : ParameterTuner.fromJSON(state.tuner, this.#tunerOptions());
    this.#tuner = tuner;
    this.#analyzer = IdleAnalyzer.fromJSON(state.analyzer ?? new IdleAnalyzer().toJSON(), this.#analyzerOptions());
    this.#insights = state.insights as Insight[];
    this.#tallies.clear();
    this.#never.clear();
    for (const n of state.never) this.#never.set(`${n.functionId}|${n.patternKey}`, n.at);
    this.#neverCategories.clear();
    for (const n of state.neverCategories) this.#neverCategories.set(`${n.functionId}|${n.category}`, n.at);
    this.#rebuildAggregates(log);
    this.#persistLearning();
  }

  reset(): void {
    this.#model = this.#prefFactory.create();
    this.#bandit = this.#banditFactory.create();
    this.#never.clear();
    this.#neverCategories.clear();
    this.#tuner = new ParameterTuner(this.#tunerOptions());
    this.#analyzer = new IdleAnalyzer(this.#analyzerOptions());
    this.#insights = [];
    this.#tallies.clear();
    this.#announced.clear();
    this.#sessions.clear();
    this.#pendingIndex.clear();
    this.#rebuildAggregates([]);
  }
}

function featuresOf(r: FeedbackRecord): EditFeatures {
  const isEdit = !isCommentPatternKey(r.patternKey);
  return {
    functionId: r.functionId,
    category: r.category,
    patternKey: r.patternKey,
    variantId: r.variantId,
    model: r.model,
    ...(r.confidence === undefined ? {} : { confidence: r.confidence }),
    ...(isEdit ? { shape: editShape(r.original, r.replacement) } : {}),
  };
}

/** Where the anchored text is now, or undefined if it can't be found unambiguously. */
export function reanchor(text: string, a: { item: { from: number; original: string }; before: string; after: string }): number | undefined {
  const { from, original } = a.item;
  if (text.slice(from, from + original.length) === original && text.slice(Math.max(0, from - a.before.length), from) === a.before) return from;
  const full = a.before + original + a.after;
  const hits = allIndexes(text, full);
  if (hits.length === 1 && hits[0] !== undefined) return hits[0] + a.before.length;
  // Context on one side may have been edited; accept a unique match of either half.
  for (const [needle, offset] of [[a.before + original, a.before.length], [original + a.after, 0]] as const) {
    if (needle.length < original.length + 8) continue;
    const h = allIndexes(text, needle);
    if (h.length === 1 && h[0] !== undefined) return h[0] + offset;
  }
  return undefined;
}

function allIndexes(text: string, needle: string): number[] {
  if (needle === "") return [];
  const out: number[] = [];
  for (let i = text.indexOf(needle); i >= 0 && out.length < 2; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}
