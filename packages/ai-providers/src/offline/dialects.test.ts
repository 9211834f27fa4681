import { Dialect } from "harper.js";
import { describe, expect, it } from "vitest";
import { HARPER_DIALECT, OFFLINE_DIALECTS, parseDialect } from "./dialects.js";

describe("dialects", () => {
  it("mirrors harper.js's Dialect enum", () => {
    expect(HARPER_DIALECT).toEqual({ american: Dialect.American, british: Dialect.British, australian: Dialect.Australian, canadian: Dialect.Canadian });
    expect(OFFLINE_DIALECTS).toEqual(["american", "british", "canadian", "australian"]);
  });

  it("parses names and BCP 47 tags", () => {
    expect(parseDialect("British")).toBe("british");
    expect(parseDialect("en-GB")).toBe("british");
    expect(parseDialect("en_AU")).toBe("australian");
    expect(parseDialect("CA")).toBe("canadian");
    expect(parseDialect(undefined)).toBe("american");
    expect(parseDialect("", "canadian")).toBe("canadian");
  });

  it("refuses an unknown dialect with an actionable message", () => {
    expect(() => parseDialect("klingon")).toThrow(/Unknown dialect "klingon": use one of american, british, canadian, australian/);
    expect(() => parseDialect(3)).toThrow(RangeError);
  });
});
