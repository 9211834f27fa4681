import type { ProtectedSpan } from "@redline/track-edits";
import type { RunScope, TextRange } from "../types.js";

/** One unit of work: a paragraph, or the part of it inside a selection. */
export interface Segment {
  /** Index of the paragraph in the note. */
  readonly index: number;
  readonly from: number;
  readonly to: number;
  readonly text: string;
  /** The text with protected spans replaced by ⟦n⟧ placeholders. */
  readonly masked: string;
  /** Placeholder n stands for `placeholders[n - 1]`. */
  readonly placeholders: readonly string[];
  /** Protected spans, in document offsets, clipped to the segment. */
  readonly spans: readonly ProtectedSpan[];
}

export interface Paragraph {
  readonly index: number;
  readonly from: number;
  readonly to: number;
}

const BLANK_LINE = /\n[ \t]*\r?\n/g;

/**
 * Paragraph boundaries: blocks separated by blank lines, except that a blank
 * line inside a protected block (fenced code, math, frontmatter, HTML
 * comment) does not split it. Leading/trailing whitespace is excluded.
 */
export function paragraphs(text: string, spans: readonly ProtectedSpan[]): Paragraph[] {
  const out: Paragraph[] = [];
  const push = (from: number, to: number) => {
    let a = from;
    let b = to;
    while (a < b && /\s/.test(text[a] ?? "")) a++;
    while (b > a && /\s/.test(text[b - 1] ?? "")) b--;
    if (b > a) out.push({ index: out.length, from: a, to: b });
  };
  // Cut points: blank lines outside protected blocks, and the edges of
  // frontmatter and fenced code, which are blocks of their own.
  const cuts: [number, number][] = [];
  for (const m of text.matchAll(BLANK_LINE)) {
    const at = m.index;
    if (spans.some((s) => s.from < at && s.to > at + m[0].length - 1 && s.kind !== "url" && s.kind !== "inline-code")) continue;
    cuts.push([at, at + m[0].length]);
  }
  for (const s of spans) {
    if (s.kind !== "frontmatter" && s.kind !== "code-block") continue;
    cuts.push([s.from, s.from], [s.to, s.to]);
  }
  cuts.sort((x, y) => x[0] - y[0]);
  let start = 0;
  for (const [a, b] of cuts) {
    if (a < start) continue;
    push(start, a);
    start = b;
  }
  push(start, text.length);
  return out;
}

/** True when every non-space character of [from, to) is protected. */
function fullyProtected(text: string, from: number, to: number, spans: readonly ProtectedSpan[]): boolean {
  let pos = from;
  for (const s of spans) {
    if (s.to <= pos) continue;
    if (s.from >= to) break;
    if (text.slice(pos, Math.max(pos, s.from)).trim() !== "") return false;
    pos = Math.max(pos, s.to);
    if (pos >= to) return true;
  }
  return text.slice(pos, to).trim() === "";
}

/** The protected spans (merged where they overlap or nest) within [from, to). */
function clip(spans: readonly ProtectedSpan[], from: number, to: number): ProtectedSpan[] {
  const out: ProtectedSpan[] = [];
  for (const s of spans) {
    if (s.to <= from || s.from >= to) continue;
    const c = { from: Math.max(from, s.from), to: Math.min(to, s.to), kind: s.kind };
    const last = out[out.length - 1];
    if (last && c.from < last.to) out[out.length - 1] = { ...last, to: Math.max(last.to, c.to) };
    else out.push(c);
  }
  return out;
}

export function maskSegment(text: string, index: number, from: number, to: number, spans: readonly ProtectedSpan[]): Segment {
  const own = clip(spans, from, to);
  const placeholders: string[] = [];
  let masked = "";
  let pos = from;
  for (const s of own) {
    masked += text.slice(pos, s.from);
    placeholders.push(text.slice(s.from, s.to));
    masked += `⟦${placeholders.length}⟧`;
    pos = s.to;
  }
  masked += text.slice(pos, to);
  return { index, from, to, text: text.slice(from, to), masked, placeholders, spans: own };
}

export type UnmaskResult = { ok: true; text: string } | { ok: false; detail: string };

/**
 * Puts protected text back. Every placeholder must survive exactly once and
 * in order; anything else means the model touched protected text.
 */
export function unmask(rewrite: string, placeholders: readonly string[]): UnmaskResult {
  const found = [...rewrite.matchAll(/⟦(\d+)⟧/g)].map((m) => Number(m[1]));
  const expected = placeholders.map((_, i) => i + 1);
  if (found.length !== expected.length || found.some((n, i) => n !== expected[i])) {
    const missing = expected.filter((n) => !found.includes(n));
    return { ok: false, detail: missing.length > 0 ? `protected text ${missing.map((n) => `⟦${n}⟧`).join(", ")} was removed or altered` : "protected text was duplicated or reordered" };
  }
  return { ok: true, text: rewrite.replace(/⟦(\d+)⟧/g, (_, n: string) => placeholders[Number(n) - 1] ?? "") };
}

/**
 * The segments a scope covers. Paragraphs made only of protected text (code
 * blocks, frontmatter) are never sent. A selection is clipped to itself.
 */
export function segmentScope(text: string, scope: RunScope, spans: readonly ProtectedSpan[], paras: readonly Paragraph[] = paragraphs(text, spans)): Segment[] {
  const pick = (p: Paragraph, from = p.from, to = p.to): Segment | undefined => {
    let a = Math.max(from, p.from);
    let b = Math.min(to, p.to);
    while (a < b && /\s/.test(text[a] ?? "")) a++;
    while (b > a && /\s/.test(text[b - 1] ?? "")) b--;
    if (b <= a || fullyProtected(text, a, b, spans)) return undefined;
    return maskSegment(text, p.index, a, b, spans);
  };
  const overlaps = (p: Paragraph, r: TextRange) => (r.from === r.to ? r.from >= p.from && r.from <= p.to : p.from < r.to && p.to > r.from);
  const out: (Segment | undefined)[] = [];
  switch (scope.kind) {
    case "note":
      for (const p of paras) out.push(pick(p));
      break;
    case "paragraph": {
      const p = paras.find((q) => scope.at >= q.from && scope.at <= q.to) ?? nearest(paras, scope.at);
      if (p) out.push(pick(p));
      break;
    }
    case "selection":
      for (const p of paras) if (overlaps(p, scope)) out.push(pick(p, scope.from, scope.to));
      break;
    case "dirty":
      for (const p of paras) if (scope.ranges.some((r) => overlaps(p, r))) out.push(pick(p));
      break;
  }
  return out.filter((s): s is Segment => s !== undefined);
}

function nearest(paras: readonly Paragraph[], at: number): Paragraph | undefined {
  let best: Paragraph | undefined;
  let dist = Infinity;
  for (const p of paras) {
    const d = at < p.from ? p.from - at : at - p.to;
    if (d < dist) {
      dist = d;
      best = p;
    }
  }
  return best;
}

/** Text of the neighbouring paragraphs, for {{context}}. */
export function contextAround(text: string, paras: readonly Paragraph[], index: number, maxChars = 600): string {
  const prev = paras[index - 1];
  const next = paras[index + 1];
  const half = Math.floor(maxChars / 2);
  const parts: string[] = [];
  if (prev) parts.push(text.slice(Math.max(prev.from, prev.to - half), prev.to));
  parts.push("[…paragraph being edited…]");
  if (next) parts.push(text.slice(next.from, Math.min(next.to, next.from + half)));
  return parts.join("\n\n");
}
