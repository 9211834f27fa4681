import { describe, expect, it } from "vitest";
import { maskRegex } from "./harper-backend.js";

describe("maskRegex", () => {
  it("masks whole words with their possessive ending, once each", () => {
    expect(maskRegex([])).toBeUndefined();
    const re = new RegExp(maskRegex(["Zbigniewska", "NASA", "Zbigniewska"]) ?? "", "gu");
    expect("Zbigniewska's NASA Zbigniewskas NASAL".match(re)).toEqual(["Zbigniewska's", "NASA"]);
  });

  it("escapes regex syntax", () => {
    const pattern = maskRegex(["a.b"]) ?? "";
    expect(new RegExp(pattern, "u").test("axb")).toBe(false);
    expect(new RegExp(pattern, "u").test("a.b")).toBe(true);
  });
});
