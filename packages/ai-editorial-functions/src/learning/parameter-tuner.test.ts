import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PARAMETER_BOUNDS, ParameterTuner } from "./parameter-tuner.js";
import type { ParameterChange, ParameterName, RunFeedback } from "./parameter-tuner.js";

const DAY = 24 * 3600 * 1000;
const T0 = Date.UTC(2026, 10, 1);

/** A writer with stable taste: the more aggressive the function, the smaller the share of its edits they want. */
function runFor(tuner: ParameterTuner, i: number, functionId = "tighten"): RunFeedback {
  const { intensity } = tuner.parameters(functionId);
  const proposed = 10;
  const acceptRate = 0.95 - 0.7 * intensity;
  const accepted = Math.round(proposed * acceptRate);
  return { functionId, accepted, rejected: proposed - accepted, modified: 0, ignored: 0, at: T0 + i * DAY / 4 };
}

describe("ParameterTuner", () => {
  it("converges within about 50 runs for a writer with stable taste", () => {
    const tuner = new ParameterTuner();
    const trace: number[] = [];
    for (let i = 0; i < 150; i++) {
      tuner.recordRun(runFor(tuner, i));
      trace.push(tuner.parameters("tighten").intensity);
    }
    const settled = trace.slice(50);
    const spread = Math.max(...settled) - Math.min(...settled);
    expect(spread).toBeLessThanOrEqual(0.06);
    // Acceptance at the settled intensity is near the break-even threshold (50%).
    const final = trace.at(-1) ?? 0;
    expect(0.95 - 0.7 * final).toBeGreaterThan(0.4);
    expect(0.95 - 0.7 * final).toBeLessThan(0.62);
  });

  it("explains each change in words, with the evidence behind it", () => {
    const tuner = new ParameterTuner();
    const changes = [];
    for (let i = 0; i < 6; i++) changes.push(...tuner.recordRun({ functionId: "tighten", accepted: 3, rejected: 7, modified: 0, ignored: 2, at: T0 + i * DAY }));
    const fewer = changes.find((c) => c.parameter === "intensity");
    expect(fewer?.to).toBeLessThan(fewer?.from ?? 0);
    expect(fewer?.explanation).toBe("Tighten now proposes fewer edits: you rejected 70% of its edits this week.");
    expect(tuner.history("tighten")).toContainEqual(fewer);
  });

  it("moves the confidence cut toward the cut that would have paid", () => {
    const tuner = new ParameterTuner();
    for (let i = 0; i < 40; i++) {
      tuner.recordRun({ functionId: "proofread", accepted: 6, rejected: 4, modified: 0, ignored: 0, acceptedConfidences: [0.9, 0.8, 0.85, 0.7, 0.95, 0.75], rejectedConfidences: [0.2, 0.25, 0.1, 0.3], at: T0 + i * DAY });
    }
    const cut = tuner.parameters("proofread").confidenceCut;
    expect(cut).toBeGreaterThan(0.25);
    expect(cut).toBeLessThanOrEqual(0.7);
    expect(tuner.history("proofread").some((c) => c.parameter === "confidenceCut" && /hides edits it is unsure of/u.test(c.explanation))).toBe(true);
  });

  it("rolls a change back, and does not drift straight back into it", () => {
    const tuner = new ParameterTuner();
    let change: ParameterChange | undefined;
    for (let i = 0; !change && i < 50; i++) change = tuner.recordRun({ functionId: "tighten", accepted: 2, rejected: 8, modified: 0, ignored: 0, at: T0 + i * DAY }).find((c) => c.parameter === "intensity");
    expect(change).toBeDefined();
    if (!change) return;
    const rb = tuner.rollback(change.id, "your reward fell.");
    expect(rb?.to).toBe(change.from);
    expect(tuner.parameters("tighten").intensity).toBe(change.from);
    expect(rb?.explanation).toBe("Rolled back: your reward fell.");
    expect(tuner.rollback(change.id, "again")).toBeUndefined();
    tuner.recordRun({ functionId: "tighten", accepted: 0, rejected: 10, modified: 0, ignored: 0 });
    expect(tuner.parameters("tighten").intensity).toBe(change.from);
  });

  it("stays within safe bounds whatever the feedback (property)", () => {
    const run = fc.record({
      functionId: fc.constantFrom("a", "b"),
      accepted: fc.nat(50),
      rejected: fc.nat(50),
      modified: fc.nat(10),
      ignored: fc.nat(10),
      acceptedConfidences: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }),
      rejectedConfidences: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }),
    });
    fc.assert(
      fc.property(fc.array(run, { maxLength: 120 }), fc.double({ min: 0.01, max: 3, noNaN: true }), (runs, step) => {
        const tuner = new ParameterTuner({ step });
        for (const r of runs) {
          tuner.recordRun(r);
          for (const fn of ["a", "b"]) {
            const p = tuner.parameters(fn);
            for (const [name, [lo, hi]] of Object.entries(PARAMETER_BOUNDS) as [ParameterName, readonly [number, number]][]) {
              expect(p[name]).toBeGreaterThanOrEqual(lo);
              expect(p[name]).toBeLessThanOrEqual(hi);
            }
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it("round-trips through JSON and can be switched off per function", () => {
    const tuner = new ParameterTuner();
    for (let i = 0; i < 20; i++) tuner.recordRun({ functionId: "tighten", accepted: 2, rejected: 8, modified: 1, ignored: 0, at: T0 + i * DAY });
    const json = JSON.parse(JSON.stringify(tuner.toJSON()));
    const restored = ParameterTuner.fromJSON(json);
    expect(restored.toJSON()).toEqual(tuner.toJSON());
    restored.setEnabled("tighten", false);
    const before = restored.parameters("tighten");
    restored.recordRun({ functionId: "tighten", accepted: 0, rejected: 10, modified: 0, ignored: 0 });
    expect(restored.parameters("tighten")).toEqual(before);
    expect(() => ParameterTuner.fromJSON({ schema: 1 })).toThrow(/Tuning state is unreadable/u);
  });
});
