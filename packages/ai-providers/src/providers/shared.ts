import { z } from "zod";
import type { ZodType } from "zod";

/** JSON schema (draft-7, no $schema key) for a zod schema, as providers' native JSON modes expect. */
export function jsonSchemaOf(schema: ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: "draft-7", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

/**
 * A per-instance memo of jsonSchemaOf: editorial functions reuse one schema
 * object for every call, and converting it is the costliest step of a
 * structured request. Weakly keyed, so schemas are never pinned.
 */
export function schemaMemo(): (schema: ZodType) => Record<string, unknown> {
  const memo = new WeakMap<ZodType, Record<string, unknown>>();
  return (schema) => {
    let js = memo.get(schema);
    if (!js) {
      js = jsonSchemaOf(schema);
      memo.set(schema, js);
    }
    return js;
  };
}
