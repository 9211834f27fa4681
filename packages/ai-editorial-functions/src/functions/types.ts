import type { Category } from "@redline/track-edits";
import type { ScopeKind } from "../types.js";

export interface QualityGates {
  /** Largest share of a paragraph's characters a rewrite may change, in (0, 1]. */
  readonly maxChangeRatio: number;
  /** Phrases a rewrite must never introduce (case-insensitive). */
  readonly forbiddenPhrases: readonly string[];
  /** Reject rewrites that change headings, list markers, links or emphasis. */
  readonly preserveMarkdown: boolean;
}

/**
 * How the writer's typing is batched before an as-you-type run (track-edits'
 * ChangeBatcher strategies). Model calls are always one per paragraph: that
 * is what lets edits stream in and re-runs touch only changed paragraphs.
 */
export type BatchingStrategy = "immediate" | "smart" | "debounce" | "content-aware";

export const BATCHING_STRATEGIES: readonly BatchingStrategy[] = ["immediate", "smart", "debounce", "content-aware"];

export type FunctionOutput = "edits" | "comments";

export interface ParamSpec {
  readonly description?: string;
  readonly default?: string;
  readonly options?: readonly string[];
}

/** Conditions for contextual selection; every given condition must hold. */
export interface SelectionRule {
  readonly scope?: readonly ScopeKind[];
  readonly folder?: string;
  readonly tag?: string;
  readonly frontmatter?: Readonly<Record<string, string | number | boolean>>;
  readonly minSelection?: number;
  readonly maxSelection?: number;
  readonly language?: string;
}

/** A prompt and/or model variant of a function, for A/B selection. */
export interface FunctionVariant {
  readonly id: string;
  readonly prompt?: string;
  readonly modelChain?: readonly string[];
  readonly temperature?: number;
  /** Prior weight for weighted selection (≥ 0). */
  readonly weight: number;
  /** Higher wins under priority selection. */
  readonly priority: number;
  /** Contextual rule: the variant is eligible only where it holds. */
  readonly when?: SelectionRule;
}

export interface EditorialFunction {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Content hash of everything that shapes the output; changes invalidate caches. */
  readonly version: string;
  readonly origin: { readonly kind: "builtin" } | { readonly kind: "custom"; readonly path: string };
  readonly output: FunctionOutput;
  /** System prompt; the body template below is the user turn. */
  readonly system: string;
  readonly prompt: string;
  /** Router target ids, first preferred; empty means the engine's default chain. */
  readonly modelChain: readonly string[];
  readonly temperature: number;
  readonly scopes: readonly ScopeKind[];
  readonly allowedCategories: readonly Category[];
  readonly qualityGates: QualityGates;
  readonly batching: BatchingStrategy;
  readonly asYouType: boolean;
  readonly learning: boolean;
  readonly params: Readonly<Record<string, ParamSpec>>;
  readonly variants: readonly FunctionVariant[];
  /**
   * Built-ins that a local engine can serve without any model provider:
   * "offline" = ai-providers' offline engine, "style-sheet" = the engine's
   * own deterministic consistency checker.
   */
  readonly local?: "offline" | "style-sheet";
}
