import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

let clockTicks: number | undefined;

/**
 * One thread's name and CPU time (user + system, ms) from Linux's
 * /proc/<pid>/task/<tid>/stat; undefined where there is no such file. Benches
 * use it to time the work on a path without the time other processes and the
 * hypervisor take from a shared machine.
 */
export function threadCpu(pid: number | "self", tid: number | string): { readonly comm: string; readonly cpuMs: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  clockTicks ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { comm: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), cpuMs: ((Number(f[11]) + Number(f[12])) * 1000) / clockTicks };
}

/** Percentile of an already sorted array (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? Number.NaN;
}

export interface Sample {
  readonly n: number;
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export function summarise(samplesMs: readonly number[]): Sample {
  const s = [...samplesMs].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  return { n: s.length, mean, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1) ?? Number.NaN };
}

/** Times `fn` `iterations` times after `warmup` untimed calls; milliseconds. */
export async function timeIt(fn: () => unknown, iterations: number, warmup = Math.min(50, iterations)): Promise<Sample> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return summarise(out);
}

export interface BenchRow {
  readonly metric: string;
  readonly value: number | string;
  readonly unit?: string;
  readonly target?: string;
  readonly pass?: boolean;
}

/** Prints a readable table and writes bench-results/<name>.json. */
export function report(name: string, rows: readonly BenchRow[], extra: Record<string, unknown> = {}): void {
  const fmt = (v: number | string) => (typeof v === "number" ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3)) : v);
  const lines = rows.map((r) => [r.metric, `${fmt(r.value)}${r.unit ? ` ${r.unit}` : ""}`, r.target ?? "", r.pass === undefined ? "" : r.pass ? "PASS" : "FAIL"]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...lines.map((l) => (l[i] ?? "").length), ["metric", "value", "target", ""][i]?.length ?? 0));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
  console.log(`\n${name}`);
  console.log(row(["metric", "value", "target", ""]));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const l of lines) console.log(row(l));
  mkdirSync("bench-results", { recursive: true });
  writeFileSync(`bench-results/${name}.json`, JSON.stringify({ name, date: new Date().toISOString(), node: process.version, rows, ...extra }, null, 2));
}
