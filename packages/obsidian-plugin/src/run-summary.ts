import type { RunResult } from "@redline/ai-editorial-functions";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The notice after a run. A run that shows nothing says why when it knows:
 * edits hidden by what Redline learned, paragraphs whose rewrite a quality
 * gate refused, changes outside the function's categories. A bare "no
 * suggestions" over a paragraph of obvious typos reads as Redline not working.
 */
export function runSummary(name: string, result: Pick<RunResult, "items" | "hidden" | "paragraphs">): string {
  const notes: string[] = [];
  if (result.hidden.length > 0) notes.push(`${result.hidden.length} hidden by what Redline learned`);
  if (result.paragraphs.gateFailed > 0) notes.push(`${plural(result.paragraphs.gateFailed, "paragraph's rewrite", "paragraphs' rewrites")} refused by ${name}'s quality gates`);
  if (result.paragraphs.outOfScope > 0) notes.push(`${plural(result.paragraphs.outOfScope, "change", "changes")} outside ${name}'s categories left out`);
  const shown = result.items.length;
  if (shown === 0) return `${name}: no suggestions${notes.length > 0 ? ` (${notes.join("; ")})` : ""}.`;
  return `${name}: ${plural(shown, "suggestion", "suggestions")}${notes.map((n) => `, ${n}`).join("")}.`;
}
