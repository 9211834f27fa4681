import { createEngine, memoryBackend } from "@redline/ai-editorial-functions";
import { describe, expect, it } from "vitest";
import { dashboardData, engineDashboard } from "./dashboard/engine-source.js";
import { defaultSettings } from "./settings/schema.js";
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

describe("insights", () => {
  it("offers to stop a category the writer keeps rejecting, and the action does it", async () => {
    const engine = await createEngine({ storage: memoryBackend() });
    const note = Array.from({ length: 6 }, (_, i) => `Paragraph ${i + 1} has a grey wall and a grey door.`).join("\n\n") + "\n";
    const result = await engine.run({ functionId: "consistency", noteId: "g.md", text: note, scope: { kind: "note" } }).result;
    const spelling = result.items.filter((i) => i.kind === "edit" && i.category === "spelling");
    expect(spelling.length).toBeGreaterThanOrEqual(5);
    for (const e of spelling) engine.resolve("g.md", { type: "rejected", item: e });
    const disabled: string[] = [];
    const source = engineDashboard(engine, defaultSettings(), {
      disableCategory: (fn, cat) => {
        disabled.push(`${fn}/${cat}`);
        return Promise.resolve();
      },
    });
    const insight = (await source.load()).insights.find((i) => i.id === "category:consistency:spelling");
    expect(insight?.actionLabel).toBe("Stop suggesting spelling");
    expect(insight?.text).toMatch(/You rejected \d+ of \d+ spelling edits from Consistency/);
    expect(await source.runInsight(insight!.id)).toMatch(/no longer suggest spelling/);
    expect(disabled).toEqual(["consistency/spelling"]);
    await engine.dispose();
  });
});
