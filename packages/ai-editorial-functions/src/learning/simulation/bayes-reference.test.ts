import { describe, expect, it } from "vitest";
import { bayesReference } from "./bayes-reference.js";
import { parseProfile } from "./profile.js";
import { simulateProfile } from "./simulate.js";
import type { Candidate, PolicyFactory } from "./simulate.js";

const showAll: PolicyFactory = { name: "show-all", create: () => ({ decide: () => ({ show: true }), update: () => undefined }) };
const profile = (accept: Record<string, number>, decisions = 600) =>
  parseProfile({ name: "t", users: 20, decisions, seed: 4, accept, acceptWrong: 0.05, patterns: {} }, "t.json");

describe("bayesReference", () => {
  // Spelling fixes to lower-case words are wanted; those to capitalised words are all false alarms (names).
  const pool: Candidate[] = [
    ...Array.from({ length: 30 }, (_, i) => ({ functionId: "proofread", category: "spelling" as const, patternKey: `s${i}→t`, shape: "word", wrong: false })),
    ...Array.from({ length: 10 }, (_, i) => ({ functionId: "proofread", category: "spelling" as const, patternKey: `n${i}→m`, shape: "capitalised", wrong: true })),
  ];

  const name = { functionId: "proofread", category: "spelling" as const, patternKey: "n0→m", shape: "capitalised", wrong: true };
  const word = { functionId: "proofread", category: "spelling" as const, patternKey: "s0→t", shape: "word", wrong: false };

  it("hides a kind of edit it knows to be all false alarms once the writer has rejected a few, and shows the rest", () => {
    const ref = bayesReference("ref", { pool, threshold: 0.5, quantile: 0.9, maxUntested: 50 });
    const policy = ref.create(1);
    // It does not know how often this writer accepts a false alarm until they answer some.
    for (let i = 1; i <= 3; i++) policy.update({ ...name, patternKey: `n${i}→m` }, "rejected");
    expect(policy.decide(name).show).toBe(false);
    expect(policy.decide(word).show).toBe(true);
    const [all, r] = simulateProfile(profile({ spelling: 0.9 }), pool, [showAll, ref]).policies;
    expect(r?.falseSuppression).toBe(0);
    expect(r?.acceptanceOfShown).toBeGreaterThan((all?.acceptanceOfShown ?? 1) + 0.15);
  });

  it("knowing false alarms only per function × category, it must learn them like any category", () => {
    const byCategory = bayesReference("ref", { pool, threshold: 0.5, quantile: 0.9, maxUntested: 50, falseAlarmsKnownBy: "category" });
    const policy = byCategory.create(1);
    for (let i = 1; i <= 3; i++) policy.update({ ...name, patternKey: `n${i}→m` }, "rejected");
    expect(policy.decide(name).show).toBe(true);
  });

  it("hides a category the writer rejects, re-testing it after maxUntested opportunities", () => {
    const style: Candidate[] = [{ functionId: "clarify", category: "style", patternKey: "y→z", wrong: false }];
    const [, r] = simulateProfile(profile({ style: 0.1 }), style, [showAll, bayesReference("ref", { pool: style, threshold: 0.5, quantile: 0.9, maxUntested: 30 })]).policies;
    expect(r?.longestUntested).toBe(30);
    expect(r?.retests).toBeGreaterThan(0);
    expect(r?.shown).toBeLessThan(20 * 600 * 0.1);
  });

  it("rejects a quantile outside (0, 1)", () => {
    expect(() => bayesReference("ref", { pool, threshold: 0.5, quantile: 1, maxUntested: 50 })).toThrow(/quantile/u);
  });
});
