import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BudgetGuard, costOf, DEFAULT_PRICE_TABLE, estimateRequestTokens, priceFor } from "./cost.js";
import type { LedgerEntry, ModelPrice } from "./router-types.js";
import type { Usage } from "./types.js";

const usage = fc
  .record({ input: fc.nat(2_000_000), output: fc.nat(200_000), read: fc.nat(2_000_000), write: fc.nat(2_000_000), reasoning: fc.nat(100_000) })
  .map(({ input, output, read, write, reasoning }): Usage => {
    const cacheReadTokens = Math.min(read, input);
    const cacheWriteTokens = Math.min(write, input - cacheReadTokens);
    return { inputTokens: input, outputTokens: output, cacheReadTokens, cacheWriteTokens, reasoningTokens: Math.min(reasoning, output) };
  });
const price = fc.record({
  input: fc.double({ min: 0, max: 100, noNaN: true }),
  output: fc.double({ min: 0, max: 200, noNaN: true }),
  cacheRead: fc.double({ min: 0, max: 10, noNaN: true }),
  cacheWrite: fc.double({ min: 0, max: 150, noNaN: true }),
}) as fc.Arbitrary<ModelPrice>;

const add = (a: Usage, b: Usage): Usage => ({
  inputTokens: a.inputTokens + b.inputTokens,
  outputTokens: a.outputTokens + b.outputTokens,
  cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
  cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  reasoningTokens: a.reasoningTokens + b.reasoningTokens,
});

describe("cost arithmetic (property)", () => {
  it("is never negative and is additive over usage", () => {
    fc.assert(
      fc.property(usage, usage, price, (a, b, p) => {
        const sum = costOf(add(a, b), p);
        expect(costOf(a, p)).toBeGreaterThanOrEqual(0);
        expect(Math.abs(sum - (costOf(a, p) + costOf(b, p)))).toBeLessThanOrEqual(1e-9 * Math.max(1, sum));
      }),
      { numRuns: 300 },
    );
  });

  it("prompt-cache reads never cost more than plain input when they are priced lower", () => {
    fc.assert(
      fc.property(usage, price, (u, p) => {
        fc.pre((p.cacheRead ?? 0) <= p.input);
        const uncached: Usage = { ...u, cacheReadTokens: 0 };
        return costOf(u, p) <= costOf(uncached, p) + 1e-12;
      }),
      { numRuns: 300 },
    );
  });

  it("matches a hand computation", () => {
    const u: Usage = { inputTokens: 1_000_000, outputTokens: 100_000, cacheReadTokens: 400_000, cacheWriteTokens: 100_000, reasoningTokens: 0 };
    // 500k plain × $3 + 400k × $0.30 + 100k × $3.75 + 100k × $15, per million.
    expect(costOf(u, { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 })).toBeCloseTo(1.5 + 0.12 + 0.375 + 1.5, 10);
  });
});

describe("price table", () => {
  it("matches exact ids, then the longest prefix", () => {
    expect(priceFor(DEFAULT_PRICE_TABLE, "claude-sonnet-4-5-20250929")).toEqual(DEFAULT_PRICE_TABLE["claude-sonnet-4*"]);
    expect(priceFor(DEFAULT_PRICE_TABLE, "gpt-4o-mini-2024-07-18")).toEqual(DEFAULT_PRICE_TABLE["gpt-4o-mini*"]);
    expect(priceFor(DEFAULT_PRICE_TABLE, "claude-opus-4-5")).toEqual(DEFAULT_PRICE_TABLE["claude-opus-4-5*"]);
    expect(priceFor({ ...DEFAULT_PRICE_TABLE, "gpt-4o": { input: 1, output: 1 } }, "gpt-4o")).toEqual({ input: 1, output: 1 });
    expect(priceFor(DEFAULT_PRICE_TABLE, "claude-sonnet-5-5")).toEqual(DEFAULT_PRICE_TABLE["claude-sonnet*"]);
    // Unknown cloud models are priced at the top tier, never at $0.
    expect(priceFor(DEFAULT_PRICE_TABLE, "some-new-model")).toEqual(DEFAULT_PRICE_TABLE["*"]);
    expect(priceFor({}, "some-new-model")).toBeUndefined();
  });

  it("estimates output from maxTokens when given, else from the input", () => {
    expect(estimateRequestTokens({ messages: [{ role: "user", content: "x".repeat(392) }], maxTokens: 50 })).toEqual({ inputTokens: 100, outputTokens: 50 });
    expect(estimateRequestTokens({ messages: [{ role: "user", content: "x".repeat(392) }] }).outputTokens).toBeGreaterThan(100);
  });
});

const entry = (at: number, costUsd: number, functionId?: string, kind: LedgerEntry["kind"] = "completion"): LedgerEntry => ({
  id: `${at}`,
  at,
  requestId: "r",
  functionId,
  target: "t",
  provider: "p",
  model: "m",
  usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
  costUsd,
  kind,
});

describe("budget arithmetic (property)", () => {
  const op = fc.record({ fn: fc.constantFrom("proofread", "tighten", undefined), estimate: fc.double({ min: 0, max: 0.5, noNaN: true }), actualFactor: fc.double({ min: 0, max: 1.5, noNaN: true }), settle: fc.boolean() });

  it("refuses exactly when spent + reserved + estimate would pass a limit, in every scope", () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 40 }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        (ops, dayLimit, fnLimit) => {
          const now = new Date(2026, 5, 15, 12).getTime();
          const guard = new BudgetGuard({ perDayUsd: dayLimit, perFunction: { proofread: { perDayUsd: fnLimit } } });
          const open: { release: () => void; fn: string | undefined; estimate: number; actual: number }[] = [];
          let spentAll = 0;
          let spentFn = 0;
          let reservedAll = 0;
          let reservedFn = 0;
          for (const o of ops) {
            const refusal = guard.check(o.fn, o.estimate, now);
            const overAll = spentAll + reservedAll + o.estimate > dayLimit + 1e-12;
            const overFn = o.fn === "proofread" && spentFn + reservedFn + o.estimate > fnLimit + 1e-12;
            expect(refusal !== undefined).toBe(overAll || overFn);
            if (!refusal) {
              open.push({ release: guard.reserve(o.fn, o.estimate), fn: o.fn, estimate: o.estimate, actual: o.estimate * o.actualFactor });
              reservedAll += o.estimate;
              if (o.fn === "proofread") reservedFn += o.estimate;
            } else {
              expect(refusal.reason).toMatch(/budget/);
              expect(refusal.limitUsd).toBe(refusal.scope.startsWith("function") ? fnLimit : dayLimit);
            }
            if (o.settle && open.length > 0) {
              const done = open.shift()!;
              done.release();
              guard.add(entry(now, done.actual, done.fn));
              reservedAll -= done.estimate;
              spentAll += done.actual;
              if (done.fn === "proofread") {
                reservedFn -= done.estimate;
                spentFn += done.actual;
              }
            }
            expect(guard.reserved()).toBeCloseTo(reservedAll, 9);
            expect(guard.spent("day", now)).toBeCloseTo(spentAll, 9);
            expect(guard.spent("month", now, "proofread")).toBeCloseTo(spentFn, 9);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("counts only billed completions in the current day and month", () => {
    const now = new Date(2026, 5, 15, 12).getTime();
    const yesterday = new Date(2026, 5, 14, 23).getTime();
    const lastMonth = new Date(2026, 4, 30, 12).getTime();
    const ledger = [entry(now, 1), entry(yesterday, 2), entry(lastMonth, 4), entry(now, 8, undefined, "failed-attempt")];
    const guard = new BudgetGuard({ perDayUsd: 1.5, perMonthUsd: 3.5 }, ledger);
    expect(guard.check(undefined, 0.4, now)).toBeUndefined();
    expect(guard.check(undefined, 0.6, now)).toMatchObject({ scope: "total daily", spentUsd: 1 });
    const monthly = new BudgetGuard({ perMonthUsd: 3.5 }, ledger);
    expect(monthly.check(undefined, 0.6, now)).toMatchObject({ scope: "total monthly", spentUsd: 3 });
  });
});
