import { ProviderRegistry } from "../registry.js";
import { createAnthropicProvider } from "./anthropic.js";
import { createOpenAIProvider } from "./openai.js";

export { createAnthropicProvider } from "./anthropic.js";
export { createOpenAIProvider } from "./openai.js";

/** A registry with the SDK-backed kinds. The host registers "offline" itself. */
export function createDefaultRegistry(): ProviderRegistry {
  return new ProviderRegistry()
    .register("anthropic", createAnthropicProvider)
    .register("openai", createOpenAIProvider)
    .register("openai-compatible", createOpenAIProvider);
}
