import { describe, expect, it } from "vitest";
import { isNonWord } from "./non-words.js";

const at = (text: string, token: string, replacement: string) => {
  const from = text.indexOf(token);
  return isNonWord(text, from, from + token.length, replacement);
};

describe("isNonWord", () => {
  it("recognises initials, symbols, a number's 's and -like compounds", () => {
    expect(at("Dr. W. B. Martin", "W.", "WE")).toBe(true);
    expect(at("a bounded set S.", "S", "So")).toBe(true);
    expect(at("two Merc 800's", "s", "so")).toBe(true);
    expect(at("two Merc 800’s", "s", "so")).toBe(true);
    expect(at("Af and Af are forces", "Af", "A")).toBe(true);
    expect(at("a cranelike figure", "cranelike", "crane like")).toBe(true);
  });

  it("leaves misspelt words to the spell checker", () => {
    expect(at("I recieve it", "recieve", "receive")).toBe(false);
    expect(at("teh cat", "teh", "the")).toBe(false);
    expect(at("Teh cat", "Teh", "The")).toBe(false);
    expect(at("sat on thecat", "thecat", "the cat")).toBe(false);
    // A misspelt -like word whose fix is not a split stays a finding.
    expect(at("a lifelkie mask", "lifelkie", "lifelike")).toBe(false);
    expect(at("a chidlike grin", "chidlike", "childlike")).toBe(false);
  });
});
