import { z } from "zod";
import type { ZodType } from "zod";

/** JSON schema (draft-7, no $schema key) for a zod schema, as providers' native JSON modes expect. */
export function jsonSchemaOf(schema: ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: "draft-7", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}
