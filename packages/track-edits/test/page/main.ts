// A minimal host page for browser tests and the Chromium typing benchmark: a
// real CodeMirror editor with the track-edits extension, driven from Node
// through window.redline.
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { EditorState } from "@codemirror/state";
import { EditorView, drawSelection, keymap } from "@codemirror/view";
import { pendingItems, proposeEdits, trackEdits, trackEditsKeymap, type PendingItem } from "../../src/index.js";

export interface PageEvent {
  readonly type: string;
  readonly original: string;
  readonly finalText?: string;
  readonly sentence: string;
}

let view: EditorView | undefined;
const events: PageEvent[] = [];
/** Transactions the editor has applied since mount, to prove idle work dispatches none. */
let transactions = 0;

function mount(doc: string, items: readonly PendingItem[]): number {
  view?.destroy();
  events.length = 0;
  transactions = 0;
  const parent = document.getElementById("editor");
  if (!parent) throw new Error("no #editor");
  view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        history(),
        drawSelection(),
        EditorView.lineWrapping,
        EditorView.updateListener.of((u) => {
          transactions += u.transactions.length;
        }),
        keymap.of([...trackEditsKeymap, ...defaultKeymap, ...historyKeymap]),
        trackEdits({
          injectStyles: true,
          reasonFor: (item) => `Shown: the test host's reason for “${item.original}”.`,
          onResolution: (e) => {
            events.push({ type: e.type, original: e.item.original, sentence: e.context.sentence, ...(e.type === "modify" ? { finalText: e.finalText } : {}) });
          },
        }),
      ],
    }),
  });
  view.dispatch(proposeEdits(view.state, items));
  return pendingItems(view.state).length;
}

function current(): EditorView {
  if (!view) throw new Error("mount() first");
  return view;
}

const api = {
  mount,
  events,
  doc: () => current().state.doc.toString(),
  pending: () => pendingItems(current().state).map((p) => ({ id: p.item.id, from: p.item.from, to: p.item.to })),
  cursor: () => current().state.selection.main.head,
  transactions: () => transactions,
  /** Resolves once the page has been idle (after the extension's idle work). */
  idle: () => new Promise<void>((resolve) => requestIdleCallback(() => setTimeout(resolve, 0))),
  /** Puts the cursor at `pos`, scrolled into view, and focuses the editor. */
  place: (pos: number) => {
    const v = current();
    v.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: "center" }) });
    v.focus();
  },
};

(window as unknown as { redline: typeof api }).redline = api;
export type PageApi = typeof api;
