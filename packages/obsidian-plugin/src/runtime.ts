import type { Runtime, RuntimeDeps } from "./runtime-port.js";

/**
 * Composition of the engine, the providers and the editor extension, loaded
 * lazily from onLayoutReady.
 */
export function createRuntime(_deps: RuntimeDeps): Promise<Runtime> {
  return Promise.reject(new Error("the Redline engine (@redline/ai-editorial-functions) is not available in this build yet"));
}
