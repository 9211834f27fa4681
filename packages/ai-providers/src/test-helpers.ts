/** Shared fixtures for this package's tests (not exported from the package). */
import { createRouter } from "./router.js";
import type { Router, RouterEventMap, RouterEventName, RouterOptions, RouterStreamPart } from "./router-types.js";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startFakeModelServer } from "./testing/fake-server.js";
import type { FakeModelServer } from "./testing/fake-server.js";
import type { ModelRequest } from "./types.js";

/** Watchdogs for tests that are about them; everything else runs with FAST's generous ones, so a loaded machine can't fake a timeout. */
export const SHORT_WATCHDOGS = { headersMs: 200, firstTokenMs: 200, idleMs: 200 } as const;

export const FAST = {
  timeouts: { headersMs: 3_000, firstTokenMs: 3_000, idleMs: 3_000 },
  retry: { baseDelayMs: 2, maxDelayMs: 10, retryAfterCapMs: 500 },
  breaker: { failureThreshold: 3, halfOpenAfterMs: 60 },
  deadlineMs: 8_000,
} as const;

/** A router with an Anthropic provider and an OpenAI provider on the fake server. */
export function routerOn(server: FakeModelServer, overrides: Partial<RouterOptions> & Pick<RouterOptions, "chains">): Router {
  return createRouter({
    providers: [
      // Priced like the cloud: the fake server is on 127.0.0.1, which would otherwise count as local ($0).
      { kind: "anthropic", id: "anthropic", apiKey: "sk-ant-test-key", baseURL: server.url, local: false },
      { kind: "openai", id: "openai", apiKey: "sk-test-key", baseURL: server.openaiBaseURL, local: false },
    ],
    ...FAST,
    random: () => 0.5,
    ...overrides,
  });
}

/** First calls pay for module loading and connection setup; keep that out of watchdog-timed tests. */
export async function warmUp(server: FakeModelServer): Promise<void> {
  const router = routerOn(server, {
    timeouts: { headersMs: 10_000, firstTokenMs: 10_000, idleMs: 10_000 },
    chains: { a: [{ provider: "anthropic", model: "warmup" }], o: [{ provider: "openai", model: "warmup" }] },
  });
  await router.complete(ask("warm up"), { chain: "a" });
  await router.complete(ask("warm up"), { chain: "o" });
  router.dispose();
  server.reset();
}

export function ask(text: string, extra: Partial<ModelRequest> = {}): ModelRequest {
  return { messages: [{ role: "user", content: text }], ...extra };
}

/** Consumes a router stream as a writer's UI would: a restart part drops what was shown so far. */
export async function consume(stream: AsyncIterable<RouterStreamPart>): Promise<{ text: string; parts: RouterStreamPart[] }> {
  const parts: RouterStreamPart[] = [];
  let text = "";
  for await (const p of stream) {
    parts.push(p);
    if (p.type === "text-delta") text += p.delta;
    if (p.type === "restart") text = "";
  }
  return { text, parts };
}

export type Recorded<K extends RouterEventName> = { [P in K]: { name: P; event: RouterEventMap[P] } }[K];

export function recordEvents<K extends RouterEventName>(router: Router, names: readonly K[]): Recorded<K>[] {
  const log: Recorded<K>[] = [];
  for (const name of names) {
    router.events.on(name, (event) => log.push({ name, event }));
  }
  return log;
}

export function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * One fake model server per test file: started and warmed up once, its
 * scripts and request log reset before each test, closed after the file.
 */
export function useFakeServer(onStarted: (server: FakeModelServer) => void): void {
  let server: FakeModelServer | undefined;
  beforeAll(async () => {
    server = await startFakeModelServer();
    await warmUp(server);
    onStarted(server);
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    server?.reset();
  });
}

