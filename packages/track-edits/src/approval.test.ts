// Approval (golden) tests: the diff and classification of every labelled
// sentence pair, rendered as text and compared exactly with the committed
// file. Regenerate deliberately with APPROVE=1 and review the git diff.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SENTENCE_PAIRS } from "./__fixtures__/sentence-pairs.js";
import { classifyEdit } from "./classify.js";
import { toCriticMarkup } from "./criticmarkup.js";
import { applyEdits, diffToEdits } from "./diff.js";
import { buildTrackedEdits } from "./edits.js";

const dir = new URL("./__approved__/", import.meta.url);

function approve(name: string, actual: string): void {
  const file = fileURLToPath(new URL(name, dir));
  if (process.env.APPROVE === "1" || !existsSync(file)) {
    if (process.env.CI !== undefined && process.env.APPROVE !== "1") throw new Error(`missing approved file ${name}; run with APPROVE=1 locally`);
    mkdirSync(fileURLToPath(dir), { recursive: true });
    writeFileSync(file, actual);
  }
  expect(actual).toBe(readFileSync(file, "utf8"));
}

function render(): string {
  const out: string[] = [];
  for (const [n, p] of SENTENCE_PAIRS.entries()) {
    const edits = buildTrackedEdits(p.original, p.rewrite, { source: { functionId: "approval" }, createdAt: 0 });
    out.push(`## ${n + 1}`, `- ${p.original}`, `+ ${p.rewrite}`, `= ${toCriticMarkup(p.original, edits)}`);
    for (const [k, e] of edits.entries()) {
      const c = classifyEdit(e.original, e.replacement, { before: p.original.slice(0, e.from), after: p.original.slice(e.to) });
      const rule = e.category === c.category ? c.rule : "word-order";
      const label = p.labels[k];
      const verdict = label === e.category ? "" : `  MISMATCH: labelled ${label ?? "(no label)"}`;
      out.push(`  ${e.from}-${e.to} ${JSON.stringify(e.original)} → ${JSON.stringify(e.replacement)}  ${e.category} (${c.operation}, ${rule})  key=${e.patternKey}  cluster=${e.clusterId}${verdict}`);
    }
    out.push("");
  }
  return out.join("\n");
}

describe("approval: diff and classification of real sentence pairs", () => {
  it("matches the approved rendering", () => {
    approve("sentence-pairs.approved.txt", render());
  });

  it.each(SENTENCE_PAIRS.map((p, i) => [i + 1, p] as const))("pair %i: apply-all gives the rewrite and reject-all the original", (_n, p) => {
    const edits = diffToEdits(p.original, p.rewrite);
    expect(applyEdits(p.original, edits)).toBe(p.rewrite);
    expect(applyEdits(p.original, [])).toBe(p.original);
  });

  it("agrees with the human labels on at least 90% of edits, and produces exactly the labelled number of edits", () => {
    let agree = 0;
    let total = 0;
    const mismatches: string[] = [];
    for (const [n, p] of SENTENCE_PAIRS.entries()) {
      const edits = buildTrackedEdits(p.original, p.rewrite, { source: { functionId: "approval" }, createdAt: 0 });
      expect(edits.length, `pair ${n + 1}`).toBe(p.labels.length);
      for (const [k, e] of edits.entries()) {
        total++;
        if (e.category === p.labels[k]) agree++;
        else mismatches.push(`pair ${n + 1}: ${e.original} → ${e.replacement}: ${e.category}, labelled ${p.labels[k] ?? "?"}`);
      }
    }
    expect(agree / total, mismatches.join("\n")).toBeGreaterThanOrEqual(0.9);
  });
});
