/**
 * Bounded online tuning and idle analysis, through the whole engine: runs go
 * to a real OpenAI-compatible endpoint (the editor model server), decisions go
 * through `engine.resolve`, state goes to fake IndexedDB.
 */
import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { createEngine } from "../engine.js";
import type { Engine, EngineOptions } from "../engine.js";
import { PARAMETER_BOUNDS } from "../learning/index.js";
import type { ParameterChange } from "../learning/index.js";
import { idbBackend, memoryBackend } from "../persistence/backend.js";
import type { KeyValueBackend } from "../persistence/backend.js";
import { SCHEMA_VERSION } from "../persistence/store.js";
import { useEditorModelServer } from "../testing/editor-model-hooks.js";

const server = useEditorModelServer();
let db = 0;

// Tighten's rules (editor model server) delete "very " and "really ".
const NOTE = "It was a very long day.\n\nWe were really tired and very hungry.\n";

function options(storage: KeyValueBackend = idbBackend(`tuning-${db++}`), extra: Partial<EngineOptions> = {}): EngineOptions {
  return {
    storage,
    idleAnalysisMs: 0,
    providers: server.providers(),
    ...extra,
  };
}

/** Runs Tighten on a fresh note and decides every shown edit; returns the temperature its requests carried. */
async function runAndDecide(engine: Engine, noteId: string, outcome: "accepted" | "rejected", text = `${NOTE}\nIn ${noteId}, it was very quiet.\n`): Promise<number | undefined> {
  const before = server.requests.length;
  const result = await engine.run({ functionId: "tighten", noteId, text, scope: { kind: "note" } }).result;
  expect(result.status).toBe("completed");
  for (const item of result.items) engine.resolve(noteId, { type: outcome, item });
  const temps = server.requests.slice(before).map((r) => r.temperature);
  expect(new Set(temps).size).toBeLessThanOrEqual(1);
  return temps[0];
}

/** Rejects Tighten's edits run after run until the idle analysis has an insight (hidden edits earn no feedback). */
async function rejectUntilInsight(engine: Engine): Promise<void> {
  // A lenient writer (a rejected edit costs little), so the learner keeps showing what it is unsure of.
  await engine.updateSettings("tighten", { strictness: 0.1 });
  for (let i = 0; i < 60 && !engine.insights().some((x) => x.action.kind === "add-never"); i++) {
    await runAndDecide(engine, `r${i}.md`, "rejected", `Day ${i} was very long and really hot.\n`);
    engine.idle();
  }
}

describe("bounded online tuning in the engine", () => {
  it("tunes a function after a run of rejections, within bounds, explains why, and the next request carries the new temperature", async () => {
    const engine = await createEngine(options());
    const events: { change: ParameterChange; explanation: string }[] = [];
    engine.bus.on("learning:parameters-changed", (e) => events.push(e));
    expect(await runAndDecide(engine, "a.md", "rejected")).toBe(0.2); // Tighten's own temperature
    const changes = engine.parameterChanges("tighten");
    expect(changes.map((c) => c.parameter).sort()).toEqual(["intensity", "temperature"]);
    for (const c of changes) {
      const [lo, hi] = PARAMETER_BOUNDS[c.parameter];
      expect(c.to).toBeLessThan(c.from);
      expect(c.to).toBeGreaterThanOrEqual(lo);
      expect(c.to).toBeLessThanOrEqual(hi);
      expect(c.explanation).toMatch(/^Tighten now/);
    }
    expect(events.map((e) => e.explanation)).toEqual(changes.map((c) => c.explanation));
    const t = changes.find((c) => c.parameter === "temperature")!;
    const next = await runAndDecide(engine, "b.md", "rejected");
    expect(next).toBeCloseTo(0.2 + (t.to - t.from), 3);
    for (let i = 0; i < 30; i++) await runAndDecide(engine, `c${i}.md`, "rejected", `Run ${i} was a very long one.\n`);
    const last = await runAndDecide(engine, "d.md", "rejected", "A really new sentence.\n");
    expect(last).toBeGreaterThanOrEqual(PARAMETER_BOUNDS.temperature[0]);
    // Fewer edits wanted: the prompt now says so.
    expect(server.requests.at(-1)?.prompt).toContain("Propose only changes that clearly improve the text");
    await engine.dispose();
  });

  it("counts undecided edits as ignored, not rejected, when the function runs again", async () => {
    const engine = await createEngine(options());
    for (let i = 0; i < 3; i++) await engine.run({ functionId: "tighten", noteId: `n${i}.md`, text: NOTE, scope: { kind: "note" } }).result;
    expect(engine.parameterChanges()).toEqual([]);
    expect(engine.idle().trends).toEqual([]);
    // One decision out of several edits: the run is scored when Tighten runs again, the rest as ignored.
    const partly = await engine.run({ functionId: "tighten", noteId: "p.md", text: NOTE, scope: { kind: "note" } }).result;
    expect(partly.items.length).toBeGreaterThan(1);
    engine.resolve("p.md", { type: "rejected", item: partly.items[0]! });
    expect(engine.idle().trends).toEqual([]);
    await engine.run({ functionId: "tighten", noteId: "q.md", text: `${NOTE}\nMore.\n`, scope: { kind: "note" } }).result;
    expect(engine.idle().trends).toMatchObject([{ functionId: "tighten", runs: 1, recentAcceptance: 0 }]);
    await engine.dispose();
  });

  it("leaves a function alone when its learning is off, and a temperature the writer set always wins", async () => {
    const engine = await createEngine(options());
    await engine.updateSettings("tighten", { learning: false });
    for (let i = 0; i < 3; i++) expect(await runAndDecide(engine, `off${i}.md`, "rejected")).toBe(0.2);
    expect(engine.parameterChanges()).toEqual([]);
    await engine.updateSettings("tighten", { learning: true, temperature: 0.7 });
    for (let i = 0; i < 3; i++) expect(await runAndDecide(engine, `user${i}.md`, "rejected")).toBe(0.7);
    // The tuner learned meanwhile; the writer's setting still wins.
    expect(engine.parameterChanges("tighten").some((c) => c.parameter === "temperature")).toBe(true);
    await engine.dispose();
  });

  it("rolls back a change that made things worse in idle time, with an explanation and an insight", async () => {
    const engine = await createEngine(options());
    // A writer who accepts everything: Tighten is told to propose more…
    for (let i = 0; i < 12 && !engine.parameterChanges("tighten").some((c) => c.parameter === "intensity"); i++) await runAndDecide(engine, `up${i}.md`, "accepted");
    const up = engine.parameterChanges("tighten").find((c) => c.parameter === "intensity")!;
    expect(up.to).toBeGreaterThan(up.from);
    // …and then rejects everything it proposes.
    const rolled: ParameterChange[] = [];
    engine.bus.on("learning:parameters-changed", ({ change }) => rolled.push(change));
    let rollback: ParameterChange | undefined;
    // Runs whose edits are all hidden earn no reward, so go on until eight runs were judged.
    for (let i = 0; i < 60 && !rollback; i++) {
      await runAndDecide(engine, `down${i}.md`, "rejected", `Day ${i} was very long and really hot.\n`);
      rollback = engine.idle().rollbacks.find((r) => r.undoes === up.id);
    }
    expect(rollback).toBeDefined();
    expect(rollback!.reason).toBe("rollback");
    expect(rollback!.to).toBe(up.from);
    expect(rollback!.explanation).toMatch(/^Rolled back: after Tighten's intensity changed/);
    expect(rolled).toContainEqual(rollback);
    expect(engine.parameterChanges("tighten").at(-1)?.reason).toBeDefined();
    expect(engine.insights().some((i) => i.kind === "rollback" && i.text === rollback!.explanation)).toBe(true);
    await engine.dispose();
  });
});

describe("the tuned confidence cut", () => {
  it("hides edits below the cut with the reason, and not when learning is off", async () => {
    const engine = await createEngine(options());
    await runAndDecide(engine, "a.md", "rejected");
    const state = engine.sessions.exportState();
    const tuner = state.tuner as { functions: Record<string, { params: { confidenceCut: number } }> };
    tuner.functions["tighten"]!.params.confidenceCut = 0.65;
    engine.sessions.importState(state, engine.feedback.records());
    const features = { functionId: "tighten", category: "concision", patternKey: "very→", confidence: 0.6 } as const;
    const hidden = engine.sessions.decide(features);
    expect(hidden.show).toBe(false);
    expect(hidden.explanation).toMatch(/only 60% sure of this edit, below the 65% cut/);
    expect(engine.sessions.decide({ ...features, confidence: 0.7 }).explanation).not.toMatch(/cut/);
    await engine.updateSettings("tighten", { learning: false });
    expect(engine.sessions.decide(features).show).toBe(true);
    await engine.dispose();
  });
});

describe("insights from the idle analysis", () => {
  it("suggests turning off a consistently rejected rewrite; one click adds a visible, reversible never-rule", async () => {
    const storage = idbBackend(`tuning-${db++}`);
    const engine = await createEngine(options(storage));
    const seen: string[] = [];
    engine.bus.on("learning:insight", ({ insight }) => seen.push(insight.id));
    await rejectUntilInsight(engine);
    const insight = engine.insights().find((i) => i.kind === "reject-pattern" || i.kind === "reject-category");
    expect(insight).toBeDefined();
    expect(insight!.action.kind).toBe("add-never");
    expect(seen).toContain(insight!.id);
    expect(await engine.applyInsight(insight!.id)).toBe(true);
    expect(engine.insights().map((i) => i.id)).not.toContain(insight!.id);
    const rule = engine.learned("tighten").find((l) => l.kind === "never");
    expect(rule).toBeDefined();
    // The rule hides those edits, with its reason…
    const before = server.requests.length;
    const hiddenRun = await engine.run({ functionId: "tighten", noteId: "h.md", text: `${NOTE}\nA very last one.\n`, scope: { kind: "note" } }).result;
    const tunedTemperature = server.requests[before]?.temperature;
    expect(tunedTemperature).toBeDefined();
    expect(hiddenRun.hidden.some((h) => /asked never to suggest/.test(h.decision.explanation))).toBe(true);
    // …survives a restart, and is reversible.
    const changes = engine.parameterChanges();
    const insights = engine.insights();
    await engine.dispose();
    const again = await createEngine(options(storage));
    const reannounced: string[] = [];
    again.bus.on("learning:insight", ({ insight }) => reannounced.push(insight.id));
    expect(again.parameterChanges()).toEqual(changes);
    expect(again.insights()).toEqual(insights);
    expect(again.learned("tighten").map((l) => l.id)).toContain(rule!.id);
    expect(await again.forget(rule!.id)).toBe(true);
    expect(again.learned("tighten").some((l) => l.kind === "never")).toBe(false);
    // The tuned temperature applies after the restart as well.
    expect(await runAndDecide(again, "after.md", "accepted")).toBe(tunedTemperature);
    // Dismissed insights stay dismissed; saved ones are not announced a second time.
    again.idle();
    expect(insights.length).toBeGreaterThan(0);
    expect(reannounced.filter((id) => insights.some((i) => i.id === id))).toEqual([]);
    const other = again.insights()[0];
    if (other) {
      expect(again.dismissInsight(other.id)).toBe(true);
      again.idle();
      expect(again.insights().map((i) => i.id)).not.toContain(other.id);
    }
    await again.dispose();
  });
});

describe("tuning state persistence and lifecycle", () => {
  it("loads learning state written before tuning existed (schema unchanged: the new fields are optional)", async () => {
    // Learning state as the previous release wrote it: preferences, bandit, never only.
    const first = memoryBackend();
    const a = await createEngine(options(first));
    await runAndDecide(a, "x.md", "rejected");
    await a.flush();
    const old = a.sessions.exportState();
    await a.dispose();
    const legacy = memoryBackend([
      ["meta", { schemaVersion: SCHEMA_VERSION, createdAt: 1 }],
      ["learning", { preferences: old.preferences, bandit: old.bandit, never: [{ functionId: "tighten", patternKey: "really→", at: 1 }] }],
    ]);
    const b = await createEngine(options(legacy));
    expect(await b.quarantined()).toEqual([]);
    expect(b.parameterChanges()).toEqual([]);
    expect(b.learned("tighten").some((l) => l.kind === "never")).toBe(true);
    expect(await runAndDecide(b, "y.md", "rejected")).toBe(0.2);
    await b.flush();
    expect(b.sessions.exportState().tuner).toMatchObject({ schema: 1 });
    await b.dispose();
  });

  it("runs the analysis on its own idle timer and leaves no timer after dispose", async () => {
    const engine = await createEngine(options(undefined, { idleAnalysisMs: 20 }));
    const seen = { analysed: false };
    engine.bus.on("learning:insight", () => {
      seen.analysed = true;
    });
    await engine.updateSettings("tighten", { strictness: 0.1 });
    await runAndDecide(engine, "t.md", "rejected");
    expect(engine.pendingTimers).toBeGreaterThan(0);
    for (let i = 0; i < 60 && !seen.analysed; i++) {
      await runAndDecide(engine, `t${i}.md`, "rejected", `Day ${i} was very long and really hot.\n`);
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(seen.analysed).toBe(true);
    await runAndDecide(engine, "t9.md", "rejected");
    expect(engine.pendingTimers).toBeGreaterThan(0);
    await engine.dispose();
    expect(engine.pendingTimers).toBe(0);
  });
});
