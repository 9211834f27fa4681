import { describe, expect, it } from "vitest";
import { clampWeight, DEFAULT_APPLY_THRESHOLD, MIN_RULE_WEIGHT, ruleKey, ruleWeightsFrom, weightFromDecisions } from "./rule-weights.js";

describe("rule weights", () => {
  it("keys rules by source and id", () => {
    expect(ruleKey({ source: "harper", ruleId: "SpellCheck" })).toBe("harper:SpellCheck");
  });

  it("never reaches zero and never exceeds one", () => {
    expect(clampWeight(0)).toBe(MIN_RULE_WEIGHT);
    expect(clampWeight(-4)).toBe(MIN_RULE_WEIGHT);
    expect(clampWeight(3)).toBe(1);
    expect(clampWeight(Number.NaN)).toBe(1);
  });

  it("moves little on one rejection and falls below the apply threshold on a pattern of them", () => {
    expect(weightFromDecisions({ accepted: 0, rejected: 0 })).toBeCloseTo(0.8);
    expect(weightFromDecisions({ accepted: 0, rejected: 1 })).toBeGreaterThan(DEFAULT_APPLY_THRESHOLD);
    expect(weightFromDecisions({ accepted: 0, rejected: 5 })).toBeLessThan(DEFAULT_APPLY_THRESHOLD);
    expect(weightFromDecisions({ accepted: 1, rejected: 1000 })).toBeGreaterThanOrEqual(MIN_RULE_WEIGHT);
    expect(weightFromDecisions({ accepted: 20, rejected: 2 })).toBeGreaterThan(0.8);
  });

  it("builds a weight function from the learner's table of weights or counts", () => {
    const fn = ruleWeightsFrom({ "harper:ItsContraction": { accepted: 0, rejected: 9 }, "retext-simplify:utilize": 0.3 });
    expect(fn({ source: "harper", ruleId: "ItsContraction", category: "punctuation" })).toBeLessThan(DEFAULT_APPLY_THRESHOLD);
    expect(fn({ source: "retext-simplify", ruleId: "utilize", category: "concision" })).toBe(0.3);
    expect(fn({ source: "harper", ruleId: "SpellCheck", category: "spelling" })).toBe(1);
  });
});
