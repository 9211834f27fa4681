import { createDefaultRegistry, type ChainConfig, type ModelProvider, type ModelRequest, type ProviderConfig, type Router, type RouterOptions, type RouterStream, type TargetSpec } from "@redline/ai-providers";
import type { EventBus } from "../bus.js";
import { bridgeRouterEvents } from "../bridges/provider-events.js";
import type { EditorialFunction } from "../functions/types.js";
import type { ResolvedVariant } from "../managers/function-selector.js";
import { canonicalJson } from "../util/hash.js";

export type SecretsGetter = (providerId: string) => string | undefined | Promise<string | undefined>;

export type ChainSpec = ChainConfig | readonly TargetSpec[];

export interface GatewayConfig {
  readonly providers: readonly (ProviderConfig | ModelProvider)[];
  /** Named chains: "default", and optionally one per function id. */
  readonly chains: Readonly<Record<string, ChainSpec>>;
  /** Everything else the router takes (timeouts, budgets, cache, registry, fetch, clock…). */
  readonly router: Omit<RouterOptions, "providers" | "chains">;
  readonly secrets?: SecretsGetter;
  readonly createRouter: (options: RouterOptions) => Router;
}

/** How one run reaches a model. */
export type Route =
  | { readonly kind: "router"; readonly chain: string; readonly pool: string; readonly signature: string }
  | { readonly kind: "style-sheet" }
  | { readonly kind: "unavailable"; readonly reason: string };

export const OFFLINE_CHAIN = "redline:offline";
/** The model id ai-providers' offline engine reports. */
export const OFFLINE_MODEL = "redline-offline";

interface ProviderInfo {
  readonly id: string;
  readonly kind: string;
  readonly local: boolean;
  readonly hasKey: boolean;
  readonly needsKey: boolean;
}

/**
 * Owns the ai-providers router for an engine: builds it from provider
 * configs (keys fetched from the secrets getter, never stored), registers a
 * chain for every function or variant that names its own models, and picks
 * the route for a run. When the set of chains changes (a custom function was
 * edited) it rebuilds the router, carrying over breaker state and the ledger.
 *
 * Providers built from configs are built here, once per configure(), and
 * shared by every router until the next one: a rebuilt router keeps the
 * offline engine it had (Harper stays loaded). A provider is disposed once no
 * router that may still be calling it remains.
 */
export class ModelGateway {
  readonly #bus: EventBus;
  #config: GatewayConfig | undefined;
  #resolvedProviders: ModelProvider[] = [];
  /** Providers this gateway built from configs, by their config: the current configuration's. */
  #owned = new Map<string, ModelProvider>();
  /** Older ones a retiring router may still call. */
  readonly #stale = new Set<ModelProvider>();
  #router: Router | undefined;
  #unbridge: (() => void) | undefined;
  #chains: Record<string, ChainSpec> = {};
  #signature = "";
  #info: ProviderInfo[] = [];
  readonly #retiring = new Map<Router, number>();
  readonly #inflight = new Map<Router, number>();

  constructor(bus: EventBus) {
    this.#bus = bus;
  }

  async configure(config: GatewayConfig, functions: readonly EditorialFunction[]): Promise<void> {
    this.#config = config;
    const resolved: ModelProvider[] = [];
    const owned = new Map<string, ModelProvider>();
    const created: ModelProvider[] = [];
    const info: ProviderInfo[] = [];
    const registry = config.router.registry ?? createDefaultRegistry();
    const env = config.router.fetch ? { fetch: config.router.fetch } : {};
    try {
      for (const p of config.providers) {
        if (isInstance(p)) {
          resolved.push(p);
          info.push({ id: p.id, kind: p.kind, local: p.local, hasKey: true, needsKey: false });
          continue;
        }
        const id = p.id ?? p.kind;
        const needsKey = (p.kind === "anthropic" || p.kind === "openai") && p.local !== true;
        const apiKey = p.apiKey ?? (config.secrets ? await config.secrets(id) : undefined);
        const full = apiKey === undefined ? p : { ...p, apiKey };
        // An unchanged config keeps its provider: new keys for one provider do not reload the offline engine's Harper.
        const key = canonicalJson(full);
        let provider = this.#owned.get(key) ?? owned.get(key);
        if (!provider) {
          provider = registry.create(full, env);
          created.push(provider);
        }
        owned.set(key, provider);
        resolved.push(provider);
        info.push({ id, kind: p.kind, local: p.local ?? (p.kind === "offline" || isLocalUrl(p.baseURL)), hasKey: apiKey !== undefined && apiKey !== "", needsKey });
      }
    } catch (error) {
      for (const p of created) void p.dispose?.().catch(() => undefined);
      throw error;
    }
    const kept = new Set(owned.values());
    for (const p of this.#owned.values()) if (!kept.has(p)) this.#stale.add(p);
    this.#owned = owned;
    this.#resolvedProviders = resolved;
    this.#info = info;
    this.#signature = "";
    this.sync(functions);
    this.#collect();
  }

  /** Disposes providers of earlier configurations that no live router holds any more. */
  #collect(): void {
    const live = new Set<ModelProvider>();
    for (const router of [this.#router, ...this.#retiring.keys()]) for (const p of router?.providers.values() ?? []) live.add(p);
    for (const p of this.#stale) {
      if (live.has(p)) continue;
      this.#stale.delete(p);
      void p.dispose?.().catch(() => undefined);
    }
  }

  /** Rebuilds the router if the chains the functions need have changed. */
  sync(functions: readonly EditorialFunction[]): void {
    const config = this.#config;
    if (!config) return;
    const chains: Record<string, ChainSpec> = { ...config.chains };
    const offline = this.#info.find((p) => p.kind === "offline");
    if (offline && chains[OFFLINE_CHAIN] === undefined) chains[OFFLINE_CHAIN] = [{ provider: offline.id, model: OFFLINE_MODEL }];
    // A chain naming an unknown provider is left out (route() explains it to the
    // writer) so one broken custom function can't take the router down.
    const known = (targets: readonly TargetSpec[]) => targets.every((t) => this.#info.some((p) => p.id === t.provider));
    for (const fn of functions) {
      const own = fn.modelChain.map(parseTarget);
      if (own.length > 0 && known(own)) chains[`fn:${fn.id}`] = own;
      for (const v of fn.variants) {
        const vt = (v.modelChain ?? []).map(parseTarget);
        if (vt.length > 0 && known(vt)) chains[`fn:${fn.id}@${v.id}`] = vt;
      }
    }
    const signature = canonicalJson(chains);
    if (signature === this.#signature && this.#router) return;
    const previous = this.#router;
    this.#chains = chains;
    this.#signature = signature;
    this.#unbridge?.();
    const router = config.createRouter({
      ...config.router,
      providers: this.#resolvedProviders,
      chains,
      ...(previous ? { ledgerEntries: previous.ledger.entries() } : {}),
    });
    if (previous) {
      router.breakers.restore(previous.breakers.snapshot());
      this.#retire(previous);
    }
    this.#router = router;
    this.#unbridge = bridgeRouterEvents(router.events, this.#bus);
  }

  #retire(router: Router): void {
    if ((this.#inflight.get(router) ?? 0) === 0) router.dispose();
    else this.#retiring.set(router, 1);
  }

  get router(): Router | undefined {
    return this.#router;
  }

  providers(): readonly ProviderInfo[] {
    return this.#info;
  }

  /** A model to probe a provider with: the first one any chain names for it. */
  modelFor(providerId: string): string {
    for (const spec of Object.values(this.#chains)) {
      const t = targetsOf(spec).find((x) => x.provider === providerId && x.model !== "");
      if (t) return t.model;
    }
    return this.#info.find((p) => p.id === providerId)?.kind === "offline" ? OFFLINE_MODEL : "default";
  }

  hasModelProvider(): boolean {
    return this.#info.some((p) => p.kind !== "offline");
  }

  /** Picks the chain for a function variant, or explains why there is none. */
  route(fn: EditorialFunction, variant: ResolvedVariant, hostChainFor?: string): Route {
    if (!this.#router) {
      return fn.local === "style-sheet" ? { kind: "style-sheet" } : { kind: "unavailable", reason: `${fn.name} needs a model provider, and none is configured. Add one in Settings → Providers.` };
    }
    const unknownTarget = [...(variant.id !== "default" ? variant.modelChain : []), ...fn.modelChain].map(parseTarget).find((t) => !this.#info.some((p) => p.id === t.provider));
    if (unknownTarget) {
      return { kind: "unavailable", reason: `${fn.name}'s model chain names the provider "${unknownTarget.provider}" (in "${unknownTarget.provider}:${unknownTarget.model}"), which is not configured. Configured providers: ${this.#info.map((p) => p.id).join(", ") || "none"}.` };
    }
    const candidates: string[] = [];
    if (variant.id !== "default" && this.#chains[`fn:${fn.id}@${variant.id}`]) candidates.push(`fn:${fn.id}@${variant.id}`);
    if (fn.modelChain.length > 0) candidates.push(`fn:${fn.id}`);
    if (hostChainFor !== undefined && this.#chains[hostChainFor]) candidates.push(hostChainFor);
    if (this.#chains[fn.id]) candidates.push(fn.id);
    if (this.hasModelProvider() && this.#chains.default) candidates.push("default");
    if (fn.local === "offline" && this.#chains[OFFLINE_CHAIN]) candidates.push(OFFLINE_CHAIN);
    for (const chain of candidates) {
      const targets = targetsOf(this.#chains[chain]);
      const unknown = targets.find((t) => !this.#info.some((p) => p.id === t.provider));
      if (unknown) {
        return { kind: "unavailable", reason: `${fn.name}'s model chain names the provider "${unknown.provider}" (in "${unknown.provider}:${unknown.model}"), which is not configured. Configured providers: ${this.#info.map((p) => p.id).join(", ") || "none"}.` };
      }
      const first = targets[0];
      if (first) return { kind: "router", chain, pool: first.provider, signature: canonicalJson(targets) };
    }
    if (fn.local === "style-sheet") return { kind: "style-sheet" };
    return {
      kind: "unavailable",
      reason: this.hasModelProvider()
        ? `${fn.name} has no model chain: set a default chain in Settings → Providers, or a model chain for this function.`
        : `${fn.name} needs a model provider (Anthropic, OpenAI, or a local server such as Ollama or LM Studio). Add one in Settings → Providers. Proofread, Tighten and the Consistency pass work without one.`,
    };
  }

  stream(request: ModelRequest, chain: string, functionId: string, signal: AbortSignal): { stream: RouterStream; done: () => void } {
    const router = this.#router;
    if (!router) throw new Error("no router configured");
    this.#inflight.set(router, (this.#inflight.get(router) ?? 0) + 1);
    const stream = router.stream(request, { chain, functionId, signal });
    return {
      stream,
      done: () => {
        const n = (this.#inflight.get(router) ?? 1) - 1;
        if (n > 0) this.#inflight.set(router, n);
        else {
          this.#inflight.delete(router);
          if (this.#retiring.delete(router)) {
            router.dispose();
            this.#collect();
          }
        }
      },
    };
  }

  estimateUsd(request: ModelRequest, chain: string, functionId: string): number {
    try {
      return this.#router?.estimate(request, { chain, functionId })?.costUsd ?? 0;
    } catch {
      return 0;
    }
  }

  /** Disposes the routers, then the providers built from configs (the offline engine's worker goes with it). */
  async dispose(): Promise<void> {
    this.#unbridge?.();
    this.#unbridge = undefined;
    this.#router?.dispose();
    for (const r of this.#retiring.keys()) r.dispose();
    this.#retiring.clear();
    this.#router = undefined;
    const providers = [...new Set(this.#owned.values()), ...this.#stale];
    this.#owned = new Map();
    this.#stale.clear();
    await Promise.all(providers.map((p) => (p.dispose ? p.dispose().catch(() => undefined) : Promise.resolve())));
  }
}

function isInstance(p: ProviderConfig | ModelProvider): p is ModelProvider {
  return typeof (p as ModelProvider).stream === "function";
}

function isLocalUrl(url: string | undefined): boolean {
  return url !== undefined && /^https?:\/\/(localhost|127\.|\[::1\])/.test(url);
}

/** "provider:model" → a target. The model part may itself contain colons (ollama tags). */
export function parseTarget(s: string): TargetSpec {
  const i = s.indexOf(":");
  return i < 0 ? { provider: s, model: "" } : { provider: s.slice(0, i), model: s.slice(i + 1) };
}

function targetsOf(spec: ChainSpec | undefined): readonly TargetSpec[] {
  if (!spec) return [];
  return isChainArray(spec) ? spec : spec.targets;
}

function isChainArray(spec: ChainSpec): spec is readonly TargetSpec[] {
  return Array.isArray(spec);
}
