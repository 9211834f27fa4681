import { describe, expect, it } from "vitest";
import { categoryForHarper, categoryForRetext, isOfflineCategory, OFFLINE_CATEGORIES } from "./categories.js";

const HARPER_KINDS = [
  "Agreement", "BoundaryError", "Capitalization", "Eggcorn", "Enhancement", "Formatting", "Grammar", "Malapropism", "Miscellaneous",
  "Nonstandard", "Punctuation", "Readability", "Redundancy", "Regionalism", "Repetition", "Spelling", "Style", "Typo", "Usage", "WordChoice", "WordOrder",
] as const;

describe("categoryForHarper", () => {
  it("maps every harper.js LintKind into the taxonomy", () => {
    for (const kind of HARPER_KINDS) expect(OFFLINE_CATEGORIES).toContain(categoryForHarper(kind));
  });

  it.each([
    ["Spelling", "spelling"],
    ["Typo", "spelling"],
    ["BoundaryError", "spelling"],
    ["Punctuation", "punctuation"],
    ["Formatting", "punctuation"],
    ["Capitalization", "capitalization"],
    ["Agreement", "grammar"],
    ["WordOrder", "grammar"],
    ["Repetition", "grammar"],
    ["Eggcorn", "word-choice"],
    ["Malapropism", "word-choice"],
    ["WordChoice", "word-choice"],
    ["Redundancy", "concision"],
    ["Readability", "style"],
    ["Style", "style"],
  ] as const)("%s → %s", (kind, category) => {
    expect(categoryForHarper(kind)).toBe(category);
  });

  it("lets a rule override its kind", () => {
    expect(categoryForHarper("Miscellaneous", "SentenceCapitalization")).toBe("capitalization");
    expect(categoryForHarper("Readability", "LongSentences")).toBe("style");
  });

  it("files an unknown future kind under grammar rather than failing", () => {
    expect(categoryForHarper("SomethingNew")).toBe("grammar");
  });
});

describe("categoryForRetext", () => {
  it("calls shorter wording concision and same-length swaps word choice", () => {
    expect(categoryForRetext("retext-simplify", "in order to", "to")).toBe("concision");
    expect(categoryForRetext("retext-simplify", "utilize", "use")).toBe("concision");
    expect(categoryForRetext("retext-simplify", "accompany", "go with")).toBe("word-choice");
    expect(categoryForRetext("retext-simplify", "very", undefined)).toBe("concision");
  });

  it("calls passive voice style", () => {
    expect(categoryForRetext("retext-passive", "thrown", undefined)).toBe("style");
  });

  it("guards category strings", () => {
    expect(isOfflineCategory("concision")).toBe(true);
    expect(isOfflineCategory("tone")).toBe(false);
  });
});
