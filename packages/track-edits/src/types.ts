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
