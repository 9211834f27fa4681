import { describe, expect, it } from "vitest";
import { findingNote } from "./finding-note.js";

const finding = (from: number, to: number, message: string) => ({ from, to, replacement: "", category: "spelling", ruleId: "SpellCheck", message });

describe("findingNote", () => {
  it("gives the writer the engine's reason for the edit, past protected spans", () => {
    // "See `code` then recieve it." masked as "See ⟦1⟧ then recieve it.", the segment starting at 100.
    const seg = { from: 100, masked: "See ⟦1⟧ then recieve it.", placeholders: ["`code`"] };
    const findings = [finding(4, 7, "not this one"), finding(13, 20, "Did you mean to spell `recieve` this way?"), finding(8, 12, "Did you mean `than`?")];
    expect(findingNote(findings, seg, { from: 116, to: 123 })).toBe("“recieve” looks misspelt.");
    expect(findingNote(findings, seg, { from: 111, to: 115 })).toBe("Did you mean “than”?");
    expect(findingNote(findings, seg, { from: 124, to: 124 })).toBeUndefined();
    expect(findingNote([], seg, { from: 116, to: 123 })).toBeUndefined();
  });
});
