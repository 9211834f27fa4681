/**
 * Where the offline engine's worker keeps Harper's initialised state between
 * sessions: IndexedDB, one entry per dialect (a newer binary's state replaces
 * an older one's). The state is Harper's set-up and the engine's probe
 * texts, never a writer's text or words (harper-worker-host.ts saves it
 * before any reach the instance). About 160 MB per dialect.
 */
import type { GlueStateLayout } from "./harper-glue.js";

export interface SavedHarperState {
  readonly layout: GlueStateLayout;
  /** Linear memory. A Blob, so reading the entry does not deserialise 160 MB at once (IndexedDB keeps it as a file). */
  readonly memory: Blob;
}

export interface HarperStateStore {
  get(key: string): Promise<SavedHarperState | undefined>;
  /** Stores `state` under `key`, dropping other states of the same `group` (the same dialect). */
  put(key: string, group: string, state: SavedHarperState): Promise<void>;
  delete(key: string): Promise<void>;
}

const DB = "redline-offline-engine";
const STORE = "harper-state";

interface Entry extends SavedHarperState {
  readonly group: string;
}

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
      const entry = (await run<unknown>("readonly", (s) => s.get(key))) as Entry | undefined;
      return entry && entry.memory instanceof Blob ? { layout: entry.layout, memory: entry.memory } : undefined;
    },
    async put(key, group, state) {
      await run("readwrite", (s) => {
        const cursor = s.openCursor();
        cursor.onsuccess = () => {
          const c = cursor.result;
          if (!c) {
            s.put({ ...state, group } satisfies Entry, key);
            return;
          }
          if (c.key !== key && (c.value as Partial<Entry>).group === group) c.delete();
          c.continue();
        };
        return undefined;
      });
    },
    async delete(key) {
      await run("readwrite", (s) => s.delete(key));
    },
  };
}
