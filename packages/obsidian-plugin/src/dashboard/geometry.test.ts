import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { daySpan, linearScale, linePath, niceTicks, rate } from "./geometry.js";

describe("chart geometry", () => {
  it("maps domains onto ranges, inverted for SVG y", () => {
    const sy = linearScale([0, 1], [100, 0]);
    expect(sy(0)).toBe(100);
    expect(sy(1)).toBe(0);
    expect(sy(0.25)).toBe(75);
    expect(linearScale([5, 5], [0, 10])(5)).toBe(5);
  });

  it("breaks lines at gaps rather than drawing through days without decisions", () => {
    const id = (v: number) => v;
    expect(linePath([{ x: 0, y: 1 }, { x: 1, y: 2 }, { x: 2, y: null }, { x: 3, y: 4 }], id, id)).toBe("M0,1L1,2M3,4");
  });

  it("produces ticks that start at zero and cover the maximum", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e9, noNaN: true }), (max) => {
        const t = niceTicks(max);
        return t[0] === 0 && (t.at(-1) ?? 0) >= max && t.length <= 7;
      }),
      { numRuns: 500 },
    );
    expect(niceTicks(0)).toEqual([0]);
    expect(niceTicks(1)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it("has no acceptance rate without decisions", () => {
    expect(rate(0, 0)).toBeNull();
    expect(rate(3, 1)).toBe(0.75);
  });

  it("lists every day of a span, across month ends", () => {
    expect(daySpan("2026-01-30", "2026-02-02")).toEqual(["2026-01-30", "2026-01-31", "2026-02-01", "2026-02-02"]);
    expect(daySpan("2026-02-02", "2026-01-30")).toEqual([]);
  });
});
