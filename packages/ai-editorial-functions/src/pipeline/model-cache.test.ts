/**
 * Model answers kept across restarts, through the whole engine: runs go to a
 * real OpenAI-compatible endpoint (the editor model server), state goes to
 * fake IndexedDB.
 */
import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { createEngine } from "../engine.js";
import type { Engine, EngineOptions } from "../engine.js";
import { idbBackend } from "../persistence/backend.js";
import type { KeyValueBackend } from "../persistence/backend.js";
import { useEditorModelServer } from "../testing/editor-model-hooks.js";
import { systemClock } from "../util/clock.js";
import { MODEL_CACHE_MAX_AGE_MS } from "./model-cache.js";

const server = useEditorModelServer();
let db = 0;

// Tighten's rules (editor model server) delete "very " and "really ".
const NOTE = "It was a very long day.\n\nWe were really tired and very hungry.\n";

function options(storage: KeyValueBackend, now = () => Date.now()): EngineOptions {
  return {
    storage,
    idleAnalysisMs: 0,
    clock: { ...systemClock, now },
    providers: server.providers(),
  };
}

async function tighten(engine: Engine, noteId = "n.md") {
  const before = server.requests.length;
  const result = await engine.run({ functionId: "tighten", noteId, text: NOTE, scope: { kind: "note" } }).result;
  expect(result.status).toBe("completed");
  return { calls: server.requests.length - before, result, edits: result.items.map((i) => [i.original, i.kind === "edit" ? i.replacement : ""]) };
}

describe("model answers kept across restarts", () => {
  it("re-running a function on unchanged paragraphs after a restart calls no model, and shows the same edits", async () => {
    const name = `model-cache-${db++}`;
    const first = await createEngine(options(idbBackend(name)));
    const a = await tighten(first);
    expect(a.calls).toBe(2);
    expect(a.edits.length).toBeGreaterThan(0);
    await first.dispose();

    const second = await createEngine(options(idbBackend(name)));
    const b = await tighten(second, "other.md");
    expect(b.calls).toBe(0);
    expect(b.result.paragraphs.cached).toBe(2);
    expect(b.edits).toEqual(a.edits);
    expect(new Set(b.result.items.map((i) => i.source.model))).toEqual(new Set(a.result.items.map((i) => i.source.model)));
    // Resetting learning forgets them: the next run asks the model again.
    await second.resetLearning();
    await second.dispose();
    const third = await createEngine(options(idbBackend(name)));
    expect((await tighten(third)).calls).toBe(2);
    await third.dispose();
  });

  it("drops answers older than 30 days when the engine starts", async () => {
    const name = `model-cache-${db++}`;
    let now = Date.now();
    const first = await createEngine(options(idbBackend(name), () => now));
    expect((await tighten(first)).calls).toBe(2);
    await first.dispose();
    now += MODEL_CACHE_MAX_AGE_MS + 1;
    const later = await createEngine(options(idbBackend(name), () => now));
    expect((await tighten(later)).calls).toBe(2);
    await later.dispose();
  });
});
