/**
 * Rule weights: how much the writer trusts each rule, learned from their
 * accept/reject decisions. The learner owns the statistics; the engine only
 * consumes a weight per rule. A weight never reaches zero: a rule the writer
 * keeps rejecting stops being applied to the rewrite, but its findings still
 * come back as `held` findings, so nothing is switched off silently.
 */
import type { OfflineCategory } from "./categories.js";

export type RuleSource = "harper" | "retext-simplify" | "retext-passive";

export interface RuleRef {
  readonly source: RuleSource;
  readonly ruleId: string;
  readonly category: OfflineCategory;
}

/** Returns a weight in (0, 1]; 1 = fully trusted (the default). */
export type RuleWeightFn = (rule: RuleRef) => number;

/** Lowest weight a rule can have. */
export const MIN_RULE_WEIGHT = 0.05;

/** Findings whose rule weighs less than this are held back from the rewrite (but still reported). */
export const DEFAULT_APPLY_THRESHOLD = 0.5;

/** The stable key the learner stores decisions under, e.g. "harper:SpellCheck". */
export function ruleKey(rule: Pick<RuleRef, "source" | "ruleId">): string {
  return `${rule.source}:${rule.ruleId}`;
}

export function clampWeight(weight: number): number {
  if (!Number.isFinite(weight)) return 1;
  return Math.min(1, Math.max(MIN_RULE_WEIGHT, weight));
}

export interface RuleDecisionStats {
  readonly accepted: number;
  readonly rejected: number;
}

export interface DecisionWeightOptions {
  /** Pseudo-decisions of prior trust; larger = slower to down-weight. Default 4. */
  readonly priorStrength?: number;
  /** Prior acceptance rate. Default 0.8: rules start trusted. */
  readonly priorAcceptance?: number;
}

/**
 * A weight from accept/reject counts: the posterior mean acceptance rate under
 * a Beta prior, so one rejection barely moves a rule and a consistent pattern
 * of rejections pulls it below the apply threshold.
 */
export function weightFromDecisions(stats: RuleDecisionStats, options: DecisionWeightOptions = {}): number {
  const strength = options.priorStrength ?? 4;
  const prior = options.priorAcceptance ?? 0.8;
  const accepted = Math.max(0, stats.accepted);
  const rejected = Math.max(0, stats.rejected);
  return clampWeight((accepted + prior * strength) / (accepted + rejected + strength));
}

/**
 * A RuleWeightFn over a table keyed by {@link ruleKey}, e.g. what the learner
 * persists. Values may be weights or decision counts. Unknown rules weigh 1.
 */
export function ruleWeightsFrom(
  table: Readonly<Record<string, number | RuleDecisionStats>>,
  options: DecisionWeightOptions = {},
): RuleWeightFn {
  return (rule) => {
    const entry = table[ruleKey(rule)];
    if (entry === undefined) return 1;
    return typeof entry === "number" ? clampWeight(entry) : weightFromDecisions(entry, options);
  };
}

export const TRUST_ALL: RuleWeightFn = () => 1;
