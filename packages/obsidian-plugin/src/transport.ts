/**
 * How model calls leave the app. On desktop, the page's fetch streams; but a
 * local server that does not allow Obsidian's origin (app://obsidian.md)
 * rejects it, and on mobile fetch is subject to CORS everywhere. Obsidian's
 * requestUrl has no CORS but no streaming either, so it is the fallback:
 * used on mobile, and for an endpoint once it failed CORS (remembered per
 * origin, so the failed preflight is paid once). Modelled on
 * pfrankov/obsidian-ai-providers' FetchSelector, with no Node built-ins so the
 * bundle stays mobile-safe.
 */

export interface RequestUrlLikeParam {
  url: string;
  method?: string;
  contentType?: string;
  body?: string | ArrayBuffer;
  headers?: Record<string, string>;
  throw?: boolean;
}
export interface RequestUrlLikeResponse {
  status: number;
  headers: Record<string, string>;
  arrayBuffer: ArrayBuffer;
}
export type RequestUrlFn = (param: RequestUrlLikeParam) => Promise<RequestUrlLikeResponse>;
export type FetchFn = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface TransportOptions {
  fetch: FetchFn;
  requestUrl: RequestUrlFn;
  /** Mobile: always requestUrl. */
  isMobile: boolean;
  /** Origins that already failed CORS, from settings. */
  requestUrlOrigins: readonly string[];
  /** Called when an origin is added, so settings can persist it. */
  onRememberOrigin?: (origin: string) => void;
}

export type TransportMode = "fetch" | "requestUrl";

/** Actionable advice for a local server that refused the app's origin. */
export function originGuidance(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `“${url}” is not a valid URL.`;
  }
  const local = ["localhost", "127.0.0.1", "[::1]", "0.0.0.0"].includes(u.hostname);
  if (u.port === "11434" || /ollama/i.test(u.hostname)) {
    return `Ollama at ${u.origin} refused Obsidian's origin. Start it with OLLAMA_ORIGINS="app://obsidian.md*,capacitor://localhost,http://localhost" (on macOS: launchctl setenv OLLAMA_ORIGINS "app://obsidian.md*" and restart Ollama).`;
  }
  if (u.port === "1234") return `LM Studio at ${u.origin} refused the request. In LM Studio's Developer tab, turn on “Enable CORS”, then try again.`;
  if (local) return `The local server at ${u.origin} refused Obsidian's origin. Allow the origin app://obsidian.md (and capacitor://localhost on mobile) in its CORS settings.`;
  return `${u.origin} could not be reached. Check the base URL and your connection.`;
}

/** Raised when both transports failed; the message carries the guidance. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly url: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = "TransportError";
  }
}

interface RequestParts {
  url: string;
  method: string;
  headers: Headers;
  body: BodyInit | null | undefined;
  signal: AbortSignal | null | undefined;
}

/** A Request's body can be read once; buffer it so a retry can resend it. */
async function requestParts(input: string | URL | Request, init?: RequestInit): Promise<RequestParts> {
  if (input instanceof Request) {
    const method = init?.method ?? input.method;
    const body = init?.body ?? (method === "GET" || method === "HEAD" ? undefined : await input.arrayBuffer());
    return { url: input.url, method, headers: new Headers(init?.headers ?? input.headers), body, signal: init?.signal ?? input.signal };
  }
  return { url: input.toString(), method: init?.method ?? "GET", headers: new Headers(init?.headers), body: init?.body, signal: init?.signal };
}

async function bodyToRequestUrl(body: BodyInit | null | undefined): Promise<string | ArrayBuffer | undefined> {
  if (body === null || body === undefined) return undefined;
  if (typeof body === "string") return body;
  return new Response(body).arrayBuffer();
}

const isAbort = (e: unknown): boolean => e instanceof DOMException && e.name === "AbortError";

export class Transport {
  readonly #opts: TransportOptions;
  readonly #requestUrlOrigins: Set<string>;

  constructor(opts: TransportOptions) {
    this.#opts = opts;
    this.#requestUrlOrigins = new Set(opts.requestUrlOrigins);
  }

  modeFor(url: string): TransportMode {
    if (this.#opts.isMobile) return "requestUrl";
    try {
      return this.#requestUrlOrigins.has(new URL(url).origin) ? "requestUrl" : "fetch";
    } catch {
      return "fetch";
    }
  }

  /** A fetch-compatible function to inject into the provider SDKs. */
  readonly fetch: FetchFn = async (input, init) => {
    const parts = await requestParts(input, init);
    if (this.modeFor(parts.url) === "requestUrl") return this.#viaRequestUrl(parts);
    let response: Response;
    try {
      response = await this.#opts.fetch(parts.url, { ...init, method: parts.method, headers: parts.headers, body: parts.body ?? null, signal: parts.signal ?? null });
    } catch (e) {
      if (isAbort(e) || parts.signal?.aborted === true) throw e;
      // fetch raises a bare TypeError for CORS and for unreachable hosts alike;
      // requestUrl tells them apart.
      const fallback = await this.#tryRequestUrl(parts, e);
      this.#remember(parts.url);
      return fallback;
    }
    // Ollama answers a disallowed Origin with 403 before any auth is checked.
    if (response.status === 403 && isLocal(parts.url)) {
      const fallback = await this.#tryRequestUrl(parts, new Error("403 from a local server"));
      if (fallback.status !== 403) {
        this.#remember(parts.url);
        return fallback;
      }
    }
    return response;
  };

  #remember(url: string): void {
    const origin = new URL(url).origin;
    if (this.#requestUrlOrigins.has(origin)) return;
    this.#requestUrlOrigins.add(origin);
    this.#opts.onRememberOrigin?.(origin);
  }

  async #tryRequestUrl(parts: RequestParts, fetchError: unknown): Promise<Response> {
    try {
      return await this.#viaRequestUrl(parts);
    } catch (e) {
      if (isAbort(e)) throw e;
      throw new TransportError(originGuidance(parts.url), parts.url, fetchError);
    }
  }

  async #viaRequestUrl(parts: RequestParts): Promise<Response> {
    parts.signal?.throwIfAborted();
    const headers: Record<string, string> = {};
    parts.headers.forEach((v, k) => {
      headers[k] = v;
    });
    const body = await bodyToRequestUrl(parts.body);
    const pending = this.#opts.requestUrl({ url: parts.url, method: parts.method, headers, ...(body !== undefined ? { body } : {}), throw: false });
    // requestUrl cannot be cancelled; honour the signal by abandoning its result.
    const res = await (parts.signal
      ? Promise.race([
          pending,
          new Promise<never>((_, reject) => {
            parts.signal?.addEventListener("abort", () => {
              reject(parts.signal?.reason instanceof Error ? parts.signal.reason : new DOMException("Aborted", "AbortError"));
            }, { once: true });
          }),
        ])
      : pending);
    const nullBody = res.status === 204 || res.status === 304;
    return new Response(nullBody ? null : res.arrayBuffer, { status: res.status, headers: res.headers });
  }
}

function isLocal(url: string): boolean {
  try {
    return ["localhost", "127.0.0.1", "[::1]", "0.0.0.0"].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}
