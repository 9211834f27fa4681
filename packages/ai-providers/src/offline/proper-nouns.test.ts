import { describe, expect, it } from "vitest";
import {
  collectDocumentNames,
  hasNameShape,
  isLikelyProperNoun,
  isMaskableName,
  isMaskArtefact,
  isSentenceStart,
  isSettledName,
  isTitleLine,
  maskableNames,
  maskedNameSpans,
  nameCandidates,
  nameKey,
} from "./proper-nouns.js";

function ctx(text: string) {
  return { text, documentNames: collectDocumentNames(text) };
}

describe("proper nouns", () => {
  it("recognises acronyms, camelCase and alphanumerics by shape", () => {
    expect(hasNameShape("NASA")).toBe(true);
    expect(hasNameShape("iPhone")).toBe(true);
    expect(hasNameShape("GPT4")).toBe(true);
    expect(hasNameShape("Okonkwo")).toBe(false);
    expect(hasNameShape("recieve")).toBe(false);
  });

  it("knows sentence starts through quotes, list markers and headings", () => {
    const text = 'He left. "Okonkwo came."\n- Zorba ran\n## Xu wins';
    expect(isSentenceStart(text, 0)).toBe(true);
    expect(isSentenceStart(text, text.indexOf("Okonkwo"))).toBe(true);
    expect(isSentenceStart(text, text.indexOf("Zorba"))).toBe(true);
    expect(isSentenceStart(text, text.indexOf("Xu"))).toBe(true);
    expect(isSentenceStart(text, text.indexOf("left"))).toBe(false);
    expect(isSentenceStart("Call Ms. Adaeze now.", 9)).toBe(false);
  });

  it("treats a capitalised mid-sentence unknown word as a name", () => {
    const text = "We met Okonkwo in Lagos.";
    expect(isLikelyProperNoun("Okonkwo", text.indexOf("Okonkwo"), ctx(text), ["Okinawa"])).toBe(true);
  });

  it("keeps a misspelt name the dictionary knows (capitalised near-spelling)", () => {
    const text = "We sailed the Carribean sea.";
    expect(isLikelyProperNoun("Carribean", text.indexOf("Carribean"), ctx(text), ["Caribbean"])).toBe(false);
  });

  it("treats a sentence-initial word as a name only when the document also uses it mid-sentence", () => {
    const once = "Okonkwo left early.";
    expect(isLikelyProperNoun("Okonkwo", 0, ctx(once), ["Okinawa"])).toBe(true);
    const typo = "Recieve it early.";
    expect(isLikelyProperNoun("Recieve", 0, ctx(typo), ["Receive"])).toBe(false);
    const twice = "Okonkwo left early. Later Okonkwo's sister came.";
    expect(nameKey("Okonkwo's")).toBe("Okonkwo");
    expect(isLikelyProperNoun("Okonkwo", 0, ctx(twice), [])).toBe(true);
  });

  it("never treats a lower-case word as a name", () => {
    const text = "I recieve mail.";
    expect(isLikelyProperNoun("recieve", 2, ctx(text), ["receive"])).toBe(false);
  });

  describe("names kept from Harper", () => {
    const none = { has: () => false };

    it("masks foreign-shaped names, acronyms and camelCase, but not English-shaped words", () => {
      for (const name of ["Zbigniewska", "Brzęczyszczykiewicz", "Okonkwo", "Nnamdi", "Nguyen", "Qadir", "Chloë", "NASA", "McDonald"]) expect(isMaskableName(name, none), name).toBe(true);
      // By shape alone; English-shaped words are the dictionary's question (nameCandidates, then the engine).
      for (const word of ["Carribean", "Thorbjornsen", "Recieve", "accomodation", "czar", "Ivy", "GPT4", "Jean-Baptiste"]) expect(isMaskableName(word, none), word).toBe(false);
    });

    it("masks an English-shaped name once the session has settled it", () => {
      expect(isMaskableName("Thorbjornsen", { has: (n) => n === "Thorbjornsen" })).toBe(true);
      expect(isMaskableName("thorbjornsen", { has: () => true })).toBe(false);
    });

    it("settles only names with no dictionary word within a slip", () => {
      expect(isSettledName("Thorbjornsen", [])).toBe(true);
      expect(isSettledName("Kjellberg", ["Kellogg"])).toBe(true);
      expect(isSettledName("Carribean", ["Caribbean"])).toBe(false);
      expect(isSettledName("recieve", [])).toBe(false);
    });

    it("lists a paragraph's maskable names once each, without possessive endings", () => {
      expect(maskableNames("Zbigniewska's dog met Zbigniewska and NASA near the Carribean.", none)).toEqual(["Zbigniewska", "NASA"]);
    });
  });

  describe("English-shaped names the dictionary is asked about", () => {
    it("offers capitalised words in running text, sentence-initial ones only with the document's evidence", () => {
      const text = "Giffen met Koussevitzky's brother and Paris at noon. Later Giffen left; Sarmi stayed with NASA.";
      expect(nameCandidates(text, new Set(["NASA"]), new Set())).toEqual(["Koussevitzky", "Paris", "Giffen"]);
      expect(nameCandidates(text, new Set(), new Set(["Sarmi"]))).toContain("Sarmi");
      expect(nameCandidates("the Ivy and Xu went", new Set(), new Set())).toEqual([]);
    });

    it("leaves headings and title-case lines alone: capitals there do not mark names", () => {
      expect(isTitleLine("## Notes on the Recieve Button")).toBe(true);
      expect(isTitleLine("The Department Of Educaton Said So Yesterday.")).toBe(true);
      expect(isTitleLine("I heard it when Koussevitzky conducted in Paris, and Prokofieff's Classical Symphony too.")).toBe(false);
      expect(nameCandidates("Notes From The Recieve Button Meeting\nPress the Recieve button.", new Set(), new Set())).toEqual(["Recieve"]);
    });

    it("finds masked names as Harper's mask does, with the whitespace before them", () => {
      const text = "We met Anna, Zbigniewska's aunt and Zbigniewskas.";
      expect(maskedNameSpans(text, ["Zbigniewska"])).toEqual([{ from: 13, to: 26, lead: 12 }]);
      expect(maskedNameSpans("Brzęczyszczykiewicz and Brzęczyszczykiewiczowa", ["Brzęczyszczykiewicz"])).toEqual([{ from: 0, to: 19, lead: 0 }]);
    });

    it("tells Harper's verdicts made without the masked name from real ones", () => {
      const text = "We met Anna, Zbigniewska and an Zbigniewska, the Zbigniewska the day.";
      const spans = maskedNameSpans(text, ["Zbigniewska"]);
      const at = (s: string, from = 0) => [text.indexOf(s, from), text.indexOf(s, from) + s.length] as const;
      expect(isMaskArtefact("CommaFixes", ...at(","), spans)).toBe(true);
      expect(isMaskArtefact("AnA", ...at("an Z"), spans)).toBe(false);
      expect(isMaskArtefact("AnA", at("an Z")[0], at("an Z")[0] + 2, spans)).toBe(true);
      expect(isMaskArtefact("RepeatedWords", ...at("the Zbigniewska the"), spans)).toBe(true);
      // Rules that judge a word by what follows are artefacts only right before a name; others only across one.
      expect(isMaskArtefact("RepeatedWords", at("and")[0], at("and")[1], spans)).toBe(false);
      expect(isMaskArtefact("CommaFixes", ...at("met"), spans)).toBe(false);
    });
  });
});
