import { z } from "zod";
import type { EventBus } from "../bus.js";
import type { FeedbackOutcome } from "../types.js";
import { dayKey } from "../util/clock.js";
import type { TimerScope } from "../util/clock.js";
import { pct } from "../util/wording.js";

const LATENCY_SAMPLES = 256;

const bucketSchema = z.object({
  day: z.string(),
  functionId: z.string(),
  model: z.string(),
  runs: z.number(),
  errors: z.number(),
  latencies: z.array(z.number()),
  /** Runs seen, for reservoir sampling of latencies. */
  latencySeen: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
  proposed: z.number(),
  shown: z.number(),
  accepted: z.number(),
  rejected: z.number(),
  modified: z.number(),
  ignored: z.number(),
});
type Bucket = z.infer<typeof bucketSchema>;

export const metricsSchema = z.object({
  buckets: z.array(bucketSchema),
  alerted: z.array(z.string()).default([]),
});
export type MetricsJSON = z.infer<typeof metricsSchema>;

/** One row of the dashboard: a function × model × day. */
export interface MetricsRow {
  readonly day: string;
  readonly functionId: string;
  readonly model: string;
  readonly runs: number;
  readonly errors: number;
  readonly errorRate: number;
  readonly latencyP50: number;
  readonly latencyP95: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly proposed: number;
  readonly shown: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly modified: number;
  readonly ignored: number;
  /** (accepted + modified) / decided; NaN when nothing was decided. */
  readonly acceptanceRate: number;
}

export interface MetricsQuery {
  readonly functionId?: string;
  readonly model?: string;
  /** Inclusive UTC days, YYYY-MM-DD. */
  readonly fromDay?: string;
  readonly toDay?: string;
}

export interface DegradationAlert {
  readonly functionId: string;
  readonly kind: "acceptance" | "latency" | "errors";
  readonly message: string;
  readonly recent: number;
  readonly baseline: number;
  readonly day: string;
}

export interface RunMetric {
  readonly functionId: string;
  readonly model: string;
  readonly latencyMs: number;
  readonly ok: boolean;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly proposed: number;
  readonly shown: number;
  readonly at?: number;
}

export interface MonitorOptions {
  readonly bus: EventBus;
  readonly timers: TimerScope;
  /** Days that count as "recent" when comparing against the function's own history. */
  readonly recentDays?: number;
  readonly minDecisions?: number;
  readonly minRuns?: number;
}

/**
 * Per function × model × day metrics, queryable and exportable, with
 * degradation alerts that compare a function's recent days against its own
 * earlier history (never against other functions).
 */
export class PerformanceMonitor {
  readonly #bus: EventBus;
  readonly #timers: TimerScope;
  readonly #buckets = new Map<string, Bucket>();
  readonly #alerted = new Set<string>();
  readonly #recentDays: number;
  readonly #minDecisions: number;
  readonly #minRuns: number;
  #seed = 0x2545f491;
  #onChange: (() => void) | undefined;

  constructor(options: MonitorOptions) {
    this.#bus = options.bus;
    this.#timers = options.timers;
    this.#recentDays = options.recentDays ?? 7;
    this.#minDecisions = options.minDecisions ?? 20;
    this.#minRuns = options.minRuns ?? 10;
  }

  onChange(fn: () => void): void {
    this.#onChange = fn;
  }

  recordRun(m: RunMetric): void {
    const b = this.#bucket(m.functionId, m.model, m.at ?? this.#timers.now());
    b.runs++;
    if (!m.ok) b.errors++;
    b.latencySeen++;
    if (b.latencies.length < LATENCY_SAMPLES) b.latencies.push(m.latencyMs);
    else {
      // Reservoir sampling keeps percentiles honest on busy days with bounded memory.
      const j = Math.floor(this.#random() * b.latencySeen);
      if (j < LATENCY_SAMPLES) b.latencies[j] = m.latencyMs;
    }
    b.inputTokens += m.inputTokens;
    b.outputTokens += m.outputTokens;
    b.costUsd += m.costUsd;
    b.proposed += m.proposed;
    b.shown += m.shown;
    this.#changed(m.functionId);
  }

  recordOutcome(functionId: string, model: string, outcome: FeedbackOutcome, at = this.#timers.now()): void {
    const b = this.#bucket(functionId, model, at);
    b[outcome]++;
    this.#changed(functionId);
  }

  /** An undone decision: its outcome leaves the day it was counted in. */
  retractOutcome(functionId: string, model: string, outcome: FeedbackOutcome, at: number): void {
    const b = this.#buckets.get(`${dayKey(at)}|${functionId}|${model}`);
    if (!b || b[outcome] === 0) return;
    b[outcome]--;
    this.#changed(functionId);
  }

  #bucket(functionId: string, model: string, at: number): Bucket {
    const day = dayKey(at);
    const key = `${day}|${functionId}|${model}`;
    let b = this.#buckets.get(key);
    if (!b) {
      b = { day, functionId, model, runs: 0, errors: 0, latencies: [], latencySeen: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, proposed: 0, shown: 0, accepted: 0, rejected: 0, modified: 0, ignored: 0 };
      this.#buckets.set(key, b);
    }
    return b;
  }

  #random(): number {
    // xorshift32: deterministic, per instance, no module state.
    let x = this.#seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#seed = x >>> 0;
    return this.#seed / 4294967296;
  }

  #changed(functionId: string): void {
    this.#onChange?.();
    for (const alert of this.checkDegradation(functionId)) this.#bus.emit("metrics:alert", { alert });
  }

  query(q: MetricsQuery = {}): MetricsRow[] {
    return [...this.#buckets.values()]
      .filter((b) => (q.functionId === undefined || b.functionId === q.functionId) && (q.model === undefined || b.model === q.model) && (q.fromDay === undefined || b.day >= q.fromDay) && (q.toDay === undefined || b.day <= q.toDay))
      .sort((a, b) => (a.day + a.functionId + a.model < b.day + b.functionId + b.model ? -1 : 1))
      .map(toRow);
  }

  /** Rolls rows up per function (all models, all days in the query). */
  summary(q: MetricsQuery = {}): MetricsRow[] {
    const by = new Map<string, Bucket>();
    for (const b of this.#buckets.values()) {
      if ((q.fromDay !== undefined && b.day < q.fromDay) || (q.toDay !== undefined && b.day > q.toDay)) continue;
      if (q.functionId !== undefined && b.functionId !== q.functionId) continue;
      by.set(b.functionId, merge(by.get(b.functionId), b, "*", "*"));
    }
    return [...by.values()].map(toRow);
  }

  /**
   * Compares the last `recentDays` with everything before, for one function.
   * Alerts once per function, kind and day.
   */
  checkDegradation(functionId: string): DegradationAlert[] {
    const today = dayKey(this.#timers.now());
    const cut = dayKey(this.#timers.now() - (this.#recentDays - 1) * 86_400_000);
    let recent: Bucket | undefined;
    let past: Bucket | undefined;
    for (const b of this.#buckets.values()) {
      if (b.functionId !== functionId) continue;
      if (b.day >= cut) recent = merge(recent, b, "*", functionId);
      else past = merge(past, b, "*", functionId);
    }
    if (!recent || !past) return [];
    const r = toRow(recent);
    const p = toRow(past);
    const out: DegradationAlert[] = [];
    const decided = (x: MetricsRow) => x.accepted + x.rejected + x.modified;
    if (decided(r) >= this.#minDecisions && decided(p) >= this.#minDecisions && p.acceptanceRate - r.acceptanceRate >= 0.2) {
      out.push({ functionId, kind: "acceptance", day: today, recent: r.acceptanceRate, baseline: p.acceptanceRate, message: `${functionId}: acceptance fell to ${pct(r.acceptanceRate)} over the last ${this.#recentDays} days, from ${pct(p.acceptanceRate)} before.` });
    }
    if (r.runs >= this.#minRuns && p.runs >= this.#minRuns && r.latencyP95 > 2 * p.latencyP95 && r.latencyP95 - p.latencyP95 > 200) {
      out.push({ functionId, kind: "latency", day: today, recent: r.latencyP95, baseline: p.latencyP95, message: `${functionId}: p95 latency rose to ${Math.round(r.latencyP95)} ms over the last ${this.#recentDays} days, from ${Math.round(p.latencyP95)} ms before.` });
    }
    if (r.runs >= this.#minRuns && p.runs >= this.#minRuns && r.errorRate - p.errorRate >= 0.15) {
      out.push({ functionId, kind: "errors", day: today, recent: r.errorRate, baseline: p.errorRate, message: `${functionId}: ${pct(r.errorRate)} of runs failed over the last ${this.#recentDays} days, against ${pct(p.errorRate)} before.` });
    }
    return out.filter((a) => {
      const key = `${a.functionId}|${a.kind}|${a.day}`;
      if (this.#alerted.has(key)) return false;
      this.#alerted.add(key);
      return true;
    });
  }

  toCSV(q: MetricsQuery = {}): string {
    const rows = this.query(q);
    const cols = CSV_COLUMNS;
    const esc = (v: unknown) => {
      const s = typeof v === "number" ? (Number.isNaN(v) ? "" : String(Math.round(v * 1e6) / 1e6)) : String(v);
      return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    return [cols.join(","), ...rows.map((r) => cols.map((c) => esc(r[c])).join(","))].join("\n") + "\n";
  }

  toJSONL(q: MetricsQuery = {}): string {
    return this.query(q).map((r) => JSON.stringify({ ...r, acceptanceRate: Number.isNaN(r.acceptanceRate) ? null : r.acceptanceRate }) + "\n").join("");
  }

  toJSON(): MetricsJSON {
    return { buckets: [...this.#buckets.values()].map((b) => ({ ...b, latencies: [...b.latencies] })), alerted: [...this.#alerted] };
  }

  restore(json: MetricsJSON): void {
    this.#buckets.clear();
    for (const b of json.buckets) this.#buckets.set(`${b.day}|${b.functionId}|${b.model}`, { ...b, latencies: [...b.latencies] });
    this.#alerted.clear();
    for (const a of json.alerted) this.#alerted.add(a);
  }

  reset(): void {
    this.#buckets.clear();
    this.#alerted.clear();
    this.#onChange?.();
  }
}

const CSV_COLUMNS = ["day", "functionId", "model", "runs", "errors", "errorRate", "latencyP50", "latencyP95", "inputTokens", "outputTokens", "costUsd", "proposed", "shown", "accepted", "rejected", "modified", "ignored", "acceptanceRate"] as const satisfies readonly (keyof MetricsRow)[];

function merge(into: Bucket | undefined, b: Bucket, day: string, model: string): Bucket {
  const base: Bucket = into ?? { day, functionId: b.functionId, model, runs: 0, errors: 0, latencies: [], latencySeen: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, proposed: 0, shown: 0, accepted: 0, rejected: 0, modified: 0, ignored: 0 };
  return {
    ...base,
    runs: base.runs + b.runs,
    errors: base.errors + b.errors,
    latencies: [...base.latencies, ...b.latencies],
    latencySeen: base.latencySeen + b.latencySeen,
    inputTokens: base.inputTokens + b.inputTokens,
    outputTokens: base.outputTokens + b.outputTokens,
    costUsd: base.costUsd + b.costUsd,
    proposed: base.proposed + b.proposed,
    shown: base.shown + b.shown,
    accepted: base.accepted + b.accepted,
    rejected: base.rejected + b.rejected,
    modified: base.modified + b.modified,
    ignored: base.ignored + b.ignored,
  };
}

function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[idx] ?? Number.NaN;
}

function toRow(b: Bucket): MetricsRow {
  const s = [...b.latencies].sort((x, y) => x - y);
  const decided = b.accepted + b.rejected + b.modified;
  return {
    day: b.day,
    functionId: b.functionId,
    model: b.model,
    runs: b.runs,
    errors: b.errors,
    errorRate: b.runs === 0 ? 0 : b.errors / b.runs,
    latencyP50: quantile(s, 0.5),
    latencyP95: quantile(s, 0.95),
    inputTokens: b.inputTokens,
    outputTokens: b.outputTokens,
    costUsd: b.costUsd,
    proposed: b.proposed,
    shown: b.shown,
    accepted: b.accepted,
    rejected: b.rejected,
    modified: b.modified,
    ignored: b.ignored,
    acceptanceRate: decided === 0 ? Number.NaN : (b.accepted + b.modified) / decided,
  };
}
