import "fake-indexeddb/auto";
import { applyEdits } from "@redline/track-edits";
import { describe, expect, it } from "vitest";
import { createEngine } from "./engine.js";
import { idbBackend, memoryBackend } from "./persistence/backend.js";
import type { ProposedItem } from "./types.js";

const NOTE = `# Colours

We painted 3 walls in grey, red and blue. "Lovely," said Sam.

\`\`\`
const colour = "grey";
\`\`\`

The organisation's centre is near the [[Main Street]] station.
`;

let db = 0;
const freshDb = () => idbBackend(`engine-test-${db++}`);

describe("engine without a model provider", () => {
  it("runs the consistency pass locally, proposes edits that never touch code or links, and learns from decisions", async () => {
    const storage = freshDb();
    const engine = await createEngine({ storage });
    const seen: string[] = [];
    engine.bus.on("run:paragraph", (p) => seen.push(`${p.index}:${p.edits.length}`));
    const run = engine.run({ functionId: "consistency", noteId: "colours.md", text: NOTE, scope: { kind: "note" } });
    const result = await run.result;
    expect(result.status).toBe("completed");
    const edits = result.items.filter((i): i is Extract<ProposedItem, { kind: "edit" }> => i.kind === "edit");
    const applied = applyEdits(NOTE, edits);
    expect(applied).toBe(`# Colors

We painted three walls in gray, red, and blue. \u201cLovely,\u201d said Sam.

\`\`\`
const colour = "grey";
\`\`\`

The organization\u2019s center is near the [[Main Street]] station.
`);
    expect(seen).toHaveLength(3);
    expect(edits.every((e) => e.source.functionId === "consistency" && e.functionVersion !== "" && e.decision.show)).toBe(true);

    // Accept the spelling fixes, reject the serial comma.
    const comma = edits.find((e) => e.replacement.includes(","))!;
    const spelling = edits.filter((e) => e.category === "spelling");
    expect(spelling.length).toBeGreaterThan(0);
    for (const e of spelling) expect(engine.resolve("colours.md", { type: "accepted", item: e })?.outcome).toBe("accepted");
    const rec = engine.resolve("colours.md", { type: "rejected", item: comma, decisionMs: 1200 });
    expect(rec).toMatchObject({ outcome: "rejected", functionId: "consistency", category: comma.category, patternKey: comma.patternKey, decisionMs: 1200, runId: run.runId, noteId: "colours.md" });
    expect(rec?.context).toContain("We painted");
    const row = engine.metrics({ functionId: "consistency" })[0]!;
    expect(row).toMatchObject({ runs: 1, accepted: spelling.length, rejected: 1 });
    expect(engine.learned("consistency").some((l) => l.kind === "category")).toBe(true);
    expect(engine.sessions.pending("colours.md").map((p) => p.id)).not.toContain(comma.id);
    await engine.dispose();

    // A new engine on the same database restores feedback, metrics, learning and pending edits.
    const again = await createEngine({ storage: idbBackend(`engine-test-${db - 1}`) });
    expect(again.feedback.records()).toHaveLength(spelling.length + 1);
    expect(again.metrics({ functionId: "consistency" })[0]).toMatchObject({ accepted: spelling.length, rejected: 1 });
    const note = await again.openNote("colours.md", { getText: () => NOTE });
    expect(note.restored.map((p) => p.id).sort()).toEqual(edits.filter((e) => e !== comma && !spelling.includes(e)).map((e) => e.id).sort());
    expect(note.dropped).toEqual([]);
    await again.dispose();
  });

  it("takes an undone decision back out of learning, metrics and the log, and redo puts it back", async () => {
    const storage = freshDb();
    const engine = await createEngine({ storage });
    const r = await engine.run({ functionId: "consistency", noteId: "n", text: NOTE, scope: { kind: "note" } }).result;
    const [kept, undone] = r.items as [ProposedItem, ProposedItem];
    engine.resolve("n", { type: "accepted", item: kept });
    const learned = () => JSON.stringify(engine.sessions.exportState().preferences);
    const before = learned();
    engine.resolve("n", { type: "rejected", item: undone });
    const decided = learned();
    expect(decided).not.toBe(before);
    expect(engine.metrics({ functionId: "consistency" })[0]).toMatchObject({ accepted: 1, rejected: 1 });

    // Undo: the host reports the edit back as pending.
    expect(engine.retractDecisions("other.md", [undone.id])).toEqual([]);
    expect(engine.retractDecisions("n", [undone.id]).map((x) => x.outcome)).toEqual(["rejected"]);
    engine.sessions.addPending("n", [undone], NOTE);
    expect(engine.feedback.records().map((x) => x.editId)).toEqual([kept.id]);
    expect(learned().replace(/"version":\d+/u, "")).toBe(before.replace(/"version":\d+/u, ""));
    expect(engine.metrics({ functionId: "consistency" })[0]).toMatchObject({ accepted: 1, rejected: 0 });
    expect(engine.sessions.pending("n").map((p) => p.id)).toContain(undone.id);

    // Redo: the decision counts again, exactly as first recorded.
    expect(engine.restoreDecisions("n", [undone.id]).map((x) => x.outcome)).toEqual(["rejected"]);
    expect(learned().replace(/"version":\d+/u, "")).toBe(decided.replace(/"version":\d+/u, ""));
    expect(engine.sessions.pending("n").map((p) => p.id)).not.toContain(undone.id);
    expect(engine.restoreDecisions("n", [undone.id])).toEqual([]);

    // Undo again, then restart: the log on disk no longer holds the undone decision.
    engine.retractDecisions("n", [undone.id]);
    engine.sessions.addPending("n", [undone], NOTE);
    await engine.dispose();
    const again = await createEngine({ storage: idbBackend(`engine-test-${db - 1}`) });
    expect(again.feedback.records().map((x) => x.editId)).toEqual([kept.id]);
    expect(again.metrics({ functionId: "consistency" })[0]).toMatchObject({ accepted: 1, rejected: 0 });
    await again.dispose();
  });

  it("re-anchors pending edits after a restart and drops, with a notice, those whose text changed", async () => {
    const storage = memoryBackend();
    const a = await createEngine({ storage });
    const result = await a.run({ functionId: "consistency", noteId: "n", text: NOTE, scope: { kind: "note" } }).result;
    expect(result.items.length).toBeGreaterThan(3);
    await a.dispose();
    // Meanwhile (e.g. edited on another device): a line added on top, the last paragraph rewritten.
    const changed = `Preface.\n\n${NOTE.replace("The organisation's centre", "Our office")}`;
    const b = await createEngine({ storage });
    const notices: string[] = [];
    b.bus.on("notice", (n) => notices.push(n.message));
    const note = await b.openNote("n", { getText: () => changed });
    expect(note.dropped.map((d) => d.original)).toEqual(["organisation's", "centre"]);
    for (const p of note.restored) expect(changed.slice(p.from, p.to)).toBe(p.original);
    expect(notices[0]).toMatch(/^2 pending suggestions in n were dropped because the text they applied to changed/);
    await b.dispose();
  });

  it("refuses functions that need a model with a clear reason", async () => {
    const engine = await createEngine({ storage: memoryBackend() });
    const r = await engine.run({ functionId: "clarify", noteId: "n", text: "Some text.", scope: { kind: "note" } }).result;
    expect(r.status).toBe("refused");
    expect(r.reason).toMatch(/Clarify needs a model provider/);
    const unknown = await engine.run({ functionId: "nope", noteId: "n", text: "x", scope: { kind: "note" } }).result;
    expect(unknown.reason).toMatch(/^There is no editorial function "nope". Available: proofread, tighten/);
    await engine.dispose();
  });

  it("disposes cleanly: no listeners, no timers, and runs refuse afterwards", async () => {
    const engine = await createEngine({ storage: memoryBackend() });
    await engine.run({ functionId: "consistency", noteId: "n", text: NOTE, scope: { kind: "note" } }).result;
    expect(engine.bus.listenerCount()).toBeGreaterThan(0);
    await engine.dispose();
    expect(engine.bus.listenerCount()).toBe(0);
    expect(engine.pendingTimers).toBe(0);
    expect(() => engine.run({ functionId: "consistency", noteId: "n", text: NOTE, scope: { kind: "note" } })).toThrow(/disposed/);
  });

  it("exports, resets and imports all learned data as JSON", async () => {
    const engine = await createEngine({ storage: memoryBackend() });
    const r = await engine.run({ functionId: "consistency", noteId: "n", text: NOTE, scope: { kind: "note" } }).result;
    for (const item of r.items.slice(0, 2)) engine.resolve("n", { type: "accepted", item });
    await engine.flush();
    const json = JSON.stringify(engine.exportData());
    await engine.resetLearning();
    expect(engine.feedback.records()).toHaveLength(0);
    expect(engine.metrics()).toEqual([]);
    await expect(engine.importData('{"format":"something else"}')).rejects.toThrow(/not a Redline export.*Nothing was changed/);
    await engine.importData(json);
    expect(engine.feedback.records()).toHaveLength(2);
    expect(engine.metrics()[0]).toMatchObject({ accepted: 2 });
    await engine.dispose();
  });

  it("quarantines corrupted learned state with a notice and rebuilds it from the feedback log", async () => {
    const storage = memoryBackend();
    const a = await createEngine({ storage });
    const r = await a.run({ functionId: "consistency", noteId: "n", text: NOTE, scope: { kind: "note" } }).result;
    for (const item of r.items) a.resolve("n", { type: "rejected", item });
    await a.dispose();
    await storage.setMany([["learning", { preferences: { functions: "garbage" }, bandit: 7, never: [] }]]);
    const b = await createEngine({ storage });
    expect((await b.quarantined()).map((q) => q.key)).toEqual(["learning"]);
    expect(b.startupNotices().map((n) => n.message)).toEqual([expect.stringMatching(/^Redline set aside saved data "learning" because the learned preferences could not be read/)]);
    expect(b.learned("consistency").length).toBeGreaterThan(0);
    expect(b.feedback.records()).toHaveLength(r.items.length);
    await b.dispose();
  });

  it("reports diagnostics in words, without secrets", async () => {
    const engine = await createEngine({ storage: memoryBackend() });
    const report = await engine.diagnostics();
    expect(report.checks.find((c) => c.area === "storage")).toMatchObject({ status: "ok" });
    expect(report.checks.filter((c) => c.area === "bus").every((c) => c.status === "ok")).toBe(true);
    expect(report.ok).toBe(true);
    await engine.dispose();
  });
});
