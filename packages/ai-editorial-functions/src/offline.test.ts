/**
 * With no API key at all: proofread and tighten run on ai-providers' offline
 * engine (Harper + retext), the consistency pass on the style-sheet checker.
 */
import { applyEdits } from "@redline/track-edits";
import { describe, expect, it } from "vitest";
// ai-providers does not export its offline entry from the package root yet.
import { createDefaultRegistry, type ModelProvider, type ProviderFactory } from "@redline/ai-providers";
import { createOfflineProvider, offlineProviderFactory } from "../../ai-providers/src/offline/index.js";
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

  it("keeps one offline engine across router rebuilds and unchanged configs, and disposes it when its config changes or the engine goes", async () => {
    const made: ModelProvider[] = [];
    let disposed = 0;
    const base = offlineProviderFactory();
    const counting: ProviderFactory = (config, env) => {
      const p = base(config, env);
      made.push(p);
      return {
        ...p,
        stream: (call) => p.stream(call),
        generate: (call) => p.generate(call),
        dispose: async () => {
          disposed++;
          await p.dispose?.();
        },
      };
    };
    const registry = createDefaultRegistry().register("offline", counting);
    const providers = { list: [{ kind: "offline" as const, id: "offline" }], router: { registry } };
    const engine = await createEngine({ storage: memoryBackend(), providers });
    let n = 0;
    const proofread = () => engine.run({ functionId: "proofread", noteId: `n${++n}`, text: "I saw teh cat.", scope: { kind: "note" } }).result;
    expect((await proofread()).items).toHaveLength(1);
    // A function whose chain changes rebuilds the router; the provider (and Harper in it) stays.
    const before = engine.router;
    await engine.updateSettings("proofread", { modelChain: ["offline:redline-offline"] });
    expect(engine.router).not.toBe(before);
    expect((await proofread()).items).toHaveLength(1);
    expect(made).toHaveLength(1);
    expect(disposed).toBe(0);
    // Providers reconfigured with the offline config unchanged (say, another provider's key): the same engine.
    await engine.configureProviders(providers);
    expect(made).toHaveLength(1);
    // A changed offline config: a new engine, and the old one is released.
    await engine.configureProviders({ ...providers, list: [{ kind: "offline", id: "offline", options: { dialect: "british" } }] });
    expect(made).toHaveLength(2);
    expect(disposed).toBe(1);
    expect((await proofread()).items).toHaveLength(1);
    await engine.dispose();
    expect(disposed).toBe(2);
  }, 60_000);
});
