/**
 * What the learning dashboard shows, as plain data. The engine adapter fills
 * it from PerformanceMonitor and the learning layer; the view only renders it,
 * so the same view works in Obsidian and the playground.
 */
export interface DayCount {
  /** ISO day, `2026-11-21`. */
  readonly day: string;
  readonly accepted: number;
  readonly rejected: number;
}

export interface LearnedItem {
  readonly id: string;
  readonly functionId: string;
  /** One sentence a writer understands: “You accept serial-comma fixes (19 of 20).” */
  readonly description: string;
  readonly kind: "preference" | "avoid" | "example" | "parameter";
}

export interface ParameterChange {
  readonly at: number;
  readonly functionId: string;
  readonly parameter: string;
  readonly from: string;
  readonly to: string;
  readonly explanation: string;
}

export interface Insight {
  readonly id: string;
  readonly text: string;
  readonly severity: "info" | "warning";
  /** Label of the one-click action, when the insight has one. */
  readonly actionLabel?: string;
  /** The writer can dismiss it (it then stays dismissed). */
  readonly dismissible?: boolean;
}

export interface DashboardData {
  readonly functions: readonly { readonly id: string; readonly name: string }[];
  readonly acceptance: readonly { readonly functionId: string; readonly days: readonly DayCount[] }[];
  readonly categories: readonly { readonly category: string; readonly accepted: number; readonly rejected: number }[];
  readonly daily: readonly { readonly day: string; readonly costUsd: number; readonly latencyP50Ms: number; readonly latencyP95Ms: number; readonly runs: number }[];
  readonly learned: readonly LearnedItem[];
  readonly parameterChanges: readonly ParameterChange[];
  readonly insights: readonly Insight[];
}

/** Where the dashboard gets its data and sends the writer's actions. */
export interface DashboardSource {
  load(): Promise<DashboardData>;
  /** Performs an insight's one-click action; resolves to what to tell the writer. */
  runInsight(id: string): Promise<string>;
  dismissInsight(id: string): Promise<void>;
  forget(item: LearnedItem): Promise<void>;
  /** Calls back when the data changed (a decision, a run); returns the unsubscribe. */
  subscribe(onChange: () => void): () => void;
}

export const EMPTY_DASHBOARD: DashboardData = { functions: [], acceptance: [], categories: [], daily: [], learned: [], parameterChanges: [], insights: [] };
