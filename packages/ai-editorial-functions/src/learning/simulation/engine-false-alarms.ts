/**
 * Real false alarms for the learning benchmark: what the project's offline
 * engine (Harper + retext, `OfflineEngine` from @redline/ai-providers) flags
 * when it proofreads CORRECT text — published Brown-corpus sentences. Each
 * finding is applied on its own and turned into candidate edits by
 * track-edits' diff → classify path, so its category and pattern key are the
 * ones the engine would really produce; its rule id and source are kept.
 *
 * Harper is slow to start and costs tens to hundreds of ms per paragraph, so
 * the pool is measured once and cached on disk, keyed by the corpus sample and
 * a hash of the engine's code and Harper's version: a changed engine is
 * re-measured, an unchanged one reuses exactly the same pool (deterministic).
 *
 * Node-only; used by the benchmark, not bundled into the plugin.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { buildTrackedEdits, isCategory } from "@redline/track-edits";
import type { Category } from "@redline/track-edits";
import type { Sentence } from "./edit-stream.js";

export interface EngineFalseAlarm {
  readonly functionId: "proofread";
  readonly category: Category;
  readonly patternKey: string;
  readonly ruleId: string;
  readonly source: string;
  readonly original: string;
  readonly replacement: string;
  readonly sentence: string;
}

export interface FalseAlarmPool {
  /** What the cache is keyed by. */
  readonly key: string;
  readonly engine: string;
  /** Clean sentences proofread. */
  readonly sentences: number;
  /** Findings the engine made on them (every one is a false alarm: the text was correct). */
  readonly findings: number;
  readonly items: readonly EngineFalseAlarm[];
  /** Wall time of the measurement (0 when read from the cache). */
  readonly measuredMs: number;
  readonly cached: boolean;
}

/** Minimal view of the engine, so tests can inject a fake and the bench the real one. */
export interface ProofreadingEngine {
  proofread(text: string): Promise<{ readonly findings: readonly { readonly from: number; readonly to: number; readonly replacement: string; readonly ruleId: string; readonly source: string }[] }>;
  dispose(): Promise<void>;
}

const require = createRequire(import.meta.url);

/** Hash of the offline engine's sources plus Harper's version: the pool is re-measured when either changes. */
export function engineFingerprint(): string {
  const h = createHash("sha256");
  const providersEntry = require.resolve("@redline/ai-providers");
  // The workspace package resolves to its src/index.ts; the engine lives in src/offline.
  const offlineDir = join(dirname(providersEntry), "offline");
  if (existsSync(offlineDir)) {
    for (const f of readdirSync(offlineDir).filter((x) => x.endsWith(".ts") && !x.endsWith(".test.ts")).sort()) {
      h.update(f);
      h.update(readFileSync(join(offlineDir, f)));
    }
  }
  let harper = "unknown";
  try {
    // harper.js is a dependency of ai-providers; look for it the way Node would, from there up.
    let dir = dirname(providersEntry);
    while (!existsSync(join(dir, "node_modules", "harper.js", "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
    harper = (JSON.parse(readFileSync(join(dir, "node_modules", "harper.js", "package.json"), "utf8")) as { version: string }).version;
  } catch {
    // No harper.js found: the source hash alone keys the cache.
  }
  h.update(harper);
  return `harper.js@${harper}+offline:${h.digest("hex").slice(0, 12)}`;
}

/** Every `stride`-th sentence, up to `count`: spread over the corpus's genres. */
export function sampleSentences(sentences: readonly Sentence[], count: number): Sentence[] {
  const stride = Math.max(1, Math.floor(sentences.length / Math.max(1, count)));
  return sentences.filter((_, i) => i % stride === 0).slice(0, count);
}

/** Proofreads clean sentences with the engine and turns each finding into candidate edits. */
export async function measureFalseAlarms(engine: ProofreadingEngine, sentences: readonly Sentence[]): Promise<{ findings: number; items: EngineFalseAlarm[] }> {
  const items: EngineFalseAlarm[] = [];
  let findings = 0;
  // One paragraph per sentence: the engine lints paragraph by paragraph, so offsets stay per sentence.
  const texts = sentences.map((s) => s.text);
  const joined = texts.join("\n\n");
  const starts: number[] = [];
  let at = 0;
  for (const t of texts) {
    starts.push(at);
    at += t.length + 2;
  }
  const result = await engine.proofread(joined);
  for (const f of result.findings) {
    let si = 0;
    while (si + 1 < starts.length && (starts[si + 1] ?? Infinity) <= f.from) si++;
    const text = texts[si];
    const start = starts[si];
    if (text === undefined || start === undefined || f.to - start > text.length) continue;
    findings++;
    const rewritten = text.slice(0, f.from - start) + f.replacement + text.slice(f.to - start);
    for (const e of buildTrackedEdits(text, rewritten, { source: { functionId: "proofread" }, createdAt: 0 })) {
      if (!isCategory(e.category)) continue;
      items.push({ functionId: "proofread", category: e.category, patternKey: e.patternKey, ruleId: f.ruleId, source: f.source, original: e.original, replacement: e.replacement, sentence: text });
    }
  }
  return { findings, items };
}

/**
 * The pool for `sentences`, from the cache file when it was measured with the
 * same sample and engine, otherwise measured now with `createEngine()` and cached.
 */
export async function loadFalseAlarmPool(options: {
  readonly sentences: readonly Sentence[];
  readonly cacheFile: string;
  readonly createEngine: () => ProofreadingEngine;
}): Promise<FalseAlarmPool> {
  const engine = engineFingerprint();
  const sample = createHash("sha256").update(options.sentences.map((s) => s.text).join("\n")).digest("hex").slice(0, 12);
  const key = `${engine}|brown-sample:${options.sentences.length}:${sample}`;
  if (existsSync(options.cacheFile)) {
    try {
      const cached = JSON.parse(readFileSync(options.cacheFile, "utf8")) as Omit<FalseAlarmPool, "cached" | "measuredMs">;
      if (cached.key === key) return { ...cached, measuredMs: 0, cached: true };
    } catch {
      // An unreadable cache is measured again.
    }
  }
  const t0 = performance.now();
  const eng = options.createEngine();
  let measured: { findings: number; items: EngineFalseAlarm[] };
  try {
    measured = await measureFalseAlarms(eng, options.sentences);
  } finally {
    await eng.dispose();
  }
  const pool = { key, engine, sentences: options.sentences.length, findings: measured.findings, items: measured.items };
  mkdirSync(dirname(options.cacheFile), { recursive: true });
  writeFileSync(options.cacheFile, JSON.stringify(pool));
  return { ...pool, measuredMs: performance.now() - t0, cached: false };
}
