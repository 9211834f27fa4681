import type { Category, CommentItem, PendingItem, TrackedEdit } from "@redline/track-edits";
import type { PreferenceDecision } from "./learning-api.js";

/** What a run covers. Offsets are UTF-16 offsets into the note text. */
export type RunScope =
  | { readonly kind: "selection"; readonly from: number; readonly to: number }
  | { readonly kind: "paragraph"; readonly at: number }
  | { readonly kind: "note" }
  | { readonly kind: "dirty"; readonly ranges: readonly TextRange[] };

export type ScopeKind = RunScope["kind"];

export interface TextRange {
  readonly from: number;
  readonly to: number;
}

/** Interactive runs go first, then as-you-type, then background work. */
export type RunPriority = "interactive" | "as-you-type" | "background";

export const RUN_PRIORITIES: readonly RunPriority[] = ["interactive", "as-you-type", "background"];

/** Where the note lives, for contextual selection rules. */
export interface NoteContext {
  readonly path?: string;
  readonly folder?: string;
  readonly tags?: readonly string[];
  readonly frontmatter?: Readonly<Record<string, unknown>>;
  readonly language?: string;
}

/** What the engine adds to track-edits' pending items. */
export interface EngineEditMeta {
  readonly runId: string;
  readonly noteId: string;
  readonly functionVersion: string;
  /** The sentence around the edit, for the writer and for learning. */
  readonly context: string;
  /** The learner's show/hide decision, with its explanation. */
  readonly decision: PreferenceDecision;
}

/**
 * Proposals are track-edits' own pending items (so a host dispatches them
 * unchanged) carrying the engine's metadata. Offsets are into the note text
 * the run started on; track-edits maps or drops them if the text moved on.
 */
export type ProposedEdit = TrackedEdit & EngineEditMeta;
export type ProposedComment = CommentItem & EngineEditMeta;
export type ProposedItem = ProposedEdit | ProposedComment;

/** Whether a pending item is one the engine proposed (not, say, imported CriticMarkup): it carries the run and learning's decision. */
export function isProposedItem(item: PendingItem): item is ProposedItem {
  return "runId" in item && "decision" in item;
}

export type FeedbackOutcome = "accepted" | "rejected" | "modified" | "ignored";

export interface FeedbackRecord {
  readonly id: string;
  readonly at: number;
  readonly noteId: string;
  readonly runId: string;
  readonly editId: string;
  readonly functionId: string;
  readonly functionVersion: string;
  readonly variantId: string;
  readonly model: string;
  readonly provider: string;
  readonly category: Category;
  readonly patternKey: string;
  readonly outcome: FeedbackOutcome;
  /** Milliseconds from proposal to decision. */
  readonly decisionMs: number;
  readonly original: string;
  readonly replacement: string;
  /** For "modified": what the writer accepted instead. */
  readonly finalText?: string;
  readonly context: string;
  readonly shown: boolean;
  /** The producer's confidence in an edit (absent for comments and in records from before it was kept). */
  readonly confidence?: number;
}

export type NoticeLevel = "info" | "warning" | "error";
