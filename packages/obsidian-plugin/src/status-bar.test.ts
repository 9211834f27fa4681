import { describe, expect, it } from "vitest";
import { formatUsd, statusText } from "./status-bar.js";

describe("status bar text", () => {
  it("shows progress in paragraphs, queue and today's spend", () => {
    expect(statusText({ running: { functionName: "Proofread", done: 3, total: 12 }, queued: 2, spentTodayUsd: 0.0421 })).toBe("Redline: Proofread 3/12 ¶ (+2 queued) · $0.04 today");
    expect(statusText({ running: null, queued: 0, spentTodayUsd: 0 })).toBe("Redline · $0 today");
    expect(statusText({ running: null, queued: 1, spentTodayUsd: 0.004 })).toBe("Redline: 1 queued · <$0.01 today");
  });
  it("formats money without scientific notation", () => {
    expect(formatUsd(1e-7)).toBe("<$0.01");
    expect(formatUsd(12.345)).toBe("$12.35");
  });
});
