import { afterAll, beforeAll } from "vitest";
import type { EngineProvidersOptions } from "../engine.js";
import { startEditorModelServer } from "./editor-model-server.js";
import type { EditorModelServer } from "./editor-model-server.js";

/**
 * For one test file: the editor model server, started before its tests and
 * closed after them, and the engine's `providers` option pointing at it (one
 * chain; the router's own cache off, so every call the engine makes reaches
 * the server and shows in `requests`).
 */
export function useEditorModelServer(): EditorModelServer & { providers(): EngineProvidersOptions } {
  let server: EditorModelServer | undefined;
  beforeAll(async () => {
    server = await startEditorModelServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  const started = (): EditorModelServer => {
    if (!server) throw new Error("The editor model server starts in beforeAll: use it inside tests.");
    return server;
  };
  return {
    get baseURL() {
      return started().baseURL;
    },
    get requests() {
      return started().requests;
    },
    get latencyMs() {
      return started().latencyMs;
    },
    set latencyMs(ms: number) {
      started().latencyMs = ms;
    },
    close: () => started().close(),
    providers: () => ({
      list: [{ kind: "openai-compatible", id: "local", baseURL: started().baseURL, apiKey: "not-needed" }],
      chains: { default: [{ provider: "local", model: "editor-1" }] },
      router: { cache: false },
    }),
  };
}
