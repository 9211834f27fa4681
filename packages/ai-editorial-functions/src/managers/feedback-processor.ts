import { isCategory } from "@redline/track-edits";
import type { PendingItem } from "@redline/track-edits";
import { z } from "zod";
import type { EventBus } from "../bus.js";
import type { EngineStore } from "../persistence/store.js";
import { FEEDBACK_PREFIX } from "../persistence/store.js";
import { isProposedItem } from "../types.js";
import type { FeedbackOutcome, FeedbackRecord, ProposedItem } from "../types.js";
import type { TimerScope } from "../util/clock.js";
import type { IdSource } from "../util/ids.js";

/**
 * How a pending item was resolved, as the host (track-edits' resolution
 * events, the plugin, the playground) reports it.
 */
export interface Resolution {
  readonly type: "accepted" | "rejected" | "modified" | "invalidated" | "ignored" | "kept" | "dismissed";
  readonly item: PendingItem;
  /** For "modified": the text the writer accepted instead of the replacement. */
  readonly finalText?: string;
  /** The sentence around the edit; defaults to what the engine recorded at proposal. */
  readonly context?: string;
  /** Milliseconds from showing to deciding; defaults to now − createdAt. */
  readonly decisionMs?: number;
  readonly noteId?: string;
  readonly at?: number;
}

export const feedbackRecordSchema = z.object({
  id: z.string(),
  at: z.number(),
  noteId: z.string(),
  runId: z.string(),
  editId: z.string(),
  functionId: z.string(),
  functionVersion: z.string(),
  variantId: z.string(),
  model: z.string(),
  provider: z.string(),
  category: z.string().refine(isCategory, "unknown category"),
  patternKey: z.string(),
  outcome: z.enum(["accepted", "rejected", "modified", "ignored"]),
  decisionMs: z.number(),
  original: z.string(),
  replacement: z.string(),
  finalText: z.string().optional(),
  context: z.string(),
  shown: z.boolean(),
  confidence: z.number().min(0).max(1).optional(),
}) as unknown as z.ZodType<FeedbackRecord>;

const COMMENT_KEY_PREFIX = "comment:";

/** The pattern key a comment is learned under: the same at decision and at feedback. */
export function commentPatternKey(note: string): string {
  return `${COMMENT_KEY_PREFIX}${note.slice(0, 40).toLowerCase()}`;
}

/** Whether a feedback record's pattern key is a comment's (see commentPatternKey), not an edit's. */
export function isCommentPatternKey(key: string): boolean {
  return key.startsWith(COMMENT_KEY_PREFIX);
}

const PATTERN_MILESTONES = new Set([3, 5, 10, 20, 50, 100]);
/** How many undone decisions a redo can bring back (undo histories are short-lived). */
const RETRACTED_KEPT = 500;

/**
 * Turns resolutions into feedback records, persists each one (durable within
 * the store's flush delay, well under 100 ms), detects rewrites the writer
 * keeps deciding the same way, and announces `feedback:recorded` on the bus,
 * where learning, selection and metrics pick it up.
 */
export class FeedbackProcessor {
  readonly #bus: EventBus;
  readonly #store: EngineStore;
  readonly #timers: TimerScope;
  readonly #ids: IdSource;
  readonly #lookup: (editId: string) => ProposedItem | undefined;
  #records: FeedbackRecord[] = [];
  #keys = new Map<string, string>();
  /** functionId|patternKey → outcome streak */
  readonly #streaks = new Map<string, { outcome: FeedbackOutcome; count: number }>();
  /** Records taken back by undo, by edit id, so a redo can put them back (the latest few). */
  readonly #retracted = new Map<string, FeedbackRecord>();
  #seq = 0;

  constructor(options: { bus: EventBus; store: EngineStore; timers: TimerScope; ids: IdSource; lookup: (editId: string) => ProposedItem | undefined }) {
    this.#bus = options.bus;
    this.#store = options.store;
    this.#timers = options.timers;
    this.#ids = options.ids;
    this.#lookup = options.lookup;
  }

  async load(): Promise<void> {
    const rows = await this.#store.readPrefix(FEEDBACK_PREFIX, feedbackRecordSchema, "Feedback record");
    this.#records = rows.map(([, r]) => r);
    this.#keys = new Map(rows.map(([k, r]) => [r.id, k]));
    this.#seq = rows.length;
    this.#streaks.clear();
    for (const r of this.#records) this.#streak(r);
  }

  /**
   * Normalises one resolution. Returns undefined for items the engine did not
   * propose (e.g. imported CriticMarkup without a function).
   */
  process(res: Resolution): { record: FeedbackRecord; durable: Promise<void> } | undefined {
    const meta = this.#lookup(res.item.id) ?? (isProposedItem(res.item) ? res.item : undefined);
    const item: PendingItem = meta ?? res.item;
    const source = item.source;
    if (!source.functionId) return undefined;
    const at = res.at ?? this.#timers.now();
    const outcome = outcomeOf(res.type);
    const category = item.kind === "edit" ? item.category : (item.category ?? "style");
    const record: FeedbackRecord = {
      id: this.#ids.next("fb"),
      at,
      noteId: res.noteId ?? meta?.noteId ?? "",
      runId: meta?.runId ?? "",
      editId: item.id,
      functionId: source.functionId,
      functionVersion: meta?.functionVersion ?? "",
      variantId: source.variant ?? "default",
      model: source.model ?? "unknown",
      provider: source.provider ?? "unknown",
      category,
      patternKey: item.kind === "edit" ? item.patternKey : commentPatternKey(item.note),
      outcome,
      decisionMs: Math.max(0, res.decisionMs ?? at - item.createdAt),
      original: item.original,
      replacement: item.kind === "edit" ? item.replacement : "",
      ...(res.type === "modified" && res.finalText !== undefined ? { finalText: res.finalText } : {}),
      context: res.context ?? meta?.context ?? "",
      shown: meta?.decision.show ?? true,
      ...(item.kind === "edit" ? { confidence: item.confidence } : {}),
    };
    const key = this.#keyFor(at);
    this.#records.push(record);
    this.#keys.set(record.id, key);
    const durable = this.#store.write(key, record);
    this.#bus.emit("feedback:recorded", { record });
    const streak = this.#streak(record);
    if (streak && PATTERN_MILESTONES.has(streak.count)) {
      this.#bus.emit("feedback:pattern", { functionId: record.functionId, patternKey: record.patternKey, outcome: streak.outcome, count: streak.count });
    }
    return { record, durable };
  }

  /** Store keys sort by time, then by arrival: the log reads back in order. */
  #keyFor(at: number): string {
    return `${FEEDBACK_PREFIX}${String(at).padStart(14, "0")}-${(this.#seq++).toString(36).padStart(6, "0")}`;
  }

  #streak(r: FeedbackRecord): { outcome: FeedbackOutcome; count: number } | undefined {
    if (r.outcome === "ignored") return undefined;
    const k = `${r.functionId}|${r.patternKey}`;
    const prev = this.#streaks.get(k);
    const next = prev?.outcome === r.outcome ? { outcome: r.outcome, count: prev.count + 1 } : { outcome: r.outcome, count: 1 };
    this.#streaks.set(k, next);
    return next;
  }

  records(): readonly FeedbackRecord[] {
    return this.#records;
  }

  /**
   * The writer undid decisions: each edit's latest record leaves the log (and
   * the store) and `feedback:retracted` tells learning to take it back. Edits
   * without a record in `noteId` (never decided, or not the engine's) are skipped.
   */
  retract(noteId: string, editIds: Iterable<string>): FeedbackRecord[] {
    const out: FeedbackRecord[] = [];
    for (const editId of editIds) {
      let i = this.#records.length - 1;
      while (i >= 0 && this.#records[i]?.editId !== editId) i--;
      const record = this.#records[i];
      if (!record || record.noteId !== noteId) continue;
      this.#records.splice(i, 1);
      const key = this.#keys.get(record.id);
      this.#keys.delete(record.id);
      if (key !== undefined) void this.#store.delete(key);
      this.#retracted.delete(editId);
      this.#retracted.set(editId, record);
      if (this.#retracted.size > RETRACTED_KEPT) {
        const oldest = this.#retracted.keys().next();
        if (!oldest.done) this.#retracted.delete(oldest.value);
      }
      out.push(record);
    }
    if (out.length === 0) return out;
    this.#streaks.clear();
    for (const r of this.#records) this.#streak(r);
    for (const record of out) this.#bus.emit("feedback:retracted", { record });
    return out;
  }

  /** Redo of undone decisions: their records count again, as recorded the first time. */
  reinstate(noteId: string, editIds: Iterable<string>): FeedbackRecord[] {
    const out: FeedbackRecord[] = [];
    for (const editId of editIds) {
      const record = this.#retracted.get(editId);
      if (!record || record.noteId !== noteId) continue;
      this.#retracted.delete(editId);
      const key = this.#keyFor(record.at);
      this.#records.push(record);
      this.#keys.set(record.id, key);
      void this.#store.write(key, record);
      this.#streak(record);
      out.push(record);
      this.#bus.emit("feedback:recorded", { record });
    }
    return out;
  }

  /** Deletes matching records from the log (forget); returns how many. */
  async remove(predicate: (r: FeedbackRecord) => boolean): Promise<number> {
    const gone = this.#records.filter(predicate);
    this.#records = this.#records.filter((r) => !predicate(r));
    await Promise.all(
      gone.map((r) => {
        const key = this.#keys.get(r.id);
        this.#keys.delete(r.id);
        return key === undefined ? Promise.resolve() : this.#store.delete(key);
      }),
    );
    this.#streaks.clear();
    for (const r of this.#records) this.#streak(r);
    return gone.length;
  }

  /** Replaces the whole log (import). */
  async replace(records: readonly FeedbackRecord[]): Promise<void> {
    await this.remove(() => true);
    this.#retracted.clear();
    for (const r of records) {
      const key = this.#keyFor(r.at);
      this.#records.push(r);
      this.#keys.set(r.id, key);
      void this.#store.write(key, r);
    }
    for (const r of this.#records) this.#streak(r);
    await this.#store.flush();
  }

  toJSONL(): string {
    return this.#records.map((r) => JSON.stringify(r) + "\n").join("");
  }
}

function outcomeOf(type: Resolution["type"]): FeedbackOutcome {
  switch (type) {
    case "accepted":
    case "kept":
      return "accepted";
    case "rejected":
    case "dismissed":
      return "rejected";
    case "modified":
      return "modified";
    case "invalidated":
    case "ignored":
      // The writer changed the text under the edit or never answered: no verdict.
      return "ignored";
  }
}
