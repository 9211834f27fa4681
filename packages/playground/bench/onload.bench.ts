// The built main.js, loaded the way Obsidian loads it (CommonJS, with
// `obsidian` and CodeMirror supplied as externals) through the playground's
// Obsidian shim in Chromium, and its onload timed over fresh apps.
// Target: onload ≤ 30 ms, heavy engines initialised lazily (after layout ready).
//   node --import tsx packages/playground/bench/onload.bench.ts   (or: pnpm bench)
import { fileURLToPath } from "node:url";
import { buildPlayground } from "../../../esbuild.config.mjs";
import { report } from "../../../test-support/bench.js";
import { chromiumAvailable, launchChromium } from "../../../test-support/browser.js";
import { serveDirectory } from "../src/server.js";

interface Result {
  rounds: number;
  evalMs: number;
  firstOnloadMs: number;
  p50: number;
  max: number;
  bytes: number;
  error?: string;
}

if (!chromiumAvailable) {
  console.log("onload bench skipped: no Chromium (apt-get install -y chromium)");
  process.exit(0);
}
await buildPlayground();
const srv = await serveDirectory(fileURLToPath(new URL("../dist", import.meta.url)));
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(`${srv.url}bench.html?rounds=30`);
  await page.waitForFunction(() => (window as unknown as { benchResult?: unknown }).benchResult !== undefined, undefined, { timeout: 120_000 });
  const r = await page.evaluate(() => (window as unknown as { benchResult: Result }).benchResult);
  if (r.error !== undefined) throw new Error(r.error);
  report("plugin-onload", [
    { metric: "main.js size", value: r.bytes / 1024, unit: "KiB" },
    { metric: "main.js evaluation (require + module init)", value: r.evalMs, unit: "ms" },
    { metric: "first onload (cold)", value: r.firstOnloadMs, unit: "ms", target: "≤ 30 ms", pass: r.firstOnloadMs <= 30 },
    { metric: `onload p50 over ${r.rounds} fresh apps`, value: r.p50, unit: "ms", target: "≤ 30 ms", pass: r.p50 <= 30 },
    { metric: "onload max", value: r.max, unit: "ms" },
  ]);
} finally {
  await browser.close();
  await srv.close();
}
