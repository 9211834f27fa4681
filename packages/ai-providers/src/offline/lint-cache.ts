/**
 * A small LRU of Harper's answers per (dialect, paragraph text). Writers edit
 * one paragraph at a time; re-proofreading a note should only pay Harper for
 * the paragraphs that changed. Raw lints are cached, not findings, so new rule
 * weights, protected spans or dictionary words still apply on a cache hit.
 */
export class LintCache<V> {
  readonly #entries = new Map<string, V>();

  constructor(readonly capacity = 512) {}

  get(key: string): V | undefined {
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      // Re-insert to mark as most recently used.
      this.#entries.delete(key);
      this.#entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
