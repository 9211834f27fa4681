/** A paragraph of (masked) text: offsets into the full text, UTF-16. */
export interface ParagraphRange {
  readonly from: number;
  readonly to: number;
}

/**
 * Splits text into paragraphs at blank lines. Harper is run one paragraph at
 * a time: its caches are per document, and short documents keep both latency
 * and the blast radius of one slow lint small. Blank stretches (masked code
 * blocks, frontmatter) produce no paragraph.
 */
export function splitParagraphs(text: string): ParagraphRange[] {
  const out: ParagraphRange[] = [];
  const re = /\r?\n[ \t]*(?:\r?\n[ \t]*)+/gu;
  let start = 0;
  const push = (from: number, to: number) => {
    const slice = text.slice(from, to);
    const lead = slice.length - slice.trimStart().length;
    const trail = slice.length - slice.trimEnd().length;
    if (from + lead < to - trail) out.push({ from: from + lead, to: to - trail });
  };
  for (const m of text.matchAll(re)) {
    push(start, m.index);
    start = m.index + m[0].length;
  }
  push(start, text.length);
  return out;
}
