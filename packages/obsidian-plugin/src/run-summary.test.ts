import { describe, expect, it } from "vitest";
import { runSummary } from "./run-summary.js";

const item = {} as never;
const paragraphs = (gateFailed = 0, outOfScope = 0) => ({ total: 1, called: 1, cached: 0, stale: 0, gateFailed, failed: 0, outOfScope });

describe("the notice after a run", () => {
  it("counts what it shows and what learning hid", () => {
    expect(runSummary("Proofread", { items: [item, item], hidden: [], paragraphs: paragraphs() })).toBe("Proofread: 2 suggestions.");
    expect(runSummary("Proofread", { items: [item], hidden: [item, item], paragraphs: paragraphs() })).toBe("Proofread: 1 suggestion, 2 hidden by what Redline learned.");
    expect(runSummary("Proofread", { items: [], hidden: [], paragraphs: paragraphs() })).toBe("Proofread: no suggestions.");
  });

  it("says why nothing is shown when a gate refused a rewrite or changes fell outside the function's categories", () => {
    expect(runSummary("Proofread", { items: [], hidden: [], paragraphs: paragraphs(1, 3) })).toBe(
      "Proofread: no suggestions (1 paragraph's rewrite refused by Proofread's quality gates; 3 changes outside Proofread's categories left out).",
    );
    expect(runSummary("Tighten", { items: [item], hidden: [item], paragraphs: paragraphs(2, 1) })).toBe(
      "Tighten: 1 suggestion, 1 hidden by what Redline learned, 2 paragraphs' rewrites refused by Tighten's quality gates, 1 change outside Tighten's categories left out.",
    );
  });
});
