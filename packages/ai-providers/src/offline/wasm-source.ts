import type { HarperWasmSource } from "./harper-worker-protocol.js";

type GzipSource = Extract<HarperWasmSource, { kind: "gzip-base64" }>;

/**
 * Harper's WASM from base64 of gzip, as a stream, checked on the way through:
 * gzip's CRC-32 and length trailer (the decompressor's), the size recorded
 * when the copy was made, and WASM's magic number. A streamed body lets
 * WebAssembly.compileStreaming compile while the rest is still decompressing.
 */
export function gunzipBase64(source: GzipSource): ReadableStream<Uint8Array> {
  let seen = 0;
  let head = new Uint8Array(0);
  const check = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      if (head.length < 4) head = Uint8Array.of(...head, ...chunk.subarray(0, 4 - head.length));
      if (head.length >= 4 && !(head[0] === 0x00 && head[1] === 0x61 && head[2] === 0x73 && head[3] === 0x6d)) throw damaged(source, "not a WebAssembly binary");
      seen += chunk.length;
      if (seen > source.size) throw damaged(source, `more than the expected ${source.size} bytes`);
      controller.enqueue(chunk);
    },
    flush() {
      if (seen !== source.size) throw damaged(source, `${seen} bytes, expected ${source.size}`);
    },
  });
  return new Blob([base64ToBytes(source.data)]).stream().pipeThrough(new DecompressionStream("gzip")).pipeThrough(check);
}

/** Decodes the whole copy into a Blob typed for streaming compilation (hosts without a worker of their own). */
export async function gunzipBase64ToBlob(source: GzipSource): Promise<Blob> {
  try {
    return await new Response(gunzipBase64(source), { headers: { "content-type": "application/wasm" } }).blob();
  } catch (error) {
    throw asDamage(source, error);
  }
}

/** A failure while reading the copy, as the writer should see it. */
export function asDamage(source: HarperWasmSource, error: unknown): Error {
  if (source.kind !== "gzip-base64") return error instanceof Error ? error : new Error(String(error));
  if (error instanceof Error && error.message.startsWith(`${source.describe ?? "Harper's WASM"} is damaged`)) return error;
  return damaged(source, error instanceof Error ? error.message : String(error), error);
}

function damaged(source: GzipSource, detail: string, cause?: unknown): Error {
  const remedy = source.remedy === undefined ? "" : ` ${source.remedy}`;
  return new Error(`${source.describe ?? "Harper's WASM"} is damaged (${detail}).${remedy}`, cause === undefined ? undefined : { cause });
}

interface Base64Native {
  fromBase64?: (text: string) => Uint8Array<ArrayBuffer>;
}

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  // Chromium 140+ (recent Electron): one native pass, several times faster than atob plus a copy loop.
  const native = (Uint8Array as unknown as Base64Native).fromBase64;
  if (native) return native(base64);
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
