import { EditorSelection, type EditorState } from "@codemirror/state";
import { EditorView, type Command, type KeyBinding } from "@codemirror/view";
import { movedItem } from "../types.js";
import { acceptItems, itemAt, pendingItems, rejectItems, setPreview, trackState, type Positioned } from "./state.js";

function run(view: EditorView, items: readonly Positioned[], accept: boolean): boolean {
  if (items.length === 0) return false;
  view.dispatch(accept ? acceptItems(view.state, items) : rejectItems(view.state, items));
  return true;
}

function atCursor(state: EditorState): Positioned | undefined {
  return itemAt(state, state.selection.main.head);
}

function clusterOf(state: EditorState): Positioned[] {
  const here = atCursor(state);
  if (!here) return [];
  return pendingItems(state).filter((p) => p.item.clusterId === here.item.clusterId);
}

function inSelection(state: EditorState): Positioned[] {
  const seen = new Set<string>();
  const out: Positioned[] = [];
  for (const r of state.selection.ranges) {
    for (const p of pendingItems(state, r.from, r.to)) {
      // Only items the selection covers (or, for an empty selection, contains the cursor).
      const inside = r.empty ? p.item.from <= r.head && p.item.to >= r.head : p.item.from >= r.from && p.item.to <= r.to;
      if (inside && !seen.has(p.item.id)) {
        seen.add(p.item.id);
        out.push(p);
      }
    }
  }
  return out;
}

function moveTo(view: EditorView, p: Positioned | undefined): boolean {
  if (!p) return false;
  view.dispatch({ selection: EditorSelection.cursor(p.item.from), effects: EditorView.scrollIntoView(p.item.from, { y: "center" }), userEvent: "select.redline" });
  return true;
}

/** Moves the cursor to the next pending item (wrapping), which opens its popover. */
export const nextSuggestion: Command = (view) => {
  const ts = trackState(view.state);
  if (!ts || ts.set.size === 0) return false;
  const head = view.state.selection.main.head;
  const cur = ts.set.iter(head + 1);
  let next: Positioned | undefined;
  while (cur.value !== null) {
    if (cur.from > head) {
      next = { item: movedItem(cur.value.item, cur.from, cur.to), shownAt: cur.value.shownAt };
      break;
    }
    cur.next();
  }
  return moveTo(view, next ?? pendingItems(view.state, 0, 0)[0] ?? pendingItems(view.state)[0]);
};

/** Moves the cursor to the previous pending item (wrapping). */
export const previousSuggestion: Command = (view) => {
  const ts = trackState(view.state);
  if (!ts || ts.set.size === 0) return false;
  const head = view.state.selection.main.head;
  let prev: Positioned | undefined;
  // Look back in widening windows so this stays local on long notes.
  for (let span = 2048; !prev; span *= 4) {
    const lo = Math.max(0, head - span);
    const items = pendingItems(view.state, lo, head).filter((p) => p.item.from < head);
    prev = items.at(-1);
    if (lo === 0) break;
  }
  if (!prev) {
    const all = pendingItems(view.state);
    prev = all.at(-1);
  }
  return moveTo(view, prev);
};

export const acceptSuggestionAtCursor: Command = (view) => run(view, inSelection(view.state).slice(0, 1), true);
export const rejectSuggestionAtCursor: Command = (view) => run(view, inSelection(view.state).slice(0, 1), false);
export const acceptCluster: Command = (view) => run(view, clusterOf(view.state), true);
export const rejectCluster: Command = (view) => run(view, clusterOf(view.state), false);
export const acceptAllSuggestions: Command = (view) => run(view, pendingItems(view.state), true);
export const rejectAllSuggestions: Command = (view) => run(view, pendingItems(view.state), false);
export const acceptSuggestionsInSelection: Command = (view) => run(view, inSelection(view.state), true);
export const rejectSuggestionsInSelection: Command = (view) => run(view, inSelection(view.state), false);

function toggle(mode: "accepted" | "original"): Command {
  return (view) => {
    const ts = trackState(view.state);
    if (!ts) return false;
    view.dispatch(setPreview(ts.preview === mode ? "review" : mode));
    return true;
  };
}
/** Shows the note as if every pending edit were accepted (decorations only; the text is untouched). */
export const togglePreviewAccepted: Command = toggle("accepted");
/** Shows the note without any suggestion marks (decorations only). */
export const togglePreviewOriginal: Command = toggle("original");

/** Moves keyboard focus into the open suggestion popover. */
export const focusSuggestionPopover: Command = (view) => {
  const button = view.dom.querySelector<HTMLElement>(".rl-popover button");
  if (!button) return false;
  button.focus();
  return true;
};

/**
 * A suggested keymap for hosts that want one (the playground, tests).
 * Obsidian plugins register commands without default hotkeys instead.
 */
export const trackEditsKeymap: readonly KeyBinding[] = [
  { key: "Alt-]", run: nextSuggestion },
  { key: "Alt-[", run: previousSuggestion },
  { key: "Alt-Enter", run: acceptSuggestionAtCursor },
  { key: "Alt-Backspace", run: rejectSuggestionAtCursor },
  { key: "Alt-Shift-Enter", run: acceptCluster },
  { key: "Alt-Shift-Backspace", run: rejectCluster },
  { key: "Alt-p", run: focusSuggestionPopover },
];
