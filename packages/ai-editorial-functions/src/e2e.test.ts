/**
 * End to end in Node: the engine against real HTTP model servers (reached
 * through the openai SDK by ai-providers' router), fake-indexeddb, and
 * track-edits' CodeMirror state for proposing and resolving edits.
 */
import "fake-indexeddb/auto";
import { EditorState } from "@codemirror/state";
import type { Transaction } from "@codemirror/state";
import { startFakeModelServer } from "@redline/ai-providers/testing";
import type { FakeModelServer } from "@redline/ai-providers/testing";
import { acceptItems, applyEdits, docVersion, pendingItems, proposeEdits, rejectItems, resolutionEvents, trackEditsState } from "@redline/track-edits";
import type { ResolutionEvent } from "@redline/track-edits";
import { describe, expect, it, vi } from "vitest";
import { formatDiagnostics } from "./diagnostics.js";
import { createEngine } from "./engine.js";
import type { Engine, EngineOptions } from "./engine.js";
import { MemoryFileSource } from "./functions/registry.js";
import { idbBackend, memoryBackend } from "./persistence/backend.js";
import { fromResolutionEvent } from "./bridges/editor.js";
import { paragraphOf } from "./testing/editor-model-server.js";
import { useEditorModelServer } from "./testing/editor-model-hooks.js";
import type { ProposedItem } from "./types.js";

const NOTE = `---
tags: [draft]
---
# Notes on teh harbour

I recieve very many letters about the harbour, and i read them all in order to answer.

The aforementioned letters utilize a tone that is kinda casual. Please see \`harbour.md\` and [[Harbour Map]].

We keep the letters seperate. The committee was gonna meet on 3 days, but it definately occured once.
`;

const server = useEditorModelServer();
let db = 0;

function options(extra: Partial<EngineOptions> = {}): EngineOptions {
  return {
    storage: idbBackend(`e2e-${db++}`),
    providers: server.providers(),
    ...extra,
  };
}

/** A headless editor with track-edits, bridged to the engine like a host would. */
function editor(engine: Engine, noteId: string, text: string) {
  let state = EditorState.create({ doc: text, extensions: [trackEditsState()] });
  const events: ResolutionEvent[] = [];
  const apply = (tr: Transaction) => {
    state = tr.state;
    for (const e of resolutionEvents(tr)) {
      events.push(e);
      engine.resolve(noteId, fromResolutionEvent(e));
    }
  };
  return {
    get state() {
      return state;
    },
    events,
    propose(items: readonly ProposedItem[], baseVersion?: number) {
      apply(state.update(proposeEdits(state, items, baseVersion === undefined ? {} : { baseVersion })));
    },
    accept(pred: (i: ProposedItem) => boolean) {
      const pos = pendingItems(state).filter((p) => pred(p.item as ProposedItem));
      apply(state.update(acceptItems(state, pos)));
    },
    reject(pred: (i: ProposedItem) => boolean) {
      const pos = pendingItems(state).filter((p) => pred(p.item as ProposedItem));
      apply(state.update(rejectItems(state, pos)));
    },
    type(from: number, to: number, insert: string) {
      apply(state.update({ changes: { from, to, insert } }));
    },
  };
}

describe("every built-in function end to end", () => {
  it.each([
    ["proofread", {}, ["Notes on the harbour", "I receive very", "and I read", "definitely occurred"]],
    ["tighten", {}, ["I recieve many letters", "i read them all to answer"]],
    ["clarify", {}, ["letters use a tone"]],
    ["adjust-tone", { tone: "formal" }, ["somewhat casual", "was going to meet"]],
    ["consistency", {}, ["meet on three days"]],
  ] as const)("%s proposes tracked edits that leave code, links and frontmatter alone", async (functionId, params, expected) => {
    const engine = await createEngine(options());
    const ed = editor(engine, "harbour.md", NOTE);
    const paragraphs: number[] = [];
    const result = await engine.run({ functionId, noteId: "harbour.md", text: NOTE, scope: { kind: "note" }, params, onParagraph: (p) => paragraphs.push(p.index) }).result;
    expect(result.status).toBe("completed");
    expect(paragraphs.length).toBe(4);
    const applied = applyEdits(NOTE, result.items.filter((i) => i.kind === "edit"));
    for (const phrase of expected) expect(applied).toContain(phrase);
    for (const item of result.items) {
      expect(NOTE.slice(item.from, item.to)).toBe(item.original);
      expect(item.source).toMatchObject({ functionId, model: "editor-1", provider: "local" });
      expect(["`harbour.md`", "[[Harbour Map]]", "tags: [draft]"].some((p) => item.original.includes(p))).toBe(false);
    }
    ed.propose(result.items);
    expect(pendingItems(ed.state)).toHaveLength(result.items.length);
    await engine.dispose();
  });

  it("developmental notes come back as comments on quoted ranges", async () => {
    const engine = await createEngine(options());
    const result = await engine.run({ functionId: "developmental-notes", noteId: "n", text: NOTE, scope: { kind: "note" } }).result;
    expect(result.status).toBe("completed");
    const comments = result.items.filter((i): i is Extract<ProposedItem, { kind: "comment" }> => i.kind === "comment");
    expect(comments.length).toBe(4);
    for (const c of comments) {
      expect(c.note).toBe("This claim needs evidence or an example.");
      expect(NOTE.slice(c.from, c.to)).toBe(c.original);
    }
    await engine.dispose();
  });
});

describe("decisions flow back: track-edits → feedback → learning and metrics → persistence", () => {
  it("accepts and rejects through track-edits, learns, and a new engine on the same database restores it", async () => {
    const opts = options();
    const engine = await createEngine(opts);
    const ed = editor(engine, "harbour.md", NOTE);
    const recorded: string[] = [];
    engine.bus.on("feedback:recorded", ({ record }) => recorded.push(`${record.patternKey}:${record.outcome}`));
    const result = await engine.run({ functionId: "proofread", noteId: "harbour.md", text: NOTE, scope: { kind: "note" } }).result;
    ed.propose(result.items);
    ed.accept((i) => i.kind === "edit" && i.patternKey.startsWith("teh"));
    ed.reject((i) => i.kind === "edit" && i.patternKey === "i→i");
    expect(ed.state.doc.toString()).toContain("Notes on the harbour");
    expect(ed.state.doc.toString()).toContain("and i read");
    expect(recorded.sort()).toEqual(["i→i:rejected", "teh→the:accepted"]);
    const rows = engine.metrics({ functionId: "proofread" });
    expect(rows[0]).toMatchObject({ runs: 1, accepted: 1, rejected: 1, model: "editor-1" });
    expect(engine.learned("proofread").map((l) => l.label)).toEqual(expect.arrayContaining(["capitalization edits"]));
    await engine.dispose();

    const again = await createEngine({ ...opts, storage: idbBackend(`e2e-${db - 1}`) });
    expect(again.feedback.records().map((r) => `${r.patternKey}:${r.outcome}`).sort()).toEqual(["i→i:rejected", "teh→the:accepted"]);
    expect(again.metrics({ functionId: "proofread" })[0]).toMatchObject({ accepted: 1, rejected: 1 });
    const note = await again.openNote("harbour.md", { getText: () => ed.state.doc.toString() });
    expect(note.restored.length).toBe(result.items.length - 2);
    expect(note.dropped).toEqual([]);
    // Accepted corrections become few-shot examples in the next prompt.
    await again.run({ functionId: "proofread", noteId: "harbour.md", text: ed.state.doc.toString(), scope: { kind: "paragraph", at: 60 } }).result;
    expect(server.requests.at(-1)?.prompt).toContain("Changes this writer accepted:\n- “teh” → “the”");
    await again.dispose();
  });
});

describe("incremental re-runs", () => {
  it("after editing one paragraph, only that paragraph reaches the model", async () => {
    const engine = await createEngine(options());
    const text = Array.from({ length: 10 }, (_, i) => `Paragraph ${i} has teh usual words in it.`).join("\n\n");
    const before = server.requests.length;
    await engine.run({ functionId: "proofread", noteId: "n", text, scope: { kind: "note" } }).result;
    expect(server.requests.length - before).toBe(10);
    const edited = text.replace("Paragraph 4 has", "Paragraph 4 now has");
    const second = await engine.run({ functionId: "proofread", noteId: "n", text: edited, scope: { kind: "note" } }).result;
    expect(server.requests.length - before).toBe(11);
    expect(server.requests.at(-1)?.prompt).toContain("Paragraph 4 now has");
    expect(second.paragraphs).toMatchObject({ total: 10, cached: 9, called: 1 });
    await engine.dispose();
  });
});

describe("refusals, cancellation and staleness", () => {
  it("refuses a run over budget before calling any model, with the reason", async () => {
    const engine = await createEngine(options({ budgets: { perFunction: { proofread: { tokensPerDay: 100 } } } }));
    const before = server.requests.length;
    const refused: string[] = [];
    engine.bus.on("run:refused", (e) => refused.push(e.reason));
    const r = await engine.run({ functionId: "proofread", noteId: "n", text: NOTE, scope: { kind: "note" } }).result;
    expect(r.status).toBe("refused");
    expect(r.reason).toMatch(/^Proofread's daily budget of 100 tokens would be exceeded: 0 tokens spent today and this run needs about [\d,]+ tokens\./);
    expect(refused).toEqual([r.reason]);
    expect(server.requests.length).toBe(before);
    await engine.dispose();
  });

  it("cancels mid-run: the model hangs, the writer cancels, nothing more is proposed", async () => {
    const fake: FakeModelServer = await startFakeModelServer();
    try {
      fake.script("slow", { kind: "ok", text: "Teh first paragraph.", headerDelayMs: 0 }, { kind: "hang" });
      const engine = await createEngine({
        storage: memoryBackend(),
        providers: { list: [{ kind: "openai-compatible", id: "fake", baseURL: fake.openaiBaseURL, apiKey: "x" }], chains: { default: [{ provider: "fake", model: "slow" }] }, router: { cache: false, timeouts: { headersMs: 60_000, firstTokenMs: 60_000, idleMs: 60_000 } } },
        pools: { fake: { initial: 1, max: 1 } },
      });
      const text = "Teh first paragraph.\n\nSecond paragraph.\n\nThird paragraph.";
      const proposed: number[] = [];
      const handle: ReturnType<Engine["run"]> = engine.run({
        functionId: "proofread",
        noteId: "n",
        text,
        scope: { kind: "note" },
        onParagraph: (p) => {
          proposed.push(p.index);
          setTimeout(() => {
            handle.cancel("writer pressed cancel");
          }, 50);
        },
      });
      const r = await handle.result;
      expect(r.status).toBe("cancelled");
      expect(r.reason).toBe("writer pressed cancel");
      expect(proposed).toEqual([0]);
      expect(fake.requests("slow").length).toBe(2);
      expect(engine.activeRuns()).toEqual([]);
      // Closing a note cancels its runs the same way.
      const h2 = engine.run({ functionId: "proofread", noteId: "other", text: "Fresh text here.", scope: { kind: "note" } });
      setTimeout(() => engine.cancelNote("other"), 50);
      expect((await h2.result).status).toBe("cancelled");
      await engine.dispose();
    } finally {
      await fake.close();
    }
  });

  it("drops a paragraph's result when the writer changed it meanwhile, and track-edits never applies a stale edit", async () => {
    server.latencyMs = 150;
    try {
      const engine = await createEngine(options());
      const text = "Teh first one.\n\nTeh second one.\n\nTeh third one.";
      const ed = editor(engine, "n", text);
      const baseVersion = docVersion(ed.state);
      const stale: number[] = [];
      engine.bus.on("run:stale", (e) => stale.push(e.index));
      const handle = engine.run({ functionId: "proofread", noteId: "n", text, scope: { kind: "note" }, getText: () => ed.state.doc.toString() });
      // While the model works, the writer rewrites the second paragraph and adds a line on top.
      setTimeout(() => {
        ed.type(16, 31, "My second one.");
        ed.type(0, 0, "Intro.\n\n");
      }, 40);
      const r = await handle.result;
      expect(stale).toEqual([1]);
      const current = ed.state.doc.toString();
      for (const i of r.items) expect(current.slice(i.from, i.to)).toBe(i.original);
      expect(r.items.map((i) => i.from)).toEqual([8, 40]);

      // The same results proposed against the run's original version are mapped by track-edits.
      const again = await engine.run({ functionId: "proofread", noteId: "n2", text, scope: { kind: "note" } }).result;
      ed.propose(again.items, baseVersion);
      const invalid = ed.events.filter((e) => e.type === "invalidate");
      expect(invalid.map((e) => e.item.original)).toEqual(["Teh"]);
      ed.accept(() => true);
      expect(ed.state.doc.toString()).toBe("Intro.\n\nThe first one.\n\nMy second one.\n\nThe third one.");
      await engine.dispose();
    } finally {
      server.latencyMs = 0;
    }
  });
});

describe("rate limits, failures and diagnostics", () => {
  it("a 429 with Retry-After halves the provider's pool and backs off; a dead provider fails the run with a clear message", async () => {
    const fake: FakeModelServer = await startFakeModelServer();
    try {
      fake.script("limited", { kind: "status", status: 429, headers: { "retry-after": "0" }, body: { error: { type: "rate_limit_error", message: "slow down" } } }, { kind: "ok", text: "Fine text." });
      fake.script("dead", { kind: "status", status: 500, body: { error: { message: "boom" } } });
      const engine = await createEngine({
        storage: memoryBackend(),
        providers: {
          list: [{ kind: "openai-compatible", id: "fake", baseURL: fake.openaiBaseURL, apiKey: "x" }],
          chains: { default: [{ provider: "fake", model: "limited" }], tighten: { targets: [{ provider: "fake", model: "dead" }], maxAttempts: 2 } },
          router: { cache: false, retry: { baseDelayMs: 1, maxDelayMs: 5 } },
        },
        pools: { fake: { initial: 4, max: 8 } },
      });
      const limits: number[] = [];
      engine.bus.on("resources:concurrency", (e) => limits.push(e.limit));
      const ok = await engine.run({ functionId: "proofread", noteId: "n", text: "Fine text.", scope: { kind: "note" } }).result;
      expect(ok.status).toBe("completed");
      expect(limits).toEqual([2]);
      const failed = await engine.run({ functionId: "tighten", noteId: "n", text: "Some other text.", scope: { kind: "note" } }).result;
      expect(failed.status).toBe("failed");
      expect(failed.reason).toMatch(/^paragraph 1: /);
      expect(engine.metrics({ functionId: "tighten" })[0]).toMatchObject({ runs: 1, errors: 1 });
      await engine.dispose();
    } finally {
      await fake.close();
    }
  });

  it("persists circuit-breaker state: after a restart a known-dead target is skipped at once", async () => {
    const fake: FakeModelServer = await startFakeModelServer();
    try {
      fake.script("dead", { kind: "status", status: 500, body: { error: { message: "boom" } } });
      fake.script("alive", { kind: "ok", text: "Fine text." });
      const storage = memoryBackend();
      const opts: EngineOptions = {
        storage,
        providers: {
          list: [{ kind: "openai-compatible", id: "fake", baseURL: fake.openaiBaseURL, apiKey: "x" }],
          chains: { default: [{ provider: "fake", model: "dead" }, { provider: "fake", model: "alive" }] },
          router: { cache: false, retry: { baseDelayMs: 1, maxDelayMs: 5 }, breaker: { failureThreshold: 1, halfOpenAfterMs: 600_000 }, policy: { server: { action: "failover" } } },
        },
      };
      const a = await createEngine(opts);
      const opened: string[] = [];
      a.bus.on("provider:breaker", (e) => opened.push(e.to));
      expect((await a.run({ functionId: "proofread", noteId: "n", text: "Fine text.", scope: { kind: "note" } }).result).status).toBe("completed");
      expect(opened).toContain("open");
      await a.dispose();
      const deadCalls = fake.requests("dead").length;
      const b = await createEngine(opts);
      const skipped: string[] = [];
      b.bus.on("provider:target-skipped", (e) => skipped.push(`${e.target.model}:${e.reason}`));
      expect((await b.run({ functionId: "proofread", noteId: "n", text: "Other fine text.", scope: { kind: "note" } }).result).status).toBe("completed");
      expect(skipped).toEqual(["dead:breaker-open"]);
      expect(fake.requests("dead").length).toBe(deadCalls);
      await b.dispose();
    } finally {
      await fake.close();
    }
  });

  it("diagnostics call every provider and report missing keys without revealing any", async () => {
    const engine = await createEngine(
      options({
        providers: {
          list: [{ kind: "openai-compatible", id: "local", baseURL: server.baseURL, apiKey: "not-needed" }, { kind: "anthropic", id: "anthropic", baseURL: "http://127.0.0.1:9" }],
          chains: { default: [{ provider: "local", model: "editor-1" }] },
        },
        secrets: (id) => (id === "anthropic" ? undefined : "sk-secret-value"),
      }),
    );
    const report = await engine.diagnostics({ timeoutMs: 5000 });
    const text = formatDiagnostics(report);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.area === "provider" && c.name === "local")).toMatchObject({ status: "ok" });
    expect(report.checks.find((c) => c.area === "secrets" && c.name === "anthropic")).toMatchObject({ status: "error", detail: "API key missing: add it in Settings → Providers" });
    expect(text).toMatch(/^Redline diagnostics — .* — problems found/);
    expect(text).not.toContain("sk-secret-value");
    await engine.dispose();
  });
});

describe("as you type", () => {
  it("batches the writer's typing per function and re-checks only the finished paragraph", async () => {
    const engine = await createEngine(options());
    let state = EditorState.create({ doc: "A first paragraph that is fine.\n\nSecond one" });
    const proposals: string[] = [];
    const note = await engine.openNote("typing.md", { getText: () => state.doc.toString(), onParagraph: (p) => proposals.push(...p.items.map((i) => `${i.source.functionId}:${i.original}→${i.kind === "edit" ? i.replacement : ""}`)) });
    const before = server.requests.length;
    const type = (text: string) => {
      const tr = state.update({ changes: { from: state.doc.length, insert: text } });
      state = tr.state;
      note.record(tr.changes, tr.newDoc);
    };
    type(" has teh");
    expect(server.requests.length).toBe(before); // mid-sentence: nothing flushed yet
    type(" typo. ");
    await vi.waitFor(() => {
      expect(proposals).toEqual(["proofread:teh→the"]);
    });
    // Only the changed paragraph reached the model, once, from proofread (the as-you-type built-in with the consistency pass).
    const sent = server.requests.slice(before).map((r) => r.prompt.split("\n")[0]!.split(" ")[0]);
    expect(sent.sort()).toEqual(["Make", "Proofread"]);
    expect(server.requests.slice(before).map((r) => paragraphOf(r.prompt))).toEqual(["Second one has teh typo.", "Second one has teh typo."]);
    note.close();
    await engine.dispose();
  });
});

describe("custom functions end to end", () => {
  it("runs a Markdown-defined function and picks up edits to it", async () => {
    const files = new MemoryFileSource({
      "Redline/formal.md": "---\nid: formalise\nname: Formalise\nmodelChain: [local:editor-2]\nallowedCategories: [word-choice, tone, style, grammar]\n---\nAdjust the tone of this to formal.\n{{preferences}}\nParagraph:\n{{text}}",
    });
    const engine = await createEngine(options({ functions: { source: files, folder: "Redline" } }));
    const r = await engine.run({ functionId: "formalise", noteId: "n", text: "We were gonna go.", scope: { kind: "note" } }).result;
    expect(applyEdits("We were gonna go.", r.items.filter((i) => i.kind === "edit"))).toBe("We were going to go.");
    expect(r.items[0]?.source.model).toBe("editor-2");
    files.write("Redline/formal.md", "---\nid: formalise\nname: Formalise\nmodelChain: [nowhere:x]\n---\n{{text}}");
    await engine.functions.settled();
    const refused = await engine.run({ functionId: "formalise", noteId: "n", text: "We were gonna go.", scope: { kind: "note" } }).result;
    expect(refused.reason).toBe('Formalise\'s model chain names the provider "nowhere" (in "nowhere:x"), which is not configured. Configured providers: local.');
    await engine.dispose();
  });
});
