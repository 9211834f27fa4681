import type { BudgetLimits, Budgets, LedgerEntry, ModelPrice, PriceTable } from "./router-types.js";
import type { ModelRequest, Usage } from "./types.js";

/**
 * Default prices, USD per million tokens. Keys ending in "*" match by
 * prefix; the longest match wins. Editable: a host's table is merged over
 * this one. Local providers are always $0. Exact entries are published list
 * prices; the family entries ("claude-sonnet*") price newer models in a
 * family at its latest known tier; "*" prices any other cloud model at the
 * top tier, so an unknown model can never slip past a budget.
 */
export const DEFAULT_PRICE_TABLE: PriceTable = {
  "*": { input: 15, output: 75 },
  "claude-opus*": { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  "claude-sonnet*": { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  "claude-haiku*": { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
  "claude-opus-4-5*": { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  "claude-opus-4*": { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  "claude-sonnet-4*": { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  "claude-3-7-sonnet*": { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  "claude-haiku-4-5*": { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
  "claude-3-5-haiku*": { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 },
  "gpt-5*": { input: 1.25, output: 10, cacheRead: 0.125 },
  "gpt-5-mini*": { input: 0.25, output: 2, cacheRead: 0.025 },
  "gpt-5-nano*": { input: 0.05, output: 0.4, cacheRead: 0.005 },
  "gpt-4.1*": { input: 2, output: 8, cacheRead: 0.5 },
  "gpt-4.1-mini*": { input: 0.4, output: 1.6, cacheRead: 0.1 },
  "gpt-4.1-nano*": { input: 0.1, output: 0.4, cacheRead: 0.025 },
  "gpt-4o*": { input: 2.5, output: 10, cacheRead: 1.25 },
  "gpt-4o-mini*": { input: 0.15, output: 0.6, cacheRead: 0.075 },
  "o3*": { input: 2, output: 8, cacheRead: 0.5 },
  "o4-mini*": { input: 1.1, output: 4.4, cacheRead: 0.275 },
};

/** Price of a model: exact key first, then the longest matching "prefix*" key. */
export function priceFor(table: PriceTable, model: string): ModelPrice | undefined {
  const exact = table[model];
  if (exact) return exact;
  let best: ModelPrice | undefined;
  let bestLen = -1;
  for (const [key, price] of Object.entries(table)) {
    if (!key.endsWith("*")) continue;
    const prefix = key.slice(0, -1);
    if (prefix.length > bestLen && model.startsWith(prefix)) {
      best = price;
      bestLen = prefix.length;
    }
  }
  return best;
}

/**
 * Cost of a usage in USD. inputTokens includes cache reads and writes, which
 * are billed at their own rates (falling back to the input rate).
 */
export function costOf(usage: Usage, price: ModelPrice): number {
  const cacheRead = Math.min(usage.cacheReadTokens, usage.inputTokens);
  const cacheWrite = Math.min(usage.cacheWriteTokens, usage.inputTokens - cacheRead);
  const plainInput = usage.inputTokens - cacheRead - cacheWrite;
  const micro =
    plainInput * price.input + cacheRead * (price.cacheRead ?? price.input) + cacheWrite * (price.cacheWrite ?? price.input) + usage.outputTokens * price.output;
  return micro / 1_000_000;
}

/** Rough token count for estimates: ~4 characters per token for English prose. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Pre-call token estimate. Output defaults to slightly more than the input,
 * since editorial rewrites are about as long as what they rewrite; an explicit
 * maxTokens is the worst case and is used as is.
 */
export function estimateRequestTokens(request: ModelRequest): { inputTokens: number; outputTokens: number } {
  let chars = request.system?.length ?? 0;
  for (const m of request.messages) chars += m.content.length + 8;
  const inputTokens = Math.ceil(chars / 4);
  const outputTokens = request.maxTokens ?? Math.ceil(inputTokens * 1.25) + 64;
  return { inputTokens, outputTokens };
}

export interface BudgetRefusal {
  readonly scope: string;
  readonly reason: string;
  readonly limitUsd: number;
  readonly spentUsd: number;
  readonly estimateUsd: number;
}

/** Local calendar day and month of a timestamp: budgets follow the writer's calendar. */
function windowKeys(t: number): { day: string; month: string } {
  const d = new Date(t);
  const month = `${d.getFullYear()}-${d.getMonth() + 1}`;
  return { day: `${month}-${d.getDate()}`, month };
}

const usd = (n: number): string => `$${n >= 1 ? n.toFixed(2) : n >= 0.01 || n === 0 ? n.toFixed(4) : n.toPrecision(2)}`;

/**
 * Refuses a call whose estimate, added to what was spent in the window and
 * to what in-flight calls have reserved, would pass a limit. Reservations
 * stop a burst of parallel calls from overshooting together. Spending is
 * kept as running totals per day and month (and per function), so a check
 * costs the same however long the ledger grows.
 */
export class BudgetGuard {
  readonly #budgets: Budgets;
  readonly #totals = new Map<string, number>();
  #reservations: { functionId: string | undefined; usd: number }[] = [];

  constructor(budgets: Budgets, entries: readonly LedgerEntry[] = []) {
    this.#budgets = budgets;
    this.reset(entries);
  }

  /** False when no limit is set: callers can skip estimating altogether. */
  get active(): boolean {
    const b = this.#budgets;
    return b.perDayUsd !== undefined || b.perMonthUsd !== undefined || Object.keys(b.perFunction ?? {}).length > 0;
  }

  /** Counts a ledger entry; only billed completions count. */
  add(entry: LedgerEntry): void {
    if (entry.kind !== "completion" || !(entry.costUsd > 0)) return;
    const { day, month } = windowKeys(entry.at);
    const keys = [`d|${day}|`, `m|${month}|`];
    if (entry.functionId !== undefined) keys.push(`d|${day}|${entry.functionId}`, `m|${month}|${entry.functionId}`);
    for (const k of keys) this.#totals.set(k, (this.#totals.get(k) ?? 0) + entry.costUsd);
  }

  /** Rebuilds the totals from a ledger (e.g. after restoring a persisted one). */
  reset(entries: readonly LedgerEntry[]): void {
    this.#totals.clear();
    for (const e of entries) this.add(e);
  }

  /** Billed spending in the day or month containing `now`, optionally for one function. */
  spent(period: "day" | "month", now: number, functionId?: string): number {
    const keys = windowKeys(now);
    return this.#totals.get(`${period === "day" ? "d" : "m"}|${period === "day" ? keys.day : keys.month}|${functionId ?? ""}`) ?? 0;
  }

  reserved(functionId?: string): number {
    let total = 0;
    for (const r of this.#reservations) if (functionId === undefined || r.functionId === functionId) total += r.usd;
    return total;
  }

  check(functionId: string | undefined, estimateUsd: number, now: number): BudgetRefusal | undefined {
    const scopes: [string, BudgetLimits, string | undefined][] = [["total", this.#budgets, undefined]];
    const fn = functionId === undefined ? undefined : this.#budgets.perFunction?.[functionId];
    if (fn && functionId !== undefined) scopes.push([`function "${functionId}"`, fn, functionId]);
    for (const [scope, limits, fid] of scopes) {
      const windows: ["daily" | "monthly", number | undefined][] = [
        ["daily", limits.perDayUsd],
        ["monthly", limits.perMonthUsd],
      ];
      for (const [period, limit] of windows) {
        if (limit === undefined) continue;
        const spent = this.spent(period === "daily" ? "day" : "month", now, fid) + this.reserved(fid);
        if (spent + estimateUsd > limit + 1e-12) {
          return {
            scope: `${scope} ${period}`,
            limitUsd: limit,
            spentUsd: spent,
            estimateUsd,
            reason: `This call (about ${usd(estimateUsd)}) would pass the ${period} budget${fid === undefined ? "" : ` for ${scope}`} of ${usd(limit)}: ${usd(spent)} already spent or reserved.`,
          };
        }
      }
    }
    return undefined;
  }

  /** Holds `usd` against the budgets until the returned release is called. */
  reserve(functionId: string | undefined, usdAmount: number): () => void {
    const r = { functionId, usd: usdAmount };
    this.#reservations.push(r);
    return () => {
      this.#reservations = this.#reservations.filter((x) => x !== r);
    };
  }
}
