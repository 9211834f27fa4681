import { IDBFactory } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { indexedDbStateStore } from "./harper-state-store.js";
import type { SavedHarperState } from "./harper-state-store.js";

const state = (byte: number): SavedHarperState => ({ layout: { ptr: 8, table: 4, bytes: 65536 }, memory: new Blob([new Uint8Array(16).fill(byte)]) });

describe("Harper's saved state in IndexedDB", () => {
  it("keeps one state: another binary's or dialect's replaces it, so none pile up on the writer's disk", async () => {
    const store = indexedDbStateStore(new IDBFactory());
    expect(await store.get("harper-a-d0")).toBeUndefined();
    await store.put("harper-a-d0", state(1));
    const saved = await store.get("harper-a-d0");
    expect(saved?.layout).toEqual({ ptr: 8, table: 4, bytes: 65536 });
    expect(new Uint8Array((await saved?.memory.arrayBuffer()) ?? new ArrayBuffer(0))[0]).toBe(1);
    // A change of dialect, then a plugin update with a new binary.
    await store.put("harper-a-d1", state(2));
    await store.put("harper-b-d1", state(3));
    expect(await store.get("harper-a-d0")).toBeUndefined();
    expect(await store.get("harper-a-d1")).toBeUndefined();
    expect(new Uint8Array((await (await store.get("harper-b-d1"))?.memory.arrayBuffer()) ?? new ArrayBuffer(0))[0]).toBe(3);
    await store.delete("harper-b-d1");
    expect(await store.get("harper-b-d1")).toBeUndefined();
  });
});
