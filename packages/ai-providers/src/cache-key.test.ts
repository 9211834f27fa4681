import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { canonicalJson, digest, requestIdentity } from "./cache-key.js";
import { LruTtlCache } from "./response-cache.js";
import type { ModelRequest } from "./types.js";

/** Reverses key insertion order at every level: same meaning, different layout. */
function reorder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorder);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).reverse();
    return Object.fromEntries(entries.map(([k, v]) => [k, reorder(v)]));
  }
  return value;
}

const json = fc.jsonValue({ maxDepth: 4 });

describe("canonicalJson (property)", () => {
  it("is independent of key order", () => {
    fc.assert(
      fc.property(json, (v) => canonicalJson(v) === canonicalJson(reorder(v))),
      { numRuns: 300 },
    );
  });

  it("round-trips: parsing it gives back the same value, so distinct values never collide", () => {
    fc.assert(
      fc.property(json, (v) => {
        expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 300 },
    );
  });

  it("ignores members that are undefined", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json), fc.string(), (obj, extra) => {
        fc.pre(!(extra in obj));
        return canonicalJson({ ...obj, [extra]: undefined }) === canonicalJson(obj);
      }),
      { numRuns: 200 },
    );
  });
});

const message = fc.record({ role: fc.constantFrom("user" as const, "assistant" as const), content: fc.string() });
const request = fc.record(
  {
    messages: fc.array(message, { minLength: 1, maxLength: 4 }),
    system: fc.string(),
    temperature: fc.double({ min: 0, max: 2, noNaN: true }),
    maxTokens: fc.integer({ min: 1, max: 8000 }),
    task: fc.record({ functionId: fc.string(), text: fc.string(), params: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })) }),
  },
  { requiredKeys: ["messages"] },
) as fc.Arbitrary<ModelRequest>;

describe("requestIdentity (property)", () => {
  it("is the same for the same request however it was built, and ignores the AbortSignal", () => {
    fc.assert(
      fc.property(request, (r) => {
        const rebuilt = reorder(r) as ModelRequest;
        return requestIdentity(r, "c") === requestIdentity({ ...rebuilt, signal: new AbortController().signal }, "c");
      }),
      { numRuns: 200 },
    );
  });

  it("differs when anything that can change the answer differs", () => {
    fc.assert(
      fc.property(request, fc.string({ minLength: 1 }), (r, extra) => {
        const last = r.messages.at(-1)!;
        const changed: ModelRequest = { ...r, messages: [...r.messages.slice(0, -1), { ...last, content: last.content + extra }] };
        expect(requestIdentity(changed, "c")).not.toBe(requestIdentity(r, "c"));
        expect(requestIdentity(r, "other-chain")).not.toBe(requestIdentity(r, "c"));
        expect(requestIdentity({ ...r, temperature: (r.temperature ?? 0) + 0.5 }, "c")).not.toBe(requestIdentity(r, "c"));
      }),
      { numRuns: 200 },
    );
  });

  it("includes the output schema", () => {
    const base: ModelRequest = { messages: [{ role: "user", content: "x" }] };
    const a = requestIdentity({ ...base, output: { name: "o", schema: z.object({ a: z.string() }) } }, "c");
    const b = requestIdentity({ ...base, output: { name: "o", schema: z.object({ a: z.number() }) } }, "c");
    expect(a).not.toBe(b);
    expect(digest(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(digest(a)).not.toBe(digest(b));
  });
});

describe("LruTtlCache", () => {
  it("evicts the least recently used entry and expires entries after the TTL", () => {
    let now = 0;
    const cache = new LruTtlCache<number>(2, 100, () => now);
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1);
    cache.set("c", 3);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(1);
    now = 100;
    expect(cache.get("a")).toBeUndefined();
    expect(cache.size).toBe(1);
  });
});
