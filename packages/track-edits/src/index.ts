// Pure edit model: no editor, no Obsidian, no network.
export { CATEGORIES, isCategory, patternKey } from "./taxonomy.js";
export type { Category } from "./taxonomy.js";
export type {
  Classification,
  CommentItem,
  DiffEdit,
  EditOperation,
  EditSource,
  PendingItem,
  ProtectedKind,
  ProtectedSpan,
  TrackedEdit,
} from "./types.js";
export { tokenize } from "./tokenize.js";
export type { Token, TokenKind } from "./tokenize.js";
export { applyEdits, diffToEdits } from "./diff.js";
export type { DiffOptions } from "./diff.js";
export { classifyEdit, editDistance } from "./classify.js";
export type { ClassifyContext } from "./classify.js";
export { findProtectedSpans, overlapsProtected } from "./protected.js";
export { clusterEdits, sentenceAround, sentenceStarts } from "./cluster.js";
export type { ClusterOptions, ClusterStrategy, Clusterable } from "./cluster.js";
export { buildTrackedEdits } from "./edits.js";
export type { BuildEditsOptions } from "./edits.js";

// CodeMirror 6 extension.
export {
  MAX_REBASE_VERSIONS,
  PendingMark,
  acceptItems,
  contextOf,
  docVersion,
  invalidateEffect,
  itemAt,
  pendingCount,
  pendingItems,
  proposeEdits,
  proposeEffect,
  rebase,
  rejectItems,
  resolveEffect,
  resolutionEvents,
  setPreview,
  setPreviewEffect,
  trackEditsConfig,
  trackEditsField,
  trackEditsState,
  trackState,
  withdrawItems,
} from "./cm/state.js";
export type { Positioned, PreviewMode, ProposeOptions, ResolveOptions, TrackEditsConfig, TrackState } from "./cm/state.js";
export type {
  AcceptEvent,
  Decision,
  InvalidateEvent,
  InvalidationReason,
  ItemContext,
  ModifyEvent,
  RejectEvent,
  ResolutionEvent,
  ResolutionListener,
} from "./cm/events.js";
export { changeInvalidates } from "./cm/invalidation.js";
export {
  acceptAllSuggestions,
  acceptCluster,
  acceptSuggestionAtCursor,
  acceptSuggestionsInSelection,
  focusSuggestionPopover,
  nextSuggestion,
  previousSuggestion,
  rejectAllSuggestions,
  rejectCluster,
  rejectSuggestionAtCursor,
  rejectSuggestionsInSelection,
  togglePreviewAccepted,
  togglePreviewOriginal,
  trackEditsKeymap,
} from "./cm/commands.js";
export { ReviewDecorations, activeDecorations, buildDecorations, trackEdits } from "./cm/view.js";
export type { TrackEditsViewConfig } from "./cm/view.js";
export { TRACK_EDITS_CSS } from "./cm/styles.js";
export { fromCriticMarkup, toCriticMarkup } from "./criticmarkup.js";
export type { ImportOptions, ImportResult } from "./criticmarkup.js";
export { ChangeBatcher, boundaryAt } from "./batcher.js";
export type { BatchStrategy, ChangeBatcherOptions, DirtyBatch, DirtyRange, FlushReason, Timers } from "./batcher.js";
export { changeBatching } from "./cm/batching.js";
