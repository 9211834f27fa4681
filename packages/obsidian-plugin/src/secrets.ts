import type { LeakedKey } from "./settings/schema.js";

/** The part of Obsidian's SecretStorage Redline uses. */
export interface SecretStore {
  getSecret(id: string): string | null;
  setSecret(id: string, secret: string): void;
}

/**
 * Moves keys found in data.json into SecretStorage. A key already stored
 * under the same id wins: the plaintext copy is older by construction (the
 * settings pane never writes one), so it is dropped rather than overwriting.
 * Returns how many keys were moved, for the notice.
 */
export function migrateLeakedKeys(store: SecretStore, leaked: readonly LeakedKey[]): number {
  let moved = 0;
  for (const { secretId, key } of leaked) {
    const existing = store.getSecret(secretId);
    if (existing === null || existing === "") {
      store.setSecret(secretId, key);
      moved++;
    }
  }
  return moved;
}

/** Replaces every occurrence of a known secret in a message with a mask, so errors never leak keys. */
export function redactSecrets(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join(`${s.slice(0, 3)}…[redacted]`);
  return out;
}
