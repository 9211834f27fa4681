import { markdown } from "@codemirror/lang-markdown";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { EditorState, type Extension } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";

export const SAMPLE_NOTE = `# A sample note

Their are many reasons to utilize a tracked edit rather then a silent rewrite. The writer stays in charge of every word, and nothing changes untill they accept it.

In order to see Redline at work, run a function on this note. Each suggestion appears inline: deletions struck through, insertions underlined, with the reason attached.

Its easy to accept one edit, reject another, or accept a whole cluster at once. Redline learns from every decision you make , and it tells you what it learned.
`;

/** A custom function, defined as a note, to show the custom-functions folder at work. */
export const CUSTOM_FUNCTION_NOTE = `---
id: plain-english
name: Plain English
description: Swap jargon and stiff phrasing for everyday words.
temperature: 0.2
scope: paragraph
allowedCategories: [word-choice, concision]
---
Rewrite the text in plain English. Prefer short, common words. Keep the meaning and the writer's voice.

{{preferences}}

{{examples}}

Text:
{{text}}
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
