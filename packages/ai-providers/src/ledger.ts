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

/** The cost ledger: every completion (billed) and failed attempt ($0), queryable and restorable. */
export class MemoryLedger implements Ledger {
  #entries: LedgerEntry[];

  constructor(entries: readonly LedgerEntry[] = []) {
    this.#entries = [...entries];
  }

  add(entry: LedgerEntry): void {
    this.#entries.push(entry);
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
    this.#entries = [...entries];
  }
}
