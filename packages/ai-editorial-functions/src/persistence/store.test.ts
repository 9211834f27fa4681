import "fake-indexeddb/auto";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { EventBus } from "../bus.js";
import { systemClock, TimerScope } from "../util/clock.js";
import { idbBackend, memoryBackend } from "./backend.js";
import type { KeyValueBackend } from "./backend.js";
import { EngineStore, SCHEMA_VERSION } from "./store.js";
import type { Migration } from "./store.js";

let n = 0;
function setup(backend: KeyValueBackend = idbBackend(`store-test-${n++}`), extra: { migrations?: Record<number, Migration>; schemaVersion?: number } = {}) {
  const bus = new EventBus();
  const timers = new TimerScope(systemClock);
  const notices: string[] = [];
  bus.on("notice", (x) => notices.push(x.message));
  const store = new EngineStore({ backend, bus, timers, ...extra });
  return { bus, timers, store, notices, backend };
}

const schema = z.object({ count: z.number() });

describe("EngineStore", () => {
  it("writes behind but is durable once the write promise resolves; the flush delay is well under 100 ms", async () => {
    const { store, backend } = setup();
    await store.open();
    const durable = store.write("fb:1", { count: 1 });
    expect(await backend.get("fb:1")).toBeUndefined(); // batched, not yet written
    await durable;
    expect(await backend.get("fb:1")).toEqual({ count: 1 });
    // A second connection to the same database sees it: it is in IndexedDB, not a cache.
    expect(await idbBackend(`store-test-${n - 1}`).get("fb:1")).toEqual({ count: 1 });
  });

  it("quarantines a corrupted record with a clear notice instead of deleting it", async () => {
    const { store, backend, notices } = setup();
    await store.open();
    await backend.setMany([["metrics", { count: "lots" }]]);
    expect(await store.read("metrics", schema, "Metrics")).toBeUndefined();
    expect(await backend.get("metrics")).toBeUndefined();
    const q = await store.quarantined();
    expect(q).toHaveLength(1);
    expect(q[0]).toMatchObject({ key: "metrics" });
    expect(q[0]?.reason).toMatch(/Metrics is corrupted \(count: /);
    const kept = (await backend.entries()).find(([k]) => k === q[0]?.quarantineKey)?.[1] as { value: unknown };
    expect(kept.value).toEqual({ count: "lots" });
    expect(notices[0]).toMatch(/set aside saved data "metrics".*not deleted.*continues with defaults/);
  });

  it("sets aside everything written by a newer schema and starts fresh", async () => {
    const backend = memoryBackend([
      ["meta", { schemaVersion: SCHEMA_VERSION + 1, createdAt: 0 }],
      ["learning", { future: true }],
    ]);
    const { store, notices } = setup(backend);
    await store.open();
    expect(await backend.get("learning")).toBeUndefined();
    expect((await store.quarantined()).map((q) => q.key)).toEqual(["learning"]);
    expect(notices[0]).toMatch(/newer Redline/);
    expect(await backend.get("meta")).toMatchObject({ schemaVersion: SCHEMA_VERSION });
  });

  it("runs migrations in order from the stored version", async () => {
    const backend = memoryBackend([
      ["meta", { schemaVersion: 1, createdAt: 0 }],
      ["feedback", [{ count: 1 }, { count: 2 }]],
    ]);
    const steps: number[] = [];
    const migrations: Record<number, Migration> = {
      1: async (db) => {
        steps.push(1);
        const all = await db.entries();
        const list = (all.find(([k]) => k === "feedback")?.[1] ?? []) as unknown[];
        for (const [i, r] of list.entries()) await db.set(`fb:${i}`, r);
        await db.del("feedback");
      },
      2: () => {
        steps.push(2);
        return Promise.resolve();
      },
    };
    const { store, bus } = setup(backend, { migrations, schemaVersion: 3 });
    const migrated: string[] = [];
    bus.on("storage:migrated", (e) => migrated.push(`${e.from}->${e.to}`));
    await store.open();
    expect(steps).toEqual([1, 2]);
    expect(migrated).toEqual(["1->3"]);
    expect(await store.readPrefix("fb:", schema, "fb")).toEqual([
      ["fb:0", { count: 1 }],
      ["fb:1", { count: 2 }],
    ]);
    expect(await backend.get("meta")).toMatchObject({ schemaVersion: 3 });
  });

  it("quarantines data whose migration throws, rather than losing it", async () => {
    const backend = memoryBackend([
      ["meta", { schemaVersion: 1, createdAt: 0 }],
      ["learning", { old: true }],
    ]);
    const { store } = setup(backend, { migrations: { 1: () => Promise.reject(new Error("bad shape")) }, schemaVersion: 2 });
    await store.open();
    const q = await store.quarantined();
    expect(q.map((x) => x.key)).toEqual(["learning"]);
    expect(q[0]?.reason).toMatch(/migrating from schema 1 failed: bad shape/);
  });
});
