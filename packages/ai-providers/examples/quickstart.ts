/**
 * Runnable: node --import tsx packages/ai-providers/examples/quickstart.ts
 *
 * Starts the local fake model server (real HTTP on 127.0.0.1, speaking the
 * Anthropic and OpenAI wire protocols), makes the primary fail, and routes a
 * streaming call through a fallback chain. Point baseURL at a real Ollama or
 * LM Studio ("http://localhost:11434/v1") to try it against a real model.
 */
import { z } from "zod";
import { createRouter, isRouterError } from "@redline/ai-providers";
import { startFakeModelServer } from "@redline/ai-providers/testing";

const server = await startFakeModelServer();
// The primary model is overloaded (HTTP 529) on every call; the fallback answers.
server.script("claude-sonnet-5-5", { kind: "status", status: 529 });
server.script("llama3.2", { kind: "ok", text: "The meeting yesterday was about the budget." });

const router = createRouter({
  providers: [
    { kind: "anthropic", apiKey: "sk-ant-example", baseURL: server.url, local: false },
    { kind: "openai-compatible", id: "ollama", baseURL: server.openaiBaseURL },
  ],
  chains: {
    default: { targets: [{ provider: "anthropic", model: "claude-sonnet-5-5" }, { provider: "ollama", model: "llama3.2" }], maxAttempts: 4, deadlineMs: 30_000 },
  },
  timeouts: { headersMs: 5_000, firstTokenMs: 10_000, idleMs: 10_000 },
  budgets: { perDayUsd: 1 },
});

router.events.on("retry", (e) => { console.log(`retry ${e.target.model} after ${e.errorClass}, waiting ${e.delayMs} ms`); });
router.events.on("fallback", (e) => { console.log(`fallback ${e.from.model} -> ${e.to.model} (${e.errorClass})`); });

const ac = new AbortController();
const stream = router.stream(
  {
    system: "You are a careful copy editor.",
    messages: [{ role: "user", content: "Tighten: the meeting that was held yesterday was a meeting about the budget." }],
    task: { functionId: "tighten", text: "the meeting that was held yesterday was a meeting about the budget." },
  },
  { signal: ac.signal },
);

let text = "";
for await (const part of stream) {
  if (part.type === "restart") text = ""; // a failed target's partial output is dropped
  if (part.type === "text-delta") text += part.delta;
}
const result = await stream.result;
console.log(`answer: ${text}`);
console.log(`from ${result.target.key} (model ${result.modelId}) after ${result.attempts} attempts, $${result.costUsd.toFixed(6)}`);

// Structured output: validated locally with zod (and asked for natively where the provider supports it).
server.script("llama3.2", { kind: "ok", text: '{"rewrite":"The meeting yesterday was about the budget.","changed":true}' });
const edit = await router.complete({
  messages: [{ role: "user", content: "Return the tightened sentence as JSON." }],
  output: { name: "edit", schema: z.object({ rewrite: z.string(), changed: z.boolean() }) },
});
console.log("structured:", edit.object);

// Failures are typed: a RouterError with a code and the provider error class.
server.script("llama3.2", { kind: "status", status: 401 });
try {
  await router.complete({ messages: [{ role: "user", content: "again" }] }, { cache: false });
} catch (e) {
  if (isRouterError(e)) console.log(`failed: ${e.code} (${e.errorClass ?? "-"}): ${e.message}`);
}

console.log("breakers:", JSON.stringify(router.breakers.snapshot().targets));
console.log("spent today:", router.ledger.totalUsd({ since: new Date().setHours(0, 0, 0, 0) }));
router.dispose();
await server.close();
