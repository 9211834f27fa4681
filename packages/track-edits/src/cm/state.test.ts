import { history, undo, redo } from "@codemirror/commands";
import { EditorState, type Transaction, type TransactionSpec } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { buildTrackedEdits } from "../edits.js";
import type { TrackedEdit } from "../types.js";
import type { ResolutionEvent } from "./events.js";
import { acceptItems, docVersion, pendingItems, proposeEdits, rejectItems, resolutionEvents, trackEditsState, withdrawItems } from "./state.js";

const source = { functionId: "proofread", model: "test" };

function setup(doc: string) {
  let now = 1000;
  const events: ResolutionEvent[] = [];
  let state = EditorState.create({ doc, extensions: [history(), trackEditsState({ now: () => now })] });
  const apply = (spec: TransactionSpec | Transaction) => {
    const tr = "startState" in spec ? spec : state.update(spec);
    events.push(...resolutionEvents(tr));
    state = tr.state;
  };
  const edits = (original: string, rewrite: string, base = 0): TrackedEdit[] => buildTrackedEdits(original, rewrite, { source, baseOffset: base, createdAt: now });
  return {
    get state() {
      return state;
    },
    events,
    apply,
    edits,
    tick: (ms: number) => (now += ms),
    type: (from: number, to: number, insert: string) => {
      apply({ changes: { from, to, insert }, userEvent: "input.type" });
    },
    undo: () => undo({ state, dispatch: (tr) => { apply(tr); } }),
    redo: () => redo({ state, dispatch: (tr) => { apply(tr); } }),
    pending: () => pendingItems(state).map((p) => `${p.item.from}-${p.item.to}:${p.item.original}→${p.item.kind === "edit" ? p.item.replacement : ""}`),
  };
}

describe("track-edits state", () => {
  it("accepts as one undoable change, and undo brings the pending edit back", () => {
    const t = setup("I recieve the the letter.");
    t.apply(proposeEdits(t.state, t.edits(t.state.doc.toString(), "I receive the letter.")));
    expect(t.pending()).toEqual(["2-9:recieve→receive", "14-18:the →"]);
    t.tick(1500);
    t.apply(acceptItems(t.state, pendingItems(t.state).slice(0, 1)));
    expect(t.state.doc.toString()).toBe("I receive the the letter.");
    expect(t.pending()).toEqual(["14-18:the →"]);
    expect(t.events.map((e) => [e.type, e.item.original, e.latencyMs, e.context.sentence])).toEqual([["accept", "recieve", 1500, "I recieve the the letter."]]);
    t.undo();
    expect(t.state.doc.toString()).toBe("I recieve the the letter.");
    expect(t.pending()).toEqual(["2-9:recieve→receive", "14-18:the →"]);
    t.redo();
    expect(t.state.doc.toString()).toBe("I receive the the letter.");
    expect(t.pending()).toEqual(["14-18:the →"]);
  });

  it("rejects without touching the text; undo restores the suggestion", () => {
    const t = setup("Its late.");
    t.apply(proposeEdits(t.state, t.edits("Its late.", "It's late.")));
    t.apply(rejectItems(t.state, pendingItems(t.state)));
    expect(t.state.doc.toString()).toBe("Its late.");
    expect(t.pending()).toEqual([]);
    expect(t.events.at(-1)?.type).toBe("reject");
    t.undo();
    expect(t.pending()).toEqual(["0-3:Its→It's"]);
  });

  it("reports a modification as a correction", () => {
    const t = setup("We utilize tools.");
    t.apply(proposeEdits(t.state, t.edits("We utilize tools.", "We use tools.")));
    t.apply(acceptItems(t.state, pendingItems(t.state), { modifiedText: "employ" }));
    expect(t.state.doc.toString()).toBe("We employ tools.");
    const e = t.events.at(-1);
    expect(e?.type === "modify" && e.finalText).toBe("employ");
  });

  it("invalidates an edit when the writer types into or onto its word, and undo of the typing restores it", () => {
    const t = setup("The cat sat.");
    t.apply(proposeEdits(t.state, t.edits("The cat sat.", "The dog sat.")));
    t.type(12, 12, " Then");
    expect(t.pending()).toEqual(["4-7:cat→dog"]);
    t.type(7, 7, " ");
    expect(t.pending()).toEqual(["4-7:cat→dog"]);
    t.type(7, 7, "s");
    expect(t.pending()).toEqual([]);
    expect(t.events.map((e) => e.type === "invalidate" && e.reason)).toEqual(["edited"]);
    // History groups adjacent typing, as in any editor.
    t.undo();
    expect(t.state.doc.toString()).toBe("The cat sat. Then");
    expect(t.pending()).toEqual(["4-7:cat→dog"]);
  });

  it("maps edits computed for an older version, and drops those whose text changed", () => {
    const t = setup("One two three. Four five six.");
    const v = docVersion(t.state);
    const snapshot = t.state.doc.toString();
    t.type(0, 0, "Zero. ");
    t.type(6 + 4, 6 + 7, "TWO");
    t.apply(proposeEdits(t.state, t.edits(snapshot, "One 2 three. Four 5 six."), { baseVersion: v }));
    expect(t.pending()).toEqual(["26-30:five→5"]);
    expect(t.events.map((e) => e.type === "invalidate" && [e.reason, e.item.original])).toEqual([["stale", "two"]]);
  });

  it("refuses edits over protected Markdown and overlapping pending items", () => {
    const doc = "Run `npm i` now and see [[Note]] today.";
    const t = setup(doc);
    t.apply(proposeEdits(t.state, t.edits(doc, "Run `pnpm i` now and see [[Notes]] now.")));
    expect(t.pending()).toEqual(["33-38:today→now"]);
    t.apply(proposeEdits(t.state, t.edits(doc, "Run `npm i` now and see [[Note]] tomorrow.")));
    expect(t.pending()).toEqual(["33-38:today→now"]);
    expect(t.events.map((e) => e.type === "invalidate" && e.reason)).toEqual(["protected", "protected", "conflict"]);
  });
});

describe("bulk accept", () => {
  it("accepts hundreds of edits as runs around the items left pending, exactly as one by one would", () => {
    const words = Array.from({ length: 400 }, (_, i) => `w${i}`);
    const doc = words.join(" ");
    const t = setup(doc);
    const edits = t.edits(doc, words.map((w, i) => (i % 3 === 0 ? `${w}x` : w)).join(" "));
    t.apply(proposeEdits(t.state, edits));
    const all = pendingItems(t.state);
    const keep = all.filter((_, i) => i % 10 === 5);
    const take = all.filter((_, i) => i % 10 !== 5);
    t.apply({ selection: { anchor: doc.length } });
    t.apply(acceptItems(t.state, take));
    let expected = doc;
    for (const p of [...take].reverse()) expected = expected.slice(0, p.item.from) + (p.item.kind === "edit" ? p.item.replacement : "") + expected.slice(p.item.to);
    expect(t.state.doc.toString()).toBe(expected);
    expect(t.state.selection.main.head).toBe(expected.length);
    expect(pendingItems(t.state).map((p) => p.item.id)).toEqual(keep.map((p) => p.item.id));
    for (const p of pendingItems(t.state)) expect(t.state.sliceDoc(p.item.from, p.item.to)).toBe(p.item.original);
    expect(t.events.filter((e) => e.type === "accept")).toHaveLength(take.length);
    expect(t.events[0]?.context.sentence.length).toBeGreaterThan(0);
    t.undo();
    expect(t.state.doc.toString()).toBe(doc);
    expect(pendingItems(t.state).map((p) => p.item.id)).toEqual(all.map((p) => p.item.id));
  });

  it("withdraws superseded items without a decision: reported as such, text untouched, not undoable", () => {
    const doc = "I recieve the the letter.";
    const t = setup(doc);
    t.apply(proposeEdits(t.state, t.edits(doc, "I receive the letter.")));
    const [first] = pendingItems(t.state);
    expect(withdrawItems(t.state, ["not-pending"])).toEqual({});
    t.tick(700);
    t.apply(withdrawItems(t.state, [first!.item.id, "not-pending"]));
    expect(t.state.doc.toString()).toBe(doc);
    expect(t.pending()).toEqual(["14-18:the →"]);
    expect(t.events.map((e) => e.type === "invalidate" && [e.reason, e.item.original, e.latencyMs])).toEqual([["superseded", "recieve", 700]]);
    t.undo();
    expect(t.pending()).toEqual(["14-18:the →"]);
    // A re-run proposes its replacement at the same place.
    t.apply(proposeEdits(t.state, t.edits(doc, "I received the the letter.")));
    expect(t.pending()).toEqual(["2-9:recieve→received", "14-18:the →"]);
  });
});
