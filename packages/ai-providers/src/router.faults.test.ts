/**
 * The fault list of issue 3, each through the official SDKs against the
 * local fake server. For every fault: the caller gets the whole answer from
 * some target or a clean typed RouterError, within a bounded time (the
 * configured deadline, never more), after a bounded number of attempts.
 */
import { describe, expect, it } from "vitest";
import { RouterError } from "./errors.js";
import { createRouter } from "./router.js";
import type { RouterResult, TargetSpec } from "./router-types.js";
import type { FakeBehaviour, FakeModelServer } from "./testing/fake-server.js";
import { ask, consume, FAST, recordEvents, routerOn, settle, SHORT_WATCHDOGS, useFakeServer } from "./test-helpers.js";

let server: FakeModelServer;
useFakeServer((started) => {
  server = started;
});

const PRIMARY: TargetSpec = { provider: "anthropic", model: "primary" };
const FALLBACK: TargetSpec = { provider: "openai", model: "fallback" };
const FALLBACK_TEXT = "Fallback answer, whole and complete.";
const PRIMARY_TEXT = "Primary answer, whole and complete.";
/** Nothing may take longer than the deadline plus scheduling slack. */
const BOUND_MS = FAST.deadlineMs + 1_000;

interface Case {
  readonly name: string;
  readonly primary: readonly FakeBehaviour[];
  /** Who answers in the end. */
  readonly answeredBy: "primary" | "fallback";
  /** Requests the primary receives (bounded attempts). */
  readonly primaryRequests: number;
  /** A restart part must tell the consumer to drop partial output. */
  readonly restart?: boolean;
  /** The case is about a watchdog: the primary gets short ones. */
  readonly watchdog?: boolean;
}

const ok = (text: string): FakeBehaviour => ({ kind: "ok", text });

const CASES: readonly Case[] = [
  { name: "429 with Retry-After within the cap: waits, retries the same target", primary: [{ kind: "status", status: 429, headers: { "retry-after": "0" } }, ok(PRIMARY_TEXT)], answeredBy: "primary", primaryRequests: 2 },
  { name: "429 with Retry-After beyond the cap: fails over at once", primary: [{ kind: "status", status: 429, headers: { "retry-after": "120" } }], answeredBy: "fallback", primaryRequests: 1 },
  { name: "429 without Retry-After: backoff retries, then answers", primary: [{ kind: "status", status: 429 }, { kind: "status", status: 429 }, ok(PRIMARY_TEXT)], answeredBy: "primary", primaryRequests: 3 },
  { name: "429 without Retry-After, persistent: bounded retries, then fails over", primary: [{ kind: "status", status: 429 }], answeredBy: "fallback", primaryRequests: 3 },
  { name: "5xx once: one retry on the same target", primary: [{ kind: "status", status: 500 }, ok(PRIMARY_TEXT)], answeredBy: "primary", primaryRequests: 2 },
  { name: "5xx persistent: one retry, then fails over", primary: [{ kind: "status", status: 503 }], answeredBy: "fallback", primaryRequests: 2 },
  { name: "529 overloaded: one retry, then fails over", primary: [{ kind: "status", status: 529 }], answeredBy: "fallback", primaryRequests: 2 },
  { name: "in-band overloaded error in a 200 stream, before content", primary: [{ kind: "in-band-error", afterChunks: 0 }], answeredBy: "fallback", primaryRequests: 2 },
  { name: "in-band overloaded error after content: restarts on the fallback", primary: [{ kind: "in-band-error", afterChunks: 2 }], answeredBy: "fallback", primaryRequests: 1, restart: true },
  { name: "connection reset before headers: one retry, then fails over", primary: [{ kind: "reset" }], answeredBy: "fallback", primaryRequests: 2 },
  { name: "connection reset once, then up", primary: [{ kind: "reset" }, ok(PRIMARY_TEXT)], answeredBy: "primary", primaryRequests: 2 },
  { name: "no response at all: header watchdog, fails over without retrying", primary: [{ kind: "hang" }], answeredBy: "fallback", primaryRequests: 1, watchdog: true },
  { name: "slow first token past the watchdog: fails over", primary: [{ kind: "ok", text: PRIMARY_TEXT, firstTokenDelayMs: 1_500 }], answeredBy: "fallback", primaryRequests: 1, watchdog: true },
  { name: "slow first token within the watchdog: primary answers", primary: [{ kind: "ok", text: PRIMARY_TEXT, firstTokenDelayMs: 40 }], answeredBy: "primary", primaryRequests: 1 },
  { name: "stream cut mid-answer: restarts on the fallback", primary: [{ kind: "cut", afterChunks: 2, text: PRIMARY_TEXT }], answeredBy: "fallback", primaryRequests: 1, restart: true },
  { name: "stream stall mid-answer: idle watchdog, restarts on the fallback", primary: [{ kind: "stall", afterChunks: 2, text: PRIMARY_TEXT }], answeredBy: "fallback", primaryRequests: 1, restart: true, watchdog: true },
  { name: "malformed chunk: restarts on the fallback", primary: [{ kind: "malformed", afterChunks: 1, text: PRIMARY_TEXT }], answeredBy: "fallback", primaryRequests: 1, restart: true },
  { name: "missing terminal event: truncation, restarts on the fallback", primary: [{ kind: "no-terminal", text: PRIMARY_TEXT }], answeredBy: "fallback", primaryRequests: 1, restart: true },
  { name: "400 content-policy: never retried on the same model", primary: [{ kind: "status", status: 400, body: { type: "error", error: { type: "invalid_request_error", message: "Output blocked by content filtering policy" } } }], answeredBy: "fallback", primaryRequests: 1 },
  { name: "401 auth: never retried on the same model", primary: [{ kind: "status", status: 401 }], answeredBy: "fallback", primaryRequests: 1 },
];

describe("fault matrix (primary: Anthropic SDK, fallback: OpenAI SDK)", () => {
  it.each(CASES)("$name", async (c) => {
    server.script("primary", ...c.primary);
    server.script("fallback", ok(FALLBACK_TEXT));
    const primary = c.watchdog ? { ...PRIMARY, timeouts: SHORT_WATCHDOGS } : PRIMARY;
    const router = routerOn(server, { chains: { default: { targets: [primary, FALLBACK], maxAttempts: 5 } } });
    const events = recordEvents(router, ["attempt", "retry", "fallback", "attempt-failed"]);
    const started = Date.now();
    const s = router.stream(ask("Fix my paragraph."));
    const { text, parts } = await consume(s);
    const result = await s.result;
    const elapsed = Date.now() - started;

    const expected = c.answeredBy === "primary" ? PRIMARY_TEXT : FALLBACK_TEXT;
    expect(text).toBe(expected);
    expect(result.text).toBe(expected);
    expect(result.finishReason).toBe("stop");
    expect(result.target.model).toBe(c.answeredBy);
    expect(server.requests("primary")).toHaveLength(c.primaryRequests);
    expect(server.requests("fallback")).toHaveLength(c.answeredBy === "fallback" ? 1 : 0);
    expect(result.attempts).toBe(c.primaryRequests + (c.answeredBy === "fallback" ? 1 : 0));
    expect(events.filter((e) => e.name === "attempt")).toHaveLength(result.attempts);
    expect(parts.some((p) => p.type === "restart")).toBe(c.restart ?? false);
    expect(elapsed).toBeLessThan(BOUND_MS);
    router.dispose();
  });

  it("connection refused (nothing listening): fails over at once, without a same-target retry", async () => {
    const closed = await import("node:net").then(
      (net) =>
        new Promise<number>((resolve) => {
          const probe = net.createServer();
          probe.listen(0, "127.0.0.1", () => {
            const { port } = probe.address() as { port: number };
            probe.close(() => {
              resolve(port);
            });
          });
        }),
    );
    server.script("fallback", ok(FALLBACK_TEXT));
    const router = createRouter({
      providers: [
        { kind: "anthropic", id: "down", apiKey: "k", baseURL: `http://127.0.0.1:${closed}` },
        { kind: "openai", id: "openai", apiKey: "k", baseURL: server.openaiBaseURL },
      ],
      ...FAST,
      chains: { default: [{ provider: "down", model: "primary" }, FALLBACK] },
    });
    const retries = recordEvents(router, ["retry", "attempt-failed"]);
    const r = await router.complete(ask("x"));
    expect(r).toMatchObject({ text: FALLBACK_TEXT, attempts: 2 });
    expect(retries.map((e) => e.name)).toEqual(["attempt-failed"]);
    expect(retries[0]?.event).toMatchObject({ error: { errorClass: "connection", retryable: false } });
    router.dispose();
  });

  it("a stream that carries its finish reason is complete without [DONE]", async () => {
    server.script("nodone", { kind: "ok", text: PRIMARY_TEXT, omitDone: true });
    const router = routerOn(server, { chains: { default: [{ provider: "openai", model: "nodone", timeouts: SHORT_WATCHDOGS }, FALLBACK] } });
    const result = await router.complete(ask("x"));
    expect(result).toMatchObject({ text: PRIMARY_TEXT, finishReason: "stop", attempts: 1 });
    expect(server.requests("fallback")).toHaveLength(0);
    router.dispose();
  });

  it("400 context-length routes to a larger-context target only", async () => {
    server.script("small", { kind: "status", status: 400, body: { type: "error", error: { type: "invalid_request_error", message: "prompt is too long: 210000 tokens > 200000 maximum" } } });
    const router = routerOn(server, {
      chains: {
        default: [
          { provider: "anthropic", model: "small", contextWindow: 200_000 },
          { provider: "openai", model: "same-size", contextWindow: 128_000 },
          { provider: "openai", model: "large", contextWindow: 1_000_000 },
        ],
      },
    });
    const skipped = recordEvents(router, ["target-skipped"]);
    const result = await router.complete(ask("a very long note"));
    expect(result.target.model).toBe("large");
    expect(server.requests("small")).toHaveLength(1);
    expect(server.requests("same-size")).toHaveLength(0);
    expect(skipped.map((e) => e.event)).toContainEqual(expect.objectContaining({ reason: "context-window" }));
    router.dispose();
  });

  it("a stream cut mid-answer ends with a clear incomplete error when the chain says so", async () => {
    server.script("primary", { kind: "cut", afterChunks: 2, text: PRIMARY_TEXT });
    const router = routerOn(server, { chains: { default: { targets: [PRIMARY, FALLBACK], midStream: "fail" } } });
    const s = router.stream(ask("x"));
    const outcome = await settle(consume(s));
    expect(outcome.ok).toBe(false);
    const err = (outcome as { error: unknown }).error;
    expect(err).toBeInstanceOf(RouterError);
    expect(err).toMatchObject({ code: "incomplete", errorClass: "connection" });
    await expect(s.result).rejects.toBe(err);
    expect(server.requests("fallback")).toHaveLength(0);
    router.dispose();
  });

  it("a 400 bad request fails fast with a typed error and no retry", async () => {
    server.script("primary", { kind: "status", status: 400, body: { type: "error", error: { type: "invalid_request_error", message: "messages: field required" } } });
    const router = routerOn(server, { chains: { default: [PRIMARY, FALLBACK] } });
    const err = await router.complete(ask("x")).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "fatal", errorClass: "bad-request", attempts: 1 });
    expect(server.requests()).toHaveLength(1);
    router.dispose();
  });

  it("when every target fails: a typed error listing each failure, attempts within the budget", async () => {
    server.script("primary", { kind: "status", status: 503 });
    server.script("fallback", { kind: "status", status: 500 });
    server.script("third", { kind: "reset" });
    const router = routerOn(server, { chains: { default: { targets: [PRIMARY, FALLBACK, { provider: "openai", model: "third" }], maxAttempts: 3 } } });
    const err = await router.complete(ask("x")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RouterError);
    expect(err).toMatchObject({ code: "exhausted", attempts: 3 });
    expect((err as RouterError).failures.map((f) => f.errorClass)).toEqual(["server", "server", "server"]);
    expect(server.requests()).toHaveLength(3);
    router.dispose();
  });

  it("the total deadline bounds a request whatever the watchdogs say", async () => {
    server.script("primary", { kind: "hang" });
    server.script("fallback", { kind: "hang" });
    const router = routerOn(server, { timeouts: { headersMs: 10_000, firstTokenMs: 10_000, idleMs: 10_000 }, chains: { default: { targets: [PRIMARY, FALLBACK], deadlineMs: 120 } } });
    const started = Date.now();
    const err = await router.complete(ask("x")).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "deadline" });
    expect(Date.now() - started).toBeLessThan(BOUND_MS);
    router.dispose();
  });

  it("the caller's AbortSignal cancels the request end to end", async () => {
    server.script("primary", { kind: "ok", text: PRIMARY_TEXT, chunkDelayMs: 40 });
    const router = routerOn(server, { chains: { default: [PRIMARY, FALLBACK] } });
    const ac = new AbortController();
    const s = router.stream(ask("x"), { signal: ac.signal });
    const seen: string[] = [];
    const outcome = await settle(
      (async () => {
        for await (const p of s) {
          if (p.type === "text-delta") {
            seen.push(p.delta);
            ac.abort();
          }
        }
      })(),
    );
    expect(outcome).toMatchObject({ ok: false, error: { code: "aborted" } });
    await expect(s.result).rejects.toMatchObject({ code: "aborted" });
    expect(seen).toHaveLength(1);
    expect(server.requests("fallback")).toHaveLength(0);
    router.dispose();
  });

  it("never reports a truncated stream as success, even when no target is left", async () => {
    server.script("primary", { kind: "no-terminal", text: PRIMARY_TEXT });
    const router = routerOn(server, { chains: { default: [PRIMARY] } });
    const outcome = await settle<RouterResult>(router.complete(ask("x")));
    expect(outcome.ok).toBe(false);
    expect((outcome as { error: unknown }).error).toMatchObject({ code: "incomplete" });
    router.dispose();
  });
});
