import { z } from "zod";
import type { ZodType } from "zod";
import { RouterError } from "./errors.js";
import type { BatchItem, BatchItemResult, BatchOptions, Router } from "./router-types.js";
import type { ModelRequest } from "./types.js";

/** The envelope a batched call must answer with: one entry per item, by id. */
export function batchEnvelopeSchema<T>(itemSchema: ZodType<T>): ZodType<{ items: { id: string; result: T }[] }> {
  return z.object({ items: z.array(z.object({ id: z.string(), result: itemSchema })) });
}

const looseEnvelope = z.object({ items: z.array(z.object({ id: z.string(), result: z.unknown() })) });

function groups<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Several paragraphs in one call, with a result per item. The envelope is
 * validated loosely so one bad item doesn't sink its siblings; each item is
 * then validated on its own. Items the answer skipped or got wrong are
 * retried once on their own before they are reported as failed.
 */
export async function runBatch<T>(router: Router, options: BatchOptions<T>): Promise<BatchItemResult<T>[]> {
  const { items, buildRequest, itemSchema, maxItemsPerCall = 8, ...route } = options;
  const ids = new Set<string>();
  for (const item of items) {
    if (ids.has(item.id)) throw new RouterError("config", `Batch item id "${item.id}" is not unique.`);
    ids.add(item.id);
  }

  async function call(group: readonly BatchItem[]): Promise<Map<string, BatchItemResult<T>>> {
    const out = new Map<string, BatchItemResult<T>>();
    const built = buildRequest(group);
    const request: ModelRequest = built.output ? built : { ...built, output: { name: "batch", description: "One result per input item, by id.", schema: looseEnvelope } };
    try {
      const result = await router.complete(request, route);
      const envelope = looseEnvelope.safeParse(result.object ?? JSON.parse(result.text));
      const entries = envelope.success ? envelope.data.items : [];
      for (const item of group) {
        const entry = entries.find((e) => e.id === item.id);
        if (!entry) {
          out.set(item.id, { id: item.id, ok: false, error: new Error(`item "${item.id}" is missing from the batch answer`) });
          continue;
        }
        const parsed = itemSchema.safeParse(entry.result);
        out.set(item.id, parsed.success ? { id: item.id, ok: true, value: parsed.data } : { id: item.id, ok: false, error: new Error(`item "${item.id}": ${parsed.error.message}`) });
      }
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      for (const item of group) out.set(item.id, { id: item.id, ok: false, error });
    }
    return out;
  }

  const results = new Map<string, BatchItemResult<T>>();
  const first = await Promise.all(groups(items, Math.max(1, maxItemsPerCall)).map(call));
  for (const m of first) for (const [id, r] of m) results.set(id, r);

  // One retry per item that the batched answer skipped or botched (not for router-level failures).
  const retry = items.filter((item) => {
    const r = results.get(item.id);
    return r !== undefined && !r.ok && !(r.error instanceof RouterError);
  });
  if (retry.length > 0) {
    const again = await Promise.all(retry.map((item) => call([item])));
    for (const m of again) for (const [id, r] of m) if (r.ok) results.set(id, r);
  }
  return items.map((item) => results.get(item.id) ?? { id: item.id, ok: false, error: new Error(`item "${item.id}" produced no result`) });
}
