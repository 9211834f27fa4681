/**
 * Paragraph results by cache key (function version + variant + params +
 * paragraph text + learned-preference version + model chain), with in-flight
 * de-duplication so two runs over the same paragraph share one call.
 */
export class ParagraphCache<V> {
  readonly #max: number;
  readonly #entries = new Map<string, V>();
  readonly #inflight = new Map<string, Promise<V>>();
  hits = 0;
  misses = 0;

  constructor(max = 5000) {
    this.#max = max;
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

  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
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

  clear(): void {
    this.#entries.clear();
  }
}
