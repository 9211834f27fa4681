import type { Engine, MetricsRow, ParameterName } from "@redline/ai-editorial-functions";
import { adoptStrictness, type RedlineSettings } from "../settings/schema.js";
import type { DashboardData, DashboardSource, DayCount, Insight, LearnedItem, ParameterChange } from "./data.js";

/**
 * The dashboard's data from a running engine: PerformanceMonitor rows for
 * the charts, the learning layer's items, the tuner's parameter changes with
 * their explanations, and the idle analyzer's insights (plus the monitor's
 * degradation alerts) with one-click actions.
 */

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
  for (const i of engine.insights()) {
    insights.push({
      id: i.id,
      text: i.text,
      severity: i.kind === "degradation" || i.kind === "rollback" ? "warning" : "info",
      ...(i.actionLabel !== undefined && i.action.kind !== "none" ? { actionLabel: i.actionLabel } : {}),
      dismissible: true,
    });
  }
  const parameterChanges: ParameterChange[] = engine.parameterChanges().map((c) => ({
    at: c.at,
    functionId: c.functionId,
    parameter: PARAMETER_LABELS[c.parameter],
    from: formatParameter(c.parameter, c.from),
    to: formatParameter(c.parameter, c.to),
    explanation: c.explanation,
  }));
  return {
    functions,
    acceptance: [...byFn].map(([functionId, days]) => ({ functionId, days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)) })),
    categories: [...categories].map(([category, c]) => ({ category, ...c })).sort((a, b) => b.accepted + b.rejected - (a.accepted + a.rejected)),
    daily: [...daily]
      .map(([day, d]) => ({ day, costUsd: d.costUsd, latencyP50Ms: d.p50.length ? Math.max(...d.p50) : 0, latencyP95Ms: d.p95.length ? Math.max(...d.p95) : 0, runs: d.runs }))
      .sort((a, b) => a.day.localeCompare(b.day)),
    learned,
    // Newest first: the latest change is what the writer wants to understand.
    parameterChanges: parameterChanges.reverse(),
    insights,
  };
}

const PARAMETER_LABELS: Record<ParameterName, string> = { temperature: "temperature", intensity: "edit intensity", confidenceCut: "confidence cut" };

function formatParameter(p: ParameterName, v: number): string {
  return p === "temperature" ? v.toFixed(2) : `${Math.round(v * 100)}%`;
}

/** `saveSettings` persists `settings` when an insight changes what the settings pane shows. */
export function engineDashboard(engine: Engine, settings: RedlineSettings, saveSettings: () => Promise<void>): DashboardSource {
  return {
    load: () => {
      // Opening the dashboard is idle time: analyse now, so insights are current.
      engine.idle();
      return Promise.resolve(dashboardData(engine, engine.metrics()));
    },
    runInsight: async (id) => {
      const insight = engine.insights().find((i) => i.id === id);
      if (!insight || !(await engine.applyInsight(id))) throw new Error("This insight is no longer current; reopen the dashboard.");
      const a = insight.action;
      if (a.kind === "add-never") {
        return `Done: ${insight.actionLabel ?? "rule added"}. The rule is listed under “Learned preferences”; choose Forget there to undo it.`;
      }
      if (a.kind === "set-strictness") {
        adoptStrictness(settings, a.functionId, a.strictness);
        await saveSettings();
        return `Done: ${insight.actionLabel ?? "strictness changed"}. Change it back in the function's settings.`;
      }
      return "Noted.";
    },
    dismissInsight: (id) => {
      engine.dismissInsight(id);
      return Promise.resolve();
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
      const offs = [
        engine.bus.on("feedback:recorded", soon),
        engine.bus.on("feedback:retracted", soon),
        engine.bus.on("run:completed", soon),
        engine.bus.on("learning:updated", soon),
        engine.bus.on("learning:parameters-changed", soon),
        engine.bus.on("learning:insight", soon),
      ];
      return () => {
        if (timer !== undefined) window.clearTimeout(timer);
        for (const off of offs) off();
      };
    },
  };
}
