import { describe, expect, it } from "vitest";
import { ParagraphCache } from "./cache.js";

describe("ParagraphCache, kept entries", () => {
  it("keeps only entries marked worth keeping, follows evictions and clear, and reports each change", () => {
    let changes = 0;
    const cache = new ParagraphCache<string>(3);
    cache.restore([["old", "kept before the restart", 5]], { changed: () => changes++ });
    cache.set("free", "offline result");
    expect(changes).toBe(0);
    cache.set("paid", "model answer", 10);
    expect(changes).toBe(1);
    expect(cache.kept(10)).toEqual([
      ["old", "kept before the restart", 5],
      ["paid", "model answer", 10],
    ]);
    expect(cache.kept(1)).toEqual([["paid", "model answer", 10]]);
    // "old" is the least recently used of three: a fourth entry evicts it, and the kept list follows.
    cache.set("more", "another free one");
    expect(cache.get("old")).toBeUndefined();
    expect(cache.kept(10)).toEqual([["paid", "model answer", 10]]);
    expect(changes).toBe(2);
    // Replaced by an answer not worth keeping, an entry leaves the kept list.
    cache.set("paid", "now free");
    expect(cache.kept(10)).toEqual([]);
    cache.set("paid", "model answer", 20);
    cache.clear();
    expect(cache.kept(10)).toEqual([]);
    expect(changes).toBe(5);
    cache.detach();
    cache.set("after", "answer", 30);
    expect(changes).toBe(5);
  });
});
