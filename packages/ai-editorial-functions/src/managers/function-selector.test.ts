import { describe, expect, it } from "vitest";
import { EventBus } from "../bus.js";
import { builtinFunctions } from "../functions/builtins.js";
import type { EditorialFunction } from "../functions/types.js";
import { VariantBandit } from "../learning/index.js";
import { createRng } from "../learning/index.js";
import { systemClock, TimerScope } from "../util/clock.js";
import { FunctionSelector } from "./function-selector.js";
import type { SelectionStrategy } from "./function-selector.js";

const base = builtinFunctions().find((f) => f.id === "tighten")!;
const fn: EditorialFunction = {
  ...base,
  variants: [
    { id: "short", prompt: "Short prompt {{text}}", weight: 1, priority: 0 },
    { id: "fiction", prompt: "Fiction prompt {{text}}", weight: 1, priority: 5, when: { folder: "Fiction", tag: "draft" } },
    { id: "big", modelChain: ["anthropic:claude-sonnet-4-5"], weight: 3, priority: 0, when: { minSelection: 1000 } },
  ],
};

function setup() {
  const bus = new EventBus();
  const bandit = new VariantBandit({ rng: createRng(7) });
  const random = createRng(3);
  const sel = new FunctionSelector({ bus, timers: new TimerScope(systemClock), bandit: () => bandit, random });
  const choose = (strategy: SelectionStrategy, note: { folder?: string; tags?: string[] } = {}, selectionLength = 0, noteId = "n") =>
    sel.choose({ runId: "r", fn, noteId, scope: "selection", selectionLength, note, strategy });
  return { sel, bus, choose, bandit };
}

describe("FunctionSelector", () => {
  it("priority picks the highest-priority eligible variant; contextual the most specific rule", () => {
    const { choose } = setup();
    expect(choose("priority").variant.id).toBe("default");
    expect(choose("priority", { folder: "Fiction/Book", tags: ["#Draft"] }).variant).toMatchObject({ id: "fiction", prompt: "Fiction prompt {{text}}" });
    expect(choose("contextual", {}, 5000).variant).toMatchObject({ id: "big", modelChain: ["anthropic:claude-sonnet-4-5"], prompt: base.prompt });
    expect(choose("contextual", { folder: "Fiction" }).variant.id).toBe("default"); // tag missing: rule fails
  });

  it("weighted logs the propensity of every choice", () => {
    const { choose, sel } = setup();
    const counts: Record<string, number> = {};
    for (let i = 0; i < 600; i++) {
      const c = choose("weighted", {}, 5000);
      counts[c.variant.id] = (counts[c.variant.id] ?? 0) + 1;
      expect(c.propensity).toBe(c.variant.id === "big" ? 3 / 5 : 1 / 5);
    }
    expect(counts.big! / 600).toBeGreaterThan(0.5);
    expect(sel.log()).toHaveLength(600);
    expect(sel.log()[0]).toMatchObject({ functionId: "tighten", strategy: "weighted", eligible: ["default", "short", "big"] });
  });

  it("hybrid filters by rules and priority, then lets the bandit choose, sticky per note, and adapts from outcomes", () => {
    const { choose, sel, bus } = setup();
    const events: number[] = [];
    bus.on("selector:chosen", (e) => events.push(e.propensity));
    expect(choose("hybrid", { folder: "Fiction", tags: ["draft"] }).variant.id).toBe("fiction"); // sole top-priority variant
    const first = choose("hybrid", {}, 0, "note-a").variant.id;
    for (let i = 0; i < 5; i++) expect(choose("hybrid", {}, 0, "note-a").variant.id).toBe(first);
    expect(events.every((p) => p > 0 && p <= 1)).toBe(true);
    for (let i = 0; i < 60; i++) {
      sel.learn({ functionId: "tighten", variantId: "short", outcome: "accepted", at: i } as never);
      sel.learn({ functionId: "tighten", variantId: "default", outcome: "rejected", at: i } as never);
    }
    const picks = Array.from({ length: 40 }, (_, i) => choose("hybrid", {}, 0, `fresh-${i}`).variant.id);
    expect(picks.filter((p) => p === "short").length).toBeGreaterThan(30);
  });
});
