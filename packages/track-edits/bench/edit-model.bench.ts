// The edit model on a book-length note: keystroke cost with 10,000 pending
// edits, accept-all of those edits, and the word diff against jsdiff.
//   BENCH_ONLY=edit-model node scripts/bench.mjs
import { history } from "@codemirror/commands";
import { EditorState, type Transaction } from "@codemirror/state";
import { diffWordsWithSpace } from "diff";
import { performance } from "node:perf_hooks";
import { report, summarise, timeIt, type BenchRow } from "../../../test-support/bench.js";
import { ReviewDecorations, acceptItems, diffToEdits, pendingCount, pendingItems, proposeEdits, trackEditsState } from "../src/index.js";
import { brownNote, brownSentences, spreadEdits } from "../test/corpus.js";

const rows: BenchRow[] = [];
// The benchmark machine is shared (2 cores, often a load of 10+): wall-clock
// percentiles mostly measure other processes. Each sample is also timed in
// process CPU time (getrusage, µs resolution), which excludes time the OS gave
// to others; targets are judged on CPU time and both are reported.
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

// ---------------------------------------------------------------- setup
const note = brownNote(250_000);
const wordCount = note.split(/\s+/u).length;
const edits = spreadEdits(note, 10_000);
let state = EditorState.create({ doc: note, extensions: [history(), trackEditsState({ protectMarkdown: true })] });
const t0 = performance.now();
state = state.update(proposeEdits(state, edits)).state;
const proposeMs = performance.now() - t0;
if (pendingCount(state) !== 10_000) throw new Error(`expected 10000 pending edits, got ${pendingCount(state)}`);
rows.push({ metric: "note size", value: wordCount, unit: "words" });
rows.push({ metric: "pending edits", value: pendingCount(state), unit: "" });
rows.push({ metric: "propose 10,000 edits (incl. protected-span scan)", value: proposeMs, unit: "ms" });

// ---------------------------------------------------------------- keystrokes
// Typing at a cursor in the middle of the note: each sample is one typing
// transaction (state update: field mapping, invalidation check, history) plus
// the view's decoration update for it (mapping the visible decorations).
function typeSamples(start: EditorState, n: number): { samples: number[]; cpu: number[]; end: EditorState } {
  let s = start;
  let pos = Math.floor(s.doc.length / 2);
  // Start typing in a gap between edits so the writer's words don't touch them.
  while (pendingItems(s, pos - 40, pos + 40).length > 0) pos += 37;
  const viewport = () => [{ from: Math.max(0, pos - 3000), to: Math.min(s.doc.length, pos + 3000) }];
  const deco = new ReviewDecorations(s, viewport());
  const samples: number[] = [];
  const cpu: number[] = [];
  const text = "The quick brown fox jumps over the lazy dog. ";
  for (let i = 0; i < n; i++) {
    const ch = text[i % text.length] ?? "x";
    const c = cpuMs();
    const t = performance.now();
    const tr: Transaction = s.update({ changes: { from: pos, insert: ch }, selection: { anchor: pos + 1 }, userEvent: "input.type" });
    s = tr.state;
    deco.update(s, tr.changes, viewport(), false, true);
    samples.push(performance.now() - t);
    cpu.push(cpuMs() - c);
    pos++;
  }
  return { samples, cpu, end: s };
}
gc();
typeSamples(state, 500); // warm-up
// Five rounds; the median round's p99 discounts a round hit by a neighbour's burst.
const rounds = Array.from({ length: 5 }, () => typeSamples(state, 2000));
const typed = { samples: rounds.flatMap((r) => r.samples), cpu: rounds.flatMap((r) => r.cpu) };
const typing = summarise(typed.samples);
const typingCpu = summarise(typed.cpu);
const roundP99 = rounds.map((r) => summarise(r.cpu).p99).sort((a, b) => a - b);
const medianRoundP99 = roundP99[2] ?? Number.NaN;
rows.push({ metric: "keystroke CPU p50 (state update + decoration mapping)", value: typingCpu.p50, unit: "ms" });
rows.push({ metric: "keystroke CPU p99 (10,000 keystrokes)", value: typingCpu.p99, unit: "ms" });
rows.push({ metric: "keystroke CPU p99, median of 5 rounds of 2,000", value: medianRoundP99, unit: "ms", target: "≤ 0.5 ms", pass: medianRoundP99 <= 0.5 });
rows.push({ metric: "keystroke wall p50", value: typing.p50, unit: "ms" });
rows.push({ metric: "keystroke wall p99 (includes other processes' time slices)", value: typing.p99, unit: "ms" });

// Scaling check: the same on a note ten times smaller. Flat cost means no
// whole-document work per keystroke.
const small = brownNote(25_000);
let smallState = EditorState.create({ doc: small, extensions: [history(), trackEditsState()] });
smallState = smallState.update(proposeEdits(smallState, spreadEdits(small, 1_000))).state;
typeSamples(smallState, 500);
const smallTyping = summarise(typeSamples(smallState, 5000).cpu);
rows.push({ metric: "keystroke CPU p50 on 25,000 words / 1,000 edits", value: smallTyping.p50, unit: "ms" });
rows.push({
  metric: "keystroke p50 ratio 250k/25k words (1 = no whole-document scan)",
  value: typingCpu.p50 / smallTyping.p50,
  unit: "x",
  target: "< 2",
  pass: typingCpu.p50 / smallTyping.p50 < 2,
});
// Baseline in the same run: what one whole-document read per keystroke costs.
const fresh = EditorState.create({ doc: note });
let k = 0;
const toStringCost = await timeIt(() => fresh.update({ changes: { from: k++ % 1000, insert: "x" } }).state.doc.toString(), 200);
rows.push({ metric: "baseline: doc.toString() of the note, p50 (a whole-document scan)", value: toStringCost.p50, unit: "ms" });

// ---------------------------------------------------------------- accept-all
gc();
const acceptSamples: number[] = [];
const acceptCpu: number[] = [];
let accepted: EditorState = state;
for (let i = 0; i < 12; i++) {
  gc();
  const c = cpuMs();
  const t = performance.now();
  // What the accept-all command does: collect, build one transaction, apply it.
  accepted = state.update(acceptItems(state, pendingItems(state))).state;
  acceptSamples.push(performance.now() - t);
  acceptCpu.push(cpuMs() - c);
}
if (pendingCount(accepted) !== 0) throw new Error("accept-all left edits pending");
const acceptAll = summarise(acceptSamples.slice(2));
const acceptAllCpu = summarise(acceptCpu.slice(2));
// Judged on wall time, what the writer waits for: process CPU time also counts
// V8's parallel GC threads, so it exceeds wall time here when the machine is quiet.
rows.push({ metric: "accept-all 10,000 edits, one transaction, wall p50", value: acceptAll.p50, unit: "ms", target: "≤ 50 ms", pass: acceptAll.p50 <= 50 });
rows.push({ metric: "accept-all CPU p50 (all threads, incl. parallel GC)", value: acceptAllCpu.p50, unit: "ms" });
rows.push({ metric: "accept-all wall min", value: Math.min(...acceptSamples.slice(2)), unit: "ms" });

// ---------------------------------------------------------------- diff vs jsdiff
const sentences = brownSentences().slice(2000);
const passageWords: string[] = [];
for (const s of sentences) {
  passageWords.push(...s.split(" "));
  if (passageWords.length >= 5000) break;
}
const passage = passageWords.slice(0, 5000).join(" ");
// ~5% of words changed, deterministically: replaced, deleted or doubled.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const rewritten = passageWords
  .slice(0, 5000)
  .flatMap((w) => {
    if (rand() >= 0.05) return [w];
    const r = rand();
    return r < 0.6 ? [`${w}ly`] : r < 0.8 ? [] : [w, "really"];
  })
  .join(" ");
// Interleaved, so both see the same machine load.
const oursT: number[] = [];
const theirsT: number[] = [];
for (let i = 0; i < 35; i++) {
  let c = cpuMs();
  diffToEdits(passage, rewritten);
  if (i >= 5) oursT.push(cpuMs() - c);
  c = cpuMs();
  diffWordsWithSpace(passage, rewritten);
  if (i >= 5) theirsT.push(cpuMs() - c);
}
const ours = summarise(oursT);
const theirs = summarise(theirsT);
const ourEdits = diffToEdits(passage, rewritten).length;
// jsdiff's change parts; a removal directly followed by an addition is one edit.
const parts = diffWordsWithSpace(passage, rewritten);
let theirEdits = 0;
for (let i = 0; i < parts.length; i++) {
  const p = parts[i];
  if (!p || (!p.added && !p.removed)) continue;
  theirEdits++;
  const next = parts[i + 1];
  if (p.removed && next?.added) i++;
}
rows.push({ metric: "diff 5,000 words ~5% changed: diffToEdits CPU p50", value: ours.p50, unit: "ms" });
rows.push({ metric: "diff: jsdiff diffWordsWithSpace CPU p50 (baseline)", value: theirs.p50, unit: "ms" });
rows.push({ metric: "diff speed-up vs jsdiff", value: theirs.p50 / ours.p50, unit: "x", target: "≥ 3×", pass: theirs.p50 / ours.p50 >= 3 });
rows.push({ metric: "edits: diffToEdits", value: ourEdits, unit: "" });
rows.push({ metric: "edits: jsdiff (change groups)", value: theirEdits, unit: "", target: "ours ≤ theirs", pass: ourEdits <= theirEdits });

report("track-edits-edit-model", rows);
if (rows.some((r) => r.pass === false)) process.exitCode = 1;
