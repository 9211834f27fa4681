import { describe, expect, it } from "vitest";
import { FakeElement } from "../../../test-support/obsidian-stub.js";
import { formatUsd, StatusBar, statusText } from "./status-bar.js";

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

describe("StatusBar", () => {
  it("offers cancel only while work runs or waits, and calls back on click", () => {
    const el = new FakeElement();
    let cancelled = 0;
    const bar = new StatusBar(el as unknown as HTMLElement, () => {
      cancelled++;
    });
    const cancel = el.children.find((c) => c.classes.has("redline-status-cancel"))!;
    expect(cancel.hidden).toBe(true);
    bar.update({ running: { functionName: "Tighten", done: 1, total: 4 }, queued: 0, spentTodayUsd: 0 });
    expect(cancel.hidden).toBe(false);
    expect(el.classes.has("is-running")).toBe(true);
    expect(el.allText()).toContain("Tighten 1/4");
    for (const cb of cancel.listeners.click ?? []) cb();
    expect(cancelled).toBe(1);
    bar.update({ running: null, queued: 0, spentTodayUsd: 0 });
    expect(cancel.hidden).toBe(true);
  });
});
