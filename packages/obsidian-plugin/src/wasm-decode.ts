/**
 * Turns the offline engine's binary, as main.js carries it (base64 of gzip),
 * back into the WASM bytes, and refuses bytes whose sha256 differs from the
 * one recorded at build time: a truncated or altered main.js must fail with a
 * clear error, not hand Harper garbage.
 */
export async function decodeGzipBase64(base64: string, expectedSha256: string): Promise<Uint8Array<ArrayBuffer>> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    const stream = new Blob([base64ToBytes(base64)]).stream().pipeThrough(new DecompressionStream("gzip"));
    bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new Error(`The offline engine inside main.js is damaged (${error instanceof Error ? error.message : String(error)}). Reinstall Redline.`, { cause: error });
  }
  const actual = await sha256Hex(bytes);
  if (actual !== expectedSha256) {
    throw new Error(`The offline engine inside main.js is damaged (sha256 ${actual.slice(0, 12)}…, expected ${expectedSha256.slice(0, 12)}…). Reinstall Redline.`);
  }
  return bytes;
}

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
