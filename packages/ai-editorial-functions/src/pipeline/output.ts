import { z } from "zod";

const rewriteText = z.string();

export type RewriteCheck = { ok: true; text: string } | { ok: false; message: string };

/**
 * What a model returns for an edit function: the revised paragraph, as a
 * string (zod-validated). Models sometimes wrap it in a code fence, quotes or
 * a one-line preface; those are stripped (only when the original did not
 * have them), then the result must be non-empty and of plausible length.
 */
export function validateRewrite(raw: unknown, original: string): RewriteCheck {
  const parsed = rewriteText.safeParse(raw);
  if (!parsed.success) return { ok: false, message: "the model did not return text" };
  const text = cleanRewrite(parsed.data, original);
  if (text.trim().length === 0 && original.trim().length > 0) return { ok: false, message: "the model returned an empty paragraph" };
  if (text.length > Math.max(200, original.length * 3)) return { ok: false, message: "the model returned far more text than the paragraph" };
  return { ok: true, text };
}

export function cleanRewrite(raw: string, original: string): string {
  let s = raw.replace(/\r\n/g, "\n");
  const fence = /^\s*(```|~~~)[^\n]*\n([\s\S]*?)\n\s*\1\s*$/.exec(s);
  if (fence && !/^\s*(```|~~~)/.test(original)) s = fence[2] ?? "";
  const preface = /^\s*(here(?:'s| is)[^\n]*:|revised[^\n]*:|sure[^\n]*:)\s*\n+/i.exec(s);
  if (preface && !/^\s*(here|revised|sure)/i.test(original)) s = s.slice(preface[0].length);
  s = s.trim();
  const o = original.trim();
  for (const [open, close] of [['"', '"'], ["\u201c", "\u201d"], ["'", "'"]] as const) {
    if (s.startsWith(open) && s.endsWith(close) && s.length > 1 && !(o.startsWith(open) && o.endsWith(close))) s = s.slice(1, -1);
  }
  // Keep the original's surrounding whitespace: the segment was trimmed, the rewrite should be too.
  return s;
}

/** What a comment function (developmental notes) returns. */
export const notesSchema = z.object({
  notes: z
    .array(
      z.object({
        quote: z.string().min(1, "a note must quote the passage it is about"),
        note: z.string().min(1, "a note cannot be empty"),
      }),
    )
    .max(20),
});
export type Notes = z.infer<typeof notesSchema>;

/** Parses a JSON answer, tolerating a surrounding code fence. */
export function parseNotes(raw: string): z.ZodSafeParseResult<Notes> {
  const fence = /```(?:json)?\s*([\s\S]*?)```/.exec(raw);
  const body = (fence?.[1] ?? raw).trim();
  const start = body.indexOf("{");
  const end = body.lastIndexOf("}");
  let json: unknown;
  try {
    json = JSON.parse(start >= 0 && end > start ? body.slice(start, end + 1) : body);
  } catch {
    json = undefined;
  }
  return notesSchema.safeParse(json);
}

/** Where a quoted passage is in the paragraph: exact first, then case- and space-insensitive. */
export function locateQuote(paragraph: string, quote: string): { from: number; to: number } | undefined {
  const q = quote.trim().replace(/^["\u201c]|["\u201d]$/g, "");
  if (q === "") return undefined;
  const exact = paragraph.indexOf(q);
  if (exact >= 0) return { from: exact, to: exact + q.length };
  const escaped = q.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+");
  const m = new RegExp(escaped, "i").exec(paragraph);
  return m ? { from: m.index, to: m.index + m[0].length } : undefined;
}
