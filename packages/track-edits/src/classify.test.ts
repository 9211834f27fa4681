import { describe, expect, it } from "vitest";
import { classifyEdit, editDistance } from "./classify.js";

describe("classifyEdit", () => {
  it.each([
    ["recieve", "receive", "spelling"],
    ["teh", "the", "spelling"],
    ["adn", "and", "spelling"],
    ["a", "the", "grammar"],
    ["paris", "Paris", "capitalization"],
    ["however", "however,", "punctuation"],
    ["its", "it's", "grammar"],
    ["go", "went", "grammar"],
    ["", "the ", "grammar"],
    ["in order to", "to", "concision"],
    ["very ", "", "concision"],
    ["don't", "do not", "tone"],
    ["big", "large", "word-choice"],
    ["  ", " ", "formatting"],
    ["important", "**important**", "formatting"],
  ] as const)("%j → %j is %s", (a, b, cat) => {
    const c = classifyEdit(a, b);
    expect(c.category).toBe(cat);
  });

  it("counts spacing against punctuation as punctuation, other spacing as formatting", () => {
    expect(classifyEdit(" ", "", { before: "Harry Davis", after: ", a teacher" })).toMatchObject({ category: "punctuation", rule: "space-before-punctuation" });
    expect(classifyEdit("", " ", { before: "It ended.", after: "Then it rained." })).toMatchObject({ category: "punctuation", rule: "space-after-punctuation" });
    expect(classifyEdit(" ", "", { before: "The budget ", after: "was approved." }).category).toBe("formatting");
    expect(classifyEdit("", " ", { before: "3.", after: "5 metres" }).category).toBe("formatting");
    expect(classifyEdit(" ", "").category).toBe("formatting");
  });

  it("reports the ERRANT operation and a normalised pattern key", () => {
    expect(classifyEdit("Utilize", "use")).toMatchObject({ operation: "replacement", patternKey: "utilize→use" });
    expect(classifyEdit("", "the")).toMatchObject({ operation: "missing", patternKey: "→the" });
    expect(classifyEdit("very", "")).toMatchObject({ operation: "unnecessary", patternKey: "very→" });
  });

  it("measures transpositions as one edit", () => {
    expect(editDistance("teh", "the")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
});
