import type { Category } from "./taxonomy.js";

/** Who proposed an edit: the editorial function and, when known, the model behind it. */
export interface EditSource {
  readonly functionId: string;
  readonly variant?: string;
  readonly model?: string;
  readonly provider?: string;
}

/** ERRANT's three operations: text missing (insert), unnecessary (delete), or replaced. */
export type EditOperation = "missing" | "unnecessary" | "replacement";

/** A minimal word-level change, offsets into the text it was computed from. */
export interface DiffEdit {
  readonly from: number;
  readonly to: number;
  readonly original: string;
  readonly replacement: string;
}

/** A proposed change the writer has not yet accepted or rejected. */
export interface TrackedEdit extends DiffEdit {
  readonly kind: "edit";
  readonly id: string;
  readonly source: EditSource;
  readonly category: Category;
  /** Normalised key for learning, e.g. `utilize→use` (see `patternKey`). */
  readonly patternKey: string;
  /** 0..1: how sure the proposer is. */
  readonly confidence: number;
  readonly clusterId: string;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly explanation: string;
}

/**
 * A note on a range with no replacement (developmental feedback): shown as a
 * highlight with its note, then dismissed or kept.
 */
export interface CommentItem {
  readonly kind: "comment";
  readonly id: string;
  readonly from: number;
  readonly to: number;
  /** The commented text, so a stale comment can be detected like a stale edit. */
  readonly original: string;
  readonly note: string;
  readonly source: EditSource;
  readonly category?: Category;
  readonly clusterId: string;
  readonly createdAt: number;
}

export type PendingItem = TrackedEdit | CommentItem;

export interface Classification {
  readonly category: Category;
  readonly patternKey: string;
  readonly operation: EditOperation;
  /** Which deterministic rule decided the category (for explanations and tests). */
  readonly rule: string;
}

export type ProtectedKind =
  | "frontmatter"
  | "code-block"
  | "inline-code"
  | "math"
  | "wikilink"
  | "link-target"
  | "url"
  | "html"
  | "comment"
  | "footnote"
  | "block-id"
  | "tag";

export interface ProtectedSpan {
  readonly from: number;
  readonly to: number;
  readonly kind: ProtectedKind;
}

/**
 * The item at a new position. Built as an explicit literal, not a spread:
 * V8 gives spread copies slow (dictionary-like) property access, which made
 * bulk operations over thousands of items an order of magnitude slower.
 */
export function movedItem(item: PendingItem, from: number, to: number): PendingItem {
  if (item.from === from && item.to === to) return item;
  if (item.kind === "edit") {
    return {
      kind: "edit",
      id: item.id,
      from,
      to,
      original: item.original,
      replacement: item.replacement,
      source: item.source,
      category: item.category,
      patternKey: item.patternKey,
      confidence: item.confidence,
      clusterId: item.clusterId,
      createdAt: item.createdAt,
      explanation: item.explanation,
    };
  }
  const comment: CommentItem = { kind: "comment", id: item.id, from, to, original: item.original, note: item.note, source: item.source, clusterId: item.clusterId, createdAt: item.createdAt };
  return item.category === undefined ? comment : { ...comment, category: item.category };
}
