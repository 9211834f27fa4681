import { describe, expect, it } from "vitest";
import { migrateLeakedKeys, redactSecrets, type SecretStore } from "./secrets.js";

class MemoryStore implements SecretStore {
  readonly map = new Map<string, string>();
  getSecret(id: string): string | null {
    return this.map.get(id) ?? null;
  }
  setSecret(id: string, secret: string): void {
    this.map.set(id, secret);
  }
}

describe("migrateLeakedKeys", () => {
  it("moves keys into the store and keeps a key already stored there", () => {
    const store = new MemoryStore();
    store.setSecret("redline-anthropic-key", "newer");
    const moved = migrateLeakedKeys(store, [
      { secretId: "redline-openai-key", key: "sk-1" },
      { secretId: "redline-anthropic-key", key: "older" },
    ]);
    expect(moved).toBe(1);
    expect(store.getSecret("redline-openai-key")).toBe("sk-1");
    expect(store.getSecret("redline-anthropic-key")).toBe("newer");
  });
});

describe("redactSecrets", () => {
  it("masks every occurrence of a key", () => {
    expect(redactSecrets("bad key sk-abcdef for sk-abcdef", ["sk-abcdef"])).toBe("bad key sk-…[redacted] for sk-…[redacted]");
  });
});
