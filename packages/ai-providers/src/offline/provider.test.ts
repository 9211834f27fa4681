import { afterAll, describe, expect, it } from "vitest";
import { isProviderError } from "../errors.js";
import { ProviderRegistry } from "../registry.js";
import type { ModelProvider, ProviderCall, StreamPart } from "../types.js";
import type { EngineFinding, EngineHint } from "./findings.js";
import { createOfflineProvider, offlineFunctionOf, registerOfflineProvider } from "./provider.js";

// One provider (one Harper instance) for the whole file.
const provider = createOfflineProvider();
afterAll(async () => {
  await provider.engine.dispose();
});

function call(task: ProviderCall["task"], signal = new AbortController().signal): ProviderCall {
  return { model: "", messages: [{ role: "user", content: "(prompt for LLM providers)" }], signal, ...(task ? { task } : {}) };
}

async function collect(p: ModelProvider, c: ProviderCall): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of p.stream(c)) parts.push(part);
  return parts;
}

describe("offline provider", () => {
  it("registers in the registry's offline slot and is local with no base URL", () => {
    const registry = registerOfflineProvider(new ProviderRegistry());
    expect(registry.has("offline")).toBe(true);
    const p = registry.create({ kind: "offline", id: "offline-gb", options: { dialect: "en-GB" } });
    expect(p).toMatchObject({ kind: "offline", id: "offline-gb", baseURL: "", local: true });
  });

  it("answers a proofread task: metadata first, rewritten paragraphs as deltas, findings on finish", async () => {
    const text = "I recieve teh mail.\n\nIts a nice day, isnt it?";
    const parts = await collect(provider, call({ functionId: "proofread", text }));
    expect(parts[0]).toEqual({ type: "response-metadata", modelId: "redline-offline" });
    const deltas = parts.filter((p) => p.type === "text-delta").map((p) => p.delta);
    expect(deltas).toEqual(["I receive the mail.\n\n", "It's a nice day, isn't it?"]);
    const finish = parts.at(-1);
    if (finish?.type !== "finish") throw new Error("no finish part");
    expect(finish.finishReason).toBe("stop");
    expect(finish.usage.inputTokens).toBe(0);
    const findings = finish.providerMetadata?.findings ?? [];
    expect(findings.map((f) => ({ text: text.slice(f.from, f.to), replacement: f.replacement, category: f.category }))).toEqual([
      { text: "recieve", replacement: "receive", category: "spelling" },
      { text: "teh", replacement: "the", category: "spelling" },
      { text: "Its", replacement: "It's", category: "punctuation" },
      { text: "isnt", replacement: "isn't", category: "spelling" },
    ]);
    for (const f of findings) {
      expect(typeof f.ruleId).toBe("string");
      expect(f.message.length).toBeGreaterThan(0);
    }
    expect(finish.providerMetadata?.["offline"]).toMatchObject({ functionId: "proofread", dialect: "american", stats: { paragraphs: 2 } });
  });

  it("answers a tighten task through generate(), with passive-voice hints", async () => {
    const text = "In order to utilize the tool, the ball was thrown by him.";
    const result = await provider.generate(call({ functionId: "builtin:tighten", text }));
    expect(result.text).toBe("To use the tool, the ball was thrown by him.");
    const findings = (result.providerMetadata?.findings ?? []) as readonly EngineFinding[];
    expect(findings.map((f) => [f.ruleId, f.category, f.source])).toEqual([
      ["in-order-to", "concision", "retext-simplify"],
      ["utilize", "concision", "retext-simplify"],
    ]);
    const hints = result.providerMetadata?.["hints"] as readonly EngineHint[];
    expect(hints.map((h) => [text.slice(h.from, h.to), h.source, h.category])).toEqual([["thrown", "retext-passive", "style"]]);
  });

  it("takes the dialect, protected spans and the learner's rule weights from task params", async () => {
    const text = "Its a nice color, teh best.";
    const result = await provider.generate(
      call({
        functionId: "proofread",
        text,
        params: { dialect: "british", protectedSpans: [{ from: text.indexOf("teh"), to: text.indexOf("teh") + 3 }], ruleWeights: { "harper:ItsContraction": { accepted: 0, rejected: 10 } } },
      }),
    );
    expect(result.text).toBe("Its a nice colour, teh best.");
    const held = result.providerMetadata?.["held"] as readonly EngineFinding[];
    expect(held.map((f) => [f.original, f.replacement])).toEqual([["Its", "It's"]]);
  });

  it("refuses requests it cannot serve with classified, actionable errors", async () => {
    const noTask = collect(provider, call(undefined));
    await expect(noTask).rejects.toSatisfy((e) => isProviderError(e) && e.errorClass === "bad-request" && /structured editorial tasks/.test(e.message));
    await expect(collect(provider, call({ functionId: "adjust-tone", text: "Hi." }))).rejects.toThrow(/can proofread and tighten, not "adjust-tone"/);
    await expect(collect(provider, call({ functionId: "proofread", text: "Hi.", params: { dialect: "martian" } }))).rejects.toThrow(/Unknown dialect/);
    await expect(collect(provider, call({ functionId: "proofread", text: "Hi.", params: { protectedSpans: [{ from: 2, to: 9 }] } }))).rejects.toThrow(/invalid span/);
    expect(offlineFunctionOf("redline/Proofread")).toBe("proofread");
  });

  it("honours an aborted signal", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(collect(provider, call({ functionId: "proofread", text: "teh" }, controller.signal))).rejects.toSatisfy((e) => isProviderError(e) && e.errorClass === "aborted");
  });

  it("surfaces a Harper load failure as a classified server error and recovers on the next call", async () => {
    let attempts = 0;
    const flaky = createOfflineProvider({
      loadHarper: async (options) => {
        attempts++;
        if (attempts === 1) throw new Error("wasm fetch failed");
        return (await import("./harper-backend.js")).createHarperBackend(options);
      },
    });
    await expect(flaky.generate(call({ functionId: "proofread", text: "teh" }))).rejects.toSatisfy(
      (e) => isProviderError(e) && e.errorClass === "server" && /failed: wasm fetch failed/.test(e.message),
    );
    expect((await flaky.generate(call({ functionId: "proofread", text: "I saw teh cat." }))).text).toBe("I saw the cat.");
    await flaky.engine.dispose();
  });
});
