import { applyEdits, diffToEdits } from "@redline/track-edits";
import { describe, expect, it } from "vitest";
import { checkGates } from "./gates.js";
import { cleanRewrite, locateQuote, parseNotes, validateRewrite } from "./output.js";

const gates = { maxChangeRatio: 0.3, forbiddenPhrases: ["delve"], preserveMarkdown: true };
const check = (a: string, b: string) => checkGates(a, b, diffToEdits(a, b), gates);

describe("quality gates", () => {
  it("passes a light edit and refuses a rewrite that changes too much", () => {
    expect(check("The cat sat on teh mat by the door today.", "The cat sat on the mat by the door today.")).toEqual({ ok: true });
    const r = check("The cat sat on the mat by the door today, quietly.", "A dog stood beside a rug near an entrance this morning, loudly.");
    expect(r).toMatchObject({ ok: false, gate: "max-change-ratio" });
  });

  it("refuses new forbidden phrases but not ones the writer already used", () => {
    expect(check("We look at the data.", "We delve into the data.")).toMatchObject({ ok: false, gate: "forbidden-phrase", detail: "the rewrite introduced the forbidden phrase “delve”" });
    expect(check("We delve into teh data.", "We delve into the data.")).toEqual({ ok: true });
  });

  it("refuses rewrites that break Markdown structure", () => {
    expect(check("- one item here\n- two items here", "- one item here\n- two items here!")).toEqual({ ok: true });
    expect(check("- one item here\n- two items here", "One item here and two items here.")).toMatchObject({ ok: false });
    expect(check("See **this** and [that](x).", "See this and [that](x).")).toMatchObject({ ok: false, gate: "markdown-structure" });
  });
});

describe("model output", () => {
  it("strips fences, prefaces and wrapping quotes the original did not have", () => {
    expect(cleanRewrite("```\nFixed text.\n```", "Fixd text.")).toBe("Fixed text.");
    expect(cleanRewrite("Here is the revised paragraph:\n\nFixed text.", "Fixd text.")).toBe("Fixed text.");
    expect(cleanRewrite('"Fixed text."', "Fixd text.")).toBe("Fixed text.");
    expect(cleanRewrite('"Quoted."', '"Quotd."')).toBe('"Quoted."');
    expect(validateRewrite("", "Some text.")).toEqual({ ok: false, message: "the model returned an empty paragraph" });
    expect(validateRewrite(42, "Some text.")).toEqual({ ok: false, message: "the model did not return text" });
  });

  it("parses notes JSON and locates quotes", () => {
    const n = parseNotes('```json\n{"notes":[{"quote":"the argument","note":"Weak."}]}\n```');
    expect(n.success && n.data.notes[0]).toEqual({ quote: "the argument", note: "Weak." });
    expect(parseNotes('{"notes":[{"quote":"","note":"x"}]}').success).toBe(false);
    expect(locateQuote("So the  Argument fails.", "the argument")).toEqual({ from: 3, to: 16 });
  });
});

describe("changedWindow", () => {
  it("yields edits that turn the paragraph into the rewrite, no more of them than diffing it whole (property)", async () => {
    const fc = (await import("fast-check")).default;
    const { changedWindow } = await import("./run.js");
    const word = fc.constantFrom("the", "teh", "cat", "sat", "on", "mat", "quickly", "a", "an", "very", ",", ".", "utilize", "use");
    const words = fc.array(word, { minLength: 1, maxLength: 60 }).map((w) => w.join(" "));
    fc.assert(
      fc.property(words, words, fc.nat(59), (a, b, cut) => {
        // b: a with a random middle slice replaced, so most of it is shared.
        const aw = a.split(" ");
        const bw = b.split(" ").slice(0, 3);
        const mixed = [...aw.slice(0, cut % (aw.length + 1)), ...bw, ...aw.slice((cut % (aw.length + 1)) + 2)].join(" ");
        const whole = diffToEdits(a, mixed);
        const w = changedWindow(a, mixed, 8);
        const windowed = w === undefined ? [] : diffToEdits(w.original, w.rewrite, { baseOffset: w.start });
        // Repeated words can align either way; both diffs are minimal and exact.
        expect(applyEdits(a, windowed)).toBe(mixed);
        expect(windowed.length).toBeLessThanOrEqual(Math.max(1, whole.length));
      }),
      { numRuns: 400 },
    );
  });
});
