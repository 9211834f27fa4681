import { classifyEdit } from "./classify.js";
import { clusterEdits, type ClusterStrategy } from "./cluster.js";
import { diffToEdits } from "./diff.js";
import { overlapsProtected } from "./protected.js";
import { FUNCTION_WORDS } from "./lexicon.js";
import type { Category } from "./taxonomy.js";
import type { EditSource, ProtectedSpan, TrackedEdit } from "./types.js";

const contentWords = (text: string) => (text.toLocaleLowerCase("en").match(/[\p{L}\p{N}]+(?:['\u2019][\p{L}\p{N}]+)*/gu) ?? []).filter((w) => w.length >= 3 && !FUNCTION_WORDS.has(w));

/**
 * ERRANT's word-order class, across edits: when a content word removed by one
 * edit is inserted by another, the rewrite moved it: a stylistic
 * restructuring ("The report was written by the committee" → "The committee
 * wrote the report"), whatever each piece looks like on its own.
 */
function markReordering(edits: { original: string; replacement: string; category: Category; rule: string }[]): void {
  const removed = edits.map((e) => new Set(contentWords(e.original)));
  const added = edits.map((e) => new Set(contentWords(e.replacement)));
  edits.forEach((e, i) => {
    const moved = (mine: Set<string>, theirs: Set<string>[]) => [...mine].some((w) => theirs.some((t, j) => j !== i && t.has(w)));
    if (moved(added[i] ?? new Set(), removed) || moved(removed[i] ?? new Set(), added)) {
      e.category = "style";
      e.rule = "word-order";
    }
  });
}

export interface BuildEditsOptions {
  readonly source: EditSource;
  /** Offset of `original` in the document. */
  readonly baseOffset?: number;
  readonly confidence?: number;
  readonly explanation?: string;
  readonly createdAt?: number;
  readonly clusterStrategy?: ClusterStrategy;
  /** Spans (document offsets) no edit may touch; overlapping edits are dropped. */
  readonly protectedSpans?: readonly ProtectedSpan[];
  /** Id generator; defaults to `${functionId}:${createdAt}:${n}`. */
  readonly newId?: (n: number) => string;
}

/**
 * The whole pure pipeline for one rewritten span: diff → classify → cluster,
 * refusing edits that overlap protected Markdown. Offsets are document offsets.
 */
export function buildTrackedEdits(original: string, rewrite: string, opts: BuildEditsOptions): TrackedEdit[] {
  const base = opts.baseOffset ?? 0;
  const createdAt = opts.createdAt ?? Date.now();
  const newId = opts.newId ?? ((n: number) => `${opts.source.functionId}:${createdAt}:${n}`);
  const diffs = diffToEdits(original, rewrite, { baseOffset: base }).filter(
    (d) => opts.protectedSpans === undefined || overlapsProtected(opts.protectedSpans, d.from, d.to) === undefined,
  );
  const classified = diffs.map((d) => {
    const rel = d.from - base;
    const c = classifyEdit(d.original, d.replacement, { before: original.slice(Math.max(0, rel - 80), rel), after: original.slice(d.to - base, d.to - base + 80) });
    return { ...d, category: c.category, rule: c.rule, patternKey: c.patternKey };
  });
  markReordering(classified);
  const clusters = clusterEdits(classified, {
    strategy: opts.clusterStrategy ?? "proximity",
    text: original,
    textOffset: base,
    idPrefix: `${opts.source.functionId}:${createdAt}`,
  });
  return classified.map((d, i) => ({
    kind: "edit",
    id: newId(i),
    from: d.from,
    to: d.to,
    original: d.original,
    replacement: d.replacement,
    source: opts.source,
    category: d.category,
    patternKey: d.patternKey,
    confidence: opts.confidence ?? 0.5,
    clusterId: clusters[i] ?? "",
    createdAt,
    explanation: opts.explanation ?? "",
  }));
}
