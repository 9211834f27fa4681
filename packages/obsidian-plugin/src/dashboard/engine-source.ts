import type { Engine, MetricsRow } from "@redline/ai-editorial-functions";
import type { RedlineSettings } from "../settings/schema.js";
import type { DashboardData, DashboardSource, DayCount, Insight, LearnedItem } from "./data.js";

/**
 * The dashboard's data from a running engine: PerformanceMonitor rows for
 * the charts, the learning layer's items, degradation alerts and feedback
 * patterns as insights with one-click actions.
 */
export interface InsightActions {
  disableCategory(functionId: string, category: string): Promise<void>;
}

const MIN_DECISIONS_FOR_INSIGHT = 5;

export function dashboardData(engine: Engine, rows: readonly MetricsRow[]): DashboardData {
  const functions = engine.functions.list().map((f) => ({ id: f.id, name: f.name }));
  const byFn = new Map<string, Map<string, DayCount>>();
  const daily = new Map<string, { costUsd: number; p50: number[]; p95: number[]; runs: number }>();
  for (const r of rows) {
    const days = byFn.get(r.functionId) ?? new Map<string, DayCount>();
    const d = days.get(r.day) ?? { day: r.day, accepted: 0, rejected: 0 };
    days.set(r.day, { day: r.day, accepted: d.accepted + r.accepted + r.modified, rejected: d.rejected + r.rejected });
    byFn.set(r.functionId, days);
    const day = daily.get(r.day) ?? { costUsd: 0, p50: [], p95: [], runs: 0 };
    day.costUsd += r.costUsd;
    day.runs += r.runs;
    if (r.runs > 0) {
      day.p50.push(r.latencyP50);
      day.p95.push(r.latencyP95);
    }
    daily.set(r.day, day);
  }
  const categories = new Map<string, { accepted: number; rejected: number }>();
  for (const rec of engine.feedback.records()) {
    const c = categories.get(rec.category) ?? { accepted: 0, rejected: 0 };
    if (rec.outcome === "accepted" || rec.outcome === "modified") c.accepted++;
    else if (rec.outcome === "rejected") c.rejected++;
    categories.set(rec.category, c);
  }
  const learned: LearnedItem[] = engine.learned().map((l) => ({ id: l.id, functionId: l.functionId, description: l.detail ? `${l.label}: ${l.detail}` : l.label, kind: l.kind === "never" ? "avoid" : "preference" }));
  const insights: Insight[] = [];
  for (const f of functions) {
    for (const alert of engine.monitor.checkDegradation(f.id)) insights.push({ id: `alert:${f.id}:${alert.kind}`, text: alert.message, severity: "warning" });
  }
  const perFnCategory = new Map<string, { functionId: string; category: string; accepted: number; rejected: number }>();
  for (const rec of engine.feedback.records()) {
    const key = `${rec.functionId}\u0000${rec.category}`;
    const c = perFnCategory.get(key) ?? { functionId: rec.functionId, category: rec.category, accepted: 0, rejected: 0 };
    if (rec.outcome === "accepted" || rec.outcome === "modified") c.accepted++;
    else if (rec.outcome === "rejected") c.rejected++;
    perFnCategory.set(key, c);
  }
  const names = new Map(functions.map((f) => [f.id, f.name]));
  for (const c of perFnCategory.values()) {
    const n = c.accepted + c.rejected;
    if (n >= MIN_DECISIONS_FOR_INSIGHT && c.rejected / n >= 0.8) {
      insights.push({
        id: `category:${c.functionId}:${c.category}`,
        text: `You rejected ${c.rejected} of ${n} ${c.category} edits from ${names.get(c.functionId) ?? c.functionId}.`,
        severity: "info",
        actionLabel: `Stop suggesting ${c.category}`,
      });
    }
  }
  return {
    functions,
    acceptance: [...byFn].map(([functionId, days]) => ({ functionId, days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)) })),
    categories: [...categories].map(([category, c]) => ({ category, ...c })).sort((a, b) => b.accepted + b.rejected - (a.accepted + a.rejected)),
    daily: [...daily]
      .map(([day, d]) => ({ day, costUsd: d.costUsd, latencyP50Ms: d.p50.length ? Math.max(...d.p50) : 0, latencyP95Ms: d.p95.length ? Math.max(...d.p95) : 0, runs: d.runs }))
      .sort((a, b) => a.day.localeCompare(b.day)),
    learned,
    parameterChanges: [],
    insights,
  };
}

export function engineDashboard(engine: Engine, _settings: RedlineSettings, actions: InsightActions): DashboardSource {
  return {
    load: () => Promise.resolve(dashboardData(engine, engine.metrics())),
    runInsight: async (id) => {
      const [kind, functionId = "", category = ""] = id.split(":");
      if (kind === "category") {
        await actions.disableCategory(functionId, category);
        return `Redline will no longer suggest ${category} edits from this function. Turn it back on in the function's settings.`;
      }
      throw new Error(`No action for insight ${id}`);
    },
    forget: async (item) => {
      await engine.forget(item.id);
    },
    subscribe: (onChange) => {
      let timer: number | undefined;
      // Decisions arrive in bursts (accept all); redraw once per burst.
      const soon = () => {
        if (timer !== undefined) return;
        timer = window.setTimeout(() => {
          timer = undefined;
          onChange();
        }, 150);
      };
      const offs = [engine.bus.on("feedback:recorded", soon), engine.bus.on("run:completed", soon), engine.bus.on("learning:updated", soon)];
      return () => {
        if (timer !== undefined) window.clearTimeout(timer);
        for (const off of offs) off();
      };
    },
  };
}
