import { describe, expect, it } from "vitest";
import { EventBus } from "../bus.js";
import { TimerScope } from "../util/clock.js";
import type { Clock } from "../util/clock.js";
import type { Lease } from "./resource-manager.js";
import { ResourceManager } from "./resource-manager.js";

/** A manual clock: time moves only when the test says so. */
function manualClock(start = Date.UTC(2026, 10, 21, 12)) {
  let now = start;
  const timers: { at: number; fn: () => void; id: number }[] = [];
  let id = 0;
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      timers.push({ at: now + ms, fn, id: ++id });
      return id;
    },
    clearTimeout: (h) => {
      const i = timers.findIndex((t) => t.id === h);
      if (i >= 0) timers.splice(i, 1);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.filter((x) => x.at <= now)) {
      timers.splice(timers.indexOf(t), 1);
      t.fn();
    }
  };
  return { clock, advance };
}

function setup(opts: ConstructorParameters<typeof ResourceManager>[0] extends infer O ? Partial<O> : never = {}) {
  const bus = new EventBus();
  const { clock, advance } = manualClock();
  const timers = new TimerScope(clock);
  const rm = new ResourceManager({ bus, timers, ...opts });
  return { rm, bus, advance, timers };
}

describe("ResourceManager budgets", () => {
  it("refuses a run that would exceed a function's daily token budget, saying what was spent and needed", () => {
    const { rm } = setup({ budgets: { perFunction: { tighten: { tokensPerDay: 10_000 } } } });
    expect(rm.admit("tighten", "Tighten", { tokens: 4000, usd: 0 })).toEqual({ ok: true });
    rm.recordSpend("tighten", { tokens: 9000, usd: 0.01 });
    const r = rm.admit("tighten", "Tighten", { tokens: 1200, usd: 0 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toBe(
      "Tighten's daily budget of 10,000 tokens would be exceeded: 9,000 tokens spent today and this run needs about 1,200 tokens. Raise the budget in settings, narrow the scope, or wait until tomorrow (UTC).",
    );
    expect(rm.admit("proofread", "Proofread", { tokens: 1200, usd: 0 }).ok).toBe(true);
  });

  it("checks the overall dollar budget per month across functions, and the new day resets daily budgets", () => {
    const { rm, advance } = setup({ budgets: { overall: { usdPerMonth: 1, usdPerDay: 0.6 } } });
    rm.recordSpend("proofread", { tokens: 100, usd: 0.55 });
    const day = rm.admit("clarify", "Clarify", { tokens: 10, usd: 0.1 });
    expect(!day.ok && day.reason).toMatch(/^Your overall daily budget of \$0\.6000 would be exceeded: \$0\.5500 spent today/);
    advance(86_400_000);
    expect(rm.admit("clarify", "Clarify", { tokens: 10, usd: 0.1 }).ok).toBe(true);
    rm.recordSpend("clarify", { tokens: 100, usd: 0.3 });
    const month = rm.admit("clarify", "Clarify", { tokens: 10, usd: 0.2 });
    expect(!month.ok && month.reason).toMatch(/^Your overall monthly budget of \$1\.00 would be exceeded: \$0\.8500 spent this month/);
    expect(rm.state().month.usd).toBeCloseTo(0.85);
    const restored = setup();
    restored.rm.restore(rm.toJSON());
    expect(restored.rm.toJSON()).toEqual(rm.toJSON());
  });
});

describe("ResourceManager pools", () => {
  it("serves interactive work before as-you-type before background, whatever the arrival order", async () => {
    const { rm } = setup({ pools: { p: { initial: 1, min: 1, max: 1 } } });
    const first = await rm.acquire("p", "background");
    const order: string[] = [];
    const wait = (prio: "interactive" | "as-you-type" | "background", name: string) =>
      rm.acquire("p", prio).then((l) => {
        order.push(name);
        return l;
      });
    const bg = wait("background", "bg");
    const ayt = wait("as-you-type", "ayt");
    const inter = wait("interactive", "inter");
    expect(rm.state().queued).toBe(3);
    first.release({ ok: true, latencyMs: 10 });
    (await inter).release({ ok: true, latencyMs: 10 });
    (await ayt).release({ ok: true, latencyMs: 10 });
    (await bg).release({ ok: true, latencyMs: 10 });
    expect(order).toEqual(["inter", "ayt", "bg"]);
  });

  it("halves concurrency and backs off on a rate limit, honouring Retry-After, then grows again while healthy", async () => {
    const { rm, bus, advance } = setup({ pools: { p: { initial: 4, min: 1, max: 6 } } });
    const limits: number[] = [];
    bus.on("resources:concurrency", (e) => limits.push(e.limit));
    const lease = await rm.acquire("p", "interactive");
    lease.release({ ok: false, latencyMs: 50, errorClass: "rate-limited", retryAfterMs: 2000 });
    expect(limits).toEqual([2]);
    let got: Lease | undefined;
    void rm.acquire("p", "interactive").then((l) => (got = l));
    await Promise.resolve();
    expect(got).toBeUndefined();
    expect(rm.state().pools[0]?.backoffUntil).toBeDefined();
    advance(1999);
    await Promise.resolve();
    expect(got).toBeUndefined();
    advance(1);
    await Promise.resolve();
    expect(got).toBeDefined();
    got?.release({ ok: true, latencyMs: 100 });
    for (let i = 0; i < 2; i++) (await rm.acquire("p", "interactive")).release({ ok: true, latencyMs: 100 });
    expect(limits).toEqual([2, 3]);
  });

  it("an aborted waiter leaves the queue and dispose rejects the rest", async () => {
    const { rm, timers } = setup({ pools: { p: { initial: 1, max: 1 } } });
    await rm.acquire("p", "interactive");
    const ac = new AbortController();
    const aborted = rm.acquire("p", "interactive", ac.signal);
    const rest = rm.acquire("p", "background");
    ac.abort(new Error("writer cancelled"));
    await expect(aborted).rejects.toThrow("writer cancelled");
    expect(rm.state().queued).toBe(1);
    rm.dispose();
    await expect(rest).rejects.toThrow(/disposed/);
    expect(timers.size).toBe(0);
  });
});
