/**
 * Routing benchmark (issue 3). Run: BENCH_ONLY=routing node scripts/bench.mjs
 *
 * 1. Overhead: the same streaming chat completion against the same local
 *    fake server (in its own process), three ways, interleaved round by
 *    round so machine noise hits all three alike:
 *      direct   – the OpenAI SDK straight at the server (the baseline);
 *      router   – router.stream() with a two-target fallback chain;
 *      portkey  – the OpenAI SDK through @portkey-ai/gateway 1.15.2 started
 *                 locally as a proxy, with an equivalent fallback config.
 *    Overhead = latency minus the direct baseline (median and p99).
 * 2. Failover: primary hard-down (connection refused; separately, no
 *    response at all), fallback up. First request of a fresh router, then
 *    later requests once the breaker is open, against calling the fallback
 *    directly. Portkey (no breaker) is shown re-paying the dead primary.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import OpenAI from "openai";
import { createRouter } from "../src/index.js";
import type { Router, RouterOptions } from "../src/index.js";
import { report, summarise } from "../../../test-support/bench.js";
import type { BenchRow, Sample } from "../../../test-support/bench.js";

const ROUNDS = Number(process.env.ROUTING_ROUNDS ?? 1500);
const WARMUP = 200;
const FAILOVER_LATER = 300;
const FIRST_TRIALS = 12;
const TIMEOUTS = { headersMs: 250, firstTokenMs: 250, idleMs: 1_000 };
const API_KEY = "sk-bench-not-a-real-key";
const MESSAGES = [{ role: "user" as const, content: "Tighten: the meeting that was held yesterday was a meeting about the budget." }];

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const children: ChildProcess[] = [];
process.on("exit", () => {
  for (const c of children) c.kill();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      s.close(() => {
        resolve(port);
      });
    });
  });
}

async function startFakeServer(): Promise<string> {
  const script = fileURLToPath(new URL("./fake-server-process.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["pipe", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let buf = "";
    child.stdout.on("data", (d: Buffer) => {
      buf += d.toString();
      const m = /READY (\S+)/.exec(buf);
      if (m?.[1]) resolve(m[1]);
    });
    child.once("exit", (code) => {
      reject(new Error(`fake server exited (${code})`));
    });
  });
}

async function startPortkey(): Promise<string> {
  const port = await freePort();
  const entry = fileURLToPath(new URL("../node_modules/@portkey-ai/gateway/build/start-server.js", import.meta.url));
  const child = spawn(process.execPath, [entry, `--port=${port}`, "--headless"], { stdio: ["ignore", "ignore", "ignore"] });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(url);
      return url;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error("Portkey gateway did not start");
}

async function streamVia(client: OpenAI, model: string): Promise<string> {
  const stream = await client.chat.completions.create({ model, messages: MESSAGES, stream: true, stream_options: { include_usage: true } });
  let text = "";
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
  if (!text) throw new Error("empty answer");
  return text;
}

async function streamRouter(router: Router): Promise<string> {
  const s = router.stream({ messages: MESSAGES });
  let text = "";
  for await (const p of s) {
    if (p.type === "text-delta") text += p.delta;
    if (p.type === "restart") text = "";
  }
  await s.result;
  if (!text) throw new Error("empty answer");
  return text;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Wall time, plus this process's CPU time (user + system, ms) spent meanwhile. */
async function timeCpu(fn: () => Promise<unknown>): Promise<[number, number]> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return [wall, (c.user + c.system) / 1000];
}

function routerFor(primaryBaseURL: string, fallbackBaseURL: string, primaryModel: string, extra: Partial<RouterOptions> = {}): Router {
  return createRouter({
    providers: [
      { kind: "openai", id: "primary", apiKey: API_KEY, baseURL: primaryBaseURL, local: false },
      { kind: "openai", id: "fallback", apiKey: API_KEY, baseURL: fallbackBaseURL, local: false },
    ],
    chains: { default: [{ provider: "primary", model: primaryModel }, { provider: "fallback", model: "fallback" }] },
    timeouts: TIMEOUTS,
    // Measure routing of real calls, not cache hits.
    cache: false,
    ...extra,
  });
}

const median = (xs: readonly number[]): number => summarise(xs).p50;
const round3 = (n: number): number => Math.round(n * 1000) / 1000;

async function main(): Promise<void> {
  const fakeURL = await startFakeServer();
  const portkeyURL = await startPortkey();
  const closedPort = await freePort();
  const deadURL = `http://127.0.0.1:${closedPort}/v1`;
  const openaiURL = `${fakeURL}/v1`;
  console.log(`fake server ${fakeURL}, portkey ${portkeyURL}, dead primary ${deadURL}`);

  // ---- 1. Overhead ----------------------------------------------------------
  const direct = new OpenAI({ apiKey: API_KEY, baseURL: openaiURL, maxRetries: 0 });
  const router = routerFor(openaiURL, openaiURL, "primary");
  const portkeyConfig = {
    strategy: { mode: "fallback" },
    targets: [
      { provider: "openai", api_key: API_KEY, custom_host: openaiURL, override_params: { model: "primary" } },
      { provider: "openai", api_key: API_KEY, custom_host: openaiURL, override_params: { model: "fallback" } },
    ],
  };
  const viaPortkey = new OpenAI({ apiKey: API_KEY, baseURL: `${portkeyURL}/v1`, maxRetries: 0, defaultHeaders: { "x-portkey-config": JSON.stringify(portkeyConfig) } });

  const runs: Record<"direct" | "router" | "portkey", () => Promise<unknown>> = {
    direct: () => streamVia(direct, "primary"),
    router: () => streamRouter(router),
    portkey: () => streamVia(viaPortkey, "primary"),
  };
  const order = ["direct", "router", "portkey"] as const;
  for (let i = 0; i < WARMUP; i++) for (const k of order) await runs[k]();
  gc();
  const samples: Record<(typeof order)[number], number[]> = { direct: [], router: [], portkey: [] };
  const pairedRouter: number[] = [];
  const pairedPortkey: number[] = [];
  const cpu: Record<(typeof order)[number], number[]> = { direct: [], router: [], portkey: [] };
  for (let i = 0; i < ROUNDS; i++) {
    // Rotate the order each round so no variant always runs first.
    const round: Partial<Record<(typeof order)[number], number>> = {};
    for (let j = 0; j < order.length; j++) {
      const k = order[(i + j) % order.length]!;
      const [wall, cpuMs] = await timeCpu(runs[k]);
      round[k] = wall;
      cpu[k].push(cpuMs);
    }
    samples.direct.push(round.direct!);
    samples.router.push(round.router!);
    samples.portkey.push(round.portkey!);
    pairedRouter.push(round.router! - round.direct!);
    pairedPortkey.push(round.portkey! - round.direct!);
    if (i % 250 === 249) gc();
  }
  router.dispose();
  const d = summarise(samples.direct);
  const r = summarise(samples.router);
  const p = summarise(samples.portkey);
  const routerOverhead = r.p50 - d.p50;
  const portkeyOverhead = p.p50 - d.p50;
  const routerPaired = median(pairedRouter);
  const portkeyPaired = median(pairedPortkey);
  // CPU time the client process spends per call: on a machine shared with
  // other work, wall-clock overhead is this CPU time stretched by scheduling.
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const cpuOverhead = mean(cpu.router) - mean(cpu.direct);
  // Overhead within noise counts as 0.01 ms for the ratio, never as a division by zero.
  const ratio = portkeyOverhead / Math.max(routerOverhead, 0.01);

  // ---- 2. Failover ----------------------------------------------------------
  const fallbackDirect = new OpenAI({ apiKey: API_KEY, baseURL: openaiURL, maxRetries: 0 });
  const failover = async (label: string, primaryURL: string, primaryModel: string) => {
    const firsts: number[] = [];
    let toOpen = 0;
    for (let t = 0; t < FIRST_TRIALS; t++) {
      const fresh = routerFor(primaryURL, openaiURL, primaryModel);
      firsts.push(await time(() => streamRouter(fresh)));
      if (t === 0) {
        // Requests (the first included) that pay for the dead primary before its breaker opens.
        toOpen = 1;
        while (fresh.breakers.state(`primary:${primaryModel}@${primaryURL}`) !== "open" && toOpen < 20) {
          await streamRouter(fresh);
          toOpen++;
        }
      }
      fresh.dispose();
    }
    const warm = routerFor(primaryURL, openaiURL, primaryModel, { breaker: { halfOpenAfterMs: 120_000 } });
    while (warm.breakers.state(`primary:${primaryModel}@${primaryURL}`) !== "open") await streamRouter(warm);
    const later: number[] = [];
    const baseline: number[] = [];
    const paired: number[] = [];
    for (let i = 0; i < FAILOVER_LATER; i++) {
      let a: number;
      let b: number;
      if (i % 2 === 0) {
        a = await time(() => streamRouter(warm));
        b = await time(() => streamVia(fallbackDirect, "fallback"));
      } else {
        b = await time(() => streamVia(fallbackDirect, "fallback"));
        a = await time(() => streamRouter(warm));
      }
      later.push(a);
      baseline.push(b);
      paired.push(a - b);
    }
    warm.dispose();
    return { label, first: summarise(firsts), toOpen, later: summarise(later), baseline: summarise(baseline), pairedMedian: median(paired) };
  };
  const refused = await failover("connection refused", deadURL, "primary");
  const silent = await failover("no response", openaiURL, "hang");

  // Portkey has no breaker: every request re-pays the dead primary.
  const portkeyDead = async (primary: Record<string, unknown>, n: number): Promise<Sample> => {
    const config = {
      strategy: { mode: "fallback" },
      targets: [{ provider: "openai", api_key: API_KEY, ...primary }, { provider: "openai", api_key: API_KEY, custom_host: openaiURL, override_params: { model: "fallback" } }],
    };
    const client = new OpenAI({ apiKey: API_KEY, baseURL: `${portkeyURL}/v1`, maxRetries: 0, defaultHeaders: { "x-portkey-config": JSON.stringify(config) } });
    await streamVia(client, "primary");
    const xs: number[] = [];
    for (let i = 0; i < n; i++) xs.push(await time(() => streamVia(client, "primary")));
    return summarise(xs);
  };
  const pkRefused = await portkeyDead({ custom_host: deadURL }, 100);
  const pkSilent = await portkeyDead({ custom_host: openaiURL, override_params: { model: "hang" }, request_timeout: TIMEOUTS.headersMs + TIMEOUTS.firstTokenMs }, 8);

  const firstBound = TIMEOUTS.headersMs + TIMEOUTS.firstTokenMs;
  const rows: BenchRow[] = [
    { metric: "direct SDK latency p50 / p99", value: `${round3(d.p50)} / ${round3(d.p99)}`, unit: "ms" },
    { metric: "router latency p50 / p99", value: `${round3(r.p50)} / ${round3(r.p99)}`, unit: "ms" },
    { metric: "portkey latency p50 / p99", value: `${round3(p.p50)} / ${round3(p.p99)}`, unit: "ms" },
    { metric: "router overhead, median (p50 - p50)", value: round3(routerOverhead), unit: "ms", target: "<= 0.3 ms", pass: routerOverhead <= 0.3 },
    { metric: "router overhead, median of paired diffs", value: round3(routerPaired), unit: "ms", target: "<= 0.3 ms", pass: routerPaired <= 0.3 },
    { metric: "router overhead, p99 (p99 - p99)", value: round3(r.p99 - d.p99), unit: "ms" },
    // Informational: process CPU includes GC and undici helper threads, so it is noisy per call.
    { metric: "router CPU time added per call (mean, whole client process)", value: round3(cpuOverhead), unit: "ms" },
    { metric: "client CPU per call: direct / router / via portkey", value: `${round3(mean(cpu.direct))} / ${round3(mean(cpu.router))} / ${round3(mean(cpu.portkey))}`, unit: "ms" },
    { metric: "portkey overhead, median (p50 - p50)", value: round3(portkeyOverhead), unit: "ms" },
    { metric: "portkey overhead, median of paired diffs", value: round3(portkeyPaired), unit: "ms" },
    { metric: "portkey overhead, p99 (p99 - p99)", value: round3(p.p99 - d.p99), unit: "ms" },
    { metric: "portkey overhead / router overhead", value: Math.round(ratio * 10) / 10, unit: "x", target: ">= 5x", pass: ratio >= 5 },
  ];
  for (const f of [refused, silent]) {
    rows.push(
      { metric: `failover (${f.label}): first request p50 / max`, value: `${round3(f.first.p50)} / ${round3(f.first.max)}`, unit: "ms", target: `<= ${firstBound} ms (headers + first token)`, pass: f.first.max <= firstBound },
      { metric: `failover (${f.label}): requests paying the dead primary before the breaker opens`, value: f.toOpen },
      { metric: `failover (${f.label}): later requests p50 / p99`, value: `${round3(f.later.p50)} / ${round3(f.later.p99)}`, unit: "ms" },
      { metric: `failover (${f.label}): calling the fallback directly p50`, value: round3(f.baseline.p50), unit: "ms" },
      { metric: `failover (${f.label}): later requests added over direct fallback, p50 - p50`, value: round3(f.later.p50 - f.baseline.p50), unit: "ms", target: "<= 5 ms", pass: f.later.p50 - f.baseline.p50 <= 5 },
      { metric: `failover (${f.label}): later requests added over direct fallback, median of paired diffs`, value: round3(f.pairedMedian), unit: "ms", target: "<= 5 ms", pass: f.pairedMedian <= 5 },
    );
  }
  rows.push(
    { metric: "portkey failover (connection refused), every request p50", value: round3(pkRefused.p50), unit: "ms" },
    { metric: "portkey failover (no response, request_timeout 500 ms), every request p50", value: round3(pkSilent.p50), unit: "ms" },
  );
  const load = (await import("node:os")).loadavg();
  rows.push({ metric: "machine load average (1 min) at the end", value: Math.round((load[0] ?? 0) * 100) / 100 });
  report("routing", rows, {
    rounds: ROUNDS,
    timeouts: TIMEOUTS,
    samples: { direct: d, router: r, portkey: p },
    failover: { refused, silent, portkey: { refused: pkRefused, silent: pkSilent } },
  });
  for (const c of children) c.kill();
  const failed = rows.filter((row) => row.pass === false);
  if (failed.length > 0) {
    console.log(`\n${failed.length} target(s) missed`);
  }
}

await main();
process.exit(0);
