import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createDefaultRegistry } from "./providers/index.js";
import { createRouter } from "./router.js";
import type { TargetSpec } from "./router-types.js";
import type { FakeModelServer } from "./testing/fake-server.js";
import type { ModelProvider, ProviderCall, StreamPart } from "./types.js";
import { ask, consume, recordEvents, routerOn, settle, sleep, useFakeServer } from "./test-helpers.js";

let server: FakeModelServer;
useFakeServer((started) => {
  server = started;
});

const PRIMARY: TargetSpec = { provider: "anthropic", model: "primary" };
const FALLBACK: TargetSpec = { provider: "openai", model: "fallback" };

describe("in-flight de-duplication", () => {
  it("identical concurrent requests share one upstream call, and each caller gets the whole stream", async () => {
    server.script("primary", { kind: "ok", text: "one shared answer", chunkDelayMs: 5 });
    const router = routerOn(server, { cache: false, chains: { default: [PRIMARY] } });
    const dedups = recordEvents(router, ["dedup"]);
    const a = router.stream(ask("same"));
    await sleep(5);
    const b = router.stream(ask("same"));
    const [ra, rb] = await Promise.all([consume(a), consume(b)]);
    expect(ra.text).toBe("one shared answer");
    expect(rb.text).toBe("one shared answer");
    expect(server.requests("primary")).toHaveLength(1);
    expect(dedups).toHaveLength(1);
    expect(await b.result).toMatchObject({ deduped: true, costUsd: 0, text: "one shared answer" });
    expect((await a.result).deduped).toBe(false);
    router.dispose();
  });

  it("one participant aborting does not cancel the others; the last one leaving does", async () => {
    server.script("primary", { kind: "ok", text: "still delivered", firstTokenDelayMs: 40 });
    const router = routerOn(server, { cache: false, chains: { default: [PRIMARY] } });
    const ac = new AbortController();
    const a = router.stream(ask("same"), { signal: ac.signal });
    const b = router.stream(ask("same"));
    ac.abort();
    await expect(a.result).rejects.toMatchObject({ code: "aborted" });
    expect((await b.result).text).toBe("still delivered");
    expect(server.requests("primary")).toHaveLength(1);

    server.script("primary", { kind: "hang" });
    const ac2 = new AbortController();
    const c = router.stream(ask("other"), { signal: ac2.signal });
    const d = router.stream(ask("other"), { signal: ac2.signal });
    ac2.abort();
    await expect(c.result).rejects.toMatchObject({ code: "aborted" });
    await expect(d.result).rejects.toMatchObject({ code: "aborted" });
    router.dispose();
  });

  it("different requests are not merged", async () => {
    const router = routerOn(server, { cache: false, chains: { default: [PRIMARY] } });
    await Promise.all([router.complete(ask("a")), router.complete(ask("b")), router.complete(ask("a", { temperature: 0.2 }))]);
    expect(server.requests("primary")).toHaveLength(3);
    router.dispose();
  });
});

describe("response cache", () => {
  it("replays a complete result as a stream, without a call or a cost", async () => {
    server.script("primary", { kind: "ok", text: "cache me please" });
    const router = routerOn(server, { chains: { default: [PRIMARY] }, priceTable: { primary: { input: 3, output: 15 } } });
    const hits = recordEvents(router, ["cache-hit"]);
    const first = await router.complete(ask("same"));
    expect(first.cached).toBe(false);
    expect(first.costUsd).toBeGreaterThan(0);
    const s = router.stream(ask("same"));
    const { text, parts } = await consume(s);
    expect(text).toBe("cache me please");
    expect(parts.filter((p) => p.type === "text-delta").length).toBeGreaterThan(1);
    expect(parts.at(-1)).toMatchObject({ type: "finish", finishReason: "stop" });
    expect(await s.result).toMatchObject({ cached: true, costUsd: 0, attempts: 0, text: "cache me please" });
    expect(server.requests("primary")).toHaveLength(1);
    expect(hits).toHaveLength(1);
    expect(router.ledger.entries({ kind: "completion" })).toHaveLength(1);
    router.dispose();
  });

  it("holds only complete results: a length-truncated answer is not cached", async () => {
    server.script("primary", { kind: "ok", text: "cut by max tokens", finishReason: "length" });
    const router = routerOn(server, { chains: { default: [PRIMARY] } });
    expect((await router.complete(ask("x"))).finishReason).toBe("length");
    await router.complete(ask("x"));
    expect(server.requests("primary")).toHaveLength(2);
    router.dispose();
  });

  it("can be bypassed per call and cleared", async () => {
    const router = routerOn(server, { chains: { default: [PRIMARY] } });
    await router.complete(ask("x"));
    await router.complete(ask("x"), { cache: false });
    router.clearCache();
    await router.complete(ask("x"));
    expect(server.requests("primary")).toHaveLength(3);
    router.dispose();
  });
});

describe("structured output", () => {
  const Edit = z.object({ rewrite: z.string(), changed: z.boolean() });

  it("parses and validates locally with zod", async () => {
    server.script("primary", { kind: "ok", text: '{"rewrite":"Better.","changed":true}' });
    const router = routerOn(server, { chains: { default: [PRIMARY] } });
    const r = await router.complete(ask("x", { output: { name: "edit", schema: Edit } }));
    expect(r.object).toEqual({ rewrite: "Better.", changed: true });
    router.dispose();
  });

  it("an answer that fails validation moves on to the next target, which replaces the partial output", async () => {
    server.script("primary", { kind: "ok", text: '{"rewrite": 42}' });
    server.script("fallback", { kind: "ok", text: '```json\n{"rewrite":"Fine.","changed":false}\n```' });
    const router = routerOn(server, { chains: { default: [PRIMARY, FALLBACK] } });
    const s = router.stream(ask("x", { output: { name: "edit", schema: Edit } }));
    const { parts } = await consume(s);
    expect(parts.some((p) => p.type === "restart")).toBe(true);
    const r = await s.result;
    expect(r.object).toEqual({ rewrite: "Fine.", changed: false });
    expect(r.target.model).toBe("fallback");
    router.dispose();
  });

  it("when no target produces valid output: a typed invalid-output error", async () => {
    server.script("primary", { kind: "ok", text: "not json at all" });
    const router = routerOn(server, { chains: { default: [PRIMARY] } });
    await expect(router.complete(ask("x", { output: { name: "edit", schema: Edit } }))).rejects.toMatchObject({ code: "invalid-output" });
    router.dispose();
  });
});

describe("batching", () => {
  it("several paragraphs in one call with per-item results; skipped items are retried alone", async () => {
    server.script(
      "primary",
      { kind: "ok", text: JSON.stringify({ items: [{ id: "p1", result: "One." }, { id: "p2", result: 7 }] }) },
      { kind: "ok", text: JSON.stringify({ items: [{ id: "p2", result: "Two." }] }) },
      { kind: "ok", text: JSON.stringify({ items: [{ id: "p3", result: "Three." }] }) },
    );
    const router = routerOn(server, { cache: false, dedup: false, chains: { default: [PRIMARY] } });
    const results = await router.batch({
      items: [
        { id: "p1", text: "one" },
        { id: "p2", text: "two" },
        { id: "p3", text: "three" },
      ],
      maxItemsPerCall: 3,
      itemSchema: z.string(),
      buildRequest: (items) => ask(JSON.stringify(items)),
    });
    expect(results).toEqual([
      { id: "p1", ok: true, value: "One." },
      { id: "p2", ok: true, value: "Two." },
      { id: "p3", ok: true, value: "Three." },
    ]);
    expect(server.requests("primary")).toHaveLength(3);
    const firstBody = server.requests("primary")[0]!.body;
    expect(JSON.stringify(firstBody.messages)).toContain("p3");
    router.dispose();
  });

  it("a failed call fails its items with the router's typed error, not the whole batch", async () => {
    server.script("primary", { kind: "status", status: 401 }, { kind: "ok", text: JSON.stringify({ items: [{ id: "b", result: "B" }] }) });
    const router = routerOn(server, { cache: false, dedup: false, chains: { default: { targets: [PRIMARY], maxAttempts: 1 } }, breaker: { failureThreshold: 10, halfOpenAfterMs: 60_000 } });
    const results = await router.batch({
      items: [
        { id: "a", text: "a" },
        { id: "b", text: "b" },
      ],
      maxItemsPerCall: 1,
      itemSchema: z.string(),
      buildRequest: (items) => ask(items.map((i) => i.text).join("\n")),
    });
    expect(results[0]).toMatchObject({ id: "a", ok: false, error: { code: "exhausted" } });
    expect(results[1]).toEqual({ id: "b", ok: true, value: "B" });
    router.dispose();
  });
});

describe("bulkhead", () => {
  it("limits concurrency per target, queues, and sends overflow to the next target", async () => {
    server.script("primary", { kind: "ok", text: "slow", headerDelayMs: 60 });
    const router = routerOn(server, { cache: false, dedup: false, chains: { default: [{ ...PRIMARY, maxConcurrent: 1, maxQueue: 1 }, FALLBACK] } });
    const skipped = recordEvents(router, ["target-skipped"]);
    const results = await Promise.all([router.complete(ask("1")), router.complete(ask("2")), router.complete(ask("3"))]);
    expect(results.map((r) => r.target.model).sort()).toEqual(["fallback", "primary", "primary"]);
    expect(skipped.map((e) => e.event)).toContainEqual(expect.objectContaining({ reason: "queue-full" }));
    const times = server.requests("primary").map((r) => r.at);
    // Queued, not parallel: the second primary request starts after the first answered.
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(50);
    router.dispose();
  });

  it("a queued caller that aborts leaves the queue", async () => {
    server.script("primary", { kind: "ok", text: "slow", headerDelayMs: 50 });
    const router = routerOn(server, { cache: false, dedup: false, chains: { default: [{ ...PRIMARY, maxConcurrent: 1, maxQueue: 4 }] } });
    const first = router.complete(ask("1"));
    const ac = new AbortController();
    const queued = router.complete(ask("2"), { signal: ac.signal });
    ac.abort();
    await expect(queued).rejects.toMatchObject({ code: "aborted" });
    await first;
    expect(server.requests("primary")).toHaveLength(1);
    router.dispose();
  });
});

describe("the offline slot", () => {
  function offlineProvider(): ModelProvider {
    async function* stream(call: ProviderCall): AsyncGenerator<StreamPart> {
      await Promise.resolve();
      if (call.signal.aborted) throw new Error("aborted");
      yield { type: "response-metadata", modelId: "rules" };
      const text = call.task?.text ?? "";
      const fixed = text.replace("teh", "the");
      yield { type: "text-delta", delta: fixed };
      yield {
        type: "finish",
        finishReason: "stop",
        usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
        modelId: "rules",
        providerMetadata: { findings: [{ from: 0, to: 3, replacement: "the", category: "spelling", ruleId: "typo.teh", message: "Misspelling" }] },
      };
    }
    return {
      kind: "offline",
      id: "offline",
      baseURL: "",
      local: true,
      stream,
      generate: () => Promise.reject(new Error("not used")),
    };
  }

  it("a provider registered for kind offline is the fallback of last resort, $0, with findings", async () => {
    server.script("primary", { kind: "status", status: 401 });
    const registry = createDefaultRegistry().register("offline", () => offlineProvider());
    const router = createRouter({
      registry,
      providers: [{ kind: "anthropic", id: "anthropic", apiKey: "k", baseURL: server.url, local: false }, { kind: "offline" }],
      chains: { proofread: [PRIMARY, { provider: "offline", model: "rules" }] },
      budgets: { perDayUsd: 0 },
    });
    const r = await router.complete(ask("prompt", { task: { functionId: "proofread", text: "teh cat" } }));
    expect(r).toMatchObject({ text: "the cat", costUsd: 0, modelId: "rules", target: { provider: "offline" } });
    expect(r.providerMetadata?.findings).toEqual([expect.objectContaining({ ruleId: "typo.teh", replacement: "the" })]);
    router.dispose();
  });
});

describe("dispose", () => {
  it("aborts in-flight requests and refuses new ones", async () => {
    server.script("primary", { kind: "hang" });
    const router = routerOn(server, { chains: { default: [PRIMARY] } });
    const pending = settle(router.complete(ask("x")));
    await sleep(10);
    router.dispose();
    expect(await pending).toMatchObject({ ok: false, error: { code: "aborted" } });
    await expect(router.complete(ask("y"))).rejects.toMatchObject({ code: "aborted" });
  });
});
