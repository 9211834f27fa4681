// Model-based test: random interleavings of the writer's typing, arriving
// suggestions (some computed for older versions), accept / reject / modify /
// accept-all and undo. A deliberately naive reference model (plain strings,
// arithmetic offsets, per-character identities) must agree with the editor
// after every step, and no suggestion may ever replace characters other than
// the very ones it was computed for.
import { history, isolateHistory, undo } from "@codemirror/commands";
import { EditorState, Transaction } from "@codemirror/state";
import fc from "fast-check";
import { describe, it } from "vitest";
import type { PendingItem } from "../types.js";
import { acceptItems, docVersion, pendingItems, proposeEdits, rejectItems, trackEditsState } from "./state.js";

const NUM_RUNS = Number(process.env.MODEL_RUNS ?? 10_000);

// ---------------------------------------------------------------- reference model

interface Doc {
  readonly s: string;
  /** Identity of every character: a suggestion must replace exactly the characters it saw. */
  readonly ids: readonly number[];
}

interface MItem {
  readonly id: string;
  readonly kind: "edit" | "comment";
  readonly from: number;
  readonly to: number;
  readonly original: string;
  readonly replacement: string;
  /** Identities of the characters it was computed for (for insertions: the neighbours). */
  readonly chars: readonly number[];
}

/** One change in the coordinates of the document before it, with the text it removed. */
interface Change {
  readonly f: number;
  readonly t: number;
  readonly ins: string;
  readonly removed: string;
}

interface UndoEntry {
  readonly before: Doc;
  readonly changes: readonly Change[];
  readonly removed: readonly MItem[];
}

const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}\p{M}_'\u2019]/u.test(c);

// Written independently of invalidation.ts, from the documented rule.
function kills(c: Change, it: { from: number; to: number; original: string }): boolean {
  const { f, t, ins } = c;
  if (it.from === it.to) return f <= it.from && t >= it.from;
  if (f < it.to && t > it.from) return true;
  const deletes = t > f;
  if (t === it.from && isWord(it.original[0]) && (deletes || isWord(ins[ins.length - 1]))) return true;
  if (f === it.to && isWord(it.original[it.original.length - 1]) && (deletes || isWord(ins[0]))) return true;
  return false;
}

function shift(changes: readonly Change[], it: MItem): MItem {
  let d = 0;
  for (const c of changes) if (it.from === it.to ? c.t < it.from : c.t <= it.from) d += c.ins.length - (c.t - c.f);
  return { ...it, from: it.from + d, to: it.to + d };
}

function conflicts(a: { from: number; to: number }, b: { from: number; to: number }): boolean {
  return (
    (b.from < a.to && b.to > a.from) ||
    (b.from === b.to && a.from === a.to && b.from === a.from) ||
    (a.from === a.to && a.from > b.from && a.from < b.to) ||
    (b.from === b.to && b.from > a.from && b.from < a.to)
  );
}

class Model {
  doc: Doc;
  pending: MItem[] = [];
  versions: Doc[];
  steps: Change[][] = [];
  undoStack: UndoEntry[] = [];
  private nextChar: number;

  constructor(s: string) {
    this.doc = { s, ids: Array.from({ length: s.length }, (_, i) => i) };
    this.nextChar = s.length;
    this.versions = [this.doc];
  }

  get version(): number {
    return this.versions.length - 1;
  }

  /** Applies changes (old coordinates, sorted) to the document; new characters get new identities. */
  private apply(changes: readonly Change[]): Doc {
    let s = "";
    const ids: number[] = [];
    let pos = 0;
    for (const c of changes) {
      s += this.doc.s.slice(pos, c.f) + c.ins;
      ids.push(...this.doc.ids.slice(pos, c.f), ...Array.from({ length: c.ins.length }, () => this.nextChar++));
      pos = c.t;
    }
    s += this.doc.s.slice(pos);
    ids.push(...this.doc.ids.slice(pos));
    return { s, ids };
  }

  /** A document change: invalidate touched items (except `resolved`), map the rest. */
  change(all: Change[], resolved: readonly MItem[], record: boolean): MItem[] {
    // Inserting nothing over nothing is no change at all.
    const changes = all.filter((c) => c.t > c.f || c.ins !== "");
    const gone = new Set(resolved.map((r) => r.id));
    const invalid = this.pending.filter((it) => !gone.has(it.id) && changes.some((c) => kills(c, it)));
    for (const i of invalid) gone.add(i.id);
    const before = this.doc;
    this.pending = this.pending.filter((it) => !gone.has(it.id)).map((it) => shift(changes, it));
    if (changes.length) {
      this.doc = this.apply(changes);
      this.versions.push(this.doc);
      this.steps.push(changes);
    }
    if (record) this.undoStack.push({ before, changes, removed: [...resolved, ...invalid] });
    return invalid;
  }

  /** Adds items if they match the text and conflict with nothing (mirrors the documented rule). */
  add(items: readonly MItem[]): MItem[] {
    const sorted = [...items].sort((a, b) => a.from - b.from || a.to - b.to);
    const added: MItem[] = [];
    let lastTo = -1;
    let lastEmpty = -1;
    for (const it of sorted) {
      const ok =
        it.to <= this.doc.s.length &&
        this.doc.s.slice(it.from, it.to) === it.original &&
        it.from >= lastTo &&
        !(it.from === it.to && it.from === lastEmpty) &&
        !this.pending.some((p) => conflicts(p, it));
      if (!ok) continue;
      added.push(it);
      lastTo = Math.max(lastTo, it.to);
      if (it.from === it.to) lastEmpty = it.from;
    }
    this.pending = [...this.pending, ...added].sort((a, b) => a.from - b.from || a.to - b.to);
    return added;
  }

  /** Maps an item computed at version `v` to now, or undefined when its text changed. */
  rebase(it: MItem, v: number): MItem | undefined {
    let cur = it;
    for (let k = v; k < this.version; k++) {
      const step = this.steps[k] ?? [];
      if (step.some((c) => kills(c, cur))) return undefined;
      cur = shift(step, cur);
    }
    return cur;
  }

  undo(): void {
    const e = this.undoStack.pop();
    if (!e) return;
    // The inverse changes, in current coordinates.
    const inverse: Change[] = [];
    let d = 0;
    for (const c of e.changes) {
      inverse.push({ f: c.f + d, t: c.f + d + c.ins.length, ins: c.removed, removed: c.ins });
      d += c.ins.length - (c.t - c.f);
    }
    this.change(inverse, [], false);
    // Restored text carries its old identities, exactly as before.
    this.doc = e.before;
    if (inverse.length) this.versions[this.versions.length - 1] = e.before;
    this.add(e.removed);
  }
}

// ---------------------------------------------------------------- operations

type Op =
  | { t: "type"; at: number; del: number; text: string }
  | { t: "propose"; back: number; at: number; len: number; rep: string; comment: boolean }
  | { t: "accept" | "reject"; which: number }
  | { t: "modify"; which: number; text: string }
  | { t: "acceptAll" }
  | { t: "undo" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant("type" as const), at: fc.nat(), del: fc.nat(3), text: fc.constantFrom("", "a", "b", " ", ". ", "xy") }) },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant("propose" as const),
      back: fc.nat(3),
      at: fc.nat(),
      len: fc.nat(5),
      rep: fc.constantFrom("", "Q", "q r", "-", "ab"),
      comment: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constantFrom("accept" as const, "reject" as const), which: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("modify" as const), which: fc.nat(), text: fc.constantFrom("", "Z", "z z") }) },
  { weight: 1, arbitrary: fc.constant({ t: "acceptAll" as const }) },
  { weight: 2, arbitrary: fc.constant({ t: "undo" as const }) },
);

function toItem(m: MItem): PendingItem {
  const base = { id: m.id, from: m.from, to: m.to, original: m.original, source: { functionId: "model" }, clusterId: "c", createdAt: 0 };
  return m.kind === "comment"
    ? { ...base, kind: "comment", note: "n" }
    : { ...base, kind: "edit", replacement: m.replacement, category: "style", patternKey: "", confidence: 1, explanation: "" };
}

function run(initial: string, ops: readonly Op[]): void {
  const model = new Model(initial);
  let state = EditorState.create({ doc: initial, extensions: [history(), trackEditsState({ now: () => 0, protectMarkdown: false })] });
  let counter = 0;

  // Plain comparisons: expect() is too slow for ~100k checks per run.
  const same = (actual: unknown, expected: unknown, what: string, label: string) => {
    const a = JSON.stringify(actual);
    const e = JSON.stringify(expected);
    if (a !== e) throw new Error(`${label}: ${what} differs\n  editor: ${a}\n  model:  ${e}`);
  };

  const check = (label: string) => {
    const real = pendingItems(state);
    same(state.doc.toString(), model.doc.s, "document", label);
    same(
      real.map((p) => `${p.item.id}@${p.item.from}-${p.item.to}`),
      model.pending.map((p) => `${p.id}@${p.from}-${p.to}`),
      "pending items",
      label,
    );
    for (const p of real) same(state.sliceDoc(p.item.from, p.item.to), p.item.original, `text under ${p.item.id}`, label);
    same(docVersion(state), model.version, "version", label);
  };

  /** The safety property, on the model's character identities. */
  const appliedToItsOwnText = (it: MItem) => {
    const now = it.from === it.to ? [model.doc.ids[it.from - 1] ?? -1, model.doc.ids[it.from] ?? -1] : model.doc.ids.slice(it.from, it.to);
    same(now, it.chars, `characters under accepted ${it.id}`, "accept");
  };

  const resolve = (items: readonly MItem[], accept: boolean, modified?: string) => {
    const real = pendingItems(state).filter((p) => items.some((i) => i.id === p.item.id));
    const spec = accept ? acceptItems(state, real, modified === undefined ? {} : { modifiedText: modified }) : rejectItems(state, real);
    state = state.update(spec).state;
    if (!accept) {
      model.change([], items, true);
      return;
    }
    for (const it of items) appliedToItsOwnText(it);
    const changes = items
      .filter((i) => i.kind === "edit")
      .map((i) => ({ f: i.from, t: i.to, ins: modified !== undefined && items.length === 1 ? modified : i.replacement, removed: i.original }));
    model.change(changes, items, true);
  };

  for (const [n, op] of ops.entries()) {
    const label = `step ${n}: ${JSON.stringify(op)}`;
    switch (op.t) {
      case "type": {
        const len = model.doc.s.length;
        const f = len === 0 ? 0 : op.at % (len + 1);
        const t = Math.min(len, f + op.del);
        if (f === t && op.text === "") break;
        state = state.update({ changes: { from: f, to: t, insert: op.text }, annotations: [isolateHistory.of("full"), Transaction.userEvent.of("input.type")] }).state;
        model.change([{ f, t, ins: op.text, removed: model.doc.s.slice(f, t) }], [], true);
        break;
      }
      case "propose": {
        const v = Math.max(0, model.version - op.back);
        const base = model.versions[v];
        if (!base) break;
        const f = base.s.length === 0 ? 0 : op.at % (base.s.length + 1);
        const t = Math.min(base.s.length, f + op.len);
        const original = base.s.slice(f, t);
        if (!op.comment && (original === op.rep || (f === t && op.rep === ""))) break;
        const chars = f === t ? [base.ids[f - 1] ?? -1, base.ids[f] ?? -1] : base.ids.slice(f, t);
        const item: MItem = { id: `s${counter++}`, kind: op.comment ? "comment" : "edit", from: f, to: t, original, replacement: op.comment ? "" : op.rep, chars };
        state = state.update(proposeEdits(state, [toItem(item)], { baseVersion: v })).state;
        const live = model.rebase(item, v);
        if (live) model.add([live]);
        break;
      }
      case "accept":
      case "reject": {
        const it = model.pending[op.which % Math.max(1, model.pending.length)];
        if (it) resolve([it], op.t === "accept");
        break;
      }
      case "modify": {
        const it = model.pending[op.which % Math.max(1, model.pending.length)];
        if (it?.kind === "edit") resolve([it], true, op.text);
        break;
      }
      case "acceptAll":
        if (model.pending.length) resolve([...model.pending], true);
        break;
      case "undo":
        undo({ state, dispatch: (tr) => (state = tr.state) });
        model.undo();
        break;
    }
    check(label);
  }
}

describe("track-edits model-based", () => {
  it(`agrees with a reference model over ${NUM_RUNS} random sequences`, () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[ab .xyQ-]{0,16}$/u), fc.array(opArb, { minLength: 1, maxLength: 14 }), (initial, ops) => {
        run(initial, ops);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
