/**
 * With no API key at all: proofread and tighten run on ai-providers' offline
 * engine (Harper + retext), the consistency pass on the style-sheet checker.
 */
import { applyEdits } from "@redline/track-edits";
import { describe, expect, it } from "vitest";
// ai-providers does not export its offline entry from the package root yet.
import { createOfflineProvider } from "../../ai-providers/src/offline/index.js";
import { createEngine } from "./engine.js";
import { memoryBackend } from "./persistence/backend.js";

describe("offline, no model provider", () => {
  it("proofreads and tightens on the offline engine, and refuses functions that need a model", async () => {
    const engine = await createEngine({ storage: memoryBackend(), providers: { list: [createOfflineProvider()] } });
    const text = "This is a sentance with a mispelled word. See `teh code` here.\n\nIn order to win, we must utilize every advantage.";
    const proof = await engine.run({ functionId: "proofread", noteId: "n", text, scope: { kind: "note" } }).result;
    expect(proof.status).toBe("completed");
    const fixed = applyEdits(text, proof.items.filter((i) => i.kind === "edit"));
    expect(fixed).toContain("sentence");
    expect(fixed).toContain("misspelled");
    expect(fixed).toContain("`teh code`");
    expect(proof.items[0]?.source).toMatchObject({ provider: "offline", model: "redline-offline" });
    const tight = await engine.run({ functionId: "tighten", noteId: "n", text, scope: { kind: "note" } }).result;
    expect(tight.status).toBe("completed");
    expect(tight.items.length).toBeGreaterThan(0);
    const clarify = await engine.run({ functionId: "clarify", noteId: "n", text, scope: { kind: "note" } }).result;
    expect(clarify.reason).toMatch(/^Clarify needs a model provider/);
    await engine.dispose();
  }, 60_000);

  it("counts the changes it leaves out because they fall outside the function's categories", async () => {
    const engine = await createEngine({ storage: memoryBackend(), providers: { list: [createOfflineProvider()] } });
    await engine.updateSettings("proofread", { allowedCategories: ["punctuation"] });
    const r = await engine.run({ functionId: "proofread", noteId: "n", text: "I saw teh cat.", scope: { kind: "note" } }).result;
    expect(r.status).toBe("completed");
    expect(r.items).toEqual([]);
    expect(r.paragraphs.outOfScope).toBe(1);
    await engine.dispose();
  }, 60_000);
});
