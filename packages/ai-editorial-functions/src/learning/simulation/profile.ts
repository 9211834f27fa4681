import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CATEGORIES } from "@redline/track-edits";
import { z } from "zod";

/**
 * A simulated-writer profile for the learning benchmark (format documented in
 * ../shared/learning-bench/README.md). Validated strictly so a typo in a
 * category or a probability out of range is an error, not a silent default.
 */
const probability = z.number().min(0).max(1);
const categoryMap = z.partialRecord(z.enum(CATEGORIES), probability);
const PATTERN_KEY = /^[^→]*→[^→]*$/u;
const patternMap = z.record(z.string(), probability);
const BAD_KEY = "a pattern key is `from→to`, lower-case, with one U+2192 arrow";

export const profileSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    users: z.number().int().min(1).max(100_000),
    decisions: z.number().int().min(1).max(1_000_000),
    seed: z.number().int(),
    noise: z.number().min(0).max(0.5).default(0),
    ignoreRate: z.number().min(0).max(0.99).default(0),
    accept: categoryMap.default({}),
    acceptWrong: probability.default(0.05),
    patterns: patternMap.default({}),
    drift: z
      .array(z.object({ at: z.number().int().min(0), accept: categoryMap.default({}), patterns: patternMap.default({}) }).strict())
      .default([]),
  })
  .strict()
  .superRefine((p, ctx) => {
    const checkKeys = (m: Record<string, number>, path: (string | number)[]) => {
      for (const k of Object.keys(m)) if (!PATTERN_KEY.test(k)) ctx.addIssue({ code: "custom", path: [...path, k], message: `"${k}": ${BAD_KEY}` });
    };
    checkKeys(p.patterns, ["patterns"]);
    p.drift.forEach((d, i) => { checkKeys(d.patterns, ["drift", i, "patterns"]); });
    p.drift.forEach((d, i) => {
      if (d.at >= p.decisions) ctx.addIssue({ code: "custom", path: ["drift", i, "at"], message: `drift at ${d.at} is beyond the last decision (${p.decisions - 1})` });
      const prev = p.drift[i - 1];
      if (prev && d.at <= prev.at) ctx.addIssue({ code: "custom", path: ["drift", i, "at"], message: "drift entries must be in increasing order of `at`" });
    });
  });

export type Profile = z.infer<typeof profileSchema>;

/** Parses one profile, with an error that names the file and the field. */
export function parseProfile(json: unknown, source: string): Profile {
  const r = profileSchema.safeParse(json);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  ${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`);
  throw new Error(`Invalid learning-bench profile ${source}:\n${lines.join("\n")}`);
}

/** Loads every *.json profile in `dir`, sorted by file name. */
export function loadProfiles(dir: string): Profile[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  } catch (e) {
    throw new Error(`Cannot read the profiles directory ${dir}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (files.length === 0) throw new Error(`No *.json profiles in ${dir}`);
  return files.map((f) => {
    const path = join(dir, f);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, "utf8"));
    } catch (e) {
      throw new Error(`Invalid learning-bench profile ${path}: not JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    return parseProfile(json, path);
  });
}
