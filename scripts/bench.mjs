// pnpm bench: runs every committed benchmark (packages/*/bench/*.bench.ts).
// pnpm bench:learning [--profiles DIR]: runs only the learning benchmark.
// Benchmarks report ratios against a baseline measured in the same run, so
// they stay meaningful on a shared, noisy machine. Results land in bench-results/.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const learningOnly = args[0] === "learning";
const passthrough = learningOnly ? args.slice(1) : args;
const only = learningOnly ? "learning" : process.env.BENCH_ONLY;

const benches = [];
for (const pkg of readdirSync(`${root}/packages`)) {
  const dir = `${root}/packages/${pkg}/bench`;
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir).sort()) {
    if (f.endsWith(".bench.ts") && (!only || f.includes(only))) benches.push(`packages/${pkg}/bench/${f}`);
  }
}
if (benches.length === 0) {
  console.error(`no benchmarks found${only ? ` matching "${only}"` : ""}`);
  process.exit(1);
}
let failed = 0;
for (const bench of benches) {
  console.log(`\n##### ${bench}`);
  const res = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", bench, ...passthrough], { cwd: root, stdio: "inherit" });
  if (res.status !== 0) {
    console.error(`benchmark failed: ${bench} (exit ${res.status})`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
