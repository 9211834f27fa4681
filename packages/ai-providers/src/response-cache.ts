/**
 * Exact-match LRU cache with a TTL. Keyed by the full canonical request (not
 * a hash), so a hash collision can never serve the wrong answer.
 */
export class LruTtlCache<V> {
  readonly #map = new Map<string, { value: V; expires: number }>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(maxEntries: number, ttlMs: number, now: () => number) {
    this.#maxEntries = Math.max(0, maxEntries);
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: string): V | undefined {
    const hit = this.#map.get(key);
    if (!hit) return undefined;
    if (hit.expires <= this.#now()) {
      this.#map.delete(key);
      return undefined;
    }
    // Refresh recency: Map iteration order is insertion order.
    this.#map.delete(key);
    this.#map.set(key, hit);
    return hit.value;
  }

  set(key: string, value: V): void {
    if (this.#maxEntries === 0) return;
    this.#map.delete(key);
    this.#map.set(key, { value, expires: this.#now() + this.#ttlMs });
    while (this.#map.size > this.#maxEntries) {
      const oldest = this.#map.keys().next();
      if (oldest.done) break;
      this.#map.delete(oldest.value);
    }
  }

  clear(): void {
    this.#map.clear();
  }
}
