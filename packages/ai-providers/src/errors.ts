/** The closed set every provider failure is mapped into. */
export const ERROR_CLASSES = [
  "rate-limited",
  "overloaded",
  "server",
  "timeout",
  "connection",
  "context-window",
  "content-policy",
  "auth",
  "bad-request",
  "aborted",
] as const;

export type ErrorClass = (typeof ERROR_CLASSES)[number];

const CONTEXT_WINDOW = /context[ _-]?(length|window)|maximum context|too many tokens|prompt is too long/i;
const CONTENT_POLICY = /content[ _-]?(policy|filter|management)|safety system|flagged/i;

/**
 * Classifies an HTTP failure by status and body text. The body matters for
 * 400s, which providers use for both context-window and content-policy errors.
 */
export function classifyHttpFailure(status: number, body = ""): ErrorClass {
  if (status === 401 || status === 403) return "auth";
  if (status === 408) return "timeout";
  if (status === 429) return "rate-limited";
  if (status === 529 || (status === 503 && /overload/i.test(body))) return "overloaded";
  if (status >= 500) return "server";
  if (status === 400 || status === 413 || status === 422) {
    if (CONTEXT_WINDOW.test(body)) return "context-window";
    if (CONTENT_POLICY.test(body)) return "content-policy";
  }
  return "bad-request";
}
