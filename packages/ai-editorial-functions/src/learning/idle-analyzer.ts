import { z } from "zod";
import type { ParameterChange, ParameterTuner, RunFeedback } from "./parameter-tuner.js";
import type { NeverRuleInput, PreferenceModel } from "./preference-model.js";
import { pct, titleCase } from "../util/wording.js";

/** What one click on an insight does. */
export type InsightAction =
  | { readonly kind: "add-never"; readonly rule: NeverRuleInput }
  | { readonly kind: "set-strictness"; readonly functionId: string; readonly strictness: number }
  | { readonly kind: "none" };

export interface Insight {
  /** Stable for the same finding, so a dismissed insight stays dismissed. */
  readonly id: string;
  readonly kind: "reject-category" | "reject-pattern" | "ignored-category" | "degradation" | "rollback";
  readonly functionId: string;
  readonly text: string;
  /** Label of the one-click button, when there is an action. */
  readonly actionLabel?: string;
  readonly action: InsightAction;
}

export interface FunctionTrend {
  readonly functionId: string;
  readonly runs: number;
  /** Acceptance (wanted / responded) over the recent window and over the history before it. */
  readonly recentAcceptance: number;
  readonly historicAcceptance: number;
  /** Two-proportion z statistic, recent vs history (negative = worse). */
  readonly z: number;
  readonly degraded: boolean;
}

export interface AnalysisReport {
  readonly at: number;
  readonly trends: readonly FunctionTrend[];
  readonly insights: readonly Insight[];
  /** Parameter changes rolled back by this analysis. */
  readonly rollbacks: readonly ParameterChange[];
}

export interface IdleAnalyzerOptions {
  readonly model?: PreferenceModel;
  readonly tuner?: ParameterTuner;
  readonly functionName?: (functionId: string) => string;
  /** Runs in the "recent" window for trend detection. */
  readonly recentRuns?: number;
  /** Runs after a parameter change before it is judged. */
  readonly judgeAfterRuns?: number;
  readonly now?: () => number;
}

interface RunRecord {
  readonly wanted: number;
  readonly rejected: number;
  readonly responded: number;
  readonly at: number;
}

const MAX_RUNS = 500;

export interface IdleAnalyzerState {
  readonly schema: 1;
  readonly runs: Record<string, [number, number, number, number][]>;
  readonly dismissed: string[];
  readonly judged: string[];
}

const analyzerStateSchema = z.object({
  schema: z.literal(1),
  runs: z.record(z.string(), z.array(z.tuple([z.number(), z.number(), z.number(), z.number()]))),
  dismissed: z.array(z.string()),
  judged: z.array(z.string()),
});


/**
 * Batch analysis for idle time: acceptance trends and degradation per function
 * against its own history, automatic rollback of parameter changes that made
 * things worse, and insights the writer can act on with one click. Nothing
 * here runs on the editing hot path; the engine calls `analyze()` when idle.
 */
export class IdleAnalyzer {
  readonly #model: PreferenceModel | undefined;
  readonly #tuner: ParameterTuner | undefined;
  readonly #name: (functionId: string) => string;
  readonly #recent: number;
  readonly #judgeAfter: number;
  readonly #now: () => number;
  readonly #runs = new Map<string, RunRecord[]>();
  readonly #dismissed = new Set<string>();
  readonly #judged = new Set<string>();

  constructor(options: IdleAnalyzerOptions = {}) {
    this.#model = options.model;
    this.#tuner = options.tuner;
    this.#name = options.functionName ?? titleCase;
    this.#recent = options.recentRuns ?? 10;
    this.#judgeAfter = options.judgeAfterRuns ?? 8;
    this.#now = options.now ?? Date.now;
  }

  recordRun(run: RunFeedback): void {
    const responded = run.accepted + run.rejected + run.modified;
    const list = this.#runs.get(run.functionId) ?? [];
    list.push({ wanted: run.accepted + run.modified, rejected: run.rejected, responded, at: run.at ?? this.#now() });
    if (list.length > MAX_RUNS) list.splice(0, list.length - MAX_RUNS);
    this.#runs.set(run.functionId, list);
  }

  /** Run history, dismissed insights and judged changes, for persistence. */
  toJSON(): IdleAnalyzerState {
    return {
      schema: 1,
      runs: Object.fromEntries([...this.#runs].map(([id, runs]) => [id, runs.map((r) => [r.wanted, r.rejected, r.responded, r.at] as [number, number, number, number])])),
      dismissed: [...this.#dismissed],
      judged: [...this.#judged],
    };
  }

  static fromJSON(json: unknown, options: IdleAnalyzerOptions = {}): IdleAnalyzer {
    const r = analyzerStateSchema.safeParse(json);
    if (!r.success) {
      const i = r.error.issues[0];
      throw new Error(`Learning analysis state is unreadable${i ? ` at ${i.path.map(String).join(".")}` : ""}: ${i?.message ?? "invalid data"}`);
    }
    const a = new IdleAnalyzer(options);
    for (const [id, runs] of Object.entries(r.data.runs)) a.#runs.set(id, runs.map(([wanted, rejected, responded, at]) => ({ wanted, rejected, responded, at })));
    for (const d of r.data.dismissed) a.#dismissed.add(d);
    for (const j of r.data.judged) a.#judged.add(j);
    return a;
  }

  dismiss(insightId: string): void {
    this.#dismissed.add(insightId);
  }

  analyze(at = this.#now()): AnalysisReport {
    const trends = [...this.#runs].map(([functionId, runs]) => this.#trend(functionId, runs));
    const insights: Insight[] = [];
    for (const t of trends) {
      if (!t.degraded) continue;
      insights.push({
        id: `degradation:${t.functionId}:${Math.floor(t.runs / this.#recent)}`,
        kind: "degradation",
        functionId: t.functionId,
        text: `${this.#name(t.functionId)}'s edits are accepted less: ${pct(t.recentAcceptance)} over its last ${this.#recent} runs, against ${pct(t.historicAcceptance)} before.`,
        action: { kind: "none" },
      });
    }
    const rollbacks = this.#judgeChanges(at);
    for (const r of rollbacks) {
      insights.push({ id: `rollback:${r.id}`, kind: "rollback", functionId: r.functionId, text: r.explanation, action: { kind: "none" } });
    }
    insights.push(...this.#preferenceInsights());
    return { at, trends, insights: insights.filter((i) => !this.#dismissed.has(i.id)), rollbacks };
  }

  /** Performs an insight's one-click action. */
  apply(insight: Insight): void {
    const a = insight.action;
    if (a.kind === "add-never") this.#model?.addNever(a.rule);
    else if (a.kind === "set-strictness") this.#model?.setStrictness(a.functionId, a.strictness);
    this.#dismissed.add(insight.id);
  }

  #trend(functionId: string, runs: readonly RunRecord[]): FunctionTrend {
    const recent = runs.slice(-this.#recent);
    const history = runs.slice(0, -this.#recent);
    const sum = (xs: readonly RunRecord[], k: "wanted" | "responded") => xs.reduce((a, r) => a + r[k], 0);
    const n1 = sum(recent, "responded");
    const n2 = sum(history, "responded");
    const p1 = n1 ? sum(recent, "wanted") / n1 : Number.NaN;
    const p2 = n2 ? sum(history, "wanted") / n2 : Number.NaN;
    let z = 0;
    if (n1 >= 10 && n2 >= 20) {
      const p = (sum(recent, "wanted") + sum(history, "wanted")) / (n1 + n2);
      const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
      z = se > 0 ? (p1 - p2) / se : 0;
    }
    return { functionId, runs: runs.length, recentAcceptance: p1, historicAcceptance: p2, z, degraded: z < -2.5 && p2 - p1 >= 0.15 };
  }

  /** Rolls back tuning changes whose following runs earned clearly less than the runs before them. */
  #judgeChanges(at: number): ParameterChange[] {
    const tuner = this.#tuner;
    if (!tuner) return [];
    const out: ParameterChange[] = [];
    for (const change of tuner.history()) {
      if (change.reason !== "tuning" || this.#judged.has(change.id) || !Number.isFinite(change.rewardBefore)) continue;
      const after = tuner.rewardsSince(change.functionId, change.run);
      if (after.length < this.#judgeAfter) continue;
      this.#judged.add(change.id);
      const mean = after.reduce((a, b) => a + b, 0) / after.length;
      const sd = Math.sqrt(after.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, after.length - 1));
      const drop = change.rewardBefore - mean;
      // Worse by a margin that run-to-run noise doesn't explain.
      if (drop > 0.08 && drop > (2 * sd) / Math.sqrt(after.length)) {
        const name = this.#name(change.functionId);
        const why = `after ${name}'s ${change.parameter} changed from ${change.from} to ${change.to}, your run reward fell from ${pct(change.rewardBefore)} to ${pct(mean)}.`;
        const r = tuner.rollback(change.id, why, at);
        if (r) out.push(r);
      }
    }
    return out;
  }

  #preferenceInsights(): Insight[] {
    const model = this.#model;
    if (!model) return [];
    const out: Insight[] = [];
    const rules = model.neverRules();
    const ruled = (kind: "category" | "pattern", value: string, functionId: string) =>
      rules.some((r) => r.kind === kind && r.value === value && (r.functionId === undefined || r.functionId === functionId));
    for (const item of model.learned()) {
      const name = this.#name(item.functionId);
      if (item.ref.kind === "category") {
        const rejectShare = item.recentResponses ? 1 - item.recentWanted / item.recentResponses : 0;
        if (item.recentResponses >= 10 && rejectShare >= 0.8 && !ruled("category", item.category, item.functionId)) {
          out.push({
            id: `reject-category:${item.functionId}:${item.category}`,
            kind: "reject-category",
            functionId: item.functionId,
            text: `You reject ${pct(rejectShare)} of ${item.category} edits from ${name} — turn them off?`,
            actionLabel: `Never suggest ${item.category} edits from ${name}`,
            action: { kind: "add-never", rule: { kind: "category", value: item.category, functionId: item.functionId } },
          });
        }
        const seen = item.responses + item.ignored;
        if (seen >= 20 && item.ignored / seen >= 0.7) {
          out.push({
            id: `ignored-category:${item.functionId}:${item.category}`,
            kind: "ignored-category",
            functionId: item.functionId,
            text: `You leave ${pct(item.ignored / seen)} of ${name}'s ${item.category} edits unanswered — show only the ones you are likely to want?`,
            actionLabel: `Make ${name} stricter`,
            action: { kind: "set-strictness", functionId: item.functionId, strictness: Math.min(4, model.strictness(item.functionId) * 2) },
          });
        }
      } else if (item.ref.kind === "pattern" && item.recentResponses >= 5 && item.recentWanted / item.recentResponses <= 0.15 && !ruled("pattern", item.ref.patternKey, item.functionId)) {
        out.push({
          id: `reject-pattern:${item.functionId}:${item.ref.patternKey}`,
          kind: "reject-pattern",
          functionId: item.functionId,
          text: `You ${item.recentWanted === 0 ? "always" : "almost always"} reject “${item.ref.patternKey}” from ${name} — never suggest it?`,
          actionLabel: `Never suggest “${item.ref.patternKey}”`,
          action: { kind: "add-never", rule: { kind: "pattern", value: item.ref.patternKey, functionId: item.functionId } },
        });
      }
    }
    return out;
  }
}
