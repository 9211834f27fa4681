// npm test: install, build, type-check, lint, and run every test (unit,
// property, and browser when Chromium is present). The last line is
// "N passed, N failed" over every test run.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { pnpm } from "./pnpm.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const ci = process.env.CI === "true" || process.env.CI === "1";
const chromium = process.env.REDLINE_CHROMIUM ?? "/usr/bin/chromium";
const requireBrowser = process.env.REDLINE_REQUIRE_BROWSER === "1";
const failures = [];

function run(name, cmd, args, env = {}) {
  const started = Date.now();
  console.log(`\n=== ${name}`);
  const res = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  const code = res.status ?? 1;
  console.log(`=== ${name}: ${code === 0 ? "ok" : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  if (code !== 0) failures.push(name);
  return code;
}

console.log("\n=== install");
if (pnpm(["install", ...(ci ? ["--frozen-lockfile"] : ["--prefer-offline"])]) !== 0) {
  console.error("install failed");
  console.log("0 passed, 1 failed");
  process.exit(1);
}

const node = process.execPath;
run("build", node, ["scripts/pnpm.mjs", "-r", "build"]);
run("typecheck", node, ["scripts/typecheck.mjs"]);
run("lint", node, ["node_modules/eslint/bin/eslint.js", "--max-warnings", "0", "."]);

const hasChromium = existsSync(chromium);
const projects = ["ai-providers", "track-edits", "ai-editorial-functions", "obsidian-plugin", "playground"];
if (hasChromium) {
  projects.push("browser");
} else if (requireBrowser) {
  console.error(`\nREDLINE_REQUIRE_BROWSER=1 but Chromium is missing at ${chromium}: install with apt-get install -y chromium`);
  failures.push("browser (Chromium missing)");
} else {
  console.log("\n" + "!".repeat(78));
  console.log("SKIPPED browser tests: install with apt-get install -y chromium");
  console.log("!".repeat(78));
}

mkdirSync(`${root}/.artifacts`, { recursive: true });
const report = `${root}/.artifacts/vitest-report.json`;
rmSync(report, { force: true });
run("tests", node, [
  "node_modules/vitest/vitest.mjs",
  "run",
  ...projects.map((p) => `--project=${p}`),
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${report}`,
]);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, "utf8"));
  passed = r.numPassedTests;
  failed = r.numFailedTests;
  skipped = r.numPendingTests + r.numTodoTests;
  // A suite that failed to load counts as a failure even with no test inside.
  failed += r.testResults.filter((t) => t.status === "failed" && t.assertionResults.length === 0).length;
} else {
  failed = 1;
}
if (failures.length) console.log(`\nfailed steps: ${failures.join(", ")}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failures.length || failed ? 1 : 0);
