import { EditorState } from "@codemirror/state";
import type { Decoration, DecorationSet } from "@codemirror/view";
import { describe, expect, it } from "vitest";
import { buildTrackedEdits } from "../edits.js";
import { pendingItems, proposeEdits, setPreview, trackEditsState } from "./state.js";
import { ReviewDecorations, activeDecorations, buildDecorations } from "./view.js";

const doc = "We utilize the the tools. Later text follows here.";
const rewrite = "We use the tools. Later text follows here!";

function setup() {
  let state = EditorState.create({ doc, extensions: [trackEditsState()] });
  state = state.update(proposeEdits(state, buildTrackedEdits(doc, rewrite, { source: { functionId: "tighten" }, createdAt: 0 }))).state;
  return state;
}

function describeSet(set: DecorationSet): string[] {
  const out: string[] = [];
  set.between(0, doc.length + 10, (from, to, d: Decoration) => {
    const spec = d.spec as { class?: string; tagName?: string; widget?: { constructor: { name: string } } };
    out.push(`${from}-${to}:${spec.tagName ?? ""}${spec.class ?? ""}${spec.widget ? spec.widget.constructor.name : ""}`);
  });
  return out;
}

describe("review decorations", () => {
  it("strike deletions, show insertions as widgets, and mark each cluster once (these three are one proximity cluster)", () => {
    const state = setup();
    expect(describeSet(buildDecorations(state, [{ from: 0, to: doc.length }]))).toEqual([
      "3-3:ClusterMarker",
      "3-10:delrl-del",
      "10-10:InsertionWidget",
      "15-19:delrl-del",
      "49-50:delrl-del",
      "50-50:InsertionWidget",
    ]);
  });

  it("give a deleted space a mark of its own (there is no glyph to strike)", () => {
    const text = "Redline learns from you , and says so.";
    let state = EditorState.create({ doc: text, extensions: [trackEditsState()] });
    state = state.update(proposeEdits(state, buildTrackedEdits(text, "Redline learns from you, and says so.", { source: { functionId: "proofread" }, createdAt: 0 }))).state;
    expect(describeSet(buildDecorations(state, [{ from: 0, to: text.length }]))).toEqual(["23-23:ClusterMarker", "23-24:delrl-del rl-del-space"]);
  });

  it("preview the accepted text or the original with decorations only", () => {
    let state = setup();
    state = state.update(setPreview("accepted")).state;
    expect(describeSet(buildDecorations(state, [{ from: 0, to: doc.length }]))).toEqual(["3-10:PreviewWidget", "15-19:", "49-50:PreviewWidget"]);
    state = state.update(setPreview("original")).state;
    expect(describeSet(buildDecorations(state, [{ from: 0, to: doc.length }]))).toEqual([]);
    expect(state.doc.toString()).toBe(doc);
  });

  it("map on typing, rebuild when items change, outline the item under the cursor", () => {
    let state = setup();
    const deco = new ReviewDecorations(state, [{ from: 0, to: doc.length }]);
    const tr = state.update({ changes: { from: 0, insert: "So " } });
    state = tr.state;
    deco.update(state, tr.changes, [{ from: 0, to: state.doc.length }], false, false);
    expect(describeSet(deco.base)[1]).toBe("6-13:delrl-del");
    state = state.update({ selection: { anchor: 8 } }).state;
    expect(describeSet(activeDecorations(state))).toEqual(["6-13:rl-active"]);
    expect(pendingItems(state)).toHaveLength(3);
  });
});
