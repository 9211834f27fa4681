// A first benchmark so `pnpm bench` is never a dead command; the track-edits
// issue adds the keystroke, accept-all and diff benchmarks beside it.
import { patternKey } from "../src/index.js";
import { report, timeIt } from "../../../test-support/bench.js";

const pairs = Array.from({ length: 1000 }, (_, i) => [`Utilize  ${i}`, `use ${i}`] as const);
const baseline = await timeIt(() => pairs.map(([a, b]) => `${a}\u2192${b}`), 200);
const ours = await timeIt(() => pairs.map(([a, b]) => patternKey(a, b)), 200);
report("track-edits-pattern-key", [
  { metric: "patternKey x1000 p50", value: ours.p50, unit: "ms" },
  { metric: "plain concatenation x1000 p50 (baseline)", value: baseline.p50, unit: "ms" },
  { metric: "ratio to baseline", value: ours.p50 / baseline.p50, unit: "x" },
]);
