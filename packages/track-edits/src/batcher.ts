import type { ChangeDesc, Text } from "@codemirror/state";

/** How the writer's own changes are grouped before the engine re-checks them. */
export type BatchStrategy =
  /** Every change is its own batch. */
  | { readonly kind: "immediate" }
  /** Flush when enough has changed (characters or changes), or after an idle pause. */
  | { readonly kind: "smart"; readonly maxChars?: number; readonly maxChanges?: number; readonly idleMs?: number }
  /** Flush once the writer has paused for `delayMs`. */
  | { readonly kind: "debounce"; readonly delayMs?: number }
  /** Flush when a sentence or paragraph is finished, or after `maxWaitMs` idle. */
  | { readonly kind: "content-aware"; readonly maxWaitMs?: number };

export type FlushReason = "immediate" | "threshold" | "idle" | "debounce" | "sentence-end" | "paragraph-end" | "manual";

export interface DirtyRange {
  readonly from: number;
  readonly to: number;
}

export interface DirtyBatch {
  /** Changed ranges in the current document, sorted and disjoint. */
  readonly ranges: readonly DirtyRange[];
  readonly reason: FlushReason;
  /** Changes and inserted/deleted characters since the last flush. */
  readonly changeCount: number;
  readonly charCount: number;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface ChangeBatcherOptions {
  readonly strategy: BatchStrategy;
  readonly onFlush: (batch: DirtyBatch) => void;
  /** Injected for tests; defaults to setTimeout/clearTimeout. */
  readonly timers?: Timers;
}

const defaultTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => {
    clearTimeout(h as ReturnType<typeof setTimeout>);
  },
};

/** Adds [from, to] into sorted disjoint ranges, merging overlaps and touches. */
function addRange(ranges: DirtyRange[], from: number, to: number): DirtyRange[] {
  const out: DirtyRange[] = [];
  let cur = { from, to };
  let placed = false;
  for (const r of ranges) {
    if (r.to < cur.from) out.push(r);
    else if (r.from > cur.to) {
      if (!placed) {
        out.push(cur);
        placed = true;
      }
      out.push(r);
    } else cur = { from: Math.min(r.from, cur.from), to: Math.max(r.to, cur.to) };
  }
  if (!placed) out.push(cur);
  return out;
}

/**
 * Observes the writer's own edits and emits dirty ranges, so as-you-type
 * functions re-check what changed instead of the whole note. Pending ranges
 * are mapped through later changes, so a flushed range always refers to the
 * current document.
 */
export class ChangeBatcher {
  private ranges: DirtyRange[] = [];
  private changeCount = 0;
  private charCount = 0;
  private timer: unknown = undefined;
  private readonly timers: Timers;

  constructor(private readonly opts: ChangeBatcherOptions) {
    this.timers = opts.timers ?? defaultTimers;
  }

  /** Pending (not yet flushed) ranges. */
  get pending(): readonly DirtyRange[] {
    return this.ranges;
  }

  /** Records one transaction's changes; `doc` is the document after them. */
  record(changes: ChangeDesc, doc: Text): void {
    if (changes.empty) return;
    this.ranges = this.ranges.map((r) => ({ from: changes.mapPos(r.from, -1), to: changes.mapPos(r.to, 1) }));
    let lastEnd = -1;
    let inserted = "";
    changes.iterChangedRanges((fromA, toA, fromB, toB) => {
      this.ranges = addRange(this.ranges, fromB, toB);
      this.changeCount++;
      this.charCount += Math.max(toA - fromA, toB - fromB);
      lastEnd = toB;
      inserted = toB > fromB ? doc.sliceString(fromB, toB) : "";
    });
    const s = this.opts.strategy;
    switch (s.kind) {
      case "immediate":
        this.flush("immediate");
        return;
      case "smart":
        if (this.charCount >= (s.maxChars ?? 200) || this.changeCount >= (s.maxChanges ?? 40)) this.flush("threshold");
        else this.arm(s.idleMs ?? 1500, "idle");
        return;
      case "debounce":
        this.arm(s.delayMs ?? 800, "debounce");
        return;
      case "content-aware": {
        const end = boundaryAt(doc, lastEnd, inserted);
        if (end) this.flush(end);
        else this.arm(s.maxWaitMs ?? 4000, "idle");
        return;
      }
    }
  }

  /** Emits pending ranges now (e.g. on blur or before a manual run). */
  flush(reason: FlushReason = "manual"): void {
    this.disarm();
    if (this.ranges.length === 0) return;
    const batch: DirtyBatch = { ranges: this.ranges, reason, changeCount: this.changeCount, charCount: this.charCount };
    this.ranges = [];
    this.changeCount = 0;
    this.charCount = 0;
    this.opts.onFlush(batch);
  }

  /** Drops pending ranges and timers (plugin unload, editor closed). */
  dispose(): void {
    this.disarm();
    this.ranges = [];
  }

  private arm(ms: number, reason: FlushReason): void {
    this.disarm();
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      this.flush(reason);
    }, ms);
  }

  private disarm(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
  }
}

/**
 * Whether the writer just finished a paragraph (typed a line break) or a
 * sentence (end punctuation, optionally a closing quote, then a space).
 * Reads a few characters around the change only.
 */
export function boundaryAt(doc: Text, pos: number, inserted: string): "sentence-end" | "paragraph-end" | undefined {
  if (pos < 0) return undefined;
  if (inserted.includes("\n")) return "paragraph-end";
  const before = doc.sliceString(Math.max(0, pos - 4), pos);
  if (/[.!?\u2026\u3002\uff01\uff1f]["'\u201d\u2019)\]]*\s$/u.test(before) || /[\u3002\uff01\uff1f]$/u.test(before)) return "sentence-end";
  return undefined;
}
