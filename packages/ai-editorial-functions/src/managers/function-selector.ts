import { z } from "zod";
import type { EventBus } from "../bus.js";
import type { EditorialFunction, FunctionVariant, SelectionRule } from "../functions/types.js";
import type { VariantBandit } from "../learning-api.js";
import type { FeedbackRecord, NoteContext, ScopeKind } from "../types.js";
import type { TimerScope } from "../util/clock.js";

export type SelectionStrategy = "priority" | "contextual" | "weighted" | "hybrid";

/** A function variant resolved against its function: what a run actually uses. */
export interface ResolvedVariant {
  readonly id: string;
  readonly prompt: string;
  readonly system: string;
  readonly modelChain: readonly string[];
  readonly temperature: number;
}

export interface SelectionInput {
  readonly runId: string;
  readonly fn: EditorialFunction;
  readonly noteId: string;
  readonly scope: ScopeKind;
  readonly selectionLength: number;
  readonly note: NoteContext;
  readonly strategy?: SelectionStrategy;
}

export interface Selection {
  readonly variant: ResolvedVariant;
  readonly strategy: SelectionStrategy;
  /** Probability the chosen variant had under the strategy (1 for deterministic choices). */
  readonly propensity: number;
  readonly eligible: readonly string[];
}

export const selectionLogSchema = z.array(
  z.object({
    at: z.number(),
    runId: z.string(),
    noteId: z.string(),
    functionId: z.string(),
    variantId: z.string(),
    strategy: z.string(),
    propensity: z.number(),
    eligible: z.array(z.string()),
  }),
);
export type SelectionLogEntry = z.infer<typeof selectionLogSchema>[number];

const LOG_CAP = 5000;
export const DEFAULT_VARIANT = "default";

/**
 * Picks the variant (prompt and model chain) of a function for a run.
 * Strategies: priority (highest-priority eligible variant), contextual (most
 * specific matching rule), weighted (by prior weights), and hybrid (rules
 * filter, the top priority tier stays, the bandit chooses among it). Every
 * choice is logged with its propensity for offline policy evaluation.
 */
export class FunctionSelector {
  readonly #bus: EventBus;
  readonly #timers: TimerScope;
  readonly #bandit: () => VariantBandit;
  readonly #random: () => number;
  #log: SelectionLogEntry[] = [];
  #onChange: (() => void) | undefined;

  constructor(options: { bus: EventBus; timers: TimerScope; bandit: () => VariantBandit; random?: () => number }) {
    this.#bus = options.bus;
    this.#timers = options.timers;
    this.#bandit = options.bandit;
    this.#random = options.random ?? Math.random;
  }

  onChange(fn: () => void): void {
    this.#onChange = fn;
  }

  choose(input: SelectionInput): Selection {
    const { fn } = input;
    const strategy = input.strategy ?? "hybrid";
    const base: FunctionVariant = { id: DEFAULT_VARIANT, weight: 1, priority: 0 };
    const all = fn.variants.some((v) => v.id === DEFAULT_VARIANT) ? fn.variants : [base, ...fn.variants];
    const eligible = all.filter((v) => v.when === undefined || ruleMatches(v.when, input));
    const pool = eligible.length > 0 ? eligible : [base];
    let chosen: FunctionVariant;
    let propensity = 1;
    switch (strategy) {
      case "priority":
        chosen = [...pool].sort((a, b) => b.priority - a.priority)[0] ?? base;
        break;
      case "contextual":
        chosen = [...pool].sort((a, b) => specificity(b.when) - specificity(a.when) || b.priority - a.priority)[0] ?? base;
        break;
      case "weighted": {
        const total = pool.reduce((s, v) => s + v.weight, 0);
        let x = this.#random() * total;
        chosen = pool.find((v) => (x -= v.weight) < 0) ?? pool[pool.length - 1] ?? base;
        propensity = total > 0 ? chosen.weight / total : 1 / pool.length;
        break;
      }
      case "hybrid": {
        const top = Math.max(...pool.map((v) => v.priority));
        const tier = pool.filter((v) => v.priority === top);
        if (tier.length === 1 && tier[0]) chosen = tier[0];
        else {
          const choice = this.#bandit().choose(fn.id, input.noteId, tier.map((v) => ({ id: v.id, weight: v.weight })));
          chosen = tier.find((v) => v.id === choice.armId) ?? tier[0] ?? base;
          propensity = choice.propensity;
        }
        break;
      }
    }
    const variant = resolve(fn, chosen);
    const entry: SelectionLogEntry = {
      at: this.#timers.now(),
      runId: input.runId,
      noteId: input.noteId,
      functionId: fn.id,
      variantId: variant.id,
      strategy,
      propensity,
      eligible: pool.map((v) => v.id),
    };
    this.#log.push(entry);
    if (this.#log.length > LOG_CAP) this.#log.splice(0, this.#log.length - LOG_CAP);
    this.#onChange?.();
    this.#bus.emit("selector:chosen", { runId: input.runId, noteId: input.noteId, functionId: fn.id, variantId: variant.id, strategy, propensity });
    return { variant, strategy, propensity, eligible: entry.eligible };
  }

  /** Outcomes adapt the bandit: wanted edits reward their variant. */
  learn(record: FeedbackRecord): void {
    if (record.outcome === "ignored") return;
    this.#bandit().update(record.functionId, record.variantId, record.outcome === "rejected" ? 0 : 1, record.at);
  }

  /** An undone decision: its reward leaves the variant's estimate. */
  unlearn(record: FeedbackRecord): void {
    if (record.outcome === "ignored") return;
    this.#bandit().retract(record.functionId, record.variantId, record.outcome === "rejected" ? 0 : 1);
  }

  /** The propensity log, oldest first. */
  log(): readonly SelectionLogEntry[] {
    return this.#log;
  }

  restoreLog(entries: readonly SelectionLogEntry[]): void {
    this.#log = entries.slice(-LOG_CAP);
  }

  reset(): void {
    this.#log = [];
    this.#onChange?.();
  }
}

function resolve(fn: EditorialFunction, v: FunctionVariant): ResolvedVariant {
  return {
    id: v.id,
    prompt: v.prompt ?? fn.prompt,
    system: fn.system,
    modelChain: v.modelChain ?? fn.modelChain,
    temperature: v.temperature ?? fn.temperature,
  };
}

function specificity(rule: SelectionRule | undefined): number {
  return rule ? Object.values(rule).filter((v) => v !== undefined).length : 0;
}

export function ruleMatches(rule: SelectionRule, ctx: { scope: ScopeKind; selectionLength: number; note: NoteContext }): boolean {
  if (rule.scope && !rule.scope.includes(ctx.scope)) return false;
  if (rule.folder !== undefined) {
    const folder = ctx.note.folder ?? "";
    const want = rule.folder.replace(/\/+$/, "");
    if (folder !== want && !folder.startsWith(`${want}/`)) return false;
  }
  if (rule.tag !== undefined) {
    const want = rule.tag.replace(/^#/, "").toLowerCase();
    if (!(ctx.note.tags ?? []).some((t) => t.replace(/^#/, "").toLowerCase() === want)) return false;
  }
  if (rule.frontmatter) {
    for (const [k, v] of Object.entries(rule.frontmatter)) if (ctx.note.frontmatter?.[k] !== v) return false;
  }
  if (rule.minSelection !== undefined && ctx.selectionLength < rule.minSelection) return false;
  if (rule.maxSelection !== undefined && ctx.selectionLength > rule.maxSelection) return false;
  if (rule.language !== undefined && (ctx.note.language ?? "").toLowerCase().split("-")[0] !== rule.language.toLowerCase().split("-")[0]) return false;
  return true;
}
