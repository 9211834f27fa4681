import type { Resolution } from "../managers/feedback-processor.js";
import type { TextRange } from "../types.js";

/** track-edits' events, re-emitted on the bus under `edits:`. */
export interface EditsBusEvents {
  /** A pending item was accepted, rejected, modified, invalidated or dismissed. */
  "edits:resolved": { readonly noteId: string; readonly resolution: Resolution };
  /** The writer's own changes, batched into ranges for as-you-type functions. */
  "edits:dirty": {
    readonly noteId: string;
    readonly ranges: readonly TextRange[];
    /** The as-you-type function whose batcher flushed; all of them when absent. */
    readonly functionId?: string;
  };
}
