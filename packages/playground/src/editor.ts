import { markdown } from "@codemirror/lang-markdown";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { EditorState, type Extension } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";

export const SAMPLE_NOTE = `# A sample note

Their are many reasons to utilize a tracked edit rather then a silent rewrite. The writer stays in charge of every word.

In order to see Redline at work, run a function on this note.
`;

/** Creates the playground's CodeMirror editor: the same versions Obsidian ships. */
export function createEditor(parent: HTMLElement, doc: string, extra: Extension[] = []): EditorView {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [history(), keymap.of([...defaultKeymap, ...historyKeymap]), markdown(), EditorView.lineWrapping, ...extra],
    }),
  });
}
