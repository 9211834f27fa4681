import { describe, expect, it } from "vitest";
import { EventBus } from "../bus.js";
import { TimerScope } from "../util/clock.js";
import type { DegradationAlert } from "./performance-monitor.js";
import { PerformanceMonitor } from "./performance-monitor.js";

const DAY = 86_400_000;

function setup(start = Date.UTC(2026, 10, 1, 12)) {
  let now = start;
  const bus = new EventBus();
  const timers = new TimerScope({ now: () => now, setTimeout: () => 0, clearTimeout: () => undefined });
  const alerts: DegradationAlert[] = [];
  bus.on("metrics:alert", ({ alert }) => alerts.push(alert));
  return { pm: new PerformanceMonitor({ bus, timers }), alerts, advance: (ms: number) => (now += ms) };
}

const run = (latencyMs: number, ok = true) => ({ functionId: "tighten", model: "m1", latencyMs, ok, inputTokens: 100, outputTokens: 50, costUsd: 0.001, proposed: 4, shown: 3 });

describe("PerformanceMonitor", () => {
  it("aggregates per function, model and day with p50/p95, acceptance and error rate", () => {
    const { pm } = setup();
    for (let i = 1; i <= 20; i++) pm.recordRun(run(i * 10, i !== 20));
    pm.recordRun({ ...run(5), model: "m2" });
    for (let i = 0; i < 6; i++) pm.recordOutcome("tighten", "m1", "accepted");
    pm.recordOutcome("tighten", "m1", "modified");
    for (let i = 0; i < 3; i++) pm.recordOutcome("tighten", "m1", "rejected");
    pm.recordOutcome("tighten", "m1", "ignored");
    const [m1, m2] = pm.query({ functionId: "tighten" });
    expect(m1).toMatchObject({ day: "2026-11-01", model: "m1", runs: 20, errors: 1, errorRate: 0.05, latencyP50: 100, latencyP95: 190, inputTokens: 2000, proposed: 80, shown: 60, accepted: 6, modified: 1, rejected: 3, ignored: 1, acceptanceRate: 0.7 });
    expect(m2).toMatchObject({ model: "m2", runs: 1 });
    expect(pm.summary()[0]).toMatchObject({ functionId: "tighten", model: "*", runs: 21 });
  });

  it("exports CSV and JSONL", () => {
    const { pm } = setup();
    pm.recordRun(run(42));
    const csv = pm.toCSV().trim().split("\n");
    expect(csv[0]).toBe("day,functionId,model,runs,errors,errorRate,latencyP50,latencyP95,inputTokens,outputTokens,costUsd,proposed,shown,accepted,rejected,modified,ignored,acceptanceRate");
    expect(csv[1]).toBe("2026-11-01,tighten,m1,1,0,0,42,42,100,50,0.001,4,3,0,0,0,0,");
    expect(JSON.parse(pm.toJSONL().trim())).toMatchObject({ functionId: "tighten", acceptanceRate: null, latencyP50: 42 });
  });

  it("alerts once when acceptance drops against the function's own history", () => {
    const { pm, alerts, advance } = setup();
    for (let i = 0; i < 30; i++) pm.recordOutcome("tighten", "m1", i % 10 < 8 ? "accepted" : "rejected");
    advance(10 * DAY);
    for (let i = 0; i < 30; i++) pm.recordOutcome("tighten", "m1", i % 10 < 4 ? "accepted" : "rejected");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ functionId: "tighten", kind: "acceptance", baseline: 0.8 });
    expect(alerts[0]?.message).toMatch(/^tighten: acceptance fell to 4\d% over the last 7 days, from 80% before\.$/);
  });

  it("alerts on a latency regression and round-trips through JSON", () => {
    const { pm, alerts, advance } = setup();
    for (let i = 0; i < 12; i++) pm.recordRun(run(200));
    advance(10 * DAY);
    for (let i = 0; i < 12; i++) pm.recordRun(run(900));
    expect(alerts.map((a) => a.kind)).toEqual(["latency"]);
    const copy = setup();
    copy.pm.restore(pm.toJSON());
    expect(copy.pm.query()).toEqual(pm.query());
  });
});
