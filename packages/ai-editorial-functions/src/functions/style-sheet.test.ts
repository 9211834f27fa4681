import { describe, expect, it } from "vitest";
import { applyStyleSheet, DEFAULT_STYLE_SHEET } from "./style-sheet.js";

describe("applyStyleSheet", () => {
  it("applies American spelling, the serial comma, small numbers in words and curly quotes", () => {
    expect(applyStyleSheet(`We bought 3 colours: red, green and blue. "Nice," she said. It's 12 o'clock; there were forty-two.`, DEFAULT_STYLE_SHEET)).toBe(
      "We bought three colors: red, green, and blue. \u201cNice,\u201d she said. It\u2019s 12 o\u2019clock; there were 42.",
    );
  });

  it("applies British spelling, no serial comma, numerals and straight quotes", () => {
    const s = { spelling: "british", serialComma: false, numbers: "numerals", quotes: "straight" } as const;
    expect(applyStyleSheet("They organized red, green, and blue \u201cthings\u201d for 3 centers.", s)).toBe('They organised red, green and blue "things" for 3 centres.');
  });

  it("leaves list numbers, decimals, money, percentages and times alone", () => {
    expect(applyStyleSheet("1. Pay $5 for 2.5 kg at 3:30, 7% off.", DEFAULT_STYLE_SHEET)).toBe("1. Pay $5 for 2.5 kg at 3:30, 7% off.");
  });
});
