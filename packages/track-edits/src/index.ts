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
