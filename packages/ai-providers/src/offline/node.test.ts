import { mkdtempSync, readdirSync, rmSync, statSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { OfflineEngine } from "./engine.js";
import { harperStateLoader } from "./node.js";

const SAMPLE = "I recieve teh mesage from Zbigniewska every morning. Its a nice day, isnt it?";

describe("harperStateLoader", () => {
  const dir = mkdtempSync(join(tmpdir(), "redline-harper-state-test-"));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const load = harperStateLoader({ dir });
  const stateFile = () => {
    const files = readdirSync(dir).filter((f) => f.endsWith(".state"));
    expect(files).toHaveLength(1);
    return join(dir, files[0] ?? "");
  };

  it("builds Harper when nothing is saved, saves its state, and a later load restores it and lints the same", async () => {
    const built = await load({ dialect: 0 });
    expect(built.origin).toBe("built");
    const expected = await built.lint(SAMPLE);
    expect(expected.map((r) => r.problemText)).toEqual(expect.arrayContaining(["recieve", "teh", "mesage"]));
    await built.dispose();
    expect(statSync(stateFile()).size).toBeGreaterThan(50 * 2 ** 20);

    const restored = await load({ dialect: 0 });
    expect(restored.origin).toBe("restored");
    expect(await restored.lint(SAMPLE)).toEqual(expected);
    expect(await restored.lint(SAMPLE, { maskWords: ["Zbigniewska"] })).toEqual(expected.filter((r) => r.problemText !== "Zbigniewska"));
    expect(await restored.knownWords(["Paris", "Symphony", "Koussevitzky", "recieve"])).toEqual([true, true, false, false]);
    await restored.dispose();
  });

  it("ignores a damaged state and builds afresh", async () => {
    const file = stateFile();
    truncateSync(file, statSync(file).size >> 1);
    const backend = await load({ dialect: 0 });
    expect(backend.origin).toBe("built");
    expect((await backend.lint("teh")).map((r) => r.suggestions[0]?.text)).toContain("the");
    await backend.dispose();
  });

  it("serves the engine, rule set and user words included", async () => {
    const engine = new OfflineEngine({ loadHarper: load, words: ["Okonkwo"] });
    const r = await engine.proofread("Okonkwo could of sent teh letter.");
    expect(r.text).toBe("Okonkwo could have sent the letter.");
    await engine.dispose();
  });
});
