import { jsonSchemaOf } from "./providers/shared.js";
import type { ZodType } from "zod";
import type { ModelRequest } from "./types.js";

/**
 * Canonical JSON: object keys sorted, undefined members dropped, -0 as 0,
 * non-finite numbers as null (as JSON.stringify does). Two values that mean
 * the same request produce the same string, whatever their key order.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "number":
      return Number.isFinite(value) ? JSON.stringify(Object.is(value, -0) ? 0 : value) : "null";
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "bigint":
      return JSON.stringify(value.toString());
    case "object": {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined || typeof v === "function" ? "null" : canonicalJson(v))).join(",")}]`;
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined && typeof obj[k] !== "function" && typeof obj[k] !== "symbol")
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
    }
    default:
      return "null";
  }
}

/**
 * The canonical identity of a request within a scope (the chain): everything
 * that can change the answer, nothing that can't (the AbortSignal).
 */
export function requestIdentity(request: ModelRequest, scope: string, schemaJson: (schema: ZodType) => Record<string, unknown> = jsonSchemaOf): string {
  return canonicalJson({
    scope,
    model: request.model,
    system: request.system,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    temperature: request.temperature,
    maxTokens: request.maxTokens,
    stopSequences: request.stopSequences,
    output: request.output && { name: request.output.name, description: request.output.description, schema: schemaJson(request.output.schema) },
    task: request.task,
  });
}

/** A 64-bit hex digest (two 32-bit FNV-1a style lanes) of a canonical string, for logs and events. */
export function digest(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, "0") + (h1 >>> 0).toString(16).padStart(8, "0");
}
