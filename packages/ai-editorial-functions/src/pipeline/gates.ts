import type { DiffEdit } from "@redline/track-edits";
import type { QualityGates } from "../functions/types.js";

/** Characters any paragraph may change whatever its length. */
export const MIN_ALLOWED_CHANGE = 12;

export type GateResult = { ok: true } | { ok: false; gate: string; detail: string };

/** Share of the original's characters that the edits touch. */
export function changeRatio(original: string, edits: readonly DiffEdit[]): number {
  if (original.length === 0) return edits.length > 0 ? 1 : 0;
  const changed = edits.reduce((n, e) => n + Math.max(e.to - e.from, e.replacement.length), 0);
  return Math.min(1, changed / original.length);
}

const BLOCK_MARKER = /^[ \t]*(#{1,6}(?=\s)|[-*+](?=\s)|\d+[.)](?=\s)|>|\|)/;

/** Block markers per line plus counts of inline Markdown constructs. */
export function markdownSignature(text: string): string {
  const lines = text
    .split("\n")
    .map((l) => BLOCK_MARKER.exec(l)?.[1]?.replace(/\d+/, "1") ?? "")
    .filter((m) => m !== "");
  const count = (re: RegExp) => (text.match(re) ?? []).length;
  return JSON.stringify({
    blocks: lines,
    strong: count(/\*\*|__/g),
    links: count(/\]\(/g),
    wikilinks: count(/\[\[/g),
    code: count(/`/g),
    breaks: count(/ {2}\n|\\\n/g),
  });
}

/**
 * The quality gates on one paragraph's rewrite (after unmasking). Protected
 * spans are checked separately, when placeholders are restored.
 */
export function checkGates(original: string, rewrite: string, edits: readonly DiffEdit[], gates: QualityGates): GateResult {
  const ratio = changeRatio(original, edits);
  const changed = ratio * original.length;
  // A ratio means little on a three-word heading: allow a small absolute change.
  if (ratio > gates.maxChangeRatio && changed > MIN_ALLOWED_CHANGE) {
    return { ok: false, gate: "max-change-ratio", detail: `the rewrite changed ${Math.round(ratio * 100)}% of the paragraph; this function allows at most ${Math.round(gates.maxChangeRatio * 100)}%` };
  }
  const lowerOrig = original.toLowerCase();
  const lowerNew = rewrite.toLowerCase();
  for (const phrase of gates.forbiddenPhrases) {
    const p = phrase.toLowerCase();
    if (lowerNew.includes(p) && !lowerOrig.includes(p)) return { ok: false, gate: "forbidden-phrase", detail: `the rewrite introduced the forbidden phrase “${phrase}”` };
  }
  if (gates.preserveMarkdown && markdownSignature(original) !== markdownSignature(rewrite)) {
    return { ok: false, gate: "markdown-structure", detail: "the rewrite changed the paragraph's Markdown structure (headings, lists, quotes, links or emphasis)" };
  }
  return { ok: true };
}
