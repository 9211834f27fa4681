import { invertedEffects, isolateHistory } from "@codemirror/commands";
import {
  EditorSelection,
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
import { overlapsProtected, protectedAround } from "../protected.js";
import { movedItem, type PendingItem, type ProtectedSpan } from "../types.js";
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
  /**
   * The host's reason an item is shown, in the writer's words (e.g. what its
   * learning knows of this kind of edit); the popover shows it under the
   * item's own explanation.
   */
  readonly reasonFor?: (item: PendingItem) => string | undefined;
}

export const trackEditsConfig = Facet.define<TrackEditsConfig, Required<Pick<TrackEditsConfig, "now" | "protectMarkdown">> & TrackEditsConfig>({
  combine: (configs) => {
    const listeners = configs.map((c) => c.onResolution).filter((f): f is ResolutionListener => f !== undefined);
    return {
      now: configs.find((c) => c.now)?.now ?? Date.now,
      protectMarkdown: configs.every((c) => c.protectMarkdown !== false),
      ...(configs.find((c) => c.reasonFor)?.reasonFor ? { reasonFor: configs.find((c) => c.reasonFor)?.reasonFor } : {}),
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

/** Recent document changes as a persistent list (O(1) per keystroke); newest first. */
export interface ChangeLog {
  readonly changes: ChangeSet;
  /** The version this change produced. */
  readonly version: number;
  readonly prev: ChangeLog | null;
  readonly length: number;
}

const lengthOf = (log: ChangeLog | null): number => (log === null ? 0 : log.length);

function logChange(log: ChangeLog | null, changes: ChangeSet, version: number): ChangeLog {
  if (log !== null && log.length >= 2 * MAX_REBASE_VERSIONS) {
    // Cut the tail now and then, so memory stays bounded (amortised O(1)).
    const keep: ChangeLog[] = [];
    for (let n: ChangeLog | null = log; n !== null && keep.length < MAX_REBASE_VERSIONS - 1; n = n.prev) keep.push(n);
    let rebuilt: ChangeLog | null = null;
    for (let i = keep.length - 1; i >= 0; i--) {
      const n = keep[i];
      if (n) rebuilt = { changes: n.changes, version: n.version, prev: rebuilt, length: lengthOf(rebuilt) + 1 };
    }
    log = rebuilt;
  }
  return { changes, version, prev: log, length: lengthOf(log) + 1 };
}

/** Changes taking version `from` to the current one, oldest first; undefined when no longer retained. */
function changesSince(log: ChangeLog | null, from: number, current: number): ChangeSet[] | undefined {
  const out: ChangeSet[] = [];
  let n = log;
  for (let v = current; v > from; v--) {
    if (n === null || n.version !== v || out.length >= MAX_REBASE_VERSIONS) return undefined;
    out.push(n.changes);
    n = n.prev;
  }
  return out.reverse();
}

export interface TrackState {
  readonly set: RangeSet<PendingMark>;
  /** Number of document changes seen; proposals name the version they were computed for. */
  readonly version: number;
  readonly log: ChangeLog | null;
  readonly preview: PreviewMode;
  /** Bumped whenever items are added or removed or the preview changes (not on mere mapping). */
  readonly generation: number;
}

/** An item with its current position. */
export interface Positioned {
  readonly item: PendingItem;
  readonly shownAt: number;
}

// Payloads carry the document their positions refer to; the sentence context
// of an event is read from it lazily, so bulk decisions stay cheap.
interface Resolution {
  readonly decision: Decision;
  readonly entries: readonly Positioned[];
  readonly doc: Text;
  readonly at: number;
  /** For "modify": what the writer accepted instead of the suggestion. */
  readonly finalText?: string;
}

interface Invalidation {
  readonly reason: InvalidationReason;
  readonly entries: readonly Positioned[];
  readonly doc: Text;
  readonly at: number;
}

interface Proposal {
  readonly items: readonly PendingItem[];
  readonly baseVersion: number;
  readonly at: number;
  /** The item set these were checked against by `proposeEdits`; unchanged means no re-check. */
  readonly checkedAgainst?: RangeSet<PendingMark>;
}

function mapItem(p: Positioned, mapping: ChangeDesc): Positioned | undefined {
  const { item } = p;
  const empty = item.from === item.to;
  const from = mapping.mapPos(item.from, empty ? -1 : 1, MapMode.TrackDel);
  const to = empty ? from : mapping.mapPos(item.to, -1, MapMode.TrackDel);
  // Length must survive too; the text itself is re-checked before an item is re-added.
  if (from === null || to === null || to - from !== item.to - item.from) return undefined;
  return { item: movedItem(item, from, to), shownAt: p.shownAt };
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

const edgeText = (inserted: Text) =>
  inserted.length === 0 ? "" : inserted.sliceString(0, 1) + (inserted.length > 1 ? inserted.sliceString(inserted.length - 1) : "");

/** Items whose text the changes destroy, with old positions. Local: O(changes · log items). */
function invalidatedBy(set: RangeSet<PendingMark>, changes: ChangeSet, skip: ReadonlySet<string>): Positioned[] {
  const out: Positioned[] = [];
  const seen = new Set<string>();
  changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
    const text = edgeText(inserted);
    set.between(fromA, toA, (from, to, mark) => {
      const id = mark.item.id;
      if (skip.has(id) || seen.has(id)) return;
      if (changeInvalidates(fromA, toA, text, from, to, mark.item.original)) {
        seen.add(id);
        out.push({ item: movedItem(mark.item, from, to), shownAt: mark.shownAt });
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
  const steps = baseVersion < ts.version ? changesSince(ts.log, baseVersion, ts.version) : undefined;
  if (steps === undefined) return { live: [], stale: [...items] };
  const live: PendingItem[] = [];
  const stale: PendingItem[] = [];
  for (const item of items) {
    let cur: PendingItem | undefined = item;
    for (const cs of steps) {
      let hit = false as boolean;
      const c: PendingItem = cur;
      cs.iterChanges((fromA, toA, _fb, _tb, inserted) => {
        if (!hit && changeInvalidates(fromA, toA, inserted.sliceString(0), c.from, c.to, c.original)) hit = true;
      });
      cur = hit ? undefined : mapItem({ item: c, shownAt: 0 }, cs)?.item;
      if (cur === undefined) break;
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

// Id sets of effect payloads, built once and shared by the extender and the field.
const payloadIds = new WeakMap<readonly Positioned[], ReadonlySet<string>>();
function idsOf(entries: readonly Positioned[]): ReadonlySet<string> {
  let ids = payloadIds.get(entries);
  if (!ids) {
    ids = new Set(entries.map((e) => e.item.id));
    payloadIds.set(entries, ids);
  }
  return ids;
}

function removeIds(set: RangeSet<PendingMark>, entries: readonly Positioned[], known?: ReadonlySet<string>): RangeSet<PendingMark> {
  if (entries.length === 0) return set;
  const ids = known ?? idsOf(entries);
  let lo = Infinity;
  let hi = -Infinity;
  for (const e of entries) {
    lo = Math.min(lo, e.item.from);
    hi = Math.max(hi, e.item.to);
  }
  return set.update({ filter: (_f, _t, v) => !ids.has(v.item.id), filterFrom: lo, filterTo: hi });
}

export const trackEditsField = StateField.define<TrackState>({
  create: () => ({ set: RangeSet.of<PendingMark>([]), version: 0, log: null, preview: "review", generation: 0 }),
  update(value, tr) {
    let { set, version, log, preview, generation } = value;
    let resolvedCount = 0;
    const before = set;
    for (const e of tr.effects) {
      if (e.is(resolveEffect) || e.is(invalidateEffect)) {
        resolvedCount += e.value.entries.length;
        set = removeIds(set, e.value.entries);
      } else if (e.is(setPreviewEffect) && e.value !== preview) {
        preview = e.value;
        generation++;
      }
    }
    if (tr.docChanged) {
      // Never rely on the event extender alone: the field itself drops every
      // item whose text this change touches, before mapping the rest.
      if (set.size > 0) set = removeIds(set, invalidatedBy(set, tr.changes, new Set())).map(tr.changes);
      version++;
      log = logChange(log, tr.changes, version);
    }
    for (const e of tr.effects) {
      if (e.is(restoreEffect)) set = addItems(set, tr.newDoc, e.value).set;
      else if (e.is(proposeEffect)) {
        const p = e.value;
        if (p.checkedAgainst === set && p.baseVersion === version) {
          // proposeEdits already checked these against exactly this set and document.
          set = set.update({ add: p.items.map((item) => new PendingMark(item, p.at).range(item.from, item.to)), sort: true });
        } else {
          const { live } = rebase({ set, version, log, preview, generation }, p.items, p.baseVersion);
          set = addItems(set, tr.newDoc, live.map((item) => ({ item, shownAt: p.at }))).set;
        }
      }
    }
    if (set.size !== before.size || resolvedCount > 0) generation++;
    if (set === value.set && version === value.version && preview === value.preview && generation === value.generation) return value;
    return { set, version, log, preview, generation };
  },
});

/** Adds an enumerable, memoised `context` getter: the sentence is only read if someone looks. */
function withContext<T extends object>(event: T, doc: Text, item: PendingItem): T & { readonly context: ItemContext } {
  let cached: ItemContext | undefined;
  return Object.defineProperty(event, "context", {
    enumerable: true,
    get: () => (cached ??= item.to <= doc.length ? contextOf(doc, item.from, item.to) : { sentence: "", sentenceFrom: 0 }),
  }) as T & { readonly context: ItemContext };
}

/** Resolution events in a transaction (the view's listener uses this; so can headless callers). */
export function resolutionEvents(tr: Transaction): ResolutionEvent[] {
  const out: ResolutionEvent[] = [];
  for (const e of tr.effects) {
    if (e.is(resolveEffect)) {
      const { decision, at, doc, finalText } = e.value;
      for (const r of e.value.entries) {
        const base = { item: r.item, at, latencyMs: Math.max(0, at - r.shownAt) };
        out.push(withContext(decision === "modify" ? { ...base, type: "modify" as const, finalText: finalText ?? "" } : { ...base, type: decision }, doc, r.item));
      }
    } else if (e.is(invalidateEffect)) {
      const { reason, at, doc } = e.value;
      if (at < 0) continue; // redo bookkeeping, not a new invalidation
      for (const r of e.value.entries) out.push(withContext({ type: "invalidate" as const, reason, item: r.item, at, latencyMs: Math.max(0, at - r.shownAt) }, doc, r.item));
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
  const sets: ReadonlySet<string>[] = [];
  for (const e of tr.effects) if (e.is(resolveEffect) || e.is(invalidateEffect)) sets.push(idsOf(e.value.entries));
  const skip: ReadonlySet<string> = sets.length === 1 && sets[0] ? sets[0] : new Set(sets.flatMap((x) => [...x]));
  const hit = invalidatedBy(field.set, tr.changes, skip);
  if (hit.length === 0) return null;
  const at = tr.startState.facet(trackEditsConfig).now();
  return { effects: invalidateEffect.of({ reason: "edited", at, doc: tr.startState.doc, entries: hit }) };
});

const undoSupport = invertedEffects.of((tr) => {
  const out: StateEffect<unknown>[] = [];
  for (const e of tr.effects) {
    if (e.is(resolveEffect)) {
      out.push(restoreEffect.of(e.value.entries));
    } else if (e.is(invalidateEffect) && e.value.reason === "edited") {
      out.push(restoreEffect.of(e.value.entries));
    } else if (e.is(restoreEffect)) {
      // Redo of an undone accept/reject takes them away again (at -1: no event).
      out.push(invalidateEffect.of({ reason: "edited", at: -1, doc: tr.newDoc, entries: e.value }));
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

/** The item at a position, copied only if it moved since it was proposed. */
function at(item: PendingItem, from: number, to: number): PendingItem {
  return movedItem(item, from, to);
}

/** Pending items overlapping or touching [from, to], with current positions, in document order. */
export function pendingItems(state: EditorState, from = 0, to = state.doc.length): Positioned[] {
  const ts = trackState(state);
  if (!ts) return [];
  const out: Positioned[] = [];
  const cur = ts.set.iter(from);
  while (cur.value !== null && cur.from <= to) {
    if (cur.to >= from) out.push({ item: at(cur.value.item, cur.from, cur.to), shownAt: cur.value.shownAt });
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
    found = { item: at(v.item, from, to), shownAt: v.shownAt };
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
  const spans = opts.protectedSpans ?? (config.protectMarkdown && live.length ? protectedAround(state.doc, live) : []);
  const guarded: PendingItem[] = [];
  const protectedOut: PendingItem[] = [];
  for (const item of live) (overlapsProtected(spans, item.from, item.to) ? protectedOut : guarded).push(item);
  const { refused } = addItems(ts.set, state.doc, guarded.map((item) => ({ item, shownAt: at })));
  const refusedIds = new Set(refused.map((r) => r.item.id));
  const accepted = guarded.filter((i) => !refusedIds.has(i.id));
  const effects: StateEffect<unknown>[] = [proposeEffect.of({ items: accepted, baseVersion: ts.version, at, checkedAgainst: ts.set })];
  const report = (reason: InvalidationReason, list: readonly PendingItem[]) => {
    if (list.length === 0) return;
    effects.push(invalidateEffect.of({ reason, at, doc: state.doc, entries: list.map((item) => ({ item, shownAt: at })) }));
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

/** Above this many edits, accepting replaces whole runs of text at once (see acceptItems). */
const BULK = 32;

/**
 * A transaction accepting items: one ordinary, undoable change. Comments are
 * kept (no text change). Thousands of edits (accept-all on a book) are
 * written as one replacement per run of accepted edits with no other pending
 * item between them: CodeMirror applies each change of a ChangeSet to the
 * document tree separately, which would cost ~20 µs per edit.
 */
export function acceptItems(state: EditorState, items: readonly Positioned[], opts: ResolveOptions = {}): TransactionSpec {
  const at = state.facet(trackEditsConfig).now();
  const single = items.length === 1 ? items[0] : undefined;
  const modified = opts.modifiedText !== undefined && single?.item.kind === "edit" && opts.modifiedText !== single.item.replacement;
  const edits = items.filter((p): p is Positioned & { item: PendingItem & { kind: "edit" } } => p.item.kind === "edit");
  // pendingItems() already returns document order; only sort when needed.
  if (edits.some((p, i) => i > 0 && (edits[i - 1]?.item.from ?? 0) > p.item.from)) edits.sort((a, b) => a.item.from - b.item.from);
  const annotations = [Transaction.userEvent.of("redline.accept"), isolateHistory.of("full")];
  const effects = resolveEffect.of({ decision: modified ? "modify" : "accept", at, doc: state.doc, entries: items, ...(modified ? { finalText: opts.modifiedText } : {}) });
  if (edits.length < BULK) {
    const changes = edits.map(({ item }) => ({ from: item.from, to: item.to, insert: modified ? (opts.modifiedText ?? "") : item.replacement }));
    return { changes, effects, annotations };
  }
  const list = edits.map((p) => p.item);
  return { changes: bulkChanges(state, list, idsOf(items)), effects, annotations, selection: mapSelection(state, list) };
}

function bulkChanges(state: EditorState, edits: readonly (PendingItem & { kind: "edit" })[], accepted: ReadonlySet<string>) {
  const ts = trackState(state);
  const first = edits[0];
  const last = edits.at(-1);
  if (!ts || !first || !last) return [];
  const changes: { from: number; to: number; insert: string }[] = [];
  const text = state.doc.sliceString(first.from, last.to);
  let parts: string[] = [];
  let runFrom = -1;
  let pos = 0;
  const close = () => {
    if (runFrom >= 0) changes.push({ from: runFrom, to: pos, insert: parts.join("") });
    parts = [];
    runFrom = -1;
  };
  const cur = ts.set.iter(first.from);
  while (cur.value !== null && cur.from <= last.to) {
    const item = cur.value.item;
    if (!accepted.has(item.id)) close(); // another pending item: keep it out of the replaced text
    else if (item.kind === "edit") {
      if (runFrom < 0) {
        runFrom = cur.from;
        pos = cur.from;
      }
      parts.push(text.slice(pos - first.from, cur.from - first.from), item.replacement);
      pos = cur.to;
    }
    cur.next();
  }
  close();
  return changes;
}

/** The selection after accepting `edits` (sorted), as fine-grained changes would map it. */
function mapSelection(state: EditorState, edits: readonly (PendingItem & { kind: "edit" })[]): EditorSelection {
  const map = (pos: number) => {
    let delta = 0;
    for (const e of edits) {
      if (e.to > pos) return e.from < pos ? e.from + delta + e.replacement.length : pos + delta;
      delta += e.replacement.length - (e.to - e.from);
    }
    return pos + delta;
  };
  return EditorSelection.create(
    state.selection.ranges.map((r) => EditorSelection.range(map(r.anchor), map(r.head))),
    state.selection.mainIndex,
  );
}

/** A transaction rejecting items (dismissing comments); undo brings them back. */
export function rejectItems(state: EditorState, items: readonly Positioned[]): TransactionSpec {
  const at = state.facet(trackEditsConfig).now();
  return {
    effects: resolveEffect.of({ decision: "reject", at, doc: state.doc, entries: items }),
    annotations: [Transaction.userEvent.of("redline.reject"), isolateHistory.of("full")],
  };
}

/**
 * A transaction withdrawing pending items without a decision from the writer,
 * for a host whose newer run replaced them. The items leave like invalidated
 * ones: outside undo history (undo never brings back a superseded suggestion),
 * and reported by `resolutionEvents` as `invalidate` events with reason
 * "superseded", so a learning layer can tell them from the writer's decisions
 * (a withdrawn item is neither accepted nor rejected). Ids that are not
 * pending are skipped; with none left the spec is empty.
 */
export function withdrawItems(state: EditorState, ids: Iterable<string>): TransactionSpec {
  const wanted = new Set(ids);
  const entries = wanted.size === 0 ? [] : pendingItems(state).filter((p) => wanted.has(p.item.id));
  if (entries.length === 0) return {};
  const at = state.facet(trackEditsConfig).now();
  return { effects: invalidateEffect.of({ reason: "superseded", at, doc: state.doc, entries }), annotations: Transaction.addToHistory.of(false) };
}

export function setPreview(mode: PreviewMode): TransactionSpec {
  return { effects: setPreviewEffect.of(mode) };
}
