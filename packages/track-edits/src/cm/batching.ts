import { EditorView } from "@codemirror/view";
import type { Extension } from "@codemirror/state";
import type { ChangeBatcher } from "../batcher.js";

/**
 * Feeds the writer's own changes to a ChangeBatcher. Redline's accept/reject
 * transactions are not the writer's edits and are skipped, so accepting a
 * suggestion does not trigger a re-check of the text just accepted.
 */
export function changeBatching(batcher: ChangeBatcher): Extension {
  return EditorView.updateListener.of((u) => {
    for (const tr of u.transactions) {
      if (!tr.docChanged || tr.isUserEvent("redline")) continue;
      batcher.record(tr.changes, tr.newDoc);
    }
  });
}
