import { clear, createStore, delMany, entries, get, setMany } from "idb-keyval";
import type { UseStore } from "idb-keyval";

/**
 * The few key-value operations the engine's store needs. IndexedDB (through
 * idb-keyval) in Obsidian and the browser; fake-indexeddb in Node tests; an
 * in-memory map when there is no IndexedDB at all.
 */
export interface KeyValueBackend {
  readonly kind: string;
  get(key: string): Promise<unknown>;
  setMany(items: readonly (readonly [string, unknown])[]): Promise<void>;
  delMany(keys: readonly string[]): Promise<void>;
  entries(): Promise<[string, unknown][]>;
  clear(): Promise<void>;
}

/**
 * An IndexedDB database per vault (pass the vault name in `dbName`). Requires
 * a global `indexedDB`; in Node import "fake-indexeddb/auto" first.
 */
export function idbBackend(dbName = "redline", storeName = "engine"): KeyValueBackend {
  let store: UseStore | undefined;
  const s = (): UseStore => (store ??= createStore(dbName, storeName));
  return {
    kind: `indexeddb:${dbName}/${storeName}`,
    get: (key) => get(key, s()),
    setMany: (items) => setMany(items.map(([k, v]) => [k, v] as [IDBValidKey, unknown]), s()),
    delMany: (keys) => delMany([...keys], s()),
    entries: async () => {
      const all = await entries<IDBValidKey, unknown>(s());
      return all.filter((e): e is [string, unknown] => typeof e[0] === "string");
    },
    clear: () => clear(s()),
  };
}

/** Values are structured-cloned, as IndexedDB would, so callers can't alias them. */
export function memoryBackend(initial: Iterable<readonly [string, unknown]> = []): KeyValueBackend {
  const map = new Map<string, unknown>();
  for (const [k, v] of initial) map.set(k, structuredClone(v));
  return {
    kind: "memory",
    get: (key) => Promise.resolve(map.has(key) ? structuredClone(map.get(key)) : undefined),
    setMany: (items) => {
      for (const [k, v] of items) map.set(k, structuredClone(v));
      return Promise.resolve();
    },
    delMany: (keys) => {
      for (const k of keys) map.delete(k);
      return Promise.resolve();
    },
    entries: () => Promise.resolve([...map.entries()].map(([k, v]): [string, unknown] => [k, structuredClone(v)])),
    clear: () => {
      map.clear();
      return Promise.resolve();
    },
  };
}
