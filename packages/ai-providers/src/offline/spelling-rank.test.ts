import { describe, expect, it } from "vitest";
import { matchCase, rankSpellingCandidates, typoCost } from "./spelling-rank.js";

describe("spelling candidate ranking", () => {
  it("prices common slips below arbitrary edits", () => {
    expect(typoCost("writen", "written")).toBeLessThan(typoCost("writen", "write"));
    expect(typoCost("isnt", "isn't")).toBeLessThan(typoCost("isnt", "inst"));
    expect(typoCost("monitores", "monitors")).toBeLessThan(typoCost("monitores", "monitor's"));
    expect(typoCost("recieve", "receive")).toBeLessThan(1);
    expect(typoCost("same", "same")).toBe(0);
  });

  it("puts the likeliest intended word first", () => {
    expect(rankSpellingCandidates("writen", ["write", "written", "whiten"])[0]?.text).toBe("written");
    expect(rankSpellingCandidates("diferrent", ["deterrent", "different", "divergent"])[0]?.text).toBe("different");
  });

  it("prefers a whole-word correction to a word split", () => {
    expect(rankSpellingCandidates("sheping", ["shaping"], ["she ping"])[0]?.text).toBe("shaping");
  });

  it("keeps Harper's order on ties and drops the typed word itself", () => {
    const ranked = rankSpellingCandidates("teh", ["the", "teh", "tea"]);
    expect(ranked.map((c) => c.text)).toEqual(["the", "tea"]);
  });

  it("matches the writer's capitalisation", () => {
    expect(matchCase("Recieve", "receive")).toBe("Receive");
    expect(matchCase("RECIEVE", "receive")).toBe("RECEIVE");
    expect(matchCase("recieve", "receive")).toBe("receive");
  });
});
