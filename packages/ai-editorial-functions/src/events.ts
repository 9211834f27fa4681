/**
 * Every event on Redline's global bus and its payload type, in one place.
 *
 * Leaf packages (ai-providers, track-edits) emit their own typed events; the
 * engine's bridges re-emit them here under the `provider:` and `edits:`
 * prefixes, so a listener needs to know only this map.
 */
import type { FeedbackOutcome, FeedbackRecord, NoticeLevel, ProposedItem, RunPriority, ScopeKind } from "./types.js";
import type { ResourceState } from "./managers/resource-manager.js";
import type { DegradationAlert } from "./managers/performance-monitor.js";
import type { FunctionError } from "./functions/custom.js";
import type { ProviderBusEvents } from "./bridges/provider-events.js";
import type { EditsBusEvents } from "./bridges/edits-events.js";
import type { Insight, ParameterChange } from "./learning/index.js";

export interface EngineBusEvents {
  /** The engine finished wiring its managers and is ready for runs. */
  "engine:ready": { readonly engineId: string };
  /** The engine is being disposed; listeners must release what they hold. */
  "engine:disposed": { readonly engineId: string };
  /** Something the writer should be told (quarantined data, dropped edits…). */
  notice: { readonly level: NoticeLevel; readonly message: string; readonly source: string };

  // ── runs ────────────────────────────────────────────────────────────────
  "run:started": {
    readonly runId: string;
    readonly noteId: string;
    readonly functionId: string;
    readonly variantId: string;
    readonly scope: ScopeKind;
    readonly priority: RunPriority;
    readonly paragraphs: number;
  };
  /** Edits for one paragraph, as soon as that paragraph is done. */
  "run:paragraph": {
    readonly runId: string;
    readonly noteId: string;
    readonly index: number;
    readonly from: number;
    readonly to: number;
    readonly cached: boolean;
    /** Edits the learner decided to show. */
    readonly edits: readonly ProposedItem[];
    /** Edits the learner hid, with the reason in each `decision`. */
    readonly hidden: readonly ProposedItem[];
    /** Earlier pending items of this function on this paragraph, now replaced. */
    readonly superseded: readonly string[];
  };
  /** A paragraph's result was discarded because its text changed meanwhile. */
  "run:stale": { readonly runId: string; readonly noteId: string; readonly index: number };
  /** A paragraph's rewrite failed a quality gate and was discarded. */
  "run:gate-failed": {
    readonly runId: string;
    readonly noteId: string;
    readonly index: number;
    readonly gate: string;
    readonly detail: string;
  };
  "run:progress": { readonly runId: string; readonly noteId: string; readonly done: number; readonly total: number };
  "run:completed": {
    readonly runId: string;
    readonly noteId: string;
    readonly functionId: string;
    readonly proposed: number;
    readonly shown: number;
    readonly latencyMs: number;
  };
  "run:cancelled": { readonly runId: string; readonly noteId: string; readonly reason: string };
  "run:failed": { readonly runId: string; readonly noteId: string; readonly functionId: string; readonly message: string };
  "run:refused": { readonly runId: string; readonly noteId: string; readonly functionId: string; readonly reason: string };

  // ── registry ────────────────────────────────────────────────────────────
  "registry:changed": { readonly ids: readonly string[]; readonly errors: readonly FunctionError[] };
  "registry:error": { readonly error: FunctionError };

  // ── feedback & learning ─────────────────────────────────────────────────
  "feedback:recorded": { readonly record: FeedbackRecord };
  /** The writer undid the decision behind `record` (its edit is pending again): it no longer counts. */
  "feedback:retracted": { readonly record: FeedbackRecord };
  /** A rewrite the writer keeps deciding the same way. */
  "feedback:pattern": {
    readonly functionId: string;
    readonly patternKey: string;
    readonly outcome: FeedbackOutcome;
    readonly count: number;
  };
  "learning:updated": { readonly functionId: string; readonly preferencesVersion: string };
  /** The tuner changed (or rolled back) one of a function's parameters; `explanation` says why, in plain words. */
  "learning:parameters-changed": { readonly change: ParameterChange; readonly explanation: string };
  /** The idle analysis found something the writer can act on (one click: `engine.applyInsight(id)`). */
  "learning:insight": { readonly insight: Insight };
  "session:restored": { readonly noteId: string; readonly reanchored: number; readonly dropped: number };
  "selector:chosen": {
    readonly runId: string;
    readonly noteId: string;
    readonly functionId: string;
    readonly variantId: string;
    readonly strategy: string;
    readonly propensity: number;
  };

  // ── resources & metrics ─────────────────────────────────────────────────
  "resources:state": { readonly state: ResourceState };
  "resources:backoff": { readonly provider: string; readonly untilMs: number; readonly reason: string };
  "resources:concurrency": { readonly provider: string; readonly limit: number; readonly reason: string };
  "metrics:alert": { readonly alert: DegradationAlert };

  // ── storage ─────────────────────────────────────────────────────────────
  "storage:quarantined": { readonly key: string; readonly quarantineKey: string; readonly reason: string };
  "storage:migrated": { readonly from: number; readonly to: number };
  "storage:error": { readonly operation: string; readonly message: string };
}

export type BusEvents = EngineBusEvents & ProviderBusEvents & EditsBusEvents;

export type BusEventName = keyof BusEvents;
