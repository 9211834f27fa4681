import { describe, expect, it } from "vitest";
import type { BreakerSnapshot, BreakerStorage, TargetSpec } from "./router-types.js";
import type { FakeModelServer } from "./testing/fake-server.js";
import { ask, recordEvents, routerOn, SHORT_WATCHDOGS, sleep, useFakeServer } from "./test-helpers.js";

let server: FakeModelServer;
useFakeServer((started) => {
  server = started;
});

const PRIMARY: TargetSpec = { provider: "anthropic", model: "primary" };
const FALLBACK: TargetSpec = { provider: "openai", model: "fallback" };
const primaryKey = (): string => `anthropic:primary@${server.url}`;

describe("circuit breakers", () => {
  it("a flapping primary: opens after consecutive failures, is skipped, probes, closes when it is back", async () => {
    const down = { kind: "status", status: 503 } as const;
    server.script("primary", down, down, down, { kind: "ok", text: "primary is back" });
    server.script("fallback", { kind: "ok", text: "fallback" });
    // Long enough that a loaded machine can't reach the probe time between steps 2 and 3.
    const router = routerOn(server, { breaker: { failureThreshold: 3, halfOpenAfterMs: 1_000 }, chains: { default: [PRIMARY, FALLBACK] } });
    const transitions = recordEvents(router, ["breaker"]);
    const skipped = recordEvents(router, ["target-skipped"]);

    // 1: two failures (one retry), answered by the fallback; breaker still closed (threshold 3).
    expect((await router.complete(ask("one"))).target.model).toBe("fallback");
    expect(router.breakers.state(primaryKey())).toBe("closed");
    // 2: the third consecutive failure opens it; no retry against an open breaker.
    expect((await router.complete(ask("two"))).target.model).toBe("fallback");
    expect(router.breakers.state(primaryKey())).toBe("open");
    expect(server.requests("primary")).toHaveLength(3);
    // 3: open → skipped without a request.
    expect((await router.complete(ask("three"))).target.model).toBe("fallback");
    expect(server.requests("primary")).toHaveLength(3);
    expect(skipped.map((e) => e.event)).toContainEqual(expect.objectContaining({ reason: "breaker-open" }));
    // 4: after halfOpenAfter one probe goes through; the primary is back, so it closes.
    await sleep(1_020);
    const probe = await router.complete(ask("four"));
    expect(probe.target.model).toBe("primary");
    expect(probe.text).toBe("primary is back");
    expect(router.breakers.state(primaryKey())).toBe("closed");
    expect(transitions.map(({ event }) => `${event.from}->${event.to}`)).toEqual(["closed->open", "open->half-open", "half-open->closed"]);
    router.dispose();
  });

  it("a failed probe re-opens the breaker", async () => {
    server.script("primary", { kind: "status", status: 500 });
    const router = routerOn(server, { breaker: { failureThreshold: 1, halfOpenAfterMs: 40 }, chains: { default: [PRIMARY, FALLBACK] } });
    const transitions = recordEvents(router, ["breaker"]);
    await router.complete(ask("a"));
    expect(router.breakers.state(primaryKey())).toBe("open");
    await sleep(60);
    await router.complete(ask("b"));
    expect(transitions.map(({ event }) => `${event.from}->${event.to}`)).toEqual(["closed->open", "open->half-open", "half-open->open"]);
    // One request to open it, one probe; never a retry against an open breaker.
    expect(server.requests("primary")).toHaveLength(2);
    router.dispose();
  });

  it("while a probe is in flight, other requests skip the target instead of waiting", async () => {
    server.script("primary", { kind: "status", status: 500 }, { kind: "ok", text: "slow probe", headerDelayMs: 80 });
    const router = routerOn(server, { breaker: { failureThreshold: 1, halfOpenAfterMs: 30 }, chains: { default: [PRIMARY, FALLBACK] } });
    await router.complete(ask("open it"));
    await sleep(40);
    const probe = router.complete(ask("probe"));
    await sleep(10);
    const other = await router.complete(ask("meanwhile"));
    expect(other.target.model).toBe("fallback");
    expect((await probe).target.model).toBe("primary");
    expect(router.breakers.state(primaryKey())).toBe("closed");
    router.dispose();
  });

  it("state is persisted on every change, so a restart does not re-pay a known outage", async () => {
    let saved: BreakerSnapshot | undefined;
    const storage: BreakerStorage = {
      load: () => saved,
      save: (s) => {
        saved = JSON.parse(JSON.stringify(s)) as BreakerSnapshot;
      },
    };
    server.script("primary", { kind: "hang" });
    const watched = { ...PRIMARY, timeouts: SHORT_WATCHDOGS };
    const first = routerOn(server, { breaker: { failureThreshold: 1, halfOpenAfterMs: 700 }, breakerStorage: storage, chains: { default: [watched, FALLBACK] } });
    await first.complete(ask("x"));
    first.dispose();
    expect(saved?.targets[primaryKey()]).toMatchObject({ state: "open" });
    expect(server.requests("primary")).toHaveLength(1);

    // A new router (a plugin reload) starts with the primary's breaker open.
    const second = routerOn(server, { breaker: { failureThreshold: 1, halfOpenAfterMs: 700 }, breakerStorage: storage, chains: { default: [watched, FALLBACK] } });
    expect(second.breakers.state(primaryKey())).toBe("open");
    const r = await second.complete(ask("y"));
    expect(r.target.model).toBe("fallback");
    // No request, so no header timeout paid again: one attempt, on the fallback.
    expect(server.requests("primary")).toHaveLength(1);
    expect(r.attempts).toBe(1);

    // After halfOpenAfter the restored breaker lets a probe through and closes.
    server.script("primary", { kind: "ok", text: "up again" });
    await sleep(720);
    expect((await second.complete(ask("z"))).target.model).toBe("primary");
    expect(saved?.targets[primaryKey()]).toMatchObject({ state: "closed" });
    second.dispose();
  });

  it("snapshot and restore carry state between routers; reset closes", async () => {
    server.script("primary", { kind: "status", status: 401 });
    const a = routerOn(server, { breaker: { failureThreshold: 1, halfOpenAfterMs: 60_000 }, chains: { default: [PRIMARY, FALLBACK] } });
    await a.complete(ask("x"));
    const snap = a.breakers.snapshot();
    a.dispose();
    const b = routerOn(server, { breaker: { failureThreshold: 1, halfOpenAfterMs: 60_000 }, chains: { default: [PRIMARY, FALLBACK] } });
    b.breakers.restore(snap);
    expect(b.breakers.state(primaryKey())).toBe("open");
    const changes = recordEvents(b, ["breaker"]);
    b.breakers.reset(primaryKey());
    expect(b.breakers.state(primaryKey())).toBe("closed");
    expect(changes.map((c) => c.event)).toEqual([expect.objectContaining({ from: "open", to: "closed" })]);
    b.dispose();
  });

  it("failures that say nothing about the target's health don't trip it", async () => {
    server.script("primary", { kind: "status", status: 400, body: { type: "error", error: { type: "invalid_request_error", message: "Output blocked by content filtering policy" } } });
    const router = routerOn(server, { breaker: { failureThreshold: 1, halfOpenAfterMs: 60_000 }, chains: { default: [PRIMARY, FALLBACK] } });
    await router.complete(ask("x"));
    await router.complete(ask("y"));
    expect(router.breakers.state(primaryKey())).toBe("closed");
    expect(server.requests("primary")).toHaveLength(2);
    router.dispose();
  });

  it("with every breaker open, fails fast with a typed error and no request", async () => {
    server.script("primary", { kind: "status", status: 500 });
    const router = routerOn(server, { breaker: { failureThreshold: 1, halfOpenAfterMs: 60_000 }, chains: { default: [PRIMARY] } });
    await expect(router.complete(ask("x"))).rejects.toMatchObject({ code: "exhausted" });
    const before = server.requests().length;
    await expect(router.complete(ask("y"))).rejects.toMatchObject({ code: "exhausted", attempts: 0 });
    expect(server.requests()).toHaveLength(before);
    router.dispose();
  });
});
