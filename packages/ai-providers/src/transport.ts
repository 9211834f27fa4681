import type { FetchLike } from "./types.js";

/**
 * Wraps a fetch so the SDKs' telemetry headers (X-Stainless-*) never go on
 * the wire: third-party and local servers (Ollama, LM Studio, proxies) don't
 * list them in Access-Control-Allow-Headers, so the browser's CORS preflight
 * fails before the request is even sent.
 */
export function withoutTelemetryHeaders(fetchImpl: FetchLike): FetchLike {
  return (input, init) => {
    if (init?.headers === undefined) return fetchImpl(input, init);
    // The SDKs build a fresh Headers per request: edit it in place rather than copy.
    const headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    const drop: string[] = [];
    headers.forEach((_value, name) => {
      if (name.startsWith("x-stainless-")) drop.push(name);
    });
    for (const name of drop) headers.delete(name);
    return fetchImpl(input, headers === init.headers ? init : { ...init, headers });
  };
}

/**
 * The SDKs' known telemetry headers, nulled in defaultHeaders so the SDK
 * never builds them (a null default removes a header). The fetch wrapper
 * above still catches any the SDK adds later.
 */
export const NO_TELEMETRY_HEADERS: Readonly<Record<string, null>> = Object.freeze(
  Object.fromEntries(
    ["Lang", "Package-Version", "OS", "Arch", "Runtime", "Runtime-Version", "Retry-Count", "Timeout", "Helper-Method", "Async"].map((n) => [`X-Stainless-${n}`, null]),
  ),
);

/** The fetch to use when the host supplies none. Bound, because some runtimes require `this === globalThis`. */
export function defaultFetch(): FetchLike {
  return (input, init) => globalThis.fetch(input, init);
}

/** Local servers (Ollama, LM Studio) cost nothing and have no budget. */
export function isLocalBaseURL(baseURL: string | undefined): boolean {
  if (!baseURL) return false;
  try {
    const host = new URL(baseURL).hostname;
    return host === "localhost" || host === "127.0.0.1" || host === "::1" || host === "[::1]" || host.endsWith(".local");
  } catch {
    return false;
  }
}
