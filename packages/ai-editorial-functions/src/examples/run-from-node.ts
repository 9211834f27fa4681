/**
 * Runs an editorial function end to end from Node: engine → router → an
 * OpenAI-compatible HTTP server → tracked edits in a CodeMirror state →
 * accept/reject → learning. The README walks through this file.
 *
 *   node --import tsx packages/ai-editorial-functions/src/examples/run-from-node.ts
 *
 * It starts a local deterministic model server so it runs anywhere; point
 * `providers` at Anthropic, OpenAI, Ollama or LM Studio for the real thing.
 */
import "fake-indexeddb/auto"; // Node has no IndexedDB; Obsidian and browsers do.
import { EditorState } from "@codemirror/state";
import { acceptItems, pendingItems, proposeEdits, rejectItems, resolutionEvents, trackEditsState } from "@redline/track-edits";
import type { Transaction } from "@codemirror/state";
import { createEngine, fromResolutionEvent, idbBackend } from "../index.js";
import { startEditorModelServer } from "../testing/editor-model-server.js";

export async function main(log: (line: string) => void = console.log): Promise<string> {
  const server = await startEditorModelServer();
  const engine = await createEngine({
    storage: idbBackend("redline-example"),
    providers: {
      list: [{ kind: "openai-compatible", id: "local", baseURL: server.baseURL, apiKey: "unused" }],
      chains: { default: [{ provider: "local", model: "editor-1" }] },
    },
    budgets: { overall: { tokensPerDay: 200_000 } },
  });
  engine.bus.on("notice", (n) => { log(`notice: ${n.message}`); });

  const note = "I recieve teh letters.\n\nThey arrive in order to be read, and i read them.";
  let state = EditorState.create({ doc: note, extensions: [trackEditsState()] });
  const dispatch = (tr: Transaction) => {
    state = tr.state;
    for (const e of resolutionEvents(tr)) engine.resolve("letters.md", fromResolutionEvent(e));
  };

  // 1. Run proofread on the whole note; each paragraph's edits arrive as soon as it is done.
  const run = engine.run({
    functionId: "proofread",
    noteId: "letters.md",
    text: state.doc.toString(),
    scope: { kind: "note" },
    onParagraph: (p) => {
      log(`paragraph ${p.index}: ${p.items.length} edit(s)${p.cached ? " (cached)" : ""}`);
      dispatch(state.update(proposeEdits(state, p.items)));
    },
  });
  const result = await run.result;
  log(`run ${result.status}: ${result.items.length} proposed, ${result.usage.inputTokens} input tokens`);

  // 2. The writer accepts the fix in the first paragraph and rejects the rest.
  const items = pendingItems(state);
  dispatch(state.update(acceptItems(state, items.filter((p) => p.item.from < note.indexOf("\n\n")))));
  dispatch(state.update(rejectItems(state, pendingItems(state))));
  log(`text now: ${JSON.stringify(state.doc.toString())}`);

  // 3. What Redline learned, and today's numbers.
  for (const item of engine.learned("proofread")) log(`learned: ${item.label} (${item.detail})`);
  const [row] = engine.metrics({ functionId: "proofread" });
  log(`metrics: ${row?.runs ?? 0} run(s), acceptance ${Math.round((row?.acceptanceRate ?? 0) * 100)}%`);

  await engine.dispose();
  await server.close();
  return state.doc.toString();
}

if (import.meta.url === `file://${process.argv[1] ?? ""}`) await main();
