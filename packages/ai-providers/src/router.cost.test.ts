import { describe, expect, it } from "vitest";
import type { TargetSpec } from "./router-types.js";
import type { FakeModelServer } from "./testing/fake-server.js";
import { ask, recordEvents, routerOn, useFakeServer } from "./test-helpers.js";

let server: FakeModelServer;
useFakeServer((started) => {
  server = started;
});

const PAID: TargetSpec = { provider: "anthropic", model: "paid" };
const OTHER: TargetSpec = { provider: "openai", model: "other" };
const prices = { paid: { input: 3, output: 15, cacheRead: 0.3 }, other: { input: 1, output: 5 } };

describe("cost, ledger and budgets through the router", () => {
  it("bills the actual usage of a completion, normalised across providers", async () => {
    server.script("paid", { kind: "ok", text: "ok", usage: { inputTokens: 1_000_000, outputTokens: 100_000, cacheReadTokens: 500_000 } });
    const router = routerOn(server, { priceTable: prices, cache: false, chains: { default: [PAID] } });
    const costs = recordEvents(router, ["cost"]);
    const r = await router.complete(ask("x"), { functionId: "proofread" });
    // 500k plain × $3 + 500k cached × $0.30 + 100k × $15, per million.
    expect(r.costUsd).toBeCloseTo(1.5 + 0.15 + 1.5, 9);
    expect(r.usage).toMatchObject({ inputTokens: 1_000_000, cacheReadTokens: 500_000, outputTokens: 100_000 });
    expect(router.ledger.entries()).toEqual([expect.objectContaining({ kind: "completion", functionId: "proofread", costUsd: r.costUsd, model: "paid" })]);
    expect(router.ledger.totalUsd({ functionId: "proofread" })).toBeCloseTo(r.costUsd, 9);
    expect(costs).toHaveLength(1);
    router.dispose();
  });

  it("never bills failed attempts", async () => {
    server.script("paid", { kind: "cut", afterChunks: 2, text: "a partial answer that breaks" });
    server.script("other", { kind: "ok", text: "whole", usage: { inputTokens: 1000, outputTokens: 1000 } });
    const router = routerOn(server, { priceTable: prices, chains: { default: [PAID, OTHER] } });
    const r = await router.complete(ask("x"));
    expect(router.ledger.entries({ kind: "failed-attempt" })).toEqual([expect.objectContaining({ costUsd: 0, model: "paid" })]);
    expect(router.ledger.totalUsd()).toBeCloseTo(r.costUsd, 12);
    expect(r.costUsd).toBeCloseTo((1000 * 1 + 1000 * 5) / 1e6, 12);
    router.dispose();
  });

  it("refuses a call that would pass a budget, with a clear reason, before sending anything", async () => {
    const router = routerOn(server, { priceTable: prices, budgets: { perDayUsd: 0.000_01 }, chains: { default: [PAID] } });
    const refused = recordEvents(router, ["budget-refused"]);
    const err = await router.complete(ask("x".repeat(4000))).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "budget" });
    expect((err as Error).message).toMatch(/would pass the daily budget of \$0\.000010/);
    expect(refused).toEqual([expect.objectContaining({ name: "budget-refused" })]);
    expect(server.requests()).toHaveLength(0);
    router.dispose();
  });

  it("per-function budgets apply to that function only; spending is tracked in the ledger", async () => {
    server.script("paid", { kind: "ok", text: "ok", usage: { inputTokens: 1000, outputTokens: 1000 } });
    const router = routerOn(server, { priceTable: prices, cache: false, budgets: { perFunction: { tighten: { perDayUsd: 0.02 } } }, chains: { default: [PAID] } });
    // Each call costs $0.018; the estimate for a short prompt is far less.
    await router.complete(ask("a"), { functionId: "tighten" });
    await expect(router.complete(ask("b", { maxTokens: 1000 }), { functionId: "tighten" })).rejects.toMatchObject({ code: "budget" });
    await router.complete(ask("c", { maxTokens: 1000 }), { functionId: "proofread" });
    expect(router.ledger.entries({ functionId: "tighten" })).toHaveLength(1);
    router.dispose();
  });

  it("a refused target falls through to a cheaper or local one", async () => {
    const router = routerOn(server, { priceTable: prices, budgets: { perDayUsd: 0.000_5 }, chains: { default: [PAID, OTHER] } });
    const skipped = recordEvents(router, ["target-skipped"]);
    const r = await router.complete(ask("y".repeat(200), { maxTokens: 80 }));
    expect(r.target.model).toBe("other");
    expect(skipped.map((e) => e.event)).toContainEqual(expect.objectContaining({ reason: "budget" }));
    router.dispose();
  });

  it("gives a pre-call estimate on the first usable target", () => {
    const router = routerOn(server, { priceTable: prices, chains: { default: [PAID, OTHER] } });
    const e = router.estimate(ask("z".repeat(392), { maxTokens: 100 }));
    expect(e).toMatchObject({ target: { model: "paid" }, inputTokens: 100, outputTokens: 100 });
    expect(e?.costUsd).toBeCloseTo((100 * 3 + 100 * 15) / 1e6, 12);
    router.dispose();
  });

  it("restores a persisted ledger so budgets survive restarts", async () => {
    const first = routerOn(server, { priceTable: prices, cache: false, chains: { default: [PAID] } });
    server.script("paid", { kind: "ok", text: "ok", usage: { inputTokens: 1000, outputTokens: 1000 } });
    await first.complete(ask("a"));
    const saved = first.ledger.entries();
    first.dispose();
    const second = routerOn(server, { priceTable: prices, ledgerEntries: saved, budgets: { perDayUsd: 0.02 }, chains: { default: [PAID] } });
    await expect(second.complete(ask("b", { maxTokens: 1000 }))).rejects.toMatchObject({ code: "budget" });
    second.dispose();
  });
});
