import { expect, it } from "vitest";
import { main } from "./run-from-node.js";

it("the README's Node example runs end to end", async () => {
  const lines: string[] = [];
  const text = await main((l) => lines.push(l));
  expect(text).toBe("I receive the letters.\n\nThey arrive in order to be read, and i read them.");
  expect(lines.find((l) => l.startsWith("run "))).toMatch(/^run completed: 3 proposed, \d+ input tokens$/);
  expect(lines).toEqual(expect.arrayContaining(["learned: spelling edits (accepted 2 of 2)", "learned: capitalization edits (accepted 0 of 1)"]));
  expect(lines.at(-1)).toBe("metrics: 1 run(s), acceptance 67%");
});
