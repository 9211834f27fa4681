import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromCriticMarkup, toCriticMarkup } from "./criticmarkup.js";
import type { PendingItem } from "./types.js";

const source = { functionId: "test" };
const opts = { source, createdAt: 1 };

function edit(from: number, to: number, text: string, replacement: string, explanation = ""): PendingItem {
  return { kind: "edit", id: `e${from}`, from, to, original: text.slice(from, to), replacement, source, category: "style", patternKey: "", confidence: 1, clusterId: "c", createdAt: 1, explanation };
}

const shape = (items: readonly PendingItem[]) =>
  items.map((i) => (i.kind === "edit" ? { kind: i.kind, from: i.from, to: i.to, original: i.original, replacement: i.replacement, explanation: i.explanation } : { kind: i.kind, from: i.from, to: i.to, original: i.original, note: i.note }));

describe("CriticMarkup", () => {
  it("exports insertions, deletions, substitutions, explanations and comments", () => {
    const text = "We utilize the the tools today.";
    const items: PendingItem[] = [
      edit(3, 10, text, "use", "Plainer word."),
      edit(11, 15, text, ""),
      edit(25, 25, text, "very "),
      { kind: "comment", id: "n", from: 25, to: 30, original: "today", note: "Which day?", source, clusterId: "c", createdAt: 1 },
    ];
    expect(toCriticMarkup(text, items)).toBe("We {~~utilize~>use~~}{>>Plainer word.<<} {--the --}the tools {++very ++}{==today==}{>>Which day?<<}.");
  });

  it("imports CriticMarkup written by other tools", () => {
    const r = fromCriticMarkup("Hello {++big ++}world{-- again--}. {~~Bye~>Goodbye~~}{>>friendlier<<} {>>standalone<<}", opts);
    expect(r.text).toBe("Hello world again. Bye ");
    expect(shape(r.items)).toEqual([
      { kind: "edit", from: 6, to: 6, original: "", replacement: "big ", explanation: "" },
      { kind: "edit", from: 11, to: 17, original: " again", replacement: "", explanation: "" },
      { kind: "edit", from: 19, to: 22, original: "Bye", replacement: "Goodbye", explanation: "friendlier" },
      { kind: "comment", from: 23, to: 23, original: "", note: "standalone" },
    ]);
    expect(r.items[2]?.kind === "edit" && r.items[2].category).toBe("word-choice");
  });

  it("round-trips text that already contains braces, backslashes and markup-like sequences", () => {
    const text = "Set {x} to \\{++y++} and {--z--} or \\\\{~~w~>v~~} in $\\frac{a}{b}$ ~> }";
    const items: PendingItem[] = [edit(4, 7, text, "{y}~>}"), edit(11, 12, text, "\\")];
    const md = toCriticMarkup(text, items);
    const back = fromCriticMarkup(md, opts);
    expect(back.text).toBe(text);
    expect(shape(back.items)).toEqual(shape(items));
    expect(toCriticMarkup("plain {braces} stay", [])).toBe("plain {braces} stay");
  });

  it("round-trips any text and items (property)", () => {
    const char = fc.constantFrom("a", "b", " ", "{", "}", "+", "-", "~", ">", "<", "=", "\\", "\n");
    const str = fc.array(char, { maxLength: 12 }).map((c) => c.join(""));
    fc.assert(
      fc.property(str, fc.array(fc.tuple(fc.nat(), fc.nat(4), str, fc.boolean(), str), { maxLength: 5 }), (text, raw) => {
        const items: PendingItem[] = [];
        let pos = 0;
        for (const [gap, len, rep, isComment, note] of raw) {
          const from = Math.min(text.length, pos + (gap % 4));
          const to = Math.min(text.length, from + len);
          if (isComment) items.push({ kind: "comment", id: `n${from}`, from, to, original: text.slice(from, to), note, source, clusterId: "c", createdAt: 1 });
          else if (to > from || rep !== "") items.push(edit(from, to, text, rep, note));
          else continue;
          // Keep items apart so adjacency never makes two items ambiguous.
          pos = to + 1;
        }
        const back = fromCriticMarkup(toCriticMarkup(text, items), opts);
        expect(back.text).toBe(text);
        expect(shape(back.items)).toEqual(shape(items));
      }),
      { numRuns: 1500 },
    );
  });

  it("reports unclosed markup clearly", () => {
    expect(() => fromCriticMarkup("a {++b", opts)).toThrow(`unclosed markup, expected "++}"`);
  });
});
