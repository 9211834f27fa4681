import type { ModelRequest, OfflineFinding } from "@redline/ai-providers";
import { buildTrackedEdits, findProtectedSpans, sentenceAround } from "@redline/track-edits";
import type { CommentItem } from "@redline/track-edits";
import type { EventBus } from "../bus.js";
import type { StyleSheet } from "../functions/style-sheet.js";
import { applyStyleSheet } from "../functions/style-sheet.js";
import { renderTemplate } from "../functions/template.js";
import type { EditorialFunction } from "../functions/types.js";
import type { FunctionSelector, SelectionStrategy } from "../managers/function-selector.js";
import type { PerformanceMonitor } from "../managers/performance-monitor.js";
import type { ResourceManager } from "../managers/resource-manager.js";
import type { SessionLearningManager } from "../managers/session-learning-manager.js";
import { DEFAULT_PARAMETERS, PARAMETER_BOUNDS, editShape } from "../learning/index.js";
import { commentPatternKey } from "../managers/feedback-processor.js";
import type { TunedParameters } from "../learning/index.js";
import { contextAround, paragraphs, segmentScope, unmask } from "../text/segment.js";
import type { Segment } from "../text/segment.js";
import type { NoteContext, ProposedComment, ProposedEdit, ProposedItem, RunPriority, RunScope } from "../types.js";
import type { TimerScope } from "../util/clock.js";
import { canonicalJson, contentHash } from "../util/hash.js";
import type { ParagraphCache } from "./cache.js";
import type { ModelGateway, Route } from "./gateway.js";
import { findingNote } from "./finding-note.js";
import { checkGates } from "./gates.js";
import { locateQuote, notesSchema, parseNotes, validateRewrite } from "./output.js";

export interface RunRequest {
  readonly functionId: string;
  readonly noteId: string;
  /** The note's full text when the run starts; offsets refer to it. */
  readonly text: string;
  readonly scope: RunScope;
  /** Function parameters, e.g. `{ tone: "formal" }` for adjust-tone. */
  readonly params?: Readonly<Record<string, string>>;
  readonly priority?: RunPriority;
  readonly signal?: AbortSignal;
  readonly note?: NoteContext;
  readonly strategy?: SelectionStrategy;
  /**
   * The note's current text. When given, each paragraph's result is checked
   * against it before proposing: moved paragraphs are re-positioned, changed
   * ones dropped as stale. Without it, offsets refer to `text`.
   */
  readonly getText?: () => string;
  /** Called once per paragraph as soon as its edits are ready. */
  readonly onParagraph?: (p: ParagraphProposal) => void;
}

export interface ParagraphProposal {
  readonly index: number;
  readonly from: number;
  readonly to: number;
  readonly cached: boolean;
  /** Items to show (dispatch them to track-edits as pending). */
  readonly items: readonly ProposedItem[];
  /** Items the learner hid, each with its reason in `decision.explanation`. */
  readonly hidden: readonly ProposedItem[];
  /** Earlier pending items of this function on this paragraph, now replaced. */
  readonly superseded: readonly string[];
}

export type RunStatus = "completed" | "cancelled" | "failed" | "refused";

export interface RunResult {
  readonly runId: string;
  readonly noteId: string;
  readonly functionId: string;
  readonly variantId: string;
  readonly status: RunStatus;
  /** Why a run was refused, failed or cancelled. */
  readonly reason?: string;
  readonly items: readonly ProposedItem[];
  readonly hidden: readonly ProposedItem[];
  /** Per paragraph; `outOfScope` counts edits, not paragraphs: changes a model made outside the function's categories, left out. */
  readonly paragraphs: { total: number; called: number; cached: number; stale: number; gateFailed: number; failed: number; outOfScope: number };
  readonly usage: { inputTokens: number; outputTokens: number; costUsd: number };
  readonly errors: readonly string[];
  readonly latencyMs: number;
  /** Milliseconds from start to the first proposed paragraph, if any. */
  readonly firstProposalMs?: number;
}

/** What a model call produced, cached per paragraph. */
export interface CallOutcome {
  readonly text: string;
  readonly findings?: readonly OfflineFinding[];
  readonly object?: unknown;
  readonly model: string;
  readonly provider: string;
}

export interface PipelineDeps {
  readonly bus: EventBus;
  readonly timers: TimerScope;
  readonly functionFor: (id: string) => (EditorialFunction & { readonly enabled: boolean; readonly strictness: number }) | undefined;
  readonly functionIds: () => readonly string[];
  readonly params: (fn: EditorialFunction, given: Readonly<Record<string, string>> | undefined) => Record<string, string>;
  readonly styleSheet: () => StyleSheet;
  readonly selector: FunctionSelector;
  readonly resources: ResourceManager;
  readonly sessions: SessionLearningManager;
  readonly monitor: PerformanceMonitor;
  readonly gateway: ModelGateway;
  readonly cache: ParagraphCache<CallOutcome>;
  /** True when the writer set this function's temperature in its settings (the tuner then leaves it alone). */
  readonly userTemperature: (functionId: string) => boolean;
}

interface Unit {
  readonly seg: Segment;
  readonly key: string;
  readonly request: ModelRequest | undefined;
}

/**
 * One run, as one line: scope → segment (mask) → select → admit → cache/dedup
 * → streamed call → validate + gates → diff/classify → learn-filter → propose.
 */
export async function executeRun(d: PipelineDeps, req: RunRequest, runId: string, signal: AbortSignal): Promise<RunResult> {
  const t0 = d.timers.now();
  const priority = req.priority ?? "interactive";
  const counts = { total: 0, called: 0, cached: 0, stale: 0, gateFailed: 0, failed: 0, outOfScope: 0 };
  const usage = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
  const items: ProposedItem[] = [];
  const hidden: ProposedItem[] = [];
  const errors: string[] = [];
  let variantId = "default";
  let firstProposalMs: number | undefined;
  let model = "";
  const finish = (status: RunStatus, reason?: string): RunResult => ({
    runId,
    noteId: req.noteId,
    functionId: req.functionId,
    variantId,
    status,
    ...(reason !== undefined ? { reason } : {}),
    items,
    hidden,
    paragraphs: counts,
    usage,
    errors,
    latencyMs: d.timers.now() - t0,
    ...(firstProposalMs !== undefined ? { firstProposalMs } : {}),
  });
  const refuse = (reason: string): RunResult => {
    d.bus.emit("run:refused", { runId, noteId: req.noteId, functionId: req.functionId, reason });
    d.sessions.recordRun(req.noteId, { runId, functionId: req.functionId, variantId, at: t0, proposed: 0, shown: 0, status: "refused" });
    return finish("refused", reason);
  };

  // 1. scope
  const fn = d.functionFor(req.functionId);
  if (!fn) return refuse(`There is no editorial function "${req.functionId}". Available: ${d.functionIds().join(", ")}.`);
  if (!fn.enabled) return refuse(`${fn.name} is turned off in its settings.`);
  if (!fn.scopes.includes(req.scope.kind)) return refuse(`${fn.name} does not run on a ${req.scope.kind}; it runs on: ${fn.scopes.join(", ")}.`);

  // 2. segment and mask
  const spans = findProtectedSpans(req.text);
  const paras = paragraphs(req.text, spans);
  const segs = segmentScope(req.text, req.scope, spans, paras);
  counts.total = segs.length;

  // 3. select
  const selection = d.selector.choose({
    runId,
    fn,
    noteId: req.noteId,
    scope: req.scope.kind,
    selectionLength: req.scope.kind === "selection" ? req.scope.to - req.scope.from : 0,
    note: req.note ?? {},
    ...(req.strategy ? { strategy: req.strategy } : {}),
  });
  const variant = selection.variant;
  variantId = variant.id;
  const route: Route = d.gateway.route(fn, variant);
  if (route.kind === "unavailable") return refuse(route.reason);

  const params = d.params(fn, req.params);
  // Bounded online tuning: the learned shift of temperature applies unless the writer set one.
  const tuned = fn.learning ? d.sessions.runParameters(fn.id, runId) : undefined;
  const temperature = tunedTemperature(variant.temperature, tuned, d.userTemperature(fn.id));
  const blocks = fn.learning ? d.sessions.promptBlocks(fn.id) : { preferences: "", examples: "" };
  const prefVersion = fn.learning ? d.sessions.preferencesVersion(fn.id) : "off";
  const routeSig = route.kind === "router" ? route.signature : `style-sheet:${canonicalJson(d.styleSheet())}`;
  const paramsSig = canonicalJson(params);

  const units: Unit[] = segs.map((seg) => {
    const key = contentHash(fn.version, variant.id, variant.prompt === fn.prompt ? "" : variant.prompt, paramsSig, seg.text, prefVersion, routeSig, String(temperature));
    if (route.kind !== "router") return { seg, key, request: undefined };
    const prompt = renderTemplate(variant.prompt, {
      ...params,
      text: seg.masked,
      context: contextAround(req.text, paras, seg.index),
      preferences: blocks.preferences,
      examples: blocks.examples,
    });
    const request: ModelRequest = {
      system: variant.system,
      messages: [{ role: "user", content: prompt }],
      temperature,
      maxTokens: Math.ceil(seg.masked.length / 2) + 256,
      task: { functionId: fn.id, text: seg.masked, params },
      ...(fn.output === "comments" ? { output: { name: "notes", description: "Developmental notes on quoted passages", schema: notesSchema } } : {}),
    };
    return { seg, key, request };
  });

  // 4. admit
  const fresh: Unit[] = [];
  const cachedUnits: [Unit, CallOutcome][] = [];
  for (const u of units) {
    const hit = d.cache.get(u.key);
    if (hit) cachedUnits.push([u, hit]);
    else fresh.push(u);
  }
  if (route.kind === "router" && fresh.length > 0) {
    let tokens = 0;
    let usd = 0;
    let sample: ModelRequest | undefined;
    let sampleTokens = 0;
    for (const u of fresh) {
      if (!u.request) continue;
      const promptChars = (u.request.system?.length ?? 0) + u.request.messages.reduce((n, m) => n + m.content.length, 0);
      const t = Math.ceil(promptChars / 4) + Math.ceil((u.seg.masked.length / 4) * 1.3);
      tokens += t;
      if (t > sampleTokens) {
        sample = u.request;
        sampleTokens = t;
      }
    }
    // Price is linear in tokens: price the largest request once and scale.
    if (sample) usd = d.gateway.estimateUsd(sample, route.chain, fn.id) * (tokens / sampleTokens);
    const admission = d.resources.admit(fn.id, fn.name, { tokens, usd });
    if (!admission.ok) return refuse(admission.reason);
  }

  d.bus.emit("run:started", { runId, noteId: req.noteId, functionId: fn.id, variantId, scope: req.scope.kind, priority, paragraphs: segs.length });
  let done = 0;

  const propose = (u: Unit, outcome: CallOutcome, cached: boolean) => {
    if (signal.aborted) return;
    model ||= outcome.model;
    const seg = u.seg;
    const createdAt = d.timers.now();
    const gateFail = (gate: string, detail: string) => {
      counts.gateFailed++;
      d.bus.emit("run:gate-failed", { runId, noteId: req.noteId, index: seg.index, gate, detail });
    };
    const meta = { runId, noteId: req.noteId, functionVersion: fn.version };
    const source = { functionId: fn.id, variant: variant.id, model: outcome.model, provider: outcome.provider };
    let produced: ProposedItem[] = [];
    const placeholderDecision = { show: true, probability: 1, explanation: "", retest: false };

    // 7. validate and gate
    if (fn.output === "edits") {
      let raw = outcome.text;
      if (outcome.findings && outcome.findings.length > 0 && (raw.trim() === "" || raw === seg.masked)) raw = applyFindings(seg.masked, outcome.findings);
      const parsed = validateRewrite(raw, seg.masked);
      if (!parsed.ok) {
        gateFail("output-schema", parsed.message);
        return;
      }
      const un = unmask(parsed.text, seg.placeholders);
      if (!un.ok) {
        gateFail("protected-spans", un.detail);
        return;
      }
      // 8. diff and classify (protected spans refused again inside buildTrackedEdits)
      // Diff only the changed window (plus context): the same edits, a fraction of the tokenising.
      const w = changedWindow(seg.text, un.text);
      const edits = w === undefined ? [] : buildTrackedEdits(w.original, w.rewrite, {
        source,
        baseOffset: seg.from + w.start,
        protectedSpans: seg.spans,
        createdAt,
        confidence: outcome.findings ? 0.6 : 0.7,
        newId: (n) => `${runId}:${seg.index}:${n}`,
      });
      const gate = edits.length === 0 ? ({ ok: true } as const) : checkGates(seg.text, un.text, edits, fn.qualityGates);
      if (!gate.ok) {
        gateFail(gate.gate, gate.detail);
        return;
      }
      const inScope = edits.filter((e) => fn.allowedCategories.includes(e.category));
      counts.outOfScope += edits.length - inScope.length;
      produced = inScope
        .map(
          (e): ProposedEdit => ({
            ...e,
            clusterId: `${runId}:${e.clusterId}`,
            explanation: (outcome.findings && findingNote(outcome.findings, seg, e)) ?? `${fn.name}: ${e.category} (${outcome.model})`,
            ...meta,
            context: sentenceAround(req.text, e.from, e.to).text,
            decision: placeholderDecision,
          }),
        );
    } else {
      const parsed = outcome.object !== undefined ? notesSchema.safeParse(outcome.object) : parseNotes(outcome.text);
      if (!parsed.success) {
        gateFail("output-schema", `notes did not match the expected JSON: ${parsed.error.issues[0]?.message ?? "invalid"}`);
        return;
      }
      let n = 0;
      for (const note of parsed.data.notes) {
        const at = locateQuote(seg.text, note.quote);
        if (!at) continue;
        const from = seg.from + at.from;
        const to = seg.from + at.to;
        if (seg.spans.some((s) => s.from < to && s.to > from)) continue;
        const c: CommentItem = { kind: "comment", id: `${runId}:${seg.index}:${n++}`, from, to, original: req.text.slice(from, to), note: note.note, source, category: "style", clusterId: `${runId}:p${seg.index}`, createdAt };
        produced.push({ ...c, ...meta, context: sentenceAround(req.text, from, to).text, decision: placeholderDecision } satisfies ProposedComment);
      }
    }

    // Stale check: never propose against text that changed under the run.
    let current = req.text;
    let delta = 0;
    if (req.getText) {
      current = req.getText();
      if (current.slice(seg.from, seg.to) !== seg.text) {
        const first = current.indexOf(seg.text);
        const unique = first >= 0 && current.indexOf(seg.text, first + 1) < 0;
        if (!unique) {
          counts.stale++;
          d.bus.emit("run:stale", { runId, noteId: req.noteId, index: seg.index });
          return;
        }
        delta = first - seg.from;
        produced = produced.map((p) => ({ ...p, from: p.from + delta, to: p.to + delta }));
      }
    }

    // 8b. learn-filter
    const shown: ProposedItem[] = [];
    const hid: ProposedItem[] = [];
    for (const p of produced) {
      const decision = d.sessions.decide({
        functionId: fn.id,
        category: p.kind === "edit" ? p.category : (p.category ?? "style"),
        patternKey: p.kind === "edit" ? p.patternKey : commentPatternKey(p.note),
        variantId: variant.id,
        model: outcome.model,
        confidence: p.kind === "edit" ? p.confidence : 0.7,
        ...(p.kind === "edit" ? { shape: editShape(p.original, p.replacement) } : {}),
        strictness: fn.strictness,
      });
      const withDecision = { ...p, decision } as ProposedItem;
      (decision.show ? shown : hid).push(withDecision);
    }

    // 9. propose
    const segFrom = seg.from + delta;
    const segTo = seg.to + delta;
    const superseded = d.sessions
      .pendingIn(req.noteId, fn.id, segFrom, segTo)
      .filter((p) => p.runId !== runId)
      .map((p) => p.id);
    if (superseded.length > 0) d.sessions.dropPending(req.noteId, superseded);
    d.sessions.addPending(req.noteId, shown, current);
    items.push(...shown);
    hidden.push(...hid);
    firstProposalMs ??= d.timers.now() - t0;
    const proposal: ParagraphProposal = { index: seg.index, from: segFrom, to: segTo, cached, items: shown, hidden: hid, superseded };
    d.bus.emit("run:paragraph", { runId, noteId: req.noteId, index: seg.index, from: segFrom, to: segTo, cached, edits: shown, hidden: hid, superseded });
    req.onParagraph?.(proposal);
  };

  const progress = () => {
    done++;
    d.bus.emit("run:progress", { runId, noteId: req.noteId, done, total: segs.length });
  };

  // 5. cache hits first: they cost nothing and appear at once.
  for (const [u, outcome] of cachedUnits) {
    counts.cached++;
    propose(u, outcome, true);
    progress();
  }

  // 6. streamed calls, paragraph by paragraph, through the provider's pool.
  const call = async (u: Unit): Promise<void> => {
    if (signal.aborted) return;
    if (route.kind === "style-sheet") {
      const outcome: CallOutcome = { text: applyStyleSheet(u.seg.masked, d.styleSheet()), model: "style-sheet", provider: "local" };
      d.cache.set(u.key, outcome);
      counts.called++;
      propose(u, outcome, false);
      progress();
      return;
    }
    if (!u.request) return;
    const request = u.request;
    let lease;
    try {
      lease = await d.resources.acquire(route.pool, priority, signal);
    } catch {
      return; // cancelled while queued
    }
    const started = d.timers.now();
    let ok = false;
    let errorClass: string | undefined;
    let retryAfterMs: number | undefined;
    let outcome: CallOutcome | undefined;
    try {
      const { promise } = d.cache.dedup(u.key, async () => {
        // A child signal per call keeps the run's signal at one listener per call,
        // whatever the router and SDK hang on theirs.
        const child = new AbortController();
        const forward = () => {
          child.abort(signal.reason);
        };
        signal.addEventListener("abort", forward, { once: true });
        const { stream, done: release } = d.gateway.stream(request, route.chain, fn.id, child.signal);
        try {
          // Drain the stream so partial output and restarts are handled by the router's contract.
          for await (const part of stream) {
            if (part.type === "restart") continue;
          }
          const r = await stream.result;
          if (!r.cached) {
            usage.inputTokens += r.usage.inputTokens;
            usage.outputTokens += r.usage.outputTokens;
            usage.costUsd += r.costUsd;
            d.resources.recordSpend(fn.id, { tokens: r.usage.inputTokens + r.usage.outputTokens, usd: r.costUsd });
          }
          const findings = r.providerMetadata?.findings;
          return { text: r.text, ...(findings ? { findings } : {}), ...(r.object !== undefined ? { object: r.object } : {}), model: r.modelId, provider: r.target.provider } satisfies CallOutcome;
        } finally {
          signal.removeEventListener("abort", forward);
          release();
        }
      });
      outcome = await promise;
      ok = true;
      // A model's answer is kept across restarts (it costs money and time); the offline engine's
      // (it has findings) is free, and depends on learned rule weights the key does not hold.
      d.cache.set(u.key, outcome, outcome.findings === undefined ? d.timers.now() : undefined);
      counts.called++;
    } catch (err) {
      if (aborted(signal)) return;
      counts.failed++;
      const info = err as { errorClass?: unknown; retryAfterMs?: unknown; failures?: unknown };
      const last = Array.isArray(info.failures) ? (info.failures.at(-1) as { errorClass?: unknown; retryAfterMs?: unknown } | undefined) : undefined;
      const cls: unknown = info.errorClass ?? last?.errorClass;
      const after: unknown = info.retryAfterMs ?? last?.retryAfterMs;
      errorClass = typeof cls === "string" ? cls : undefined;
      retryAfterMs = typeof after === "number" ? after : undefined;
      errors.push(`paragraph ${u.seg.index + 1}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      lease.release({ ok, latencyMs: d.timers.now() - started, ...(errorClass ? { errorClass } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
    }
    if (outcome) propose(u, outcome, false);
    progress();
  };
  await Promise.all(fresh.map(call));

  const shownCount = items.length;
  const proposedCount = items.length + hidden.length;
  let status: RunStatus = "completed";
  let reason: string | undefined;
  if (aborted(signal)) {
    status = "cancelled";
    const r: unknown = signal.reason;
    reason = r instanceof Error ? r.message : typeof r === "string" ? r : "cancelled";
    d.bus.emit("run:cancelled", { runId, noteId: req.noteId, reason });
  } else if (fresh.length > 0 && counts.failed === fresh.length) {
    status = "failed";
    reason = errors[0] ?? "every call failed";
    d.bus.emit("run:failed", { runId, noteId: req.noteId, functionId: fn.id, message: reason });
  }
  const latencyMs = d.timers.now() - t0;
  if (status !== "cancelled") {
    d.monitor.recordRun({ functionId: fn.id, model: model || (route.kind === "router" ? route.chain : "style-sheet"), latencyMs, ok: status === "completed", inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, costUsd: usage.costUsd, proposed: proposedCount, shown: shownCount });
  }
  d.sessions.recordRun(req.noteId, { runId, functionId: fn.id, variantId, at: t0, proposed: proposedCount, shown: shownCount, status });
  if (status === "completed") d.bus.emit("run:completed", { runId, noteId: req.noteId, functionId: fn.id, proposed: proposedCount, shown: shownCount, latencyMs });
  return finish(status, reason);
}

/** Characters of context track-edits' classifier reads on each side of an edit. */
const CLASSIFIER_CONTEXT = 80;

/**
 * The smallest whitespace-aligned window of `a` (and the matching window of
 * `b`) outside which both are identical, widened by `margin` characters so
 * the classifier still sees the words around each change. Undefined when the
 * texts are equal.
 */
export function changedWindow(a: string, b: string, margin = CLASSIFIER_CONTEXT): { start: number; original: string; rewrite: string } | undefined {
  if (a === b) return undefined;
  let p = 0;
  const max = Math.min(a.length, b.length);
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  let start = Math.max(0, p - margin);
  while (start > 0 && !/\s/.test(a[start - 1] ?? "")) start--;
  let end = Math.min(a.length, a.length - s + margin);
  while (end < a.length && !/\s/.test(a[end] ?? "")) end++;
  const tail = a.length - end;
  return { start, original: a.slice(start, end), rewrite: b.slice(start, b.length - tail) };
}

/** Reads the flag afresh (it changes across awaits, which narrowing can't see). */
function aborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

/** Applies an offline engine's findings (offsets into the masked text). */
export function applyFindings(text: string, findings: readonly OfflineFinding[]): string {
  let out = text;
  let last = Infinity;
  for (const f of [...findings].sort((a, b) => b.from - a.from)) {
    if (f.to > last || f.from < 0 || f.to > text.length) continue; // overlapping findings: keep the later one
    out = out.slice(0, f.from) + f.replacement + out.slice(f.to);
    last = f.from;
  }
  return out;
}

/**
 * The temperature a run uses. The tuner moves a function's temperature from
 * its neutral default; that shift is added to the variant's own temperature
 * (so proofreading stays cooler than rewriting) and the result is kept within
 * the tuner's safe bounds. A temperature the writer set in the function's
 * settings always wins: it is used as is.
 */
export function tunedTemperature(base: number, tuned: TunedParameters | undefined, userSet: boolean): number {
  if (userSet || !tuned) return base;
  const shift = tuned.temperature - DEFAULT_PARAMETERS.temperature;
  if (Math.abs(shift) < 1e-9) return base;
  const [lo, hi] = PARAMETER_BOUNDS.temperature;
  return Math.round(Math.min(hi, Math.max(lo, base + shift)) * 1000) / 1000;
}
