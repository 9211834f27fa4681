/** The variables every prompt may use. */
export const PROMPT_VARIABLES = ["text", "context", "preferences", "examples"] as const;

const VAR = /\{\{\s*([A-Za-z][\w-]*)\s*\}\}/g;

/** Names used in a template, in order of first use. */
export function templateVariables(template: string): string[] {
  const seen = new Set<string>();
  for (const m of template.matchAll(VAR)) if (m[1] !== undefined) seen.add(m[1]);
  return [...seen];
}

/**
 * Substitutes `{{name}}` in one pass, so a value that itself contains
 * `{{...}}` (the writer's text can) is never expanded again.
 */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(VAR, (whole, name: string) => values[name] ?? whole);
}
