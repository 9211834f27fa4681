/**
 * Where the offline engine's worker keeps Harper's initialised state between
 * sessions: IndexedDB, one entry at a time (about 160 MB), for the binary and
 * dialect in use: a newer binary's or another dialect's state replaces it, so
 * plugin updates and a change of dialect never pile states up on the writer's
 * disk. The state is Harper's set-up and the engine's probe texts, never a
 * writer's text or words (harper-worker-host.ts saves it before any reach the
 * instance).
 */
import type { GlueStateLayout } from "./harper-glue.js";

export interface SavedHarperState {
  readonly layout: GlueStateLayout;
  /** Linear memory. A Blob, so reading the entry does not deserialise 160 MB at once (IndexedDB keeps it as a file). */
  readonly memory: Blob;
}

export interface HarperStateStore {
  get(key: string): Promise<SavedHarperState | undefined>;
  /** Stores `state` under `key`, dropping every other state. */
  put(key: string, state: SavedHarperState): Promise<void>;
  delete(key: string): Promise<void>;
}

const DB = "redline-offline-engine";
const STORE = "harper-state";

export function indexedDbStateStore(factory: IDBFactory = indexedDB): HarperStateStore {
  let db: Promise<IDBDatabase> | undefined;
  const open = () =>
    (db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = factory.open(DB, 1);
      req.onupgradeneeded = () => {
        req.result.createObjectStore(STORE);
      };
      req.onsuccess = () => {
        resolve(req.result);
      };
      req.onerror = () => {
        db = undefined;
        reject(req.error ?? new Error("IndexedDB refused to open"));
      };
    }));
  const run = async <T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T> | undefined): Promise<T | undefined> => {
    const tx = (await open()).transaction(STORE, mode);
    const req = work(tx.objectStore(STORE));
    return new Promise<T | undefined>((resolve, reject) => {
      tx.oncomplete = () => {
        resolve(req?.result);
      };
      tx.onerror = () => {
        reject(tx.error ?? new Error("IndexedDB transaction failed"));
      };
      tx.onabort = () => {
        reject(tx.error ?? new Error("IndexedDB transaction aborted"));
      };
    });
  };
  return {
    async get(key) {
      const entry = (await run<unknown>("readonly", (s) => s.get(key))) as SavedHarperState | undefined;
      return entry && entry.memory instanceof Blob ? { layout: entry.layout, memory: entry.memory } : undefined;
    },
    async put(key, state) {
      await run("readwrite", (s) => {
        s.clear();
        return s.put({ layout: state.layout, memory: state.memory } satisfies SavedHarperState, key);
      });
    },
    async delete(key) {
      await run("readwrite", (s) => s.delete(key));
    },
  };
}
