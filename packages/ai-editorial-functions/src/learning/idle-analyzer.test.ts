import { describe, expect, it } from "vitest";
import { IdleAnalyzer } from "./idle-analyzer.js";
import { ParameterTuner } from "./parameter-tuner.js";
import type { ParameterChange } from "./parameter-tuner.js";
import { PreferenceModel } from "./preference-model.js";
import { createRng } from "./rng.js";

const DAY = 24 * 3600 * 1000;
const T0 = Date.UTC(2026, 10, 1);

describe("IdleAnalyzer", () => {
  it("turns a consistently rejected category into a one-click insight", () => {
    const model = new PreferenceModel({ rng: createRng(1) });
    for (let i = 0; i < 20; i++) model.update({ functionId: "tighten", category: "tone", patternKey: `t${i}→u` }, i < 2 ? "accepted" : "rejected");
    const analyzer = new IdleAnalyzer({ model });
    const insight = analyzer.analyze(T0).insights.find((i) => i.kind === "reject-category");
    expect(insight?.text).toBe("You reject 90% of tone edits from Tighten — turn them off?");
    expect(insight?.action).toEqual({ kind: "add-never", rule: { kind: "category", value: "tone", functionId: "tighten" } });
    if (!insight) return;
    analyzer.apply(insight);
    expect(model.neverRules()).toMatchObject([{ kind: "category", value: "tone", functionId: "tighten" }]);
    expect(model.decide({ functionId: "tighten", category: "tone", patternKey: "x→y" }).reason).toBe("never-rule");
    expect(analyzer.analyze(T0).insights.some((i) => i.kind === "reject-category")).toBe(false);
  });

  it("detects an acceptance drop against the function's own history", () => {
    const analyzer = new IdleAnalyzer();
    for (let i = 0; i < 40; i++) analyzer.recordRun({ functionId: "proofread", accepted: 8, rejected: 2, modified: 0, ignored: 0, at: T0 + i * DAY });
    expect(analyzer.analyze().trends[0]?.degraded).toBe(false);
    for (let i = 0; i < 10; i++) analyzer.recordRun({ functionId: "proofread", accepted: 4, rejected: 6, modified: 0, ignored: 0, at: T0 + (40 + i) * DAY });
    const report = analyzer.analyze();
    expect(report.trends[0]?.degraded).toBe(true);
    expect(report.insights.find((i) => i.kind === "degradation")?.text).toBe("Proofread's edits are accepted less: 40% over its last 10 runs, against 80% before.");
  });

  it("automatically rolls back a parameter change that made things worse", () => {
    const tuner = new ParameterTuner();
    const analyzer = new IdleAnalyzer({ tuner });
    const run = (i: number, accepted: number) => {
      const r = { functionId: "tighten", accepted, rejected: 10 - accepted, modified: 0, ignored: 0, at: T0 + i * DAY };
      analyzer.recordRun(r);
      return tuner.recordRun(r);
    };
    let i = 0;
    let change: ParameterChange | undefined;
    // The writer likes Tighten; the tuner raises its intensity…
    for (; !change && i < 60; i++) change = run(i, 9).find((c) => c.parameter === "intensity");
    expect(change?.to).toBeGreaterThan(change?.from ?? 1);
    // …after which the writer rejects far more.
    for (let k = 0; k < 8; k++) run(i++, 3);
    const report = analyzer.analyze(T0 + i * DAY);
    const rb = report.rollbacks.find((r) => r.undoes === change?.id);
    expect(rb).toBeDefined();
    expect(rb?.explanation).toMatch(/^Rolled back: after Tighten's intensity changed from/u);
    expect(report.insights.some((x) => x.kind === "rollback")).toBe(true);
    expect(analyzer.analyze().rollbacks).toEqual([]);
  });

  it("suggests turning off a rewrite the writer always rejects, and remembers dismissals", () => {
    const model = new PreferenceModel({ rng: createRng(2) });
    for (let i = 0; i < 30; i++) model.update({ functionId: "clarify", category: "word-choice", patternKey: `w${i}→v` }, "accepted");
    for (let i = 0; i < 12; i++) model.update({ functionId: "clarify", category: "word-choice", patternKey: "utilize→use" }, "rejected");
    const analyzer = new IdleAnalyzer({ model });
    const insight = analyzer.analyze().insights.find((i) => i.kind === "reject-pattern");
    expect(insight?.text).toBe("You always reject “utilize→use” from Clarify — never suggest it?");
    analyzer.dismiss(insight?.id ?? "");
    expect(analyzer.analyze().insights.some((i) => i.kind === "reject-pattern")).toBe(false);
    analyzer.recordRun({ functionId: "clarify", accepted: 1, rejected: 2, modified: 0, ignored: 0, at: T0 });
    const restored = IdleAnalyzer.fromJSON(JSON.parse(JSON.stringify(analyzer.toJSON())), { model });
    expect(restored.toJSON()).toEqual(analyzer.toJSON());
    expect(restored.analyze().insights.some((i) => i.kind === "reject-pattern")).toBe(false);
    expect(() => IdleAnalyzer.fromJSON({ schema: 1, runs: [] })).toThrow(/Learning analysis state is unreadable/u);
  });
});
