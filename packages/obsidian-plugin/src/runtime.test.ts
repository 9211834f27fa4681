import { createEngine, memoryBackend } from "@redline/ai-editorial-functions";
import { describe, expect, it } from "vitest";
import { dashboardData, engineDashboard } from "./dashboard/engine-source.js";
import { adoptStrictness, defaultSettings, strictnessCost, strictnessSlider } from "./settings/schema.js";
import { engineSettingsFor, targetId } from "./runtime.js";

describe("settings → engine", () => {
  it("turns the pane's provider/model entries into router targets", () => {
    expect(targetId("ollama/llama3.2:8b")).toBe("ollama:llama3.2:8b");
    expect(targetId("offline/offline")).toBe("offline:offline");
  });

  it("sends only what the writer changed, in the engine's terms", () => {
    expect(engineSettingsFor({})).toEqual({});
    expect(engineSettingsFor({ intensity: "light", strictness: 0.5, batching: "time-delayed", modelChain: ["anthropic/claude-x"], gates: { maxChangeRatio: 0, forbiddenPhrases: ["delve"], preserveMarkdown: false } })).toEqual({
      intensity: 0.2,
      strictness: 1,
      batching: "debounce",
      modelChain: ["anthropic:claude-x"],
      qualityGates: { maxChangeRatio: 0.01, forbiddenPhrases: ["delve"], preserveMarkdown: false },
    });
    expect(engineSettingsFor({ strictness: 1 }).strictness).toBe(4);
    expect(engineSettingsFor({ strictness: 0 }).strictness).toBe(0.25);
  });

  it("produces settings the engine accepts", async () => {
    const engine = await createEngine({ storage: memoryBackend() });
    await engine.updateSettings("tighten", engineSettingsFor({ intensity: "heavy", strictness: 0.8, batching: "content-aware", asYouType: true, learning: false, allowedCategories: ["concision"] }));
    expect(engine.effectiveFunction("tighten")).toMatchObject({ asYouType: true, learning: false, batching: "content-aware", allowedCategories: ["concision"] });
    await engine.dispose();
  });
});

describe("dashboard data from a running engine", () => {
  it("charts decisions per function and category, and offers a one-click insight for a category the writer keeps rejecting", async () => {
    const engine = await createEngine({ storage: memoryBackend() });
    const note = "We painted 3 walls in grey, red and blue. The organisation's centre is near the station.\n";
    const result = await engine.run({ functionId: "consistency", noteId: "n.md", text: note, scope: { kind: "note" } }).result;
    expect(result.status).toBe("completed");
    const edits = result.items;
    expect(edits.length).toBeGreaterThan(1);
    const [keep, ...rest] = edits;
    engine.resolve("n.md", { type: "accepted", item: keep! });
    for (const e of rest) engine.resolve("n.md", { type: "rejected", item: e });
    const data = dashboardData(engine, engine.metrics());
    const decided = data.categories.reduce((n, c) => n + c.accepted + c.rejected, 0);
    expect(decided).toBe(edits.length);
    const consistency = data.acceptance.find((a) => a.functionId === "consistency");
    expect(consistency?.days.reduce((n, d) => n + d.accepted, 0)).toBe(1);
    expect(consistency?.days.reduce((n, d) => n + d.rejected, 0)).toBe(rest.length);
    expect(data.daily.length).toBe(1);
    expect(data.functions.map((f) => f.id)).toContain("proofread");
    await engine.dispose();
  });
});

describe("insights and parameter changes", () => {
  it("shows the analyzer's insights with working one-click actions, and the tuner's parameter changes with their explanations", async () => {
    const engine = await createEngine({ storage: memoryBackend(), idleAnalysisMs: 0 });
    // A lenient writer (rejections cost little), so the learner keeps showing what it is unsure of.
    await engine.updateSettings("consistency", { strictness: 0.1 });
    let saves = 0;
    const source = engineDashboard(engine, defaultSettings(), () => {
      saves++;
      return Promise.resolve();
    });
    let data = await source.load();
    expect(data.parameterChanges).toEqual([]);
    for (let run = 0; run < 60 && !data.insights.some((i) => i.actionLabel !== undefined); run++) {
      const note = `Paragraph ${run} has a grey wall and a grey door.\n`;
      const result = await engine.run({ functionId: "consistency", noteId: `g${run}.md`, text: note, scope: { kind: "note" } }).result;
      for (const e of result.items) engine.resolve(`g${run}.md`, { type: "rejected", item: e });
      data = await source.load();
    }
    const change = data.parameterChanges[0];
    expect(change?.explanation).toMatch(/^Consistency pass now .+: you rejected \d+% of its edits/);
    expect(change?.functionId).toBe("consistency");
    const insight = data.insights.find((i) => i.actionLabel !== undefined);
    expect(insight?.actionLabel).toMatch(/^Never suggest/);
    expect(await source.runInsight(insight!.id)).toMatch(/Forget there to undo it/);
    // A never-rule lives in the engine's learned data, not in the writer's settings.
    expect(saves).toBe(0);
    data = await source.load();
    expect(data.insights.map((i) => i.id)).not.toContain(insight!.id);
    const rule = data.learned.find((l) => l.kind === "avoid");
    expect(rule).toBeDefined();
    await source.forget(rule!);
    expect((await source.load()).learned.some((l) => l.kind === "avoid")).toBe(false);
    const other = data.insights[0];
    if (other) {
      await source.dismissInsight(other.id);
      expect((await source.load()).insights.map((i) => i.id)).not.toContain(other.id);
    }
    await engine.dispose();
  });
});

describe("strictness adopted from an insight", () => {
  it("maps the engine's cost back onto the pane's slider exactly, clamped to its range", () => {
    for (const slider of [0, 0.25, 0.5, 0.8, 1]) expect(strictnessSlider(strictnessCost(slider))).toBeCloseTo(slider, 12);
    expect(strictnessSlider(64)).toBe(1);
    expect(strictnessSlider(1 / 64)).toBe(0);
  });

  it("records the new strictness in the writer's settings, keeping the function's other choices", () => {
    const settings = defaultSettings();
    settings.functions.tighten = { temperature: 0.3 };
    adoptStrictness(settings, "tighten", 2);
    expect(settings.functions.tighten).toEqual({ temperature: 0.3, strictness: 0.75 });
    expect(engineSettingsFor(settings.functions.tighten).strictness).toBe(2);
  });
});

