import type { PendingItem } from "../types.js";

export type Decision = "accept" | "reject" | "modify";

/** Why an item left without a writer's decision. */
export type InvalidationReason =
  /** The writer changed the text under (or joined to) the item. */
  | "edited"
  /** It was computed for a document version whose target text has since changed, or is too old to map. */
  | "stale"
  /** It overlaps an item already pending. */
  | "conflict"
  /** It touches protected Markdown (code, math, links, frontmatter, ...). */
  | "protected"
  /** The host withdrew it (`withdrawItems`), e.g. a re-run replaced it: no decision of the writer's. */
  | "superseded";

/** The sentence around an item when it was resolved: the learning layer's context. */
export interface ItemContext {
  readonly sentence: string;
  /** Offset of `sentence` in the document at resolution time. */
  readonly sentenceFrom: number;
}

interface EventBase {
  /** The item as it stood when resolved (current offsets). */
  readonly item: PendingItem;
  readonly context: ItemContext;
  /** Epoch milliseconds of the decision. */
  readonly at: number;
  /** From the item appearing in the editor to this decision. */
  readonly latencyMs: number;
}

export interface AcceptEvent extends EventBase {
  readonly type: "accept";
}
export interface RejectEvent extends EventBase {
  readonly type: "reject";
}
/** Accepted after the writer rewrote the suggestion: a correction for learning. */
export interface ModifyEvent extends EventBase {
  readonly type: "modify";
  /** What the writer accepted instead of `item.replacement`. */
  readonly finalText: string;
}
export interface InvalidateEvent extends EventBase {
  readonly type: "invalidate";
  readonly reason: InvalidationReason;
}

export type ResolutionEvent = AcceptEvent | RejectEvent | ModifyEvent | InvalidateEvent;

export type ResolutionListener = (event: ResolutionEvent) => void;
