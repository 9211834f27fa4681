import { offlineProviderFactory, ProviderError, type ModelProvider, type ProviderFactory } from "@redline/ai-providers";

/**
 * The "offline" slot, with Harper's binary located on the engine's first run
 * instead of at start: in a community install that means decoding the copy
 * inlined in main.js, which a writer who only uses model providers never pays
 * for. `binaryUrl` resolving to null leaves harper.js to find its own binary
 * (Node, tests).
 */
export function lazyOfflineProviderFactory(binaryUrl: () => Promise<string | null>): ProviderFactory {
  const create = offlineProviderFactory();
  return (config, env) => {
    const id = config.id ?? "offline";
    let provider: Promise<ModelProvider> | null = null;
    const ready = (): Promise<ModelProvider> =>
      (provider ??= binaryUrl().then(
        (url) => create(url === null ? config : { ...config, options: { ...config.options, binaryUrl: url } }, env),
        (error: unknown) => {
          provider = null;
          const message = error instanceof Error ? error.message : String(error);
          throw new ProviderError("server", `The offline engine could not load Harper: ${message}`, { target: id, cause: error });
        },
      ));
    return {
      kind: "offline",
      id,
      baseURL: "",
      local: true,
      async *stream(call) {
        yield* (await ready()).stream(call);
      },
      async generate(call) {
        return (await ready()).generate(call);
      },
    };
  };
}
