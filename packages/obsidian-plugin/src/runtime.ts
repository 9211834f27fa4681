import type { Extension } from "@codemirror/state";
import { ViewPlugin, type EditorView, type ViewUpdate } from "@codemirror/view";
import { createEngine, formatDiagnostics, fromResolutionEvent, formatFunctionError, isProposedItem, type Engine, type FunctionFileSource, type FunctionSettings as EngineFunctionSettings, type NoteHandle, type ProposedItem, type RunHandle } from "@redline/ai-editorial-functions";
import {
  acceptAllSuggestions,
  acceptCluster,
  acceptSuggestionAtCursor,
  acceptSuggestionsInSelection,
  ChangeBatcher,
  fromCriticMarkup,
  nextSuggestion,
  pendingItems,
  previousSuggestion,
  proposeEdits,
  rejectAllSuggestions,
  rejectCluster,
  rejectSuggestionAtCursor,
  rejectSuggestionsInSelection,
  resolutionEvents,
  withdrawItems,
  toCriticMarkup,
  trackEdits,
  type BatchStrategy,
  type PendingItem,
} from "@redline/track-edits";
import { createDefaultRegistry, createRouter, offlineProviderFactory, type ProviderConfig } from "@redline/ai-providers";
import { engineDashboard } from "./dashboard/engine-source.js";
import type { LearnedItem } from "./dashboard/data.js";
import { asYouTypeFor, effectiveFunctionSettings, noteControl } from "./note-control.js";
import type { EditCommand, EditorTarget, Runtime, RuntimeDeps, RuntimeStatus } from "./runtime-port.js";
import type { FunctionInfo } from "./settings/host.js";
import { CATEGORY_NAMES, strictnessCost, type FunctionSettings, type RedlineSettings } from "./settings/schema.js";
import { runSummary } from "./run-summary.js";

/**
 * The composition of engine, providers and editor extension. Loaded lazily
 * from onLayoutReady, so none of this costs anything in onload.
 */

const COMMANDS: Record<EditCommand, (view: EditorView) => boolean> = {
  "accept-at-cursor": acceptSuggestionAtCursor,
  "reject-at-cursor": rejectSuggestionAtCursor,
  "accept-cluster": acceptCluster,
  "reject-cluster": rejectCluster,
  "accept-selection": acceptSuggestionsInSelection,
  "reject-selection": rejectSuggestionsInSelection,
  "accept-all": acceptAllSuggestions,
  "reject-all": rejectAllSuggestions,
  "next-edit": nextSuggestion,
  "previous-edit": previousSuggestion,
};

/** The pane's batching names → the engine's (track-edits' ChangeBatcher kinds). */
const ENGINE_BATCHING = { immediate: "immediate", "smart-batch": "smart", "time-delayed": "debounce", "content-aware": "content-aware" } as const;
const PANE_BATCHING = { immediate: "immediate", smart: "smart-batch", debounce: "time-delayed", "content-aware": "content-aware" } as const;

const INTENSITY: Record<FunctionSettings["intensity"], number> = { light: 0.2, moderate: 0.5, heavy: 0.8 };

/** "provider/model" as typed by the writer → the router's "provider:model" target id. */
export function targetId(entry: string): string {
  const i = entry.indexOf("/");
  return i < 0 ? entry : `${entry.slice(0, i)}:${entry.slice(i + 1)}`;
}

/** Only what the writer changed goes to the engine, so each function keeps its own defaults. */
export function engineSettingsFor(stored: Partial<FunctionSettings>): EngineFunctionSettings {
  const out: { -readonly [K in keyof EngineFunctionSettings]: EngineFunctionSettings[K] } = {};
  if (stored.enabled !== undefined) out.enabled = stored.enabled;
  if (stored.modelChain !== undefined && stored.modelChain.length > 0) out.modelChain = stored.modelChain.map(targetId);
  if (stored.temperature !== undefined) out.temperature = stored.temperature;
  if (stored.intensity !== undefined) out.intensity = INTENSITY[stored.intensity];
  if (stored.strictness !== undefined) out.strictness = strictnessCost(stored.strictness);
  if (stored.allowedCategories !== undefined) out.allowedCategories = [...stored.allowedCategories];
  if (stored.gates !== undefined) out.qualityGates = { maxChangeRatio: Math.max(0.01, stored.gates.maxChangeRatio), forbiddenPhrases: [...stored.gates.forbiddenPhrases], preserveMarkdown: stored.gates.preserveMarkdown };
  if (stored.batching !== undefined) out.batching = ENGINE_BATCHING[stored.batching];
  if (stored.asYouType !== undefined) out.asYouType = stored.asYouType;
  if (stored.learning !== undefined) out.learning = stored.learning;
  return out;
}

function providerConfigs(settings: RedlineSettings): ProviderConfig[] {
  return settings.providers.map((p): ProviderConfig => {
    if (p.type === "offline") return { kind: "offline", id: p.id };
    return { kind: p.type, id: p.id, ...(p.baseUrl !== "" ? { baseURL: p.baseUrl } : {}) };
  });
}

function chains(settings: RedlineSettings): Record<string, readonly { provider: string; model: string }[]> {
  const targets = settings.fallbackChain
    .map((entry) => {
      const i = entry.indexOf("/");
      return i < 0 ? null : { provider: entry.slice(0, i), model: entry.slice(i + 1) };
    })
    .filter((t): t is { provider: string; model: string } => t !== null && settings.providers.some((p) => p.id === t.provider));
  return { default: targets };
}

function budgets(settings: RedlineSettings) {
  const b = settings.budgets;
  return { overall: { usdPerDay: b.dailyUsd, usdPerMonth: b.monthlyUsd, tokensPerDay: b.dailyTokens, tokensPerMonth: b.monthlyTokens } };
}

/** Custom functions come from notes in the vault. */
function vaultSource(deps: RuntimeDeps): FunctionFileSource {
  return {
    list: (folder) => Promise.resolve(deps.listNotes(folder)),
    read: async (path) => (await deps.readNote(path)) ?? "",
    watch: (folder, onChange) => {
      const prefix = `${folder.replace(/\/+$/, "")}/`;
      return deps.onVaultChange((path) => {
        if (!path.startsWith(prefix) || !path.endsWith(".md")) return;
        void deps.readNote(path).then((text) => {
          onChange({ path, type: text === null ? "deleted" : "changed" });
        });
      });
    },
  };
}

interface OpenNote {
  readonly view: EditorView;
  readonly path: string;
  handle: NoteHandle | null;
  readonly batcher: ChangeBatcher;
  asYouTypeRuns: RunHandle[];
  closed: boolean;
}

export async function createRuntime(deps: RuntimeDeps): Promise<Runtime> {
  const settings = deps.settings;
  const registry = createDefaultRegistry().register("offline", offlineProviderFactory(deps.loadHarper ? { loadHarper: deps.loadHarper } : {}));
  const secretFor = (providerId: string): string | undefined => {
    const p = settings.providers.find((q) => q.id === providerId);
    if (!p || p.secretId === "") return undefined;
    return deps.secrets.getSecret(p.secretId) ?? undefined;
  };
  const providerOptions = () => ({ list: providerConfigs(settings), chains: chains(settings), createRouter, router: { registry, fetch: deps.fetch } });
  const engine: Engine = await createEngine({
    providers: providerOptions(),
    secrets: secretFor,
    budgets: budgets(settings),
    functions: { source: vaultSource(deps), folder: settings.customFunctionsFolder },
  });
  await engine.functions.settled();
  const pushFunctionSettings = async () => {
    for (const f of engine.functions.list()) await engine.updateSettings(f.id, engineSettingsFor(settings.functions[f.id] ?? {}));
  };
  await pushFunctionSettings();

  const offs: (() => void)[] = [];
  const notes = new Map<EditorView, OpenNote>();
  const runs = new Map<string, { functionName: string; done: number; total: number; handle?: RunHandle }>();
  const statusListeners = new Set<(s: RuntimeStatus) => void>();
  const functionListeners = new Set<() => void>();

  const status = (): RuntimeStatus => {
    const active = [...runs.values()];
    const first = active[0];
    const state = engine.resourceState();
    return {
      running: first ? { functionName: first.functionName, done: active.reduce((n, r) => n + r.done, 0), total: active.reduce((n, r) => n + r.total, 0) } : null,
      queued: state.queued,
      spentTodayUsd: state.today.usd,
    };
  };
  const emitStatus = () => {
    const s = status();
    for (const l of statusListeners) l(s);
  };
  const nameOf = (id: string) => engine.functions.get(id)?.name ?? id;
  offs.push(
    engine.bus.on("run:started", (e) => {
      const r = runs.get(e.runId);
      runs.set(e.runId, { functionName: nameOf(e.functionId), done: 0, total: e.paragraphs, ...(r?.handle ? { handle: r.handle } : {}) });
      emitStatus();
    }),
    engine.bus.on("run:progress", (e) => {
      const r = runs.get(e.runId);
      if (r) {
        r.done = e.done;
        r.total = e.total;
      }
      emitStatus();
    }),
    engine.bus.on("run:completed", (e) => {
      runs.delete(e.runId);
      emitStatus();
    }),
    engine.bus.on("run:cancelled", (e) => {
      runs.delete(e.runId);
      emitStatus();
    }),
    engine.bus.on("run:failed", (e) => {
      runs.delete(e.runId);
      emitStatus();
    }),
    engine.bus.on("run:refused", (e) => {
      runs.delete(e.runId);
      emitStatus();
    }),
    engine.bus.on("resources:state", () => {
      emitStatus();
    }),
    engine.bus.on("notice", (n) => {
      deps.notice(n.message);
    }),
    engine.bus.on("registry:changed", () => {
      void pushFunctionSettings().then(() => {
        for (const l of functionListeners) l();
      });
    }),
  );

  const propose = (view: EditorView, items: readonly ProposedItem[], replaced: readonly string[] = []) => {
    // Items a re-run replaced leave as "superseded" invalidations, which the
    // update listener skips: being replaced is no decision of the writer's.
    if (replaced.length > 0) {
      const withdraw = withdrawItems(view.state, replaced);
      if (withdraw.effects !== undefined) view.dispatch(withdraw);
    }
    if (items.length > 0) view.dispatch(proposeEdits(view.state, items));
  };

  const noteOf = (view: EditorView) => deps.noteFor(view);

  const openNote = (view: EditorView): OpenNote | null => {
    const info = noteOf(view);
    if (!info) return null;
    const entry: OpenNote = {
      view,
      path: info.path,
      handle: null,
      asYouTypeRuns: [],
      closed: false,
      batcher: new ChangeBatcher({
        // The note batches as its first as-you-type function asks (the others share the batches).
        strategy: batchStrategy(
          engine.functions
            .list()
            .map((f) => engine.effectiveFunction(f.id))
            .find((f) => f !== undefined && asYouTypeFor(settings, info.path, f.id, noteControl(info.path, info.frontmatter, settings)))?.batching ?? "smart",
        ),
        onFlush: (batch) => {
          runAsYouType(entry, batch.ranges);
        },
      }),
    };
    notes.set(view, entry);
    void engine
      .openNote(info.path, { getText: () => view.state.doc.toString(), note: { path: info.path, ...(info.frontmatter ? { frontmatter: info.frontmatter } : {}) } })
      .then((handle) => {
        if (entry.closed) {
          handle.close();
          return;
        }
        entry.handle = handle;
        // Pending edits from the last session, re-anchored by the engine to the current text.
        if (handle.restored.length > 0) propose(view, handle.restored);
      });
    return entry;
  };

  const runAsYouType = (entry: OpenNote, ranges: readonly { from: number; to: number }[]) => {
    const info = noteOf(entry.view);
    if (!info || ranges.length === 0) return;
    const control = noteControl(info.path, info.frontmatter, settings);
    if (!control.enabled) return;
    for (const r of entry.asYouTypeRuns) r.cancel("superseded by newer typing");
    const text = entry.view.state.doc.toString();
    entry.asYouTypeRuns = engine.functions
      .list()
      .filter((f) => f.scopes.includes("dirty") && asYouTypeFor(settings, info.path, f.id, control))
      .map((f) => {
        const handle = engine.run({
          functionId: f.id,
          noteId: info.path,
          text,
          scope: { kind: "dirty", ranges },
          priority: "as-you-type",
          getText: () => entry.view.state.doc.toString(),
          note: { path: info.path, ...(info.frontmatter ? { frontmatter: info.frontmatter } : {}) },
          onParagraph: (p) => {
            propose(entry.view, p.items, p.superseded);
          },
        });
        return handle;
      });
  };

  const editorPlugin = ViewPlugin.fromClass(
    class {
      readonly note: OpenNote | null;
      constructor(readonly view: EditorView) {
        this.note = openNote(view);
      }
      update(u: ViewUpdate): void {
        const note = this.note;
        if (!note) return;
        for (const tr of u.transactions) {
          for (const e of resolutionEvents(tr)) {
            if (e.type === "invalidate" && e.reason === "superseded") continue;
            engine.resolve(note.path, fromResolutionEvent(e));
          }
        }
        // Undo brings resolved edits back into the editor: the writer took the
        // decision back, so learning takes it back too, and the engine holds the
        // edits as pending again (or a restart would lose them). Redo resolves
        // them again without an event: their decisions count again.
        if (u.transactions.some((tr) => tr.isUserEvent("undo") || tr.isUserEvent("redo"))) {
          const before = new Set(pendingItems(u.startState).map((p) => p.item.id));
          const after = pendingItems(u.state).map((p) => p.item);
          const back = after.filter((item): item is ProposedItem => !before.has(item.id) && isProposedItem(item));
          if (back.length > 0) {
            engine.retractDecisions(
              note.path,
              back.map((item) => item.id),
            );
            engine.sessions.addPending(note.path, back, u.state.doc.toString());
          }
          const still = new Set(after.map((item) => item.id));
          const gone = [...before].filter((id) => !still.has(id));
          if (gone.length > 0) engine.restoreDecisions(note.path, gone);
        }
      }
      destroy(): void {
        const note = this.note;
        if (!note) return;
        note.closed = true;
        note.batcher.dispose();
        note.handle?.close();
        notes.delete(this.view);
      }
    },
  );
  // The writer's own edits feed the note's batcher, which feeds as-you-type runs.
  const batchListener = changeBatchingFor((view) => notes.get(view)?.batcher ?? null);

  // The popover says why learning let an edit through ("Shown while Redline learns…", "you accept about 90%…").
  const reasonFor = (item: PendingItem): string | undefined => (isProposedItem(item) && item.decision.explanation !== "" ? item.decision.explanation : undefined);
  const extension: Extension = [trackEdits({ reasonFor }), editorPlugin, batchListener];

  const runtime: Runtime = {
    extension,
    dashboard: engineDashboard(engine, settings, () => deps.saveSettings()),
    functions: () => functionInfos(engine),
    run: async (functionId, scope, target) => {
      const view = target.view;
      const sel = view.state.selection.main;
      if (scope === "selection" && sel.empty) return "Select some text first.";
      const text = view.state.doc.toString();
      const runScope = scope === "selection" ? ({ kind: "selection", from: sel.from, to: sel.to } as const) : scope === "paragraph" ? ({ kind: "paragraph", at: sel.head } as const) : ({ kind: "note" } as const);
      const control = noteControl(target.path, target.frontmatter, settings);
      const effective = effectiveFunctionSettings(settings, functionId, control);
      if (!effective.enabled) return `${nameOf(functionId)} is off for this note.`;
      const overrides = control.overrides[functionId];
      if (overrides && Object.keys(overrides).length > 0) await engine.updateSettings(functionId, engineSettingsFor({ ...(settings.functions[functionId] ?? {}), ...overrides }));
      const handle = engine.run({
        functionId,
        noteId: target.path,
        text,
        scope: runScope,
        priority: "interactive",
        getText: () => view.state.doc.toString(),
        note: { path: target.path, ...(target.frontmatter ? { frontmatter: target.frontmatter } : {}) },
        onParagraph: (p) => {
          propose(view, p.items, p.superseded);
        },
      });
      runs.set(handle.runId, { functionName: nameOf(functionId), done: 0, total: 0, handle });
      const result = await handle.result;
      if (overrides && Object.keys(overrides).length > 0) await engine.updateSettings(functionId, engineSettingsFor(settings.functions[functionId] ?? {}));
      runs.delete(handle.runId);
      emitStatus();
      const name = nameOf(functionId);
      switch (result.status) {
        case "completed":
          return runSummary(name, result);
        case "cancelled":
          return `${name} was cancelled.`;
        default:
          return `${name} could not run: ${result.reason ?? result.errors.join("; ")}`;
      }
    },
    editCommand: (command, view) => COMMANDS[command](view),
    cancel: () => {
      let n = 0;
      for (const r of engine.activeRuns()) if (engine.cancel(r.runId)) n++;
      return n;
    },
    exportCriticMarkup: (target) => toCriticMarkup(target.view.state.doc.toString(), pendingItems(target.view.state).map((p) => p.item)),
    importCriticMarkup: (target: EditorTarget) => {
      const view = target.view;
      const doc = view.state.doc.toString();
      if (!/\{(\+\+|--|~~|>>|==)/.test(doc)) return 0;
      const { text, items } = fromCriticMarkup(doc, { source: { functionId: "criticmarkup" } });
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      view.dispatch(proposeEdits(view.state, items));
      return items.length;
    },
    diagnostics: async () => formatDiagnostics(await engine.diagnostics({ timeoutMs: 5000 })),
    learnedFor: (functionId) => Promise.resolve(engine.learned(functionId).map(toLearnedItem)),
    forget: async (item) => {
      await engine.forget(item.id);
    },
    resetLearning: async (functionId) => {
      for (const item of engine.learned(functionId)) await engine.forget(item.id);
    },
    fetchModels: (providerId) => fetchModels(settings, providerId, secretFor(providerId), deps.fetch),
    applySettings: (next) => {
      void (async () => {
        engine.resources.setBudgets(budgets(next));
        await pushFunctionSettings();
        await engine.configureProviders(providerOptions());
        emitStatus();
      })().catch((e: unknown) => {
        // A half-typed provider (no base URL yet) must not break anything: say what is missing.
        deps.notice(`Redline: ${e instanceof Error ? e.message : String(e)}`);
      });
    },
    onStatus: (listener) => {
      statusListeners.add(listener);
      listener(status());
      return () => statusListeners.delete(listener);
    },
    onFunctionsChanged: (listener) => {
      functionListeners.add(listener);
      return () => functionListeners.delete(listener);
    },
    dispose: async () => {
      for (const off of offs.splice(0)) off();
      for (const note of notes.values()) {
        note.batcher.dispose();
        note.handle?.close();
      }
      notes.clear();
      statusListeners.clear();
      functionListeners.clear();
      await engine.dispose();
    },
  };
  return runtime;
}

function changeBatchingFor(batcherOf: (view: EditorView) => ChangeBatcher | null): Extension {
  return ViewPlugin.fromClass(
    class {
      constructor(readonly view: EditorView) {}
      update(u: ViewUpdate): void {
        const batcher = batcherOf(this.view);
        if (!batcher) return;
        for (const tr of u.transactions) {
          if (!tr.docChanged || tr.isUserEvent("redline")) continue;
          batcher.record(tr.changes, tr.newDoc);
        }
      }
    },
  );
}

function toLearnedItem(l: { id: string; functionId: string; kind: string; label: string; detail: string }): LearnedItem {
  return { id: l.id, functionId: l.functionId, description: l.detail ? `${l.label}: ${l.detail}` : l.label, kind: l.kind === "never" ? "avoid" : "preference" };
}

function functionInfos(engine: Engine): FunctionInfo[] {
  const out: FunctionInfo[] = engine.functions.list().map((f) => ({
    id: f.id,
    name: f.name,
    description: f.description,
    builtin: f.origin.kind === "builtin",
    ...(f.origin.kind === "custom" ? { source: f.origin.path } : {}),
    defaults: {
      temperature: f.temperature,
      allowedCategories: f.allowedCategories.filter((c): c is (typeof CATEGORY_NAMES)[number] => (CATEGORY_NAMES as readonly string[]).includes(c)),
      gates: { maxChangeRatio: f.qualityGates.maxChangeRatio, forbiddenPhrases: [...f.qualityGates.forbiddenPhrases], preserveMarkdown: f.qualityGates.preserveMarkdown },
      batching: PANE_BATCHING[f.batching],
      asYouType: f.asYouType,
      learning: f.learning,
      modelChain: f.modelChain.map((t) => t.replace(":", "/")),
    },
  }));
  for (const e of engine.functions.errors()) out.push({ id: `error:${e.file}:${e.field}`, name: e.file, description: "", builtin: false, source: e.file, error: formatFunctionError(e) });
  return out;
}

async function fetchModels(settings: RedlineSettings, providerId: string, key: string | undefined, fetch: RuntimeDeps["fetch"]): Promise<string[]> {
  const p = settings.providers.find((q) => q.id === providerId);
  if (!p) throw new Error(`No provider ${providerId}`);
  if (p.type === "offline") return ["offline"];
  const base = p.baseUrl !== "" ? p.baseUrl : p.type === "anthropic" ? "https://api.anthropic.com/v1" : "https://api.openai.com/v1";
  const headers: Record<string, string> = p.type === "anthropic" ? { "anthropic-version": "2023-06-01", ...(key ? { "x-api-key": key } : {}) } : key ? { authorization: `Bearer ${key}` } : {};
  const res = await fetch(`${base.replace(/\/+$/, "")}/models`, { headers });
  if (!res.ok) throw new Error(`${res.status} from ${base}/models${res.status === 401 ? ": check the API key" : ""}`);
  const body = (await res.json()) as { data?: { id?: unknown }[]; models?: { name?: unknown }[] };
  const ids = [...(body.data ?? []).map((m) => m.id), ...(body.models ?? []).map((m) => m.name)].filter((x): x is string => typeof x === "string");
  return [...new Set(ids)].sort();
}

/** track-edits' batch strategy for an engine batching kind, with Redline's thresholds. */
function batchStrategy(kind: "immediate" | "smart" | "debounce" | "content-aware"): BatchStrategy {
  switch (kind) {
    case "immediate":
      return { kind: "immediate" };
    case "debounce":
      return { kind: "debounce", delayMs: 1200 };
    case "content-aware":
      return { kind: "content-aware", maxWaitMs: 4000 };
    case "smart":
      return { kind: "smart", maxChars: 400, maxChanges: 30, idleMs: 1500 };
  }
}
