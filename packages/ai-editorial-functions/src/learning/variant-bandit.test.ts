import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng } from "./rng.js";
import { VariantBandit, offPolicyEstimate } from "./variant-bandit.js";
import type { BanditArm } from "./variant-bandit.js";

const arms: BanditArm[] = [
  { id: "haiku", weight: 0 },
  { id: "sonnet", weight: 0 },
  { id: "local", weight: 0 },
];
const quality: Record<string, number> = { haiku: 0.45, sonnet: 0.75, local: 0.3 };

describe("VariantBandit", () => {
  it("learns which variant serves the writer best while keeping an exploration floor", () => {
    const rng = createRng(9);
    const b = new VariantBandit({ rng: createRng(1), explorationFloor: 0.09, draws: 60 });
    const picks: Record<string, number> = { haiku: 0, sonnet: 0, local: 0 };
    for (let i = 0; i < 600; i++) {
      const c = b.choose("proofread", `note-${i}`, arms);
      if (i >= 300) picks[c.armId] = (picks[c.armId] ?? 0) + 1;
      b.update("proofread", c.armId, rng() < (quality[c.armId] ?? 0) ? 1 : 0);
    }
    expect(picks.sonnet).toBeGreaterThan(200);
    const p = b.probabilities("proofread", arms);
    for (const a of arms) expect(p[a.id]).toBeGreaterThanOrEqual(0.03 - 1e-9);
  });

  it("is sticky per note, so a note's suggestions don't flicker between variants", () => {
    const b = new VariantBandit({ rng: createRng(2) });
    const first = b.choose("tighten", "Chapter 1.md", arms);
    for (let i = 0; i < 20; i++) {
      b.update("tighten", first.armId, 0);
      const again = b.choose("tighten", "Chapter 1.md", arms);
      expect(again.armId).toBe(first.armId);
      expect(again.sticky).toBe(true);
      expect(again.propensity).toBe(first.propensity);
    }
    b.release("tighten", "Chapter 1.md");
    expect(b.choose("tighten", "Chapter 1.md", arms).sticky).toBe(false);
  });

  it("logs the propensity of every decision, equal to the probability it sampled from (property)", () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }), (seed, rewards) => {
        const b = new VariantBandit({ rng: createRng(seed), draws: 50 });
        rewards.forEach((r, i) => {
          const c = b.choose("f", `n${i}`, arms);
          expect(c.propensity).toBeCloseTo(c.probabilities[c.armId] ?? -1, 12);
          const total = Object.values(c.probabilities).reduce((x, y) => x + y, 0);
          expect(total).toBeCloseTo(1, 9);
          b.update("f", c.armId, r);
        });
        const log = b.log();
        expect(log).toHaveLength(rewards.length);
        for (const e of log) expect(e.propensity).toBeGreaterThan(0);
      }),
      { numRuns: 50 },
    );
  });

  it("supports off-policy evaluation from its logs", () => {
    const rng = createRng(4);
    const b = new VariantBandit({ rng: createRng(3), explorationFloor: 0.5, draws: 40 });
    for (let i = 0; i < 1500; i++) {
      const c = b.choose("clarify", `n${i}`, arms);
      b.update("clarify", c.armId, rng() < (quality[c.armId] ?? 0) ? 1 : 0);
    }
    const always = (id: string) => offPolicyEstimate(b.log(), (e) => (e.armId === id ? 1 : 0));
    expect(always("sonnet").snips).toBeGreaterThan(0.65);
    expect(always("sonnet").snips).toBeLessThan(0.85);
    expect(always("local").snips).toBeLessThan(always("sonnet").snips);
  });

  it("round-trips through JSON", () => {
    const b = new VariantBandit({ rng: createRng(5) });
    for (let i = 0; i < 10; i++) b.update("f", b.choose("f", `n${i % 3}`, arms).armId, i % 2);
    const json = JSON.parse(JSON.stringify(b.toJSON()));
    expect(VariantBandit.fromJSON(json).toJSON()).toEqual(b.toJSON());
    expect(() => VariantBandit.fromJSON({ schema: 1, seq: -1 })).toThrow(/Variant statistics are unreadable/u);
  });
});
