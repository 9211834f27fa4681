import type { ResolutionEvent } from "@redline/track-edits";
import type { Resolution } from "../managers/feedback-processor.js";

/**
 * Maps a track-edits resolution event onto the engine's Resolution. Hosts
 * call `engine.resolve(noteId, fromResolutionEvent(e))` for every event of
 * `resolutionEvents(tr)`, which puts it on the bus as `edits:resolved`.
 */
export function fromResolutionEvent(e: ResolutionEvent): Resolution {
  const base = { item: e.item, context: e.context.sentence, decisionMs: e.latencyMs, at: e.at };
  switch (e.type) {
    case "accept":
      return { ...base, type: e.item.kind === "comment" ? "kept" : "accepted" };
    case "reject":
      return { ...base, type: e.item.kind === "comment" ? "dismissed" : "rejected" };
    case "modify":
      return { ...base, type: "modified", finalText: e.finalText };
    case "invalidate":
      return { ...base, type: "invalidated" };
  }
}
