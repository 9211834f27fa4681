/**
 * Paragraph results by cache key (function version + variant + params +
 * paragraph text + learned-preference version + model chain), with in-flight
 * de-duplication so two runs over the same paragraph share one call.
 */
/** Where a cache keeps the entries worth keeping across restarts. */
export interface CacheBacking {
  /** The kept entries changed: save `kept()` (the engine does it lazily, once per flush). */
  changed(): void;
}

export class ParagraphCache<V> {
  readonly #max: number;
  readonly #entries = new Map<string, V>();
  /** When each entry worth keeping was stored, for its age across restarts. */
  readonly #keptAt = new Map<string, number>();
  readonly #inflight = new Map<string, Promise<V>>();
  #backing: CacheBacking | undefined;
  hits = 0;
  misses = 0;

  constructor(max = 5000) {
    this.#max = max;
  }

  /** Puts back kept entries (oldest first) and tells `backing` of every later change to them. */
  restore(entries: Iterable<readonly [string, V, number]>, backing: CacheBacking): void {
    this.#backing = backing;
    for (const [key, value, at] of entries) {
      this.#put(key, value);
      this.#keptAt.set(key, at);
    }
  }

  /** The entries worth keeping, at most `limit`, oldest first, with when they were stored. */
  kept(limit: number): [string, V, number][] {
    const out: [string, V, number][] = [];
    for (const [key, at] of this.#keptAt) {
      const value = this.#entries.get(key);
      if (value !== undefined) out.push([key, value, at]);
    }
    return out.slice(-limit);
  }

  get(key: string): V | undefined {
    const v = this.#entries.get(key);
    if (v !== undefined) {
      // Refresh recency: Map iteration order is insertion order.
      this.#entries.delete(key);
      this.#entries.set(key, v);
      this.hits++;
    } else this.misses++;
    return v;
  }

  /** Stores `value`; with `keptAt` (when it was made) it is also worth keeping across restarts. */
  set(key: string, value: V, keptAt?: number): void {
    this.#put(key, value);
    const had = this.#keptAt.delete(key);
    if (keptAt !== undefined) this.#keptAt.set(key, keptAt);
    if (keptAt !== undefined || had) this.#backing?.changed();
  }

  #put(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
      if (this.#keptAt.delete(oldest)) this.#backing?.changed();
    }
  }

  /** Joins an identical in-flight computation, or starts one. */
  dedup(key: string, start: () => Promise<V>): { promise: Promise<V>; joined: boolean } {
    const existing = this.#inflight.get(key);
    if (existing) return { promise: existing, joined: true };
    const p = start().finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, p);
    return { promise: p, joined: false };
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Empties the cache, kept entries included (learning was reset or replaced). */
  clear(): void {
    this.#entries.clear();
    const had = this.#keptAt.size > 0;
    this.#keptAt.clear();
    if (had) this.#backing?.changed();
  }

  /**
   * Stops telling the backing of changes (the engine is shutting down). What it
   * kept stays as it is, even if a queued write runs later.
   */
  detach(): void {
    this.#backing = undefined;
  }
}
