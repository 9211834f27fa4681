import type { OfflineFinding } from "@redline/ai-providers";
import type { Segment } from "../text/segment.js";

/** Where `offset` in a segment's masked text falls in its real text: placeholders stand for longer (or shorter) protected spans. */
function unmaskedOffset(seg: Pick<Segment, "masked" | "placeholders">, offset: number): number {
  let shift = 0;
  for (const m of seg.masked.matchAll(/⟦(\d+)⟧/g)) {
    if (m.index >= offset) break;
    shift += (seg.placeholders[Number(m[1]) - 1] ?? "").length - m[0].length;
  }
  return offset + shift;
}

/**
 * What the offline engine said about the change an edit makes, in words for
 * the writer's popover: the message of the finding the edit came from, with
 * Harper's code quotes made typographic. Harper's spell-check message asks
 * "Did you mean to spell `x` this way?", which reads oddly beside the
 * correction itself, so it becomes "“x” looks misspelt." Undefined when no
 * finding covers the edit.
 */
export function findingNote(findings: readonly OfflineFinding[], seg: Pick<Segment, "from" | "masked" | "placeholders">, edit: { readonly from: number; readonly to: number }): string | undefined {
  const from = edit.from - seg.from;
  const to = edit.to - seg.from;
  const finding = findings.find((f) => {
    const a = unmaskedOffset(seg, f.from);
    const b = unmaskedOffset(seg, f.to);
    return from === to ? a <= from && from <= b : a < to && from < b;
  });
  const message = finding?.message.trim();
  if (!message) return undefined;
  const misspelt = /^Did you mean to spell `([^`]+)` this way\?$/u.exec(message);
  if (misspelt) return `“${misspelt[1] ?? ""}” looks misspelt.`;
  return message.replace(/`([^`]*)`/gu, "“$1”");
}
