import { CATEGORIES } from "@redline/track-edits";
import { isMap, LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { canonicalJson, contentHash } from "../util/hash.js";
import { PROMPT_VARIABLES, templateVariables } from "./template.js";
import type { EditorialFunction } from "./types.js";

/** A precise, writer-facing error in a custom-function note. */
export interface FunctionError {
  readonly file: string;
  /** Dotted path of the frontmatter field, or "body" / "frontmatter". */
  readonly field: string;
  readonly line?: number;
  readonly message: string;
}

export function formatFunctionError(e: FunctionError): string {
  return `${e.file}${e.line !== undefined ? `:${e.line}` : ""}: ${e.field}: ${e.message}`;
}

const SCOPES = ["selection", "paragraph", "note", "dirty"] as const;
const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

const rule = z
  .object({
    scope: z.array(z.enum(SCOPES)).optional(),
    folder: z.string().optional(),
    tag: z.string().optional(),
    frontmatter: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    minSelection: z.number().int().nonnegative().optional(),
    maxSelection: z.number().int().positive().optional(),
    language: z.string().optional(),
  })
  .strict();

const modelChain = z.array(z.string().min(1, "a model target cannot be empty")).min(1, "list at least one model target");
const temperature = z.number().min(0, "must be between 0 and 2").max(2, "must be between 0 and 2");

const variant = z
  .object({
    id: z.string().regex(ID, "use lower-case letters, digits and dashes"),
    prompt: z.string().min(1).optional(),
    modelChain: modelChain.optional(),
    temperature: temperature.optional(),
    weight: z.number().nonnegative().default(1),
    priority: z.number().default(0),
    when: rule.optional(),
  })
  .strict();

/** The frontmatter of a custom-function note. Unknown keys are errors, so typos surface. */
export const customFunctionSchema = z
  .object({
    id: z.string({ error: "is required (lower-case letters, digits and dashes)" }).regex(ID, "use lower-case letters, digits and dashes, starting with a letter or digit"),
    name: z.string({ error: "is required" }).min(1, "cannot be empty"),
    description: z.string().default(""),
    modelChain: modelChain.optional(),
    temperature: temperature.default(0.3),
    scope: z.array(z.enum(SCOPES)).min(1, "list at least one scope").default(["selection", "paragraph", "note"]),
    allowedCategories: z.array(z.enum(CATEGORIES)).min(1, "list at least one category").default([...CATEGORIES]),
    qualityGates: z
      .object({
        maxChangeRatio: z.number().gt(0, "must be above 0").max(1, "must be at most 1").default(0.6),
        forbiddenPhrases: z.array(z.string().min(1)).default([]),
        preserveMarkdown: z.boolean().default(true),
      })
      .strict()
      .default({ maxChangeRatio: 0.6, forbiddenPhrases: [], preserveMarkdown: true }),
    batching: z.enum(["immediate", "smart", "debounce", "content-aware"]).default("smart"),
    asYouType: z.boolean().default(false),
    learning: z.boolean().default(true),
    output: z.enum(["edits", "comments"]).default("edits"),
    system: z.string().min(1).optional(),
    params: z
      .record(
        z.string().regex(/^[A-Za-z][\w-]*$/, "parameter names are letters, digits, _ and -"),
        z.object({ description: z.string().optional(), default: z.string().optional(), options: z.array(z.string()).optional() }).strict(),
      )
      .default({}),
    variants: z.array(variant).default([]),
  })
  .strict();

export type CustomFunctionFrontmatter = z.infer<typeof customFunctionSchema>;

const DEFAULT_SYSTEM =
  "You are an editor working on one paragraph of a Markdown note. Reply with the revised paragraph only, no commentary. Keep every ⟦n⟧ placeholder exactly, and keep the Markdown structure.";
const DEFAULT_COMMENT_SYSTEM =
  'You are an editor leaving notes on passages. Reply with JSON only: {"notes":[{"quote":"<exact words from the paragraph>","note":"<your note>"}]}.';

export type ParseResult = { ok: true; fn: EditorialFunction } | { ok: false; errors: FunctionError[] };

const FRONTMATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/**
 * Parses a custom-function note: YAML frontmatter (validated with zod) and a
 * prompt body using {{text}}, {{context}}, {{preferences}}, {{examples}} and
 * declared params. Every problem is reported with file, field and line.
 */
export function parseCustomFunction(path: string, source: string): ParseResult {
  const m = FRONTMATTER.exec(source);
  if (!m) {
    return { ok: false, errors: [{ file: path, field: "frontmatter", line: 1, message: "the note must start with a YAML frontmatter block between --- lines" }] };
  }
  const yamlText = m[1] ?? "";
  const bodyStartLine = m[0].split("\n").length;
  const body = source.slice(m[0].length).trim();
  const lines = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        file: path,
        field: "frontmatter",
        line: (e.linePos?.[0].line ?? 0) + 1,
        message: `invalid YAML: ${e.message.split("\n")[0] ?? e.code}`,
      })),
    };
  }
  if (!isMap(doc.contents)) {
    return { ok: false, errors: [{ file: path, field: "frontmatter", line: 2, message: "the frontmatter must be a mapping of fields (key: value)" }] };
  }
  const raw: unknown = doc.toJS();
  const parsed = customFunctionSchema.safeParse(raw);
  const errors: FunctionError[] = [];
  const lineOf = (fieldPath: readonly PropertyKey[]): number | undefined => {
    for (let n = fieldPath.length; n > 0; n--) {
      const node = doc.getIn(fieldPath.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lines.linePos(node.range[0]).line + 1; // +1 for the opening ---
    }
    return undefined;
  };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const fieldPath = issue.path;
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) {
          const full = [...fieldPath, key];
          errors.push({ file: path, field: full.join("."), line: lineOf(full), message: `unknown field (check the spelling; allowed fields are listed in the custom-functions guide)` });
        }
        continue;
      }
      const got = valueAt(raw, fieldPath);
      errors.push({
        file: path,
        field: fieldPath.length > 0 ? fieldPath.join(".") : "frontmatter",
        line: lineOf(fieldPath),
        message: got === undefined ? issue.message : `${issue.message} (got ${JSON.stringify(got)})`,
      });
    }
    return { ok: false, errors };
  }
  const fm = parsed.data;
  const allowedVars = new Set<string>([...PROMPT_VARIABLES, ...Object.keys(fm.params)]);
  const bodyLineOf = (needle: string): number => {
    const idx = source.indexOf(needle, m[0].length);
    return idx < 0 ? bodyStartLine : source.slice(0, idx).split("\n").length;
  };
  if (body.length === 0) {
    errors.push({ file: path, field: "body", line: bodyStartLine, message: "the prompt is empty; write it below the frontmatter and include {{text}}" });
  } else {
    const checkTemplate = (template: string, field: string) => {
      const used = templateVariables(template);
      for (const v of used) {
        if (!allowedVars.has(v)) {
          errors.push({ file: path, field, line: field === "body" ? bodyLineOf(`{{${v}`) : lineOf(field.split(".")), message: `unknown variable {{${v}}}; use {{text}}, {{context}}, {{preferences}}, {{examples}} or a declared param` });
        }
      }
      if (!used.includes("text")) errors.push({ file: path, field, line: field === "body" ? bodyStartLine : lineOf(field.split(".")), message: "the prompt must include {{text}}, where the paragraph goes" });
    };
    checkTemplate(body, "body");
    fm.variants.forEach((v, i) => {
      if (v.prompt !== undefined) checkTemplate(v.prompt, `variants.${i}.prompt`);
    });
  }
  const ids = new Set<string>();
  fm.variants.forEach((v, i) => {
    if (ids.has(v.id)) errors.push({ file: path, field: `variants.${i}.id`, line: lineOf(["variants", i, "id"]), message: `duplicate variant id "${v.id}"` });
    ids.add(v.id);
  });
  if (errors.length > 0) return { ok: false, errors };

  const draft: Omit<EditorialFunction, "version"> = {
    id: fm.id,
    name: fm.name,
    description: fm.description,
    origin: { kind: "custom", path },
    output: fm.output,
    system: fm.system ?? (fm.output === "comments" ? DEFAULT_COMMENT_SYSTEM : DEFAULT_SYSTEM),
    prompt: body,
    modelChain: fm.modelChain ?? [],
    temperature: fm.temperature,
    scopes: fm.scope,
    allowedCategories: fm.allowedCategories,
    qualityGates: fm.qualityGates,
    batching: fm.batching,
    asYouType: fm.asYouType,
    learning: fm.learning,
    params: fm.params,
    variants: fm.variants,
  };
  // The hash covers the whole note, so any edit to it is a new version.
  return { ok: true, fn: { ...draft, version: contentHash(source, canonicalJson(draft.origin)) } };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}
