import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EDIT_SHAPES, editShape } from "./edit-shape.js";

describe("editShape", () => {
  it.each([
    ["", ",", "insert"],
    ["very ", "", "delete"],
    ["-", "–", "symbol"],
    ["800's", "800'so", "number"],
    ["W.", "WE", "initial"],
    ["NASA", "Nasa", "caps"],
    ["Bourcier", "Bouncier", "capitalised"],
    ["multi-family", "multifamily", "hyphenated"],
    ["due to the fact that", "because", "phrase"],
    ["recieve", "receive", "word"],
  ] as const)("%j → %j is %s", (o, r, shape) => {
    expect(editShape(o, r)).toBe(shape);
  });

  it("is total: any text pair has one of the known shapes", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (o, r) => {
        expect(EDIT_SHAPES).toContain(editShape(o, r));
      }),
    );
  });
});
