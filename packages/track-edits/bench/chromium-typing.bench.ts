// Typing in Chromium into a 250,000-word note with 10,000 pending edits: no
// main-thread task may exceed 16 ms (one frame). Tasks are read from a
// Chrome trace, so the threshold is ours, not the 50 ms of the Long Tasks API.
// Each task carries its wall time and the main thread's CPU time: on a shared
// two-core machine a task's wall time also counts the time the thread sat
// descheduled, so the same typing in the same note without suggestions is
// measured in alternating rounds as the baseline that noise is judged against.
//   BENCH_ONLY=chromium-typing node scripts/bench.mjs [ROUNDS=3]
import { execFileSync } from "node:child_process";
import { setPriority } from "node:os";
import type { Page } from "playwright-core";
import { report, type BenchRow } from "../../../test-support/bench.js";
import { chromiumAvailable, launchChromium } from "../../../test-support/browser.js";
import type { PendingItem } from "../src/types.js";
import { serveTestPage } from "../test/browser-page.js";
import { brownNote, spreadEdits } from "../test/corpus.js";
import type { PageApi } from "../test/page/main.js";

type Win = { redline: PageApi };

/** Raises the scheduling priority of this process's Chromium children; returns how many it could raise. */
function raiseChromiumPriority(): number {
  let out = "";
  try {
    out = execFileSync("ps", ["-eo", "pid=,ppid=,comm="], { encoding: "utf8" });
  } catch {
    return 0;
  }
  const rows = out.trim().split("\n").map((l) => l.trim().split(/\s+/u)).map(([pid, ppid, comm]) => ({ pid: Number(pid), ppid: Number(ppid), comm: comm ?? "" }));
  const mine = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of rows) {
      if (!mine.has(r.pid) && mine.has(r.ppid)) {
        mine.add(r.pid);
        grew = true;
      }
    }
  }
  let n = 0;
  for (const r of rows) {
    if (r.pid === process.pid || !mine.has(r.pid) || !/chrom/iu.test(r.comm)) continue;
    try {
      setPriority(r.pid, -10);
      n++;
    } catch {
      // Not permitted (not root): measured at normal priority, which the report shows.
    }
  }
  return n;
}
interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  /** Thread (CPU) time of the event, in µs. */
  tdur?: number;
  args?: { name?: string };
}

if (!chromiumAvailable) {
  console.log("chromium-typing: no Chromium, skipped");
  process.exit(0);
}

const note = brownNote(250_000);
const edits = spreadEdits(note, 10_000);
const TEXT = "The quick brown fox jumps over the lazy dog while the writer keeps typing along. ".repeat(3).slice(0, 200);

const srv = await serveTestPage();
const browser = await launchChromium();
// On a shared machine other processes' time slices land inside the renderer's tasks and read as
// long tasks. Raising the priority of this run's Chromium (when allowed; each new page is a new
// renderer) keeps wall time close to the work the page does; the baseline runs the same way.
let reniced = 0;

interface Task {
  readonly wall: number;
  readonly cpu: number;
}

async function typingRun(items: readonly PendingItem[]): Promise<{ tasks: Task[]; pending: number; typedOk: boolean }> {
  const page: Page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  await page.goto(srv.url);
  await page.waitForFunction(() => "redline" in window);
  reniced = Math.max(reniced, raiseChromiumPriority());
  const pending = await page.evaluate(([doc, list]) => (window as unknown as Win).redline.mount(doc, list), [note, items] as const);
  // Type in the middle of the note, in a gap between suggestions.
  let pos = Math.floor(note.length / 2);
  while (items.some((e) => Math.abs(e.from - pos) < 60)) pos += 17;
  pos = note.indexOf(" ", pos) + 1;
  await page.evaluate((p) => {
    (window as unknown as Win).redline.place(p);
  }, pos);
  await page.waitForTimeout(500);
  await browser.startTracing(page, { categories: ["toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline"] });
  await page.keyboard.type(TEXT, { delay: 20 });
  await page.waitForTimeout(300);
  const buf = await browser.stopTracing();
  if (process.env.TRACE_OUT) (await import("node:fs")).writeFileSync(`${process.env.TRACE_OUT}-${items.length}.json`, buf);
  const doc = await page.evaluate(() => (window as unknown as Win).redline.doc());
  const after = await page.evaluate(() => (window as unknown as Win).redline.pending().length);
  await page.close();
  const trace = JSON.parse(buf.toString("utf8")) as { traceEvents: TraceEvent[] };
  const main = trace.traceEvents.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`);
  const tasks = trace.traceEvents
    .filter((e) => e.ph === "X" && (e.name === "ThreadControllerImpl::RunTask" || e.name === "RunTask") && main.includes(`${e.pid}:${e.tid}`))
    .map((e) => ({ wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? e.dur ?? 0) / 1000 }));
  return { tasks, pending: Math.min(pending, after), typedOk: doc === note.slice(0, pos) + TEXT + note.slice(pos) };
}

const rounds = Math.max(1, Number(process.env.ROUNDS ?? 3));
const withEdits: Task[][] = [];
const plain: Task[][] = [];
let pendingMin = Infinity;
let typedOk = true;
for (let r = 0; r < rounds; r++) {
  const w = await typingRun(edits);
  withEdits.push(w.tasks);
  pendingMin = Math.min(pendingMin, w.pending);
  typedOk &&= w.typedOk;
  plain.push((await typingRun([])).tasks);
}
await browser.close();
await srv.close();

const all = (runs: Task[][]) => runs.flat();
const longest = (t: Task[], k: keyof Task) => Math.max(0, ...t.map((x) => x[k]));
const over = (t: Task[], k: keyof Task) => t.filter((d) => d[k] > 16).length;
const perRound = (runs: Task[][], k: keyof Task) => runs.map((t) => over(t, k)).join(" / ");
const w = all(withEdits);
const p = all(plain);
const rows: BenchRow[] = [];
rows.push({ metric: "note", value: "250,000 words", unit: "" });
rows.push({ metric: "pending edits while typing", value: pendingMin, unit: "" });
rows.push({ metric: "characters typed (20 ms apart), per round", value: TEXT.length, unit: "" });
rows.push({ metric: "rounds (with edits, then plain editor, alternating)", value: rounds, unit: "" });
rows.push({ metric: "Chromium processes at raised priority (0: not permitted)", value: reniced, unit: "" });
rows.push({ metric: "typed text landed exactly", value: String(typedOk), unit: "" });
rows.push({ metric: "main-thread tasks traced, 10,000 pending edits", value: w.length, unit: "" });
rows.push({ metric: "longest task CPU, 10,000 pending edits", value: longest(w, "cpu"), unit: "ms" });
rows.push({ metric: "tasks over 16 ms of main-thread CPU, 10,000 pending edits", value: over(w, "cpu"), unit: "", target: "0", pass: over(w, "cpu") === 0 });
rows.push({ metric: "longest task wall, 10,000 pending edits", value: longest(w, "wall"), unit: "ms" });
rows.push({ metric: "tasks over 16 ms wall, 10,000 pending edits (per round)", value: perRound(withEdits, "wall"), unit: "" });
rows.push({ metric: "baseline: longest task CPU / wall, same note, no edits", value: `${longest(p, "cpu").toFixed(1)} / ${longest(p, "wall").toFixed(1)}`, unit: "ms" });
rows.push({ metric: "baseline: tasks over 16 ms wall, no edits (per round)", value: perRound(plain, "wall"), unit: "" });
rows.push({
  metric: "tasks over 16 ms wall beyond the plain-editor baseline",
  value: Math.max(0, over(w, "wall") - over(p, "wall")),
  unit: "",
  target: "0",
  pass: over(w, "wall") <= over(p, "wall"),
});
report("track-edits-chromium-typing", rows);
if (!typedOk || pendingMin !== 10_000) process.exitCode = 1;
if (over(w, "cpu") > 0 || over(w, "wall") > over(p, "wall")) process.exitCode = 1;
