import type { Ledger, LedgerEntry, LedgerQuery } from "./router-types.js";

function matches(e: LedgerEntry, q: LedgerQuery): boolean {
  return (
    (q.since === undefined || e.at >= q.since) &&
    (q.until === undefined || e.at < q.until) &&
    (q.functionId === undefined || e.functionId === q.functionId) &&
    (q.target === undefined || e.target === q.target) &&
    (q.kind === undefined || e.kind === q.kind)
  );
}

export interface LedgerObserver {
  add(entry: LedgerEntry): void;
  reset(entries: readonly LedgerEntry[]): void;
}

/**
 * The cost ledger: every completion (billed) and failed attempt ($0),
 * queryable and restorable. It keeps the newest `maxEntries` in memory (the
 * host persists entries from the router's cost events); budget totals are
 * kept separately, so trimming never forgets what was spent.
 */
export class MemoryLedger implements Ledger {
  #entries: LedgerEntry[];
  readonly #maxEntries: number;
  readonly #observer: LedgerObserver | undefined;

  constructor(entries: readonly LedgerEntry[] = [], maxEntries = 10_000, observer?: LedgerObserver) {
    this.#maxEntries = Math.max(1, maxEntries);
    this.#entries = entries.slice(-this.#maxEntries);
    this.#observer = observer;
  }

  get size(): number {
    return this.#entries.length;
  }

  add(entry: LedgerEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.#maxEntries * 1.25) this.#entries = this.#entries.slice(-this.#maxEntries);
    this.#observer?.add(entry);
  }

  all(): readonly LedgerEntry[] {
    return this.#entries;
  }

  entries(query: LedgerQuery = {}): LedgerEntry[] {
    return this.#entries.filter((e) => matches(e, query));
  }

  totalUsd(query: LedgerQuery = {}): number {
    let total = 0;
    for (const e of this.#entries) if (e.kind === "completion" && matches(e, query)) total += e.costUsd;
    return total;
  }

  restore(entries: readonly LedgerEntry[]): void {
    this.#entries = entries.slice(-this.#maxEntries);
    this.#observer?.reset(entries);
  }
}
