import { describe, expect, it } from "vitest";
import { HARPER_NAMES, HARPER_NAMES_VERSION } from "./harper-names.js";
import { extractHarperNames, installedHarperBinary, installedHarperVersion } from "./harper-names.extract.js";

describe("harper-names.ts", () => {
  it("lists exactly the names in the installed Harper's dictionary (regenerate with harper-names.generate.ts after an upgrade)", async () => {
    const names = extractHarperNames(await installedHarperBinary());
    expect(HARPER_NAMES_VERSION).toBe(await installedHarperVersion());
    expect(HARPER_NAMES.split("\n")).toEqual(names);
    expect(names).toEqual(expect.arrayContaining(["Caribbean", "Geffen", "Prokofiev", "NASA"]));
    expect(names).not.toContain("caribbean");
  });
});
