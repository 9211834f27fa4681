import { createRouter } from "@redline/ai-providers";
import type { BreakerStorage, ModelProvider, ProviderConfig, Router, RouterOptions } from "@redline/ai-providers";
import type { ChangeDesc, Extension, Text } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { ChangeBatcher } from "@redline/track-edits";
import type { BatchStrategy } from "@redline/track-edits";
import { z } from "zod";
import { EventBus } from "./bus.js";
import type { DiagnosticCheck, DiagnosticsReport } from "./diagnostics.js";
import { FunctionRegistry } from "./functions/registry.js";
import type { FunctionFileSource } from "./functions/registry.js";
import { applySettings, functionSettingsSchema, settingsSchema } from "./functions/settings.js";
import type { FunctionSettings } from "./functions/settings.js";
import { DEFAULT_STYLE_SHEET, describeStyleSheet, styleSheetSchema } from "./functions/style-sheet.js";
import type { StyleSheet } from "./functions/style-sheet.js";
import type { BatchingStrategy, EditorialFunction } from "./functions/types.js";
import type { PreferenceModelFactory, VariantBanditFactory } from "./learning-api.js";
import { feedbackRecordSchema, FeedbackProcessor } from "./managers/feedback-processor.js";
import type { Resolution } from "./managers/feedback-processor.js";
import { FunctionSelector, selectionLogSchema } from "./managers/function-selector.js";
import type { SelectionStrategy } from "./managers/function-selector.js";
import { metricsSchema, PerformanceMonitor } from "./managers/performance-monitor.js";
import type { MetricsQuery, MetricsRow } from "./managers/performance-monitor.js";
import { ResourceManager, spendLedgerSchema } from "./managers/resource-manager.js";
import type { BudgetConfig, PoolConfig, ResourceState } from "./managers/resource-manager.js";
import { learningStateSchema, SessionLearningManager } from "./managers/session-learning-manager.js";
import type { LearnedItem } from "./managers/session-learning-manager.js";
import type { AnalysisReport, Insight, ParameterChange } from "./learning/index.js";
import { idbBackend, memoryBackend } from "./persistence/backend.js";
import type { KeyValueBackend } from "./persistence/backend.js";
import { EngineStore, FEEDBACK_PREFIX, SCHEMA_VERSION, SESSION_PREFIX } from "./persistence/store.js";
import type { Migration, QuarantinedItem } from "./persistence/store.js";
import { learnerBanditFactory, learnerPreferenceFactory } from "./preferences/learner.js";
import { ParagraphCache } from "./pipeline/cache.js";
import { keepModelAnswers } from "./pipeline/model-cache.js";
import type { CallOutcome, PipelineDeps, RunRequest, RunResult } from "./pipeline/run.js";
import { executeRun } from "./pipeline/run.js";
import { ModelGateway } from "./pipeline/gateway.js";
import type { ChainSpec, SecretsGetter } from "./pipeline/gateway.js";
import type { FeedbackRecord, NoteContext, ProposedItem, TextRange } from "./types.js";
import { systemClock, TimerScope } from "./util/clock.js";
import type { Clock } from "./util/clock.js";
import { IdSource, randomPrefix } from "./util/ids.js";

export interface EngineProvidersOptions {
  /** Provider configs (keys may be omitted: they are fetched through `secrets`) or instances. */
  readonly list: readonly (ProviderConfig | ModelProvider)[];
  /** Named chains of "provider:model" targets: "default", and optionally one per function id. */
  readonly chains?: Readonly<Record<string, ChainSpec>>;
  /** Defaults to ai-providers' createRouter. */
  readonly createRouter?: (options: RouterOptions) => Router;
  /** Everything else the router takes: registry (with the offline engine), timeouts, cache, prices… */
  readonly router?: Omit<RouterOptions, "providers" | "chains">;
}

export interface EngineOptions {
  /** Key-value storage; defaults to IndexedDB database "redline" (memory when IndexedDB is missing). */
  readonly storage?: KeyValueBackend;
  readonly providers?: EngineProvidersOptions;
  /** Returns a provider's API key from the host's secret storage; never persisted by the engine. */
  readonly secrets?: SecretsGetter;
  readonly clock?: Clock;
  readonly budgets?: BudgetConfig;
  readonly pools?: Readonly<Record<string, PoolConfig>>;
  /** Custom functions: Markdown notes in `folder`, hot-reloaded through `source`. */
  readonly functions?: { readonly source: FunctionFileSource; readonly folder: string };
  readonly preferences?: PreferenceModelFactory;
  readonly bandit?: VariantBanditFactory;
  readonly selection?: SelectionStrategy;
  readonly random?: () => number;
  /** Write-behind delay of the store (feedback is durable within it). Default 15 ms. */
  readonly flushMs?: number;
  readonly migrations?: Readonly<Record<number, Migration>>;
  readonly engineId?: string;
  /**
   * Quiet time after a run's edits are all decided before the idle analysis
   * (trends, rollbacks, insights) runs on an engine-owned timer. Default 30 s;
   * 0 turns the timer off and leaves it to the host to call `engine.idle()`.
   */
  readonly idleAnalysisMs?: number;
}

export interface RunHandle {
  readonly runId: string;
  readonly result: Promise<RunResult>;
  cancel(reason?: string): void;
}

export interface OpenNoteOptions {
  /** The note's current text (e.g. `() => view.state.doc.toString()`). */
  readonly getText: () => string;
  readonly note?: NoteContext;
  /** Receives each paragraph's proposals from as-you-type runs. */
  readonly onParagraph?: RunRequest["onParagraph"];
}

export interface NoteHandle {
  /** Pending items restored from the last session, re-anchored to the current text. */
  readonly restored: readonly ProposedItem[];
  /** Items dropped because their text changed (a notice was emitted). */
  readonly dropped: readonly ProposedItem[];
  /** Runs the note's as-you-type functions on dirty ranges now. */
  dirty(ranges: readonly TextRange[]): RunHandle[];
  /**
   * Feeds one of the writer's changes to the as-you-type batchers (one per
   * as-you-type function, each with its own batching strategy). Headless
   * hosts call this; editors use `extension()` instead.
   */
  record(changes: ChangeDesc, doc: Text): void;
  /** A CodeMirror extension that feeds the writer's changes to the batchers. */
  extension(): Extension;
  /** Cancels the note's runs and batchers; pending items stay persisted for next time. */
  close(): void;
}

const exportSchema = z.object({
  format: z.literal("redline-learning"),
  schemaVersion: z.number().int(),
  exportedAt: z.number(),
  learning: learningStateSchema,
  feedback: z.array(feedbackRecordSchema),
  metrics: metricsSchema,
  selector: selectionLogSchema,
  settings: settingsSchema,
  styleSheet: styleSheetSchema,
});
export type ExportedData = z.infer<typeof exportSchema>;

const storedStyleSheet = styleSheetSchema;

const breakerSnapshotSchema = z.object({
  version: z.literal(1),
  targets: z.record(z.string(), z.object({ state: z.enum(["closed", "open", "half-open"]), openedAt: z.number().optional(), failures: z.number() })),
});

/**
 * The composition root: one bus, one of each manager, wired here and
 * nowhere else. `dispose()` leaves no listener, timer or module state.
 */
export class Engine {
  readonly id: string;
  readonly bus = new EventBus();
  readonly functions: FunctionRegistry;
  readonly feedback: FeedbackProcessor;
  readonly sessions: SessionLearningManager;
  readonly selector: FunctionSelector;
  readonly resources: ResourceManager;
  readonly monitor: PerformanceMonitor;
  readonly #timers: TimerScope;
  readonly #store: EngineStore;
  readonly #ids: IdSource;
  readonly #gateway: ModelGateway;
  readonly #cache = new ParagraphCache<CallOutcome>();
  readonly #runs = new Map<string, { controller: AbortController; noteId: string; functionId: string; asYouType: boolean }>();
  readonly #noteClosers = new Set<() => void>();
  readonly #notes = new Map<string, OpenNoteOptions>();
  readonly #offs: (() => void)[] = [];
  readonly #options: EngineOptions;
  #settings: Record<string, FunctionSettings> = {};
  readonly #effective = new Map<string, { version: string; fn: EditorialFunction & { readonly enabled: boolean; readonly strictness: number } }>();
  #styleSheet: StyleSheet = DEFAULT_STYLE_SHEET;
  #lastResolved: FeedbackRecord | undefined;
  readonly #startupNotices: { readonly level: string; readonly message: string; readonly source: string }[] = [];
  #disposed = false;

  /** Use {@link createEngine}: loading persisted state is asynchronous. */
  constructor(options: EngineOptions = {}) {
    this.#options = options;
    this.id = options.engineId ?? `engine-${randomPrefix()}`;
    this.#timers = new TimerScope(options.clock ?? systemClock);
    this.#ids = new IdSource(randomPrefix());
    const bus = this.bus;
    const timers = this.#timers;
    this.#store = new EngineStore({
      backend: options.storage ?? (typeof indexedDB === "undefined" ? memoryBackend() : idbBackend()),
      bus,
      timers,
      ...(options.flushMs !== undefined ? { flushMs: options.flushMs } : {}),
      ...(options.migrations ? { migrations: options.migrations } : {}),
    });
    this.functions = new FunctionRegistry(bus);
    this.resources = new ResourceManager({ bus, timers, ...(options.budgets ? { budgets: options.budgets } : {}), ...(options.pools ? { pools: options.pools } : {}) });
    this.monitor = new PerformanceMonitor({ bus, timers });
    this.sessions = new SessionLearningManager({
      bus,
      store: this.#store,
      timers,
      preferences: options.preferences ?? learnerPreferenceFactory(),
      bandit: options.bandit ?? learnerBanditFactory(),
      settings: (id) => {
        const fn = this.effectiveFunction(id);
        return { learning: fn?.learning ?? true, userIntensity: this.#settings[id]?.intensity !== undefined, ...(fn ? { name: fn.name, strictness: fn.strictness } : {}) };
      },
      ...(options.idleAnalysisMs !== undefined ? { idleMs: options.idleAnalysisMs } : {}),
    });
    this.selector = new FunctionSelector({ bus, timers, bandit: () => this.sessions.bandit(), ...(options.random ? { random: options.random } : {}) });
    this.feedback = new FeedbackProcessor({ bus, store: this.#store, timers, ids: this.#ids, lookup: (id) => this.sessions.pendingItem(id) });
    this.#gateway = new ModelGateway(bus);

    // ── wiring: the data path decide → feedback → learn, over the bus ──
    this.#offs.push(
      bus.on("edits:resolved", ({ noteId, resolution }) => {
        this.#lastResolved = this.feedback.process({ ...resolution, noteId })?.record;
      }),
      bus.on("feedback:recorded", ({ record }) => {
        this.sessions.learn(record);
      }),
      bus.on("feedback:recorded", ({ record }) => {
        this.monitor.recordOutcome(record.functionId, record.model, record.outcome, record.at);
      }),
      bus.on("feedback:recorded", ({ record }) => {
        this.selector.learn(record);
      }),
      bus.on("feedback:retracted", ({ record }) => {
        this.sessions.unlearn(record);
      }),
      bus.on("feedback:retracted", ({ record }) => {
        this.monitor.retractOutcome(record.functionId, record.model, record.outcome, record.at);
      }),
      bus.on("feedback:retracted", ({ record }) => {
        this.selector.unlearn(record);
      }),
      bus.on("edits:dirty", ({ noteId, ranges, functionId }) => {
        this.#runDirty(noteId, ranges, functionId);
      }),
      // The router retries 429s itself; the pool still has to slow down.
      bus.on("provider:retry", (e) => {
        if (e.errorClass === "rate-limited" || e.errorClass === "overloaded") this.resources.throttle(e.target.provider, e.errorClass, e.delayMs);
      }),
      bus.on("registry:changed", () => {
        this.#gateway.sync(this.functions.list());
      }),
    );
    this.monitor.onChange(() => void this.#store.writeLazy("metrics", () => this.monitor.toJSON()));
    this.resources.onSpendChange(() => void this.#store.writeLazy("spend", () => this.resources.toJSON()));
    this.selector.onChange(() => void this.#store.writeLazy("selector", () => this.selector.log()));
  }

  /** Loads persisted state, custom functions and providers. */
  async init(): Promise<void> {
    // Notices raised while loading (quarantined data…) happen before the host can listen.
    const offStartup = this.bus.on("notice", (n) => this.#startupNotices.push(n));
    try {
      await this.#load();
    } finally {
      offStartup();
    }
    this.bus.emit("engine:ready", { engineId: this.id });
  }

  /** Notices raised while the engine loaded; show them once the UI is up. */
  startupNotices(): readonly { readonly level: string; readonly message: string; readonly source: string }[] {
    return this.#startupNotices;
  }

  async #load(): Promise<void> {
    await this.#store.open();
    this.#settings = (await this.#store.read("settings", settingsSchema, "Function settings")) ?? {};
    this.#effective.clear();
    this.#styleSheet = (await this.#store.read("styleSheet", storedStyleSheet, "Style sheet")) ?? DEFAULT_STYLE_SHEET;
    const metrics = await this.#store.read("metrics", metricsSchema, "Metrics");
    if (metrics) this.monitor.restore(metrics);
    const spend = await this.#store.read("spend", spendLedgerSchema, "Spend ledger");
    if (spend) this.resources.restore(spend);
    const log = await this.#store.read("selector", selectionLogSchema, "Selection log");
    if (log) this.selector.restoreLog(log);
    await this.feedback.load();
    await this.sessions.load(this.feedback.records());
    await keepModelAnswers(this.#cache, this.#store, this.#timers.now());
    if (this.#options.functions) await this.functions.loadFolder(this.#options.functions.source, this.#options.functions.folder);
    if (this.#options.providers) await this.configureProviders(this.#options.providers);
  }

  /** (Re)builds the router, e.g. after the writer changes providers or keys. */
  async configureProviders(p: EngineProvidersOptions): Promise<void> {
    // Breaker state survives restarts, so a known outage is not paid for again.
    const saved = await this.#store.read("breakers", breakerSnapshotSchema, "Circuit-breaker state");
    let snapshot = saved;
    const breakerStorage: BreakerStorage = {
      load: () => snapshot,
      save: (s) => {
        snapshot = s;
        void this.#store.write("breakers", s);
      },
    };
    await this.#gateway.configure(
      {
        providers: p.list,
        chains: p.chains ?? {},
        router: { breakerStorage, ...p.router },
        ...(this.#options.secrets ? { secrets: this.#options.secrets } : {}),
        createRouter: p.createRouter ?? createRouter,
      },
      this.functions.list(),
    );
  }

  get router(): Router | undefined {
    return this.#gateway.router;
  }

  // ── functions & settings ────────────────────────────────────────────────

  /** A function with the writer's settings applied. */
  effectiveFunction(id: string): (EditorialFunction & { readonly enabled: boolean; readonly strictness: number }) | undefined {
    const fn = this.functions.get(id);
    if (!fn) return undefined;
    // Memoised per definition version: learning asks for it once per edit.
    const hit = this.#effective.get(id);
    if (hit && hit.version === fn.version) return hit.fn;
    const eff = applySettings(fn, this.#settings[id]);
    this.#effective.set(id, { version: fn.version, fn: eff });
    return eff;
  }

  settings(functionId: string): FunctionSettings {
    return { ...this.#settings[functionId] };
  }

  /** Validates and saves a function's settings. Throws with the field on bad input. */
  async updateSettings(functionId: string, patch: FunctionSettings): Promise<void> {
    const next = functionSettingsSchema.safeParse({ ...this.#settings[functionId], ...patch });
    if (!next.success) {
      const i = next.error.issues[0];
      throw new Error(`Invalid setting for ${functionId}: ${i?.path.join(".") ?? "?"}: ${i?.message ?? "invalid"}`);
    }
    this.#settings = { ...this.#settings, [functionId]: next.data };
    this.#effective.clear();
    this.#gateway.sync(this.functions.list().map((f) => applySettings(f, this.#settings[f.id])));
    await this.#store.write("settings", this.#settings);
  }

  styleSheet(): StyleSheet {
    return this.#styleSheet;
  }

  async setStyleSheet(sheet: Partial<StyleSheet>): Promise<void> {
    this.#styleSheet = styleSheetSchema.parse({ ...this.#styleSheet, ...sheet });
    await this.#store.write("styleSheet", this.#styleSheet);
  }

  // ── runs ────────────────────────────────────────────────────────────────

  run(req: RunRequest): RunHandle {
    return this.#start(req, false);
  }

  #start(req: RunRequest, asYouType: boolean): RunHandle {
    if (this.#disposed) throw new Error("This Redline engine was disposed.");
    const runId = this.#ids.next("run");
    const controller = new AbortController();
    const onAbort = () => {
      controller.abort(req.signal?.reason ?? new Error("cancelled by the writer"));
    };
    if (req.signal?.aborted) onAbort();
    else req.signal?.addEventListener("abort", onAbort, { once: true });
    this.#runs.set(runId, { controller, noteId: req.noteId, functionId: req.functionId, asYouType });
    const result = executeRun(this.#deps(), req, runId, controller.signal).finally(() => {
      req.signal?.removeEventListener("abort", onAbort);
      this.#runs.delete(runId);
    });
    return {
      runId,
      result,
      cancel: (reason = "cancelled by the writer") => {
        controller.abort(new Error(reason));
      },
    };
  }

  cancel(runId: string, reason = "cancelled by the writer"): boolean {
    const r = this.#runs.get(runId);
    r?.controller.abort(new Error(reason));
    return r !== undefined;
  }

  /** Cancels every run on a note (the note was closed). */
  cancelNote(noteId: string, reason = "the note was closed"): number {
    let n = 0;
    for (const r of this.#runs.values()) {
      if (r.noteId !== noteId) continue;
      r.controller.abort(new Error(reason));
      n++;
    }
    return n;
  }

  /** Runs in flight, for the status bar. */
  activeRuns(): { runId: string; noteId: string }[] {
    return [...this.#runs].map(([runId, r]) => ({ runId, noteId: r.noteId }));
  }

  /**
   * Opens a note: restores its pending items (re-anchored to the current
   * text) and enables as-you-type runs on its dirty ranges until closed.
   */
  async openNote(noteId: string, options: OpenNoteOptions): Promise<NoteHandle> {
    this.#notes.set(noteId, options);
    const { pending, dropped } = await this.sessions.restore(noteId, options.getText());
    const batchers = new Map<string, ChangeBatcher>();
    const timers = { set: (fn: () => void, ms: number) => this.#timers.set(fn, ms), clear: (h: unknown) => { this.#timers.clear(h); } };
    const sync = () => {
      // One batcher per as-you-type function, rebuilt when settings change it.
      const wanted = this.#asYouTypeFunctions();
      for (const [id, b] of batchers) {
        if (!wanted.some((f) => `${f.id}|${f.batching}` === id)) {
          b.dispose();
          batchers.delete(id);
        }
      }
      for (const f of wanted) {
        const id = `${f.id}|${f.batching}`;
        if (!batchers.has(id)) {
          batchers.set(id, new ChangeBatcher({ strategy: batchStrategy(f.batching), timers, onFlush: (batch) => { this.bus.emit("edits:dirty", { noteId, ranges: batch.ranges, functionId: f.id }); } }));
        }
      }
      return [...batchers.values()];
    };
    const record = (changes: ChangeDesc, doc: Text) => {
      for (const b of sync()) b.record(changes, doc);
    };
    const close = () => {
      for (const b of batchers.values()) b.dispose();
      batchers.clear();
      this.#notes.delete(noteId);
      this.#noteClosers.delete(close);
      this.cancelNote(noteId);
    };
    this.#noteClosers.add(close);
    return {
      restored: pending,
      dropped,
      dirty: (ranges) => this.#runDirty(noteId, ranges),
      record,
      extension: () =>
        EditorView.updateListener.of((u) => {
          // Redline's own accept/reject transactions are not the writer's typing.
          for (const tr of u.transactions) if (tr.docChanged && !tr.isUserEvent("redline")) record(tr.changes, tr.newDoc);
        }),
      close,
    };
  }

  #asYouTypeFunctions() {
    return this.functions
      .list()
      .map((f) => this.effectiveFunction(f.id))
      .filter((f): f is NonNullable<typeof f> => f !== undefined && f.enabled && f.asYouType && f.scopes.includes("dirty"));
  }

  #runDirty(noteId: string, ranges: readonly TextRange[], functionId?: string): RunHandle[] {
    const note = this.#notes.get(noteId);
    if (!note || this.#disposed) return [];
    const fns = this.#asYouTypeFunctions().filter((f) => functionId === undefined || f.id === functionId);
    // A newer batch supersedes as-you-type work of the same function still running on the note.
    for (const r of this.#runs.values()) {
      if (r.noteId === noteId && r.asYouType && fns.some((f) => f.id === r.functionId)) r.controller.abort(new Error("superseded by newer typing"));
    }
    const text = note.getText();
    return fns.map((f) =>
      this.#start(
        { functionId: f.id, noteId, text, scope: { kind: "dirty", ranges }, priority: "as-you-type", getText: note.getText, ...(note.note ? { note: note.note } : {}), ...(note.onParagraph ? { onParagraph: note.onParagraph } : {}) },
        true,
      ),
    );
  }

  #deps(): PipelineDeps {
    return {
      bus: this.bus,
      timers: this.#timers,
      functionFor: (id) => this.effectiveFunction(id),
      functionIds: () => this.functions.list().map((f) => f.id),
      params: (fn, given) => {
        const out: Record<string, string> = {};
        for (const [k, spec] of Object.entries(fn.params)) {
          const v = given?.[k] ?? this.#settings[fn.id]?.params?.[k] ?? spec.default;
          if (v !== undefined) out[k] = v;
        }
        if ("styleSheet" in fn.params) out.styleSheet = describeStyleSheet(this.#styleSheet);
        return out;
      },
      styleSheet: () => this.#styleSheet,
      selector: this.selector,
      resources: this.resources,
      sessions: this.sessions,
      monitor: this.monitor,
      gateway: this.#gateway,
      cache: this.#cache,
      userTemperature: (id) => this.#settings[id]?.temperature !== undefined,
    };
  }

  // ── feedback & learning ─────────────────────────────────────────────────

  /**
   * Feeds one resolution (accept, reject, modify, invalidate, dismiss) into
   * learning. Hosts call this from track-edits' resolution events.
   */
  resolve(noteId: string, resolution: Resolution): FeedbackRecord | undefined {
    this.#lastResolved = undefined;
    this.bus.emit("edits:resolved", { noteId, resolution });
    return this.#lastResolved;
  }

  /**
   * The writer undid decisions on these edits of `noteId`, and undo brought the
   * edits back as pending: their feedback leaves the log and learning, and
   * `restoreDecisions` (redo) can bring it back. Hosts call this with the edits
   * an undo restored, before `sessions.addPending`. Returns the records taken back.
   */
  retractDecisions(noteId: string, editIds: readonly string[]): readonly FeedbackRecord[] {
    return this.feedback.retract(noteId, editIds);
  }

  /** Redo of undone decisions: the edits left the editor again and their feedback counts again. */
  restoreDecisions(noteId: string, editIds: readonly string[]): readonly FeedbackRecord[] {
    return this.feedback.reinstate(noteId, editIds);
  }

  /** Resolves once every queued write (feedback included) is on disk. */
  flush(): Promise<void> {
    return this.#store.flush();
  }

  learned(functionId?: string): LearnedItem[] {
    return this.sessions.learnedItems(functionId);
  }

  async forget(itemId: string): Promise<boolean> {
    const ok = await this.sessions.forget(itemId, async (pred) => {
      await this.feedback.remove(pred);
      return this.feedback.records();
    });
    await this.#store.flush();
    return ok;
  }

  neverSuggest(functionId: string, patternKey: string): void {
    this.sessions.neverSuggest(functionId, patternKey);
  }

  /**
   * Every announced change of a function's tuned parameters (temperature, edit
   * intensity, confidence cut) and every rollback, oldest first, each with its
   * plain-words explanation.
   */
  parameterChanges(functionId?: string): readonly ParameterChange[] {
    return this.sessions.parameterChanges(functionId);
  }

  /** Insights from the last idle analysis, each with its one-click action. */
  insights(): readonly Insight[] {
    return this.sessions.insights();
  }

  /** Runs the idle analysis now (the engine also runs it on its own idle timer). */
  idle(): AnalysisReport {
    return this.sessions.analyze();
  }

  /**
   * Performs an insight's one-click action: a "never suggest" rule (visible in
   * `learned()`, removable with `forget()`) or a strictness change in the
   * function's settings. Returns false if there is no such insight.
   */
  async applyInsight(id: string): Promise<boolean> {
    const r = this.sessions.applyInsight(id);
    if (!r) return false;
    if (r.host) await this.updateSettings(r.host.functionId, { strictness: r.host.strictness });
    await this.#store.flush();
    return true;
  }

  dismissInsight(id: string): boolean {
    return this.sessions.dismissInsight(id);
  }

  // ── metrics & resources ─────────────────────────────────────────────────

  metrics(q?: MetricsQuery): MetricsRow[] {
    return this.monitor.query(q);
  }

  resourceState(): ResourceState {
    return this.resources.state();
  }

  // ── persistence: export, import, reset ──────────────────────────────────

  exportData(): ExportedData {
    return {
      format: "redline-learning",
      schemaVersion: SCHEMA_VERSION,
      exportedAt: this.#timers.now(),
      learning: this.sessions.exportState(),
      feedback: [...this.feedback.records()],
      metrics: this.monitor.toJSON(),
      selector: [...this.selector.log()],
      settings: this.#settings,
      styleSheet: this.#styleSheet,
    };
  }

  /** Replaces learned data with an export. Validates first: bad input changes nothing. */
  async importData(json: unknown): Promise<void> {
    const parsed = exportSchema.safeParse(typeof json === "string" ? safeJson(json) : json);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new Error(`This file is not a Redline export Redline can read (${i?.path.join(".") || "root"}: ${i?.message ?? "invalid"}). Nothing was changed.`);
    }
    const data = parsed.data;
    if (data.schemaVersion > SCHEMA_VERSION) throw new Error(`This export comes from a newer Redline (schema ${data.schemaVersion}). Update Redline to import it. Nothing was changed.`);
    this.sessions.importState(data.learning, data.feedback); // throws before anything else changes
    await this.feedback.replace(data.feedback);
    this.monitor.restore(data.metrics);
    this.selector.restoreLog(data.selector);
    this.#settings = data.settings;
    this.#effective.clear();
    this.#styleSheet = data.styleSheet;
    await this.#store.write("settings", this.#settings);
    await this.#store.write("styleSheet", this.#styleSheet);
    await this.#store.write("metrics", this.monitor.toJSON());
    await this.#store.write("selector", this.selector.log());
    this.#cache.clear();
  }

  /** Forgets everything learned (preferences, feedback, metrics, sessions). Settings stay. */
  async resetLearning(): Promise<void> {
    this.sessions.reset();
    this.monitor.reset();
    this.selector.reset();
    await this.feedback.remove(() => true);
    await this.#store.deleteWhere((k) => k === "learning" || k === "metrics" || k === "selector" || k.startsWith(FEEDBACK_PREFIX) || k.startsWith(SESSION_PREFIX));
    this.#cache.clear();
  }

  quarantined(): Promise<QuarantinedItem[]> {
    return this.#store.quarantined();
  }

  // ── diagnostics ─────────────────────────────────────────────────────────

  async diagnostics(options: { timeoutMs?: number } = {}): Promise<DiagnosticsReport> {
    const checks: DiagnosticCheck[] = [];
    const wiring: [string, number][] = [
      ["edits:resolved → FeedbackProcessor", this.bus.listenerCount("edits:resolved")],
      ["feedback:recorded → learning, metrics, selection", this.bus.listenerCount("feedback:recorded")],
      ["feedback:retracted → learning, metrics, selection", this.bus.listenerCount("feedback:retracted")],
      ["edits:dirty → as-you-type runs", this.bus.listenerCount("edits:dirty")],
    ];
    for (const [name, n] of wiring) checks.push({ area: "bus", name, status: n > 0 ? "ok" : "error", detail: n > 0 ? `${n} listener${n === 1 ? "" : "s"}` : "not wired" });
    const echo = { seen: false };
    const off = this.bus.once("notice", (n) => {
      echo.seen = n.source === "diagnostics";
    });
    this.bus.emit("notice", { level: "info", source: "diagnostics", message: "bus round-trip" });
    off();
    const echoed = echo.seen;
    checks.push({ area: "bus", name: "round-trip", status: echoed ? "ok" : "error", detail: echoed ? "an event reached its listener" : "an emitted event was not delivered" });

    const probe = await this.#store.probe();
    checks.push({ area: "storage", name: this.#store.backendKind, status: probe.ok ? "ok" : "error", detail: probe.detail });
    checks.push({ area: "storage", name: "schema", status: "ok", detail: `version ${SCHEMA_VERSION}, ${this.feedback.records().length} feedback records` });
    const q = await this.#store.quarantined();
    checks.push({ area: "storage", name: "quarantine", status: q.length > 0 ? "warning" : "ok", detail: q.length > 0 ? `${q.length} item(s) set aside: ${q.map((i) => `${i.key} (${i.reason})`).join("; ")}` : "nothing quarantined" });

    const errs = this.functions.errorMessages();
    checks.push({ area: "functions", name: "registry", status: errs.length > 0 ? "warning" : "ok", detail: errs.length > 0 ? errs.join("; ") : `${this.functions.list().length} functions loaded` });

    const providers = this.#gateway.providers();
    if (providers.length === 0) checks.push({ area: "provider", name: "providers", status: "warning", detail: "none configured: only the style-sheet consistency pass can run" });
    for (const p of providers) {
      if (p.needsKey) checks.push({ area: "secrets", name: p.id, status: p.hasKey ? "ok" : "error", detail: p.hasKey ? "API key present" : "API key missing: add it in Settings → Providers" });
      checks.push(await this.#probeProvider(p.id, options.timeoutMs ?? 10_000));
    }
    const rs = this.resources.state();
    checks.push({ area: "resources", name: "queue", status: "ok", detail: `${rs.running} running, ${rs.queued} queued; today ${rs.today.tokens} tokens, $${rs.today.usd.toFixed(4)}` });
    return { ok: checks.every((c) => c.status !== "error"), at: this.#timers.now(), checks };
  }

  async #probeProvider(providerId: string, timeoutMs: number): Promise<DiagnosticCheck> {
    const provider = this.#gateway.router?.providers.get(providerId);
    if (!provider) return { area: "provider", name: providerId, status: "error", detail: "could not be created (check its settings)" };
    const model = this.#gateway.modelFor(providerId);
    const controller = new AbortController();
    const timer = this.#timers.set(() => {
      controller.abort(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const t0 = this.#timers.now();
    try {
      const r = await provider.generate({ model, messages: [{ role: "user", content: "Reply with the single word OK." }], maxTokens: 5, task: { functionId: "proofread", text: "Teh test." }, signal: controller.signal });
      return { area: "provider", name: providerId, status: "ok", detail: `answered in ${this.#timers.now() - t0} ms (model ${r.modelId})` };
    } catch (err) {
      return { area: "provider", name: providerId, status: "error", detail: err instanceof Error ? err.message : String(err) };
    } finally {
      this.#timers.clear(timer);
    }
  }

  // ── lifecycle ───────────────────────────────────────────────────────────

  /** Cancels runs, flushes storage and releases every listener and timer. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const r of this.#runs.values()) r.controller.abort(new Error("the engine is shutting down"));
    for (const close of [...this.#noteClosers]) close();
    this.#notes.clear();
    this.functions.dispose();
    this.resources.dispose();
    await this.#gateway.dispose();
    await this.#store.flush();
    this.bus.emit("engine:disposed", { engineId: this.id });
    for (const off of this.#offs.splice(0)) off();
    this.bus.clear();
    this.#timers.clearAll();
    this.#cache.detach();
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** Live timers owned by the engine (0 after dispose). */
  get pendingTimers(): number {
    return this.#timers.size;
  }
}

/** Creates and initialises an engine. */
export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const engine = new Engine(options);
  try {
    await engine.init();
  } catch (err) {
    await engine.dispose();
    throw err;
  }
  return engine;
}

function batchStrategy(b: BatchingStrategy): BatchStrategy {
  switch (b) {
    case "immediate":
      return { kind: "immediate" };
    case "smart":
      return { kind: "smart" };
    case "debounce":
      return { kind: "debounce" };
    case "content-aware":
      return { kind: "content-aware" };
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

