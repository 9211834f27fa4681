import { invertedEffects, isolateHistory } from "@codemirror/commands";
import {
  EditorState,
  Facet,
  MapMode,
  RangeSet,
  RangeValue,
  StateEffect,
  StateField,
  Transaction,
  type ChangeDesc,
  type ChangeSet,
  type Extension,
  type Text,
  type TransactionSpec,
} from "@codemirror/state";
import { sentenceAround } from "../cluster.js";
import { findProtectedSpans, overlapsProtected } from "../protected.js";
import type { PendingItem, ProtectedSpan } from "../types.js";
import type { Decision, InvalidationReason, ItemContext, ResolutionEvent, ResolutionListener } from "./events.js";
import { changeInvalidates } from "./invalidation.js";

/** How many document versions back a proposal may have been computed and still be mapped. */
export const MAX_REBASE_VERSIONS = 256;

export type PreviewMode = "review" | "accepted" | "original";

export interface TrackEditsConfig {
  /** Receives every accept, reject, modify and invalidate. */
  readonly onResolution?: ResolutionListener;
  /** Clock for decision latency; defaults to Date.now. */
  readonly now?: () => number;
  /** Refuse proposals that overlap protected Markdown. Default true. */
  readonly protectMarkdown?: boolean;
}

export const trackEditsConfig = Facet.define<TrackEditsConfig, Required<Pick<TrackEditsConfig, "now" | "protectMarkdown">> & TrackEditsConfig>({
  combine: (configs) => {
    const listeners = configs.map((c) => c.onResolution).filter((f): f is ResolutionListener => f !== undefined);
    return {
      now: configs.find((c) => c.now)?.now ?? Date.now,
      protectMarkdown: configs.every((c) => c.protectMarkdown !== false),
      onResolution: (e: ResolutionEvent) => {
        for (const l of listeners) l(e);
      },
    };
  },
});

/** A pending item in the field's RangeSet. Its range there is authoritative; `item.from/to` are as proposed. */
export class PendingMark extends RangeValue {
  constructor(
    readonly item: PendingItem,
    /** When the item first appeared in this editor (epoch ms), for decision latency. */
    readonly shownAt: number,
  ) {
    super();
    // Non-inclusive: text typed at either edge stays outside the item.
    if (item.from !== item.to) {
      this.startSide = 1;
      this.endSide = -1;
    }
  }
  override eq(other: RangeValue): boolean {
    return other instanceof PendingMark && other.item === this.item;
  }
}

export interface TrackState {
  readonly set: RangeSet<PendingMark>;
  /** Number of document changes seen; proposals name the version they were computed for. */
  readonly version: number;
  /** The last changes, oldest first: recent[i] took version (version - recent.length + i) to the next. */
  readonly recent: readonly ChangeSet[];
  readonly preview: PreviewMode;
}

/** An item with its current position. */
export interface Positioned {
  readonly item: PendingItem;
  readonly shownAt: number;
}

interface Resolution {
  readonly decision: Decision;
  readonly entries: readonly { readonly item: PendingItem; readonly shownAt: number; readonly context: ItemContext; readonly finalText?: string }[];
  readonly at: number;
}

interface Invalidation {
  readonly reason: InvalidationReason;
  readonly entries: readonly { readonly item: PendingItem; readonly shownAt: number; readonly context: ItemContext }[];
  readonly at: number;
}

interface Proposal {
  readonly items: readonly PendingItem[];
  readonly baseVersion: number;
  readonly at: number;
}

function mapItem(p: Positioned, mapping: ChangeDesc): Positioned | undefined {
  const { item } = p;
  const empty = item.from === item.to;
  const from = mapping.mapPos(item.from, empty ? -1 : 1, MapMode.TrackDel);
  const to = empty ? from : mapping.mapPos(item.to, -1, MapMode.TrackDel);
  // Length must survive too; the text itself is re-checked before an item is re-added.
  if (from === null || to === null || to - from !== item.to - item.from) return undefined;
  return { item: { ...item, from, to }, shownAt: p.shownAt };
}

/** Adds items, proposed or restored by undo: positions in the post-transaction document. */
export const proposeEffect = StateEffect.define<Proposal>();
const restoreEffect = StateEffect.define<readonly Positioned[]>({
  map: (entries, mapping) => entries.map((e) => mapItem(e, mapping)).filter((e): e is Positioned => e !== undefined),
});
/** Accepted, modified or rejected items; positions in the pre-transaction document. */
export const resolveEffect = StateEffect.define<Resolution>();
/** Items dropped without a decision (edited under, stale, conflicting, protected). */
export const invalidateEffect = StateEffect.define<Invalidation>();
export const setPreviewEffect = StateEffect.define<PreviewMode>();

/** Items whose text the changes of `tr` destroy, with old positions. */
function invalidatedBy(set: RangeSet<PendingMark>, changes: ChangeSet, skip: ReadonlySet<string>): Positioned[] {
  const out: Positioned[] = [];
  const seen = new Set<string>();
  changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
    const text = inserted.length === 0 ? "" : inserted.sliceString(0, Math.min(inserted.length, 1)) + (inserted.length > 1 ? inserted.sliceString(inserted.length - 1) : "");
    set.between(fromA, toA, (from, to, mark) => {
      const id = mark.item.id;
      if (skip.has(id) || seen.has(id)) return;
      if (changeInvalidates(fromA, toA, text, from, to, mark.item.original)) {
        seen.add(id);
        out.push({ item: { ...mark.item, from, to }, shownAt: mark.shownAt });
      }
    });
  });
  return out;
}

/**
 * Maps items computed against document version `baseVersion` to the current
 * document. Items whose text changed since (same rule as live invalidation),
 * or that are older than the retained history, come back as `stale`.
 */
export function rebase(ts: TrackState, items: readonly PendingItem[], baseVersion: number): { live: PendingItem[]; stale: PendingItem[] } {
  if (baseVersion === ts.version) return { live: [...items], stale: [] };
  const first = ts.version - ts.recent.length;
  if (baseVersion < first || baseVersion > ts.version) return { live: [], stale: [...items] };
  const live: PendingItem[] = [];
  const stale: PendingItem[] = [];
  for (const item of items) {
    let cur: PendingItem | undefined = item;
    for (let v = baseVersion; v < ts.version && cur !== undefined; v++) {
      const cs = ts.recent[v - first];
      if (cs === undefined) {
        cur = undefined;
        break;
      }
      let hit = false as boolean;
      const c: PendingItem = cur;
      cs.iterChanges((fromA, toA, _fb, _tb, inserted) => {
        if (!hit && changeInvalidates(fromA, toA, inserted.sliceString(0), c.from, c.to, c.original)) hit = true;
      });
      cur = hit ? undefined : mapItem({ item: c, shownAt: 0 }, cs)?.item;
    }
    if (cur === undefined) stale.push(item);
    else live.push(cur);
  }
  return { live, stale };
}

function overlapsPending(set: RangeSet<PendingMark>, from: number, to: number): boolean {
  let hit = false;
  set.between(from, to, (f, t) => {
    // Touching edges is fine; insertions at the same point or inside a range conflict.
    if ((f < to && t > from) || (f === t && from === to && f === from) || (from === to && from > f && from < t) || (f === t && f > from && f < to)) {
      hit = true;
      return false;
    }
    return undefined;
  });
  return hit;
}

/** Adds items after checking each still matches the document and conflicts with nothing. */
function addItems(set: RangeSet<PendingMark>, doc: Text, entries: readonly Positioned[]): { set: RangeSet<PendingMark>; refused: Positioned[] } {
  const refused: Positioned[] = [];
  const sorted = [...entries].sort((a, b) => a.item.from - b.item.from || a.item.to - b.item.to);
  const add: ReturnType<PendingMark["range"]>[] = [];
  let lastTo = -1;
  let lastEmptyAt = -1;
  for (const e of sorted) {
    const { from, to, original } = e.item;
    const bad =
      from < 0 ||
      to > doc.length ||
      from > to ||
      doc.sliceString(from, to) !== original ||
      from < lastTo ||
      (from === to && from === lastEmptyAt) ||
      overlapsPending(set, from, to);
    if (bad) {
      refused.push(e);
      continue;
    }
    add.push(new PendingMark(e.item, e.shownAt).range(from, to));
    lastTo = Math.max(lastTo, to);
    if (from === to) lastEmptyAt = from;
  }
  return { set: add.length ? set.update({ add, sort: true }) : set, refused };
}

function removeIds(set: RangeSet<PendingMark>, entries: readonly { readonly item: PendingItem }[]): RangeSet<PendingMark> {
  if (entries.length === 0) return set;
  const ids = new Set(entries.map((e) => e.item.id));
  let lo = Infinity;
  let hi = -Infinity;
  for (const e of entries) {
    lo = Math.min(lo, e.item.from);
    hi = Math.max(hi, e.item.to);
  }
  return set.update({ filter: (_f, _t, v) => !ids.has(v.item.id), filterFrom: lo, filterTo: hi });
}

export const trackEditsField = StateField.define<TrackState>({
  create: () => ({ set: RangeSet.of<PendingMark>([]), version: 0, recent: [], preview: "review" }),
  update(value, tr) {
    let { set, version, recent, preview } = value;
    const resolved: { item: PendingItem }[] = [];
    for (const e of tr.effects) {
      if (e.is(resolveEffect)) resolved.push(...e.value.entries);
      else if (e.is(invalidateEffect)) resolved.push(...e.value.entries);
      else if (e.is(setPreviewEffect)) preview = e.value;
    }
    set = removeIds(set, resolved);
    if (tr.docChanged) {
      // Never rely on the event extender alone: the field itself drops every
      // item whose text this change touches, before mapping the rest.
      set = removeIds(set, invalidatedBy(set, tr.changes, new Set()));
      set = set.map(tr.changes);
      version++;
      recent = recent.length >= MAX_REBASE_VERSIONS ? [...recent.slice(1), tr.changes] : [...recent, tr.changes];
    }
    const next: TrackState = { set, version, recent, preview };
    for (const e of tr.effects) {
      if (e.is(restoreEffect)) set = addItems(set, tr.newDoc, e.value).set;
      else if (e.is(proposeEffect)) {
        const { live } = rebase({ ...next, set }, e.value.items, e.value.baseVersion);
        set = addItems(set, tr.newDoc, live.map((item) => ({ item, shownAt: e.value.at }))).set;
      }
    }
    if (set === value.set && version === value.version && preview === value.preview) return value;
    return { set, version, recent, preview };
  },
});

// Resolution records extracted from a transaction (for the view's listener and headless callers).
export function resolutionEvents(tr: Transaction): ResolutionEvent[] {
  const out: ResolutionEvent[] = [];
  for (const e of tr.effects) {
    if (e.is(resolveEffect)) {
      const { decision, at } = e.value;
      for (const r of e.value.entries) {
        const base = { item: r.item, context: r.context, at, latencyMs: Math.max(0, at - r.shownAt) };
        out.push(decision === "modify" ? { ...base, type: "modify", finalText: r.finalText ?? "" } : { ...base, type: decision });
      }
    } else if (e.is(invalidateEffect)) {
      const { reason, at } = e.value;
      for (const r of e.value.entries) out.push({ type: "invalidate", reason, item: r.item, context: r.context, at, latencyMs: Math.max(0, at - r.shownAt) });
    }
  }
  return out;
}

/** The sentence around [from, to) of `doc`, read locally (no whole-document scan). */
export function contextOf(doc: Text, from: number, to: number): ItemContext {
  const lo = Math.max(0, from - 400);
  const text = doc.sliceString(lo, Math.min(doc.length, to + 400));
  const s = sentenceAround(text, from - lo, to - lo);
  return { sentence: s.text, sentenceFrom: lo + s.from };
}

// Writer's changes that destroy items become invalidate events, and undo brings them back.
const invalidationReporter = EditorState.transactionExtender.of((tr) => {
  if (!tr.docChanged) return null;
  const field = tr.startState.field(trackEditsField, false);
  if (!field || field.set.size === 0) return null;
  const skip = new Set<string>();
  for (const e of tr.effects) if (e.is(resolveEffect)) for (const r of e.value.entries) skip.add(r.item.id);
  const hit = invalidatedBy(field.set, tr.changes, skip);
  if (hit.length === 0) return null;
  const at = tr.startState.facet(trackEditsConfig).now();
  return {
    effects: invalidateEffect.of({
      reason: "edited",
      at,
      entries: hit.map((p) => ({ ...p, context: contextOf(tr.startState.doc, p.item.from, p.item.to) })),
    }),
  };
});

const undoSupport = invertedEffects.of((tr) => {
  const out: StateEffect<unknown>[] = [];
  for (const e of tr.effects) {
    if (e.is(resolveEffect)) {
      out.push(restoreEffect.of(e.value.entries.map((r) => ({ item: r.item, shownAt: r.shownAt }))));
    } else if (e.is(invalidateEffect) && e.value.reason === "edited") {
      out.push(restoreEffect.of(e.value.entries.map((r) => ({ item: r.item, shownAt: r.shownAt }))));
    } else if (e.is(restoreEffect)) {
      // Redo of an undone accept/reject takes them away again.
      out.push(invalidateEffect.of({ reason: "edited", at: 0, entries: e.value.map((p) => ({ ...p, context: { sentence: "", sentenceFrom: 0 } })) }));
    }
  }
  return out;
});

/** The headless part of the extension: state, safety and undo. The view layer adds rendering. */
export function trackEditsState(config: TrackEditsConfig = {}): Extension {
  return [trackEditsConfig.of(config), trackEditsField, invalidationReporter, undoSupport];
}

// ---------------------------------------------------------------------------
// Reading

export function trackState(state: EditorState): TrackState | undefined {
  return state.field(trackEditsField, false);
}

/** The document version to record when computing edits; pass it back to `proposeEdits`. */
export function docVersion(state: EditorState): number {
  return trackState(state)?.version ?? 0;
}

/** Pending items overlapping or touching [from, to], with current positions, in document order. */
export function pendingItems(state: EditorState, from = 0, to = state.doc.length): Positioned[] {
  const ts = trackState(state);
  if (!ts) return [];
  const out: Positioned[] = [];
  const cur = ts.set.iter(from);
  while (cur.value !== null && cur.from <= to) {
    if (cur.to >= from) out.push({ item: { ...cur.value.item, from: cur.from, to: cur.to }, shownAt: cur.value.shownAt });
    cur.next();
  }
  return out;
}

export function pendingCount(state: EditorState): number {
  return trackState(state)?.set.size ?? 0;
}

/** The item at a position (inside, or at an edge of, its range). */
export function itemAt(state: EditorState, pos: number): Positioned | undefined {
  const ts = trackState(state);
  if (!ts) return undefined;
  let found: Positioned | undefined;
  ts.set.between(pos, pos, (from, to, v) => {
    found = { item: { ...v.item, from, to }, shownAt: v.shownAt };
    return false;
  });
  return found;
}

// ---------------------------------------------------------------------------
// Transactions

export interface ProposeOptions {
  /** The version (from `docVersion`) the items were computed against. Default: current. */
  readonly baseVersion?: number;
  /** Spans to protect; default: found in the current document when `protectMarkdown` is on. */
  readonly protectedSpans?: readonly ProtectedSpan[];
}

/**
 * A transaction adding proposed items. Items computed for an older version
 * are mapped through the changes since; those whose text changed, that
 * overlap pending items or protected Markdown, or no longer match the
 * document are refused and reported as invalidated.
 */
export function proposeEdits(state: EditorState, items: readonly PendingItem[], opts: ProposeOptions = {}): TransactionSpec {
  const ts = trackState(state);
  if (!ts) throw new Error("proposeEdits: the trackEdits extension is not installed in this editor state");
  const config = state.facet(trackEditsConfig);
  const at = config.now();
  const { live, stale } = rebase(ts, items, opts.baseVersion ?? ts.version);
  const spans = opts.protectedSpans ?? (config.protectMarkdown && live.length ? findProtectedSpans(state.doc.toString()) : []);
  const guarded: PendingItem[] = [];
  const protectedOut: PendingItem[] = [];
  for (const item of live) (overlapsProtected(spans, item.from, item.to) ? protectedOut : guarded).push(item);
  const { refused } = addItems(ts.set, state.doc, guarded.map((item) => ({ item, shownAt: at })));
  const refusedIds = new Set(refused.map((r) => r.item.id));
  const accepted = guarded.filter((i) => !refusedIds.has(i.id));
  const effects: StateEffect<unknown>[] = [proposeEffect.of({ items: accepted, baseVersion: ts.version, at })];
  const report = (reason: InvalidationReason, list: readonly PendingItem[]) => {
    if (list.length === 0) return;
    effects.push(
      invalidateEffect.of({
        reason,
        at,
        entries: list.map((item) => ({ item, shownAt: at, context: item.to <= state.doc.length ? contextOf(state.doc, item.from, item.to) : { sentence: "", sentenceFrom: 0 } })),
      }),
    );
  };
  report("stale", stale);
  report("protected", protectedOut);
  report("conflict", refused.map((r) => r.item));
  return { effects, annotations: Transaction.addToHistory.of(false) };
}

export interface ResolveOptions {
  /** For a single accepted edit: the writer's own text instead of the suggestion (a "modify"). */
  readonly modifiedText?: string;
}

/** A transaction accepting items: one ordinary, undoable change. Comments are kept (no text change). */
export function acceptItems(state: EditorState, items: readonly Positioned[], opts: ResolveOptions = {}): TransactionSpec {
  const at = state.facet(trackEditsConfig).now();
  const modified = opts.modifiedText !== undefined && items.length === 1 && items[0]?.item.kind === "edit" && opts.modifiedText !== items[0].item.replacement;
  const changes = items.flatMap(({ item }) => (item.kind === "edit" ? [{ from: item.from, to: item.to, insert: modified ? (opts.modifiedText ?? "") : item.replacement }] : []));
  return {
    changes,
    effects: resolveEffect.of({
      decision: modified ? "modify" : "accept",
      at,
      entries: items.map((p) => ({ ...p, context: contextOf(state.doc, p.item.from, p.item.to), ...(modified ? { finalText: opts.modifiedText } : {}) })),
    }),
    annotations: [Transaction.userEvent.of("redline.accept"), isolateHistory.of("full")],
  };
}

/** A transaction rejecting items (dismissing comments); undo brings them back. */
export function rejectItems(state: EditorState, items: readonly Positioned[]): TransactionSpec {
  const at = state.facet(trackEditsConfig).now();
  return {
    effects: resolveEffect.of({ decision: "reject", at, entries: items.map((p) => ({ ...p, context: contextOf(state.doc, p.item.from, p.item.to) })) }),
    annotations: [Transaction.userEvent.of("redline.reject"), isolateHistory.of("full")],
  };
}

export function setPreview(mode: PreviewMode): TransactionSpec {
  return { effects: setPreviewEffect.of(mode) };
}
