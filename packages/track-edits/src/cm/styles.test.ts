import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { TRACK_EDITS_CSS } from "./styles.js";

const file = fileURLToPath(new URL("../../styles.css", import.meta.url));

describe("styles.css", () => {
  it("is the same text as TRACK_EDITS_CSS (regenerate with APPROVE=1)", () => {
    if (process.env.APPROVE === "1") writeFileSync(file, TRACK_EDITS_CSS);
    expect(readFileSync(file, "utf8")).toBe(TRACK_EDITS_CSS);
  });

  it("uses theme variables for every colour and marks changes without relying on colour", () => {
    const colourLines = TRACK_EDITS_CSS.split("\n").filter((l) => /(?:^|\s)(?:color|background(?:-color)?|border|outline|box-shadow|text-decoration-color):/u.test(l));
    for (const l of colourLines) if (/#[0-9a-f]{3,6}|rgba?\(/iu.test(l)) expect(l, l).toMatch(/var\(--/u);
    expect(TRACK_EDITS_CSS).toMatch(/\.rl-del \{[^}]*text-decoration: line-through/u);
    expect(TRACK_EDITS_CSS).toMatch(/\.rl-ins \{[^}]*text-decoration: underline/u);
  });
});
