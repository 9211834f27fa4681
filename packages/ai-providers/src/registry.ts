import type { ModelProvider, ProviderConfig, ProviderEnvironment, ProviderFactory, ProviderKind } from "./types.js";

/**
 * Maps a provider kind to the factory that builds it. The built-in kinds are
 * registered by {@link createDefaultRegistry}; the offline engine registers
 * itself for "offline". One registry per composition root, never global.
 */
export class ProviderRegistry {
  readonly #factories = new Map<ProviderKind, ProviderFactory>();

  register(kind: ProviderKind, factory: ProviderFactory): this {
    this.#factories.set(kind, factory);
    return this;
  }

  has(kind: ProviderKind): boolean {
    return this.#factories.has(kind);
  }

  kinds(): ProviderKind[] {
    return [...this.#factories.keys()];
  }

  create(config: ProviderConfig, env: ProviderEnvironment = {}): ModelProvider {
    const factory = this.#factories.get(config.kind);
    if (!factory) {
      throw new Error(`No provider registered for kind "${config.kind}". Register one with registry.register("${config.kind}", factory).`);
    }
    return factory(config, env);
  }
}
