import { StateField, type ChangeDesc, type EditorState, type Extension, type Range } from "@codemirror/state";
import { Decoration, EditorView, ViewPlugin, WidgetType, runScopeHandlers, showTooltip, type DecorationSet, type Tooltip, type ViewUpdate } from "@codemirror/view";
import type { PendingItem } from "../types.js";
import { acceptCluster, rejectCluster } from "./commands.js";
import { acceptItems, itemAt, rejectItems, resolutionEvents, trackEditsConfig, trackEditsField, trackEditsState, trackState, type Positioned, type TrackEditsConfig } from "./state.js";
import { TRACK_EDITS_CSS } from "./styles.js";

function describe(item: PendingItem): string {
  if (item.kind === "comment") return `Note on “${item.original}”: ${item.note}`;
  if (item.original === "") return `Suggested insertion: “${item.replacement}”`;
  if (item.replacement === "") return `Suggested deletion: “${item.original}”`;
  return `Suggested replacement: “${item.original}” with “${item.replacement}”`;
}

function attribution(item: PendingItem): string {
  const s = item.source;
  return [s.functionId, s.variant, s.model].filter((x): x is string => typeof x === "string" && x !== "").join(" · ");
}

class InsertionWidget extends WidgetType {
  constructor(readonly item: PendingItem & { kind: "edit" }) {
    super();
  }
  override eq(other: InsertionWidget): boolean {
    return other.item.id === this.item.id && other.item.replacement === this.item.replacement;
  }
  toDOM(): HTMLElement {
    const el = document.createElement("ins");
    el.className = `rl-ins${this.item.original === "" ? "" : " rl-replacement"}`;
    el.textContent = this.item.replacement;
    el.dataset.rlId = this.item.id;
    el.title = `${describe(this.item)} (${attribution(this.item)})`;
    el.setAttribute("aria-label", describe(this.item));
    return el;
  }
  override ignoreEvent(): boolean {
    return false;
  }
}

class PreviewWidget extends WidgetType {
  constructor(readonly text: string) {
    super();
  }
  override eq(other: PreviewWidget): boolean {
    return other.text === this.text;
  }
  toDOM(): HTMLElement {
    const el = document.createElement("span");
    el.className = "rl-preview";
    el.textContent = this.text;
    return el;
  }
}

class ClusterMarker extends WidgetType {
  constructor(
    readonly first: PendingItem,
    readonly count: number,
  ) {
    super();
  }
  override eq(other: ClusterMarker): boolean {
    return other.first.id === this.first.id && other.count === this.count;
  }
  toDOM(view: EditorView): HTMLElement {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "rl-cluster";
    b.dataset.rlCluster = this.first.clusterId;
    b.textContent = `✎${this.count}`;
    const what = this.count === 1 ? "1 suggestion" : `${this.count} suggestions`;
    b.setAttribute("aria-label", `Review ${what} from ${attribution(this.first)}`);
    b.title = `${what} from ${attribution(this.first)}`;
    b.addEventListener("click", (e) => {
      e.preventDefault();
      const pos = view.posAtDOM(b);
      const target = itemAt(view.state, pos) ?? itemAt(view.state, pos + 1);
      view.dispatch({ selection: { anchor: target?.item.from ?? pos } });
      view.focus();
    });
    return b;
  }
  override ignoreEvent(): boolean {
    return true;
  }
}

class NoteIcon extends WidgetType {
  constructor(readonly item: PendingItem) {
    super();
  }
  override eq(other: NoteIcon): boolean {
    return other.item.id === this.item.id;
  }
  toDOM(): HTMLElement {
    const el = document.createElement("span");
    el.className = "rl-note-icon";
    el.textContent = "💬";
    el.setAttribute("role", "img");
    el.setAttribute("aria-label", this.item.kind === "comment" ? `Note: ${this.item.note}` : "Note");
    return el;
  }
}

/** Cluster runs: how many consecutive items share the first one's cluster (capped for speed). */
function runLength(state: EditorState, from: number, clusterId: string): number {
  const ts = trackState(state);
  if (!ts) return 0;
  let n = 0;
  const cur = ts.set.iter(from);
  while (cur.value !== null && cur.value.item.clusterId === clusterId && n < 99) {
    n++;
    cur.next();
  }
  return n;
}

function previousCluster(state: EditorState, pos: number): string | undefined {
  const ts = trackState(state);
  if (!ts) return undefined;
  let last: string | undefined;
  ts.set.between(Math.max(0, pos - 4000), pos, (from, _to, v) => {
    if (from < pos) last = v.item.clusterId;
  });
  return last;
}

/** Decorations for the visible part of the document only: O(visible items) per update. */
export function buildDecorations(state: EditorState, ranges: readonly { from: number; to: number }[]): DecorationSet {
  const ts = trackState(state);
  if (!ts || ts.preview === "original" || ts.set.size === 0) return Decoration.none;
  const out: Range<Decoration>[] = [];
  const seen = new Set<string>();
  for (const r of ranges) {
    let prevCluster = previousCluster(state, r.from);
    const cur = ts.set.iter(r.from);
    while (cur.value !== null && cur.from <= r.to) {
      const from = cur.from;
      const to = cur.to;
      const { item } = cur.value;
      cur.next();
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      if (ts.preview === "accepted") {
        if (item.kind !== "edit") continue;
        if (item.replacement === "") out.push(Decoration.replace({}).range(from, to));
        else if (from === to) out.push(Decoration.widget({ widget: new PreviewWidget(item.replacement), side: 1 }).range(from));
        else out.push(Decoration.replace({ widget: new PreviewWidget(item.replacement) }).range(from, to));
        continue;
      }
      if (item.clusterId !== prevCluster) {
        out.push(Decoration.widget({ widget: new ClusterMarker(item, runLength(state, from, item.clusterId)), side: -1 }).range(from));
      }
      prevCluster = item.clusterId;
      const label = `${describe(item)} (${attribution(item)})`;
      if (item.kind === "comment") {
        if (to > from) out.push(Decoration.mark({ class: "rl-comment", attributes: { title: label, "data-rl-id": item.id } }).range(from, to));
        out.push(Decoration.widget({ widget: new NoteIcon(item), side: 1 }).range(to));
        continue;
      }
      if (to > from) {
        out.push(
          Decoration.mark({
            tagName: "del",
            class: item.original.trim() === "" ? "rl-del rl-del-space" : "rl-del",
            attributes: { title: label, "data-rl-id": item.id },
          }).range(from, to),
        );
      }
      if (item.replacement !== "") out.push(Decoration.widget({ widget: new InsertionWidget(item), side: 1 }).range(to));
    }
  }
  return Decoration.set(out, true);
}

/** The item under the cursor, outlined (the popover also opens for it). */
export function activeDecorations(state: EditorState): DecorationSet {
  const ts = trackState(state);
  if (!ts || ts.preview !== "review" || !state.selection.main.empty) return Decoration.none;
  const p = itemAt(state, state.selection.main.head);
  if (!p || p.item.from === p.item.to) return Decoration.none;
  return Decoration.set([Decoration.mark({ class: "rl-active" }).range(p.item.from, p.item.to)]);
}

/**
 * The review decorations of a view, kept up to date cheaply: on an ordinary
 * keystroke they are mapped through the change (no rebuild, no scan); they
 * are rebuilt, for the visible ranges only, when items come or go, the
 * preview mode changes or the viewport moves.
 */
export class ReviewDecorations {
  base: DecorationSet = Decoration.none;
  active: DecorationSet = Decoration.none;
  private generation = -1;
  /** The document range the base decorations were built for (mapped through changes since). */
  private covered = { from: 0, to: -1 };

  constructor(
    state: EditorState,
    ranges: readonly { from: number; to: number }[],
    /** Characters built beyond the visible ranges, so scrolling a little or typing needs no rebuild. */
    private readonly margin = 4000,
  ) {
    this.rebuild(state, ranges);
  }

  private rebuild(state: EditorState, ranges: readonly { from: number; to: number }[]): void {
    const from = Math.max(0, Math.min(...ranges.map((r) => r.from)) - this.margin);
    const to = Math.min(state.doc.length, Math.max(...ranges.map((r) => r.to)) + this.margin);
    this.base = buildDecorations(state, [{ from, to }]);
    this.covered = { from, to };
    this.active = activeDecorations(state);
    this.generation = trackState(state)?.generation ?? -1;
  }

  update(state: EditorState, changes: ChangeDesc | undefined, ranges: readonly { from: number; to: number }[], viewportChanged: boolean, selectionSet: boolean): void {
    const docChanged = changes !== undefined && !changes.empty;
    if (docChanged) this.covered = { from: changes.mapPos(this.covered.from, -1), to: changes.mapPos(this.covered.to, 1) };
    const outside = viewportChanged && ranges.some((r) => r.from < this.covered.from || r.to > this.covered.to);
    if (outside || (trackState(state)?.generation ?? -1) !== this.generation) {
      this.rebuild(state, ranges);
      return;
    }
    if (docChanged) this.base = this.base.map(changes);
    if (selectionSet || docChanged) this.active = activeDecorations(state);
  }
}

/**
 * Runs the per-keystroke path once, on a throwaway transaction that is never
 * dispatched: the writer's first keystroke otherwise pays for compiling it
 * (several ms in a large note, enough to drop a frame).
 */
function warmUp(view: EditorView): void {
  const { state } = view;
  const at = state.selection.main.head;
  const tr = state.update({ changes: { from: at, insert: " " }, selection: { anchor: at + 1 } });
  const scratch = new ReviewDecorations(state, view.visibleRanges);
  scratch.update(tr.state, tr.changes, view.visibleRanges, false, true);
  // CodeMirror compiles the keymap on the first keydown (a few ms with our
  // bindings); a key no binding can match compiles it now and does nothing else.
  const KeyboardEventCtor = view.dom.ownerDocument.defaultView?.KeyboardEvent;
  if (KeyboardEventCtor) runScopeHandlers(view, new KeyboardEventCtor("keydown", { key: "Unidentified" }), "editor");
}

const decorations = ViewPlugin.fromClass(
  class {
    review: ReviewDecorations;
    private warm: (() => void) | undefined;
    constructor(view: EditorView) {
      this.review = new ReviewDecorations(view.state, view.visibleRanges);
      const win = view.dom.ownerDocument.defaultView;
      if (win && typeof win.requestIdleCallback === "function") {
        const id = win.requestIdleCallback(() => {
          this.warm = undefined;
          warmUp(view);
        });
        this.warm = () => {
          win.cancelIdleCallback(id);
        };
      }
    }
    update(u: ViewUpdate) {
      this.review.update(u.state, u.docChanged ? u.changes : undefined, u.view.visibleRanges, u.viewportChanged, u.selectionSet);
    }
    destroy() {
      this.warm?.();
    }
  },
  {
    provide: (plugin) => [
      EditorView.decorations.of((view) => view.plugin(plugin)?.review.base ?? Decoration.none),
      EditorView.decorations.of((view) => view.plugin(plugin)?.review.active ?? Decoration.none),
    ],
  },
);

function button(label: string, aria: string, onClick: () => void, cta = false): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  b.setAttribute("aria-label", aria);
  if (cta) b.className = "mod-cta";
  b.addEventListener("click", (e) => {
    e.preventDefault();
    onClick();
  });
  return b;
}

function popoverDOM(view: EditorView, target: Positioned): HTMLElement {
  const { item } = target;
  const dom = document.createElement("div");
  dom.className = "rl-popover";
  dom.setAttribute("role", "dialog");
  dom.setAttribute("aria-label", describe(item));
  const meta = document.createElement("div");
  meta.className = "rl-popover-meta";
  meta.textContent = [attribution(item), item.category].filter((x) => x !== undefined && x !== "").join(" · ");
  dom.appendChild(meta);
  const change = document.createElement("div");
  change.className = "rl-popover-change";
  if (item.kind === "edit") {
    if (item.original !== "") change.appendChild(document.createElement("del")).textContent = item.original;
    if (item.original !== "" && item.replacement !== "") change.appendChild(document.createTextNode(" → "));
    if (item.replacement !== "") change.appendChild(document.createElement("ins")).textContent = item.replacement;
  } else change.textContent = item.note;
  dom.appendChild(change);
  const why = item.kind === "edit" ? item.explanation : "";
  if (why !== "") {
    const p = document.createElement("div");
    p.className = "rl-popover-why";
    p.textContent = why;
    dom.appendChild(p);
  }
  const reason = view.state.facet(trackEditsConfig).reasonFor?.(item);
  if (reason) {
    const p = document.createElement("div");
    p.className = "rl-popover-reason";
    p.textContent = reason;
    dom.appendChild(p);
  }
  const current = () => itemAt(view.state, target.item.from) ?? itemAt(view.state, target.item.to);
  const resolve = (accept: boolean, modifiedText?: string) => {
    const p = current();
    if (!p || p.item.id !== item.id) return;
    view.dispatch(accept ? acceptItems(view.state, [p], modifiedText === undefined ? {} : { modifiedText }) : rejectItems(view.state, [p]));
    view.focus();
  };
  const actions = document.createElement("div");
  actions.className = "rl-popover-actions";
  const isComment = item.kind === "comment";
  actions.append(
    button(isComment ? "Keep" : "Accept", isComment ? "Keep note" : describe(item).replace("Suggested", "Accept"), () => {
      resolve(true);
    }, true),
    button(isComment ? "Dismiss" : "Reject", isComment ? "Dismiss note" : describe(item).replace("Suggested", "Reject"), () => {
      resolve(false);
    }),
  );
  if (item.kind === "edit") {
    actions.append(
      button("Edit…", "Edit the suggestion before accepting", () => {
        if (dom.querySelector("textarea")) return;
        const area = document.createElement("textarea");
        area.value = item.replacement;
        area.rows = 2;
        area.setAttribute("aria-label", "Your version of the suggested text");
        area.addEventListener("keydown", (e) => {
          if (e.key === "Enter" && !e.shiftKey) {
            e.preventDefault();
            resolve(true, area.value);
          } else if (e.key === "Escape") {
            e.preventDefault();
            view.focus();
          }
        });
        const ok = button("Accept edited", "Accept your edited version", () => {
          resolve(true, area.value);
        }, true);
        dom.append(area, ok);
        area.focus();
      }),
    );
  }
  actions.append(
    button("Accept cluster", "Accept every suggestion in this cluster", () => {
      acceptCluster(view);
      view.focus();
    }),
    button("Reject cluster", "Reject every suggestion in this cluster", () => {
      rejectCluster(view);
      view.focus();
    }),
  );
  dom.appendChild(actions);
  dom.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      view.focus();
    }
  });
  return dom;
}

// The popover follows the cursor: it opens for the item the cursor is in.
const popover = StateField.define<Tooltip | null>({
  create: (state) => tooltipFor(state),
  update: (value, tr) => {
    if (!tr.docChanged && !tr.selection && tr.startState.field(trackEditsField, false) === tr.state.field(trackEditsField, false)) return value;
    return tooltipFor(tr.state);
  },
  provide: (f) => showTooltip.from(f),
});

function tooltipFor(state: EditorState): Tooltip | null {
  const ts = trackState(state);
  if (!ts || ts.preview !== "review" || !state.selection.main.empty) return null;
  const target = itemAt(state, state.selection.main.head);
  if (!target) return null;
  return {
    pos: target.item.from,
    end: target.item.to,
    above: false,
    arrow: false,
    create: (view) => ({ dom: popoverDOM(view, target) }),
  };
}

const events = EditorView.updateListener.of((u) => {
  const { onResolution } = u.state.facet(trackEditsConfig);
  if (!onResolution) return;
  for (const tr of u.transactions) for (const e of resolutionEvents(tr)) onResolution(e);
});

// Clicking a suggestion's inserted text puts the cursor on the item (opening its popover).
const clicks = EditorView.domEventHandlers({
  mousedown(e, view) {
    const target = e.target instanceof HTMLElement ? e.target.closest<HTMLElement>("ins.rl-ins") : null;
    if (!target) return false;
    const pos = view.posAtDOM(target);
    const p = itemAt(view.state, pos);
    if (!p) return false;
    e.preventDefault();
    view.dispatch({ selection: { anchor: p.item.from } });
    view.focus();
    return true;
  },
});

function styleInjector(): Extension {
  return ViewPlugin.define((view) => {
    const doc = view.dom.ownerDocument;
    if (!doc.getElementById("redline-track-edits-css")) {
      const style = doc.createElement("style");
      style.id = "redline-track-edits-css";
      style.textContent = TRACK_EDITS_CSS;
      doc.head.appendChild(style);
    }
    return {};
  });
}

export interface TrackEditsViewConfig extends TrackEditsConfig {
  /** Add TRACK_EDITS_CSS to the page (for hosts without the plugin's styles.css). Default false. */
  readonly injectStyles?: boolean;
}

/** The whole extension: state, safety, undo, decorations, cluster markers, popover and events. */
export function trackEdits(config: TrackEditsViewConfig = {}): Extension {
  return [trackEditsState(config), decorations, popover, events, clicks, config.injectStyles === true ? styleInjector() : []];
}
