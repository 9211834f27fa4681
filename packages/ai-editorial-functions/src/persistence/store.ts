import type { z } from "zod";
import type { EventBus } from "../bus.js";
import type { TimerScope } from "../util/clock.js";
import type { KeyValueBackend } from "./backend.js";

/** The schema version this engine writes. Bump it with a migration. */
export const SCHEMA_VERSION = 1;

export const META_KEY = "meta";
export const FEEDBACK_PREFIX = "fb:";
export const SESSION_PREFIX = "session:";
export const QUARANTINE_PREFIX = "quarantine:";

/** Migrates the database in place from version `n` to `n + 1`. */
export type Migration = (db: MigrationContext) => Promise<void>;

export interface MigrationContext {
  entries(): Promise<[string, unknown][]>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

export interface StoreOptions {
  readonly backend: KeyValueBackend;
  readonly bus: EventBus;
  readonly timers: TimerScope;
  /** Write-behind delay; feedback must be durable within 100 ms. */
  readonly flushMs?: number;
  /** migrations[n] upgrades version n to n + 1. */
  readonly migrations?: Readonly<Record<number, Migration>>;
  readonly schemaVersion?: number;
}

interface Meta {
  schemaVersion: number;
  createdAt: number;
}

export interface QuarantinedItem {
  readonly quarantineKey: string;
  readonly key: string;
  readonly reason: string;
  readonly at: number;
}

/**
 * The engine's persistent state over a key-value backend: versioned schema
 * with migrations, write-behind batching (flushed within `flushMs`), and
 * quarantine of anything corrupted or incompatible — set aside under a
 * `quarantine:` key with a notice, never deleted, so the engine carries on
 * with defaults and the writer's data can still be recovered.
 */
export class EngineStore {
  readonly #backend: KeyValueBackend;
  readonly #bus: EventBus;
  readonly #timers: TimerScope;
  readonly #flushMs: number;
  readonly #migrations: Readonly<Record<number, Migration>>;
  readonly #version: number;
  #pending = new Map<string, unknown>();
  #lazy = new Map<string, () => unknown>();
  #deletes = new Set<string>();
  #timer: unknown;
  #flushing: Promise<void> = Promise.resolve();
  #flushWaiters: (() => void)[] = [];
  #healthy = true;
  #lastError: string | undefined;

  constructor(options: StoreOptions) {
    this.#backend = options.backend;
    this.#bus = options.bus;
    this.#timers = options.timers;
    this.#flushMs = options.flushMs ?? 15;
    this.#migrations = options.migrations ?? {};
    this.#version = options.schemaVersion ?? SCHEMA_VERSION;
  }

  get backendKind(): string {
    return this.#backend.kind;
  }

  get healthy(): boolean {
    return this.#healthy;
  }

  get lastError(): string | undefined {
    return this.#lastError;
  }

  /** Checks the schema version; migrates older data, quarantines newer data. */
  async open(): Promise<void> {
    const meta = await this.#safe("open", () => this.#backend.get(META_KEY));
    const all = await this.#safe("open", () => this.#backend.entries());
    const dataKeys = (all ?? []).map(([k]) => k).filter((k) => k !== META_KEY && !k.startsWith(QUARANTINE_PREFIX));
    const now = this.#timers.now();
    if (meta === undefined) {
      // Data without a meta record predates versioning: treat it as version 0.
      if (dataKeys.length > 0) await this.#migrate(0);
      await this.#backend.setMany([[META_KEY, { schemaVersion: this.#version, createdAt: now } satisfies Meta]]);
      return;
    }
    const version = readMeta(meta);
    if (version === undefined) {
      await this.#quarantineAll([META_KEY, ...dataKeys], "the schema record is unreadable");
      await this.#backend.setMany([[META_KEY, { schemaVersion: this.#version, createdAt: now } satisfies Meta]]);
      return;
    }
    if (version > this.#version) {
      await this.#quarantineAll(dataKeys, `it was written by a newer Redline (schema ${version}; this version reads ${this.#version})`);
      await this.#backend.setMany([[META_KEY, { schemaVersion: this.#version, createdAt: now } satisfies Meta]]);
      return;
    }
    if (version < this.#version) await this.#migrate(version);
  }

  async #migrate(from: number): Promise<void> {
    const ctx: MigrationContext = {
      entries: () => this.#backend.entries(),
      set: (k, v) => this.#backend.setMany([[k, v]]),
      del: (k) => this.#backend.delMany([k]),
    };
    for (let v = from; v < this.#version; v++) {
      const step = this.#migrations[v];
      if (step === undefined) continue; // nothing changed in the shape at this step
      try {
        await step(ctx);
      } catch (err) {
        const all = await this.#backend.entries();
        const keys = all.map(([k]) => k).filter((k) => k !== META_KEY && !k.startsWith(QUARANTINE_PREFIX));
        await this.#quarantineAll(keys, `migrating from schema ${v} failed: ${errorText(err)}`);
        break;
      }
    }
    const createdAt = this.#timers.now();
    await this.#backend.setMany([[META_KEY, { schemaVersion: this.#version, createdAt } satisfies Meta]]);
    this.#bus.emit("storage:migrated", { from, to: this.#version });
  }

  /**
   * Reads and validates one record. Anything that fails validation is
   * quarantined and `undefined` is returned so the caller uses defaults.
   */
  async read<S extends z.ZodType>(key: string, schema: S, label: string): Promise<z.infer<S> | undefined> {
    if (this.#deletes.has(key)) return undefined;
    const lazy = this.#lazy.get(key);
    if (lazy) return schema.parse(lazy());
    if (this.#pending.has(key)) return schema.parse(this.#pending.get(key));
    const raw = await this.#safe("read", () => this.#backend.get(key));
    if (raw === undefined) return undefined;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.join(".") || "(root)"}: ${first.message}` : "invalid";
    await this.quarantine(key, raw, `${label} is corrupted (${where})`);
    return undefined;
  }

  /** Every record whose key starts with `prefix`, validated one by one. */
  async readPrefix<S extends z.ZodType>(prefix: string, schema: S, label: string): Promise<[string, z.infer<S>][]> {
    const all = (await this.#safe("read", () => this.#backend.entries())) ?? [];
    const out: [string, z.infer<S>][] = [];
    const merged = new Map(all.filter(([k]) => k.startsWith(prefix) && !this.#deletes.has(k)));
    for (const [k, v] of this.#pending) if (k.startsWith(prefix)) merged.set(k, v);
    for (const [k, raw] of merged) {
      const parsed = schema.safeParse(raw);
      if (parsed.success) out.push([k, parsed.data]);
      else await this.quarantine(k, raw, `${label} ${k} is corrupted (${parsed.error.issues[0]?.message ?? "invalid"})`);
    }
    return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Queues a write; resolves once it is on disk (within `flushMs`). */
  write(key: string, value: unknown): Promise<void> {
    this.#deletes.delete(key);
    this.#pending.set(key, value);
    this.#lazy.delete(key);
    return this.#schedule();
  }

  /**
   * Queues a write whose value is produced at flush time, so state that
   * changes many times per tick (a run's pending edits) is serialised once.
   */
  writeLazy(key: string, produce: () => unknown): Promise<void> {
    this.#deletes.delete(key);
    this.#lazy.set(key, produce);
    return this.#schedule();
  }

  delete(key: string): Promise<void> {
    this.#pending.delete(key);
    this.#lazy.delete(key);
    this.#deletes.add(key);
    return this.#schedule();
  }

  #schedule(): Promise<void> {
    const done = new Promise<void>((resolve) => this.#flushWaiters.push(resolve));
    this.#timer ??= this.#timers.set(() => {
      this.#timer = undefined;
      void this.flush();
    }, this.#flushMs);
    return done;
  }

  /** Writes everything queued now. */
  async flush(): Promise<void> {
    if (this.#timer !== undefined) {
      this.#timers.clear(this.#timer);
      this.#timer = undefined;
    }
    for (const [k, produce] of this.#lazy) this.#pending.set(k, produce());
    this.#lazy.clear();
    const writes = [...this.#pending.entries()];
    const deletes = [...this.#deletes];
    const waiters = this.#flushWaiters;
    this.#pending = new Map();
    this.#deletes = new Set();
    this.#flushWaiters = [];
    const run = async () => {
      if (writes.length > 0) await this.#safe("write", () => this.#backend.setMany(writes));
      if (deletes.length > 0) await this.#safe("delete", () => this.#backend.delMany(deletes));
    };
    this.#flushing = this.#flushing.then(run, run);
    await this.#flushing;
    for (const w of waiters) w();
  }

  async quarantine(key: string, value: unknown, reason: string): Promise<string> {
    const at = this.#timers.now();
    const quarantineKey = `${QUARANTINE_PREFIX}${at}:${key}`;
    await this.#safe("quarantine", () => this.#backend.setMany([[quarantineKey, { key, reason, at, value }]]));
    await this.#safe("quarantine", () => this.#backend.delMany([key]));
    this.#bus.emit("storage:quarantined", { key, quarantineKey, reason });
    this.#bus.emit("notice", {
      level: "warning",
      source: "storage",
      message: `Redline set aside saved data "${key}" because ${reason}. It was kept under "${quarantineKey}" (not deleted) and Redline continues with defaults.`,
    });
    return quarantineKey;
  }

  async #quarantineAll(keys: readonly string[], reason: string): Promise<void> {
    for (const key of keys) {
      const value = await this.#backend.get(key);
      await this.quarantine(key, value, reason);
    }
  }

  async quarantined(): Promise<QuarantinedItem[]> {
    const all = (await this.#safe("read", () => this.#backend.entries())) ?? [];
    const out: QuarantinedItem[] = [];
    for (const [quarantineKey, v] of all) {
      if (!quarantineKey.startsWith(QUARANTINE_PREFIX) || typeof v !== "object" || v === null) continue;
      const rec = v as { key?: unknown; reason?: unknown; at?: unknown };
      out.push({ quarantineKey, key: String(rec.key), reason: String(rec.reason), at: Number(rec.at) });
    }
    return out;
  }

  /** Deletes every key for which `keep` is false (used by reset). */
  async deleteWhere(predicate: (key: string) => boolean): Promise<void> {
    await this.flush();
    const all = (await this.#safe("read", () => this.#backend.entries())) ?? [];
    const keys = all.map(([k]) => k).filter(predicate);
    if (keys.length > 0) await this.#safe("delete", () => this.#backend.delMany(keys));
  }

  /** Writes a probe record, reads it back and deletes it. */
  async probe(): Promise<{ ok: boolean; detail: string }> {
    const key = "__probe__";
    const token = `${this.#timers.now()}-${Math.random()}`;
    try {
      await this.#backend.setMany([[key, token]]);
      const back = await this.#backend.get(key);
      await this.#backend.delMany([key]);
      return back === token ? { ok: true, detail: `read/write OK on ${this.#backend.kind}` } : { ok: false, detail: "read back a different value" };
    } catch (err) {
      return { ok: false, detail: errorText(err) };
    }
  }

  async #safe<T>(operation: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      const r = await fn();
      this.#healthy = true;
      return r;
    } catch (err) {
      this.#healthy = false;
      this.#lastError = errorText(err);
      this.#bus.emit("storage:error", { operation, message: this.#lastError });
      return undefined;
    }
  }
}

function readMeta(meta: unknown): number | undefined {
  if (typeof meta !== "object" || meta === null) return undefined;
  const v = (meta as { schemaVersion?: unknown }).schemaVersion;
  return typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : undefined;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
