import { describe, expect, it } from "vitest";
import { createEngine } from "../engine.js";
import { memoryBackend } from "../persistence/backend.js";
import type { TrackedEdit } from "@redline/track-edits";

const edit = (id: string, patternKey: string): TrackedEdit => ({
  kind: "edit",
  id,
  from: 0,
  to: 7,
  original: "utilize",
  replacement: "use",
  source: { functionId: "tighten", variant: "default", model: "m", provider: "p" },
  category: "word-choice",
  patternKey,
  confidence: 0.7,
  clusterId: "c",
  createdAt: Date.now() - 1500,
  explanation: "",
});

describe("FeedbackProcessor", () => {
  it("normalises resolutions, treats invalidation as no verdict, and announces recurring patterns", async () => {
    const engine = await createEngine({ storage: memoryBackend() });
    const patterns: string[] = [];
    engine.bus.on("feedback:pattern", (p) => patterns.push(`${p.patternKey}:${p.outcome}×${p.count}`));
    for (let i = 0; i < 3; i++) engine.resolve("n", { type: "rejected", item: edit(`e${i}`, "utilize→use") });
    const mod = engine.resolve("n", { type: "modified", item: edit("e9", "utilize→use"), finalText: "employ" });
    const inv = engine.resolve("n", { type: "invalidated", item: edit("e10", "utilize→use") });
    expect(patterns).toEqual(["utilize→use:rejected×3"]);
    expect(mod).toMatchObject({ outcome: "modified", finalText: "employ", functionId: "tighten", variantId: "default", model: "m", provider: "p" });
    expect(mod?.decisionMs).toBeGreaterThanOrEqual(1500);
    expect(inv?.outcome).toBe("ignored");
    await engine.flush();
    expect(engine.feedback.records()).toHaveLength(5);
    expect(engine.feedback.toJSONL().trim().split("\n")).toHaveLength(5);
    await engine.dispose();
  });

  it("keeps feedback durable: a record is in storage once its write resolves", async () => {
    const storage = memoryBackend();
    const engine = await createEngine({ storage });
    const out = engine.feedback.process({ type: "accepted", item: edit("x", "a→b"), noteId: "n" });
    await out?.durable;
    const keys = (await storage.entries()).map(([k]) => k).filter((k) => k.startsWith("fb:"));
    expect(keys).toHaveLength(1);
    await engine.dispose();
  });

  it("forgetting a learned pattern removes its feedback and rebuilds learning from the rest", async () => {
    const engine = await createEngine({ storage: memoryBackend() });
    for (let i = 0; i < 3; i++) engine.resolve("n", { type: "rejected", item: edit(`r${i}`, "utilize→use") });
    engine.resolve("n", { type: "accepted", item: edit("k", "in order to→to") });
    const item = engine.learned("tighten").find((l) => l.kind === "pattern" && l.label === "utilize→use");
    expect(item).toBeDefined();
    expect(engine.sessions.promptBlocks("tighten").preferences).toContain("“utilize→use”");
    expect(await engine.forget(item!.id)).toBe(true);
    expect(engine.feedback.records().map((r) => r.patternKey)).toEqual(["in order to→to"]);
    expect(engine.sessions.promptBlocks("tighten").preferences).toBe("");
    engine.neverSuggest("tighten", "very→");
    expect(engine.learned("tighten").map((l) => l.id)).toContain("never|tighten|very→");
    await engine.dispose();
  });
});
