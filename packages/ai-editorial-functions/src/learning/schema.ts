import { z } from "zod";

/** Persisted state of a PreferenceModel (schema 1). Tuples keep 10,000 patterns well under 1 MB. */
const num = z.number();
const count = z.number().int().nonnegative();

/** [accept evidence, reject evidence, history bits, history length, hidden streak, re-test gap, responses, ignores, last minute] */
export const cellTupleSchema = z.tuple([num.nonnegative(), num.nonnegative(), count, count.max(24), count, count.min(1), count, count, count]);
/**
 * [category index, ...cell, shape index into EDIT_SHAPES (-1 unknown), the function's opportunity
 * count when first seen, encounters since]; older state ends after the cell or after the shape.
 */
const patternCell = [count, num.nonnegative(), num.nonnegative(), count, count.max(24), count, count.min(1), count, count, count] as const;
const shapeIndex = z.number().int().min(-1);
export const patternTupleSchema = z.union([z.tuple([...patternCell, shapeIndex, count, count.min(1)]), z.tuple([...patternCell, shapeIndex]), z.tuple(patternCell)]);

export type CellTuple = z.infer<typeof cellTupleSchema>;
export type PatternTuple = z.infer<typeof patternTupleSchema>;

export const neverRuleSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(["category", "pattern"]),
  value: z.string().min(1),
  functionId: z.string().optional(),
  createdAt: num,
});

export const functionStateSchema = z.object({
  strictness: num.positive(),
  learning: z.boolean(),
  confidenceCut: num.min(0).max(1),
  cats: z.record(z.string(), cellTupleSchema),
  /** Confidence-calibration bins, lowest first; null where nothing was learned. */
  conf: z.array(cellTupleSchema.nullable()).max(5),
  patterns: z.record(z.string(), patternTupleSchema),
  /** Category × shape cells, keyed "category:shape" (absent in older state). */
  shapes: z.record(z.string(), cellTupleSchema).optional(),
  /** Edits the function has proposed: the clock rewrites' recurrence is measured on (absent in older state). */
  ops: count.optional(),
});

export const preferenceStateSchema = z.object({
  schema: z.literal(1),
  version: count,
  ruleSeq: count,
  rules: z.array(neverRuleSchema),
  functions: z.record(z.string(), functionStateSchema),
  /** The writer's responses per category across all functions (absent in older state). */
  writer: z.record(z.string(), cellTupleSchema).optional(),
  /** The writer's clock (edits proposed by all functions) until which their taste is turning (absent in older state: not turning). */
  turnUntil: count.optional(),
});

export type PreferenceState = z.infer<typeof preferenceStateSchema>;
