import { classifyEdit } from "./classify.js";
import { clusterEdits } from "./cluster.js";
import type { CommentItem, EditSource, PendingItem, TrackedEdit } from "./types.js";

// CriticMarkup has no escape syntax, yet notes contain braces (LaTeX, code,
// templates) and even literal "{++". We add a minimal backslash escape:
// outside markup, a "{" that would open markup becomes "\{"; inside markup,
// "}", "~" and "\" are escaped. A backslash outside markup is doubled only
// when it precedes "\" or "{". Ordinary text round-trips unchanged.

const OPENERS = ["{++", "{--", "{~~", "{==", "{>>"] as const;

/** `markupFollows`: the segment is followed by markup, whose "{" a trailing backslash would escape. */
function escapeOutside(text: string, markupFollows: boolean): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? "";
    const next = i + 1 < text.length ? text[i + 1] : markupFollows ? "{" : undefined;
    if (ch === "{" && OPENERS.some((o) => text.startsWith(o, i))) out += "\\{";
    else if (ch === "\\" && (next === "\\" || next === "{")) out += "\\\\";
    else out += ch;
  }
  return out;
}

function escapeInside(text: string): string {
  return text.replace(/[\\}~]/gu, (c) => `\\${c}`);
}

/**
 * The note with every pending item written in as CriticMarkup:
 * `{++ins++}`, `{--del--}`, `{~~old~>new~~}`, and `{==text==}{>>note<<}`
 * for comments. An edit's explanation follows it as `{>>…<<}`.
 */
export function toCriticMarkup(text: string, items: readonly PendingItem[]): string {
  const sorted = [...items].sort((a, b) => a.from - b.from || a.to - b.to);
  let out = "";
  let pos = 0;
  for (const item of sorted) {
    if (item.from < pos || item.to > text.length || text.slice(item.from, item.to) !== item.original) {
      throw new RangeError(`toCriticMarkup: item ${item.id} (${item.from}-${item.to}) does not match the text or overlaps another`);
    }
    out += escapeOutside(text.slice(pos, item.from), true);
    if (item.kind === "comment") {
      out += `{==${escapeInside(item.original)}==}{>>${escapeInside(item.note)}<<}`;
    } else {
      if (item.original === "") out += `{++${escapeInside(item.replacement)}++}`;
      else if (item.replacement === "") out += `{--${escapeInside(item.original)}--}`;
      else out += `{~~${escapeInside(item.original)}~>${escapeInside(item.replacement)}~~}`;
      if (item.explanation !== "") out += `{>>${escapeInside(item.explanation)}<<}`;
    }
    pos = item.to;
  }
  return out + escapeOutside(text.slice(pos), false);
}

export interface ImportOptions {
  readonly source: EditSource;
  readonly createdAt?: number;
  readonly confidence?: number;
  readonly newId?: (n: number) => string;
}

export interface ImportResult {
  /** The note with every suggestion unapplied (the original text). */
  readonly text: string;
  readonly items: PendingItem[];
}

/** Reads markup content up to `close`, unescaping; returns [content, index after close]. */
function readUntil(src: string, start: number, close: string): [string, number] {
  let out = "";
  let i = start;
  while (i < src.length) {
    if (src[i] === "\\" && i + 1 < src.length && "\\}~{".includes(src[i + 1] ?? "")) {
      out += src[i + 1] ?? "";
      i += 2;
      continue;
    }
    if (src.startsWith(close, i)) return [out, i + close.length];
    out += src[i] ?? "";
    i++;
  }
  throw new SyntaxError(`CriticMarkup: unclosed markup, expected "${close}" after offset ${start}`);
}

/**
 * Parses CriticMarkup back into the original text plus pending items
 * (edits classified and clustered like fresh suggestions). Inverse of
 * `toCriticMarkup`, and reads plain CriticMarkup written by other tools.
 */
export function fromCriticMarkup(markup: string, opts: ImportOptions): ImportResult {
  const createdAt = opts.createdAt ?? Date.now();
  const newId = opts.newId ?? ((n: number) => `${opts.source.functionId}:import:${createdAt}:${n}`);
  let text = "";
  type Draft = { kind: "edit"; from: number; to: number; original: string; replacement: string; explanation: string } | { kind: "comment"; from: number; to: number; original: string; note: string };
  const drafts: Draft[] = [];
  let i = 0;
  let lastEnd = -1;
  while (i < markup.length) {
    const ch = markup[i];
    if (ch === "\\" && (markup[i + 1] === "\\" || markup[i + 1] === "{")) {
      text += markup[i + 1] ?? "";
      i += 2;
      continue;
    }
    const opener = ch === "{" ? OPENERS.find((o) => markup.startsWith(o, i)) : undefined;
    if (opener === undefined) {
      text += ch ?? "";
      i++;
      continue;
    }
    const from = text.length;
    if (opener === "{++") {
      const [ins, next] = readUntil(markup, i + 3, "++}");
      drafts.push({ kind: "edit", from, to: from, original: "", replacement: ins, explanation: "" });
      i = next;
    } else if (opener === "{--") {
      const [del, next] = readUntil(markup, i + 3, "--}");
      text += del;
      drafts.push({ kind: "edit", from, to: from + del.length, original: del, replacement: "", explanation: "" });
      i = next;
    } else if (opener === "{~~") {
      const [old, mid] = readUntil(markup, i + 3, "~>");
      const [rep, next] = readUntil(markup, mid, "~~}");
      text += old;
      drafts.push({ kind: "edit", from, to: from + old.length, original: old, replacement: rep, explanation: "" });
      i = next;
    } else if (opener === "{==") {
      const [hl, next] = readUntil(markup, i + 3, "==}");
      text += hl;
      drafts.push({ kind: "comment", from, to: from + hl.length, original: hl, note: "" });
      i = next;
      if (markup.startsWith("{>>", i)) {
        const [note, after] = readUntil(markup, i + 3, "<<}");
        drafts[drafts.length - 1] = { kind: "comment", from, to: from + hl.length, original: hl, note };
        i = after;
      }
    } else {
      const [note, next] = readUntil(markup, i + 3, "<<}");
      const prev = drafts.at(-1);
      // A comment right after an edit is that edit's explanation.
      if (prev?.kind === "edit" && lastEnd === i && prev.explanation === "") drafts[drafts.length - 1] = { ...prev, explanation: note };
      else drafts.push({ kind: "comment", from, to: from, original: "", note });
      i = next;
    }
    lastEnd = i;
  }
  const clusters = clusterEdits(drafts, { idPrefix: `${opts.source.functionId}:import:${createdAt}` });
  const items = drafts.map((d, n): PendingItem => {
    const base = { id: newId(n), from: d.from, to: d.to, original: d.original, source: opts.source, clusterId: clusters[n] ?? "", createdAt };
    if (d.kind === "comment") return { ...base, kind: "comment", note: d.note } satisfies CommentItem;
    const c = classifyEdit(d.original, d.replacement);
    return { ...base, kind: "edit", replacement: d.replacement, category: c.category, patternKey: c.patternKey, confidence: opts.confidence ?? 0.5, explanation: d.explanation } satisfies TrackedEdit;
  });
  return { text, items };
}
