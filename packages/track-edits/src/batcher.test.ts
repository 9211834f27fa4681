import { EditorState, Text } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { boundaryAt, ChangeBatcher, type BatchStrategy, type DirtyBatch, type Timers } from "./batcher.js";

function fakeTimers() {
  let now = 0;
  let queue: { at: number; fn: () => void; id: number }[] = [];
  let next = 1;
  const timers: Timers = {
    set: (fn, ms) => {
      queue.push({ at: now + ms, fn, id: next });
      return next++;
    },
    clear: (h) => {
      queue = queue.filter((q) => q.id !== h);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const q of queue.filter((x) => x.at <= now)) {
      queue = queue.filter((x) => x !== q);
      q.fn();
    }
  };
  return { timers, advance };
}

function harness(strategy: BatchStrategy, doc = "") {
  const t = fakeTimers();
  const batches: DirtyBatch[] = [];
  const b = new ChangeBatcher({ strategy, timers: t.timers, onFlush: (x) => batches.push(x) });
  let state = EditorState.create({ doc });
  const type = (at: number, text: string, del = 0) => {
    const tr = state.update({ changes: { from: at, to: at + del, insert: text } });
    state = tr.state;
    b.record(tr.changes, tr.newDoc);
  };
  return { b, batches, type, advance: t.advance, doc: () => state.doc.toString() };
}

describe("ChangeBatcher", () => {
  it("immediate: one batch per change", () => {
    const h = harness({ kind: "immediate" });
    h.type(0, "Hi");
    h.type(2, "!");
    expect(h.batches.map((b) => [b.ranges, b.reason])).toEqual([
      [[{ from: 0, to: 2 }], "immediate"],
      [[{ from: 2, to: 3 }], "immediate"],
    ]);
  });

  it("smart: flushes on the change-count threshold or when idle, merging adjacent ranges", () => {
    const h = harness({ kind: "smart", maxChanges: 3, maxChars: 1000, idleMs: 500 }, "0123456789");
    h.type(0, "a");
    h.type(1, "b");
    expect(h.batches).toEqual([]);
    h.type(8, "z");
    expect(h.batches.map((b) => [b.ranges, b.reason, b.changeCount])).toEqual([[[{ from: 0, to: 2 }, { from: 8, to: 9 }], "threshold", 3]]);
    h.type(0, "x");
    h.advance(499);
    expect(h.batches).toHaveLength(1);
    h.advance(1);
    expect(h.batches.at(-1)?.reason).toBe("idle");
  });

  it("debounce: waits for a pause and maps earlier ranges through later edits", () => {
    const h = harness({ kind: "debounce", delayMs: 300 }, "hello world");
    h.type(6, "big ");
    h.advance(200);
    h.type(0, ">> ");
    h.advance(299);
    expect(h.batches).toEqual([]);
    h.advance(1);
    expect(h.batches[0]?.ranges).toEqual([
      { from: 0, to: 3 },
      { from: 9, to: 13 },
    ]);
    expect(h.doc().slice(9, 13)).toBe("big ");
  });

  it("content-aware: flushes at a sentence end or a paragraph break", () => {
    const h = harness({ kind: "content-aware", maxWaitMs: 5000 });
    for (const ch of "It works") h.type(h.doc().length, ch);
    expect(h.batches).toEqual([]);
    h.type(h.doc().length, ".");
    expect(h.batches).toEqual([]);
    h.type(h.doc().length, " ");
    expect(h.batches.map((b) => [b.reason, b.ranges])).toEqual([["sentence-end", [{ from: 0, to: 10 }]]]);
    h.type(h.doc().length, "Next");
    h.type(h.doc().length, "\n");
    expect(h.batches.at(-1)?.reason).toBe("paragraph-end");
    h.type(h.doc().length, "tail");
    h.advance(5000);
    expect(h.batches.at(-1)?.reason).toBe("idle");
  });

  it("detects boundaries from a few characters around the cursor", () => {
    expect(boundaryAt(Text.of(["He said “Stop.” "]), 16, " ")).toBe("sentence-end");
    expect(boundaryAt(Text.of(["Mr. Smith"]), 9, "h")).toBeUndefined();
    expect(boundaryAt(Text.of(["终于完成了。"]), 6, "。")).toBe("sentence-end");
  });
});
