import { describe, expect, it } from "vitest";
import { CATEGORIES, isCategory, patternKey } from "./taxonomy.js";

describe("taxonomy", () => {
  it("has the nine categories learning and the UI rely on", () => {
    expect(CATEGORIES).toHaveLength(9);
    expect(isCategory("concision")).toBe(true);
    expect(isCategory("vibes")).toBe(false);
  });

  it("normalises pattern keys to lower case with an arrow", () => {
    expect(patternKey("Utilize", "use")).toBe("utilize→use");
    expect(patternKey("  in  order to ", "To")).toBe("in order to→to");
    expect(patternKey("", "the")).toBe("→the");
  });
});
