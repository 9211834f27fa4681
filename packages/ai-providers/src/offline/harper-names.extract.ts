/**
 * Node-only, for the generator and its test (never bundled): reads the names
 * in Harper's curated dictionary out of its WASM binary. harper.js exposes no
 * way to list dictionary words; the dictionary is compiled into the binary as
 * its source text (one `word/flags  # comment` entry a line), followed by the
 * JSON of its annotations.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const MARKER = "# Start of original dictionary import";

/** Entries of Harper's dictionary with a capital letter and no space, sorted, once each. */
export function extractHarperNames(wasm: Uint8Array): string[] {
  const bytes = Buffer.from(wasm.buffer, wasm.byteOffset, wasm.byteLength);
  const at = bytes.indexOf(MARKER);
  if (at < 0) throw new Error("harper.js layout changed: its binary holds no dictionary text where expected.");
  // The text is one string constant among others in the data section, bounded by NUL bytes.
  const start = bytes.lastIndexOf(0, at) + 1;
  const end = bytes.indexOf(0, at);
  const text = bytes.subarray(start, end < 0 ? bytes.length : end).toString("utf8");
  const names = new Set<string>();
  let entries = 0;
  for (const line of text.split("\n")) {
    // The annotations JSON follows the dictionary.
    if (line.startsWith("{")) break;
    const entry = line.replace(/#.*$/u, "").trim();
    if (entry === "" || /^\d+$/u.test(entry)) continue;
    entries++;
    const word = entry.split("/")[0] ?? "";
    if (/\p{Lu}/u.test(word) && !/\s/u.test(word)) names.add(word);
  }
  if (entries < 10_000 || names.size < 1_000) throw new Error(`harper.js layout changed: found ${String(entries)} dictionary entries, ${String(names.size)} names.`);
  return [...names].sort();
}

/** The binary the engine runs (harper.js's slim build), as installed. */
export async function installedHarperBinary(): Promise<Uint8Array> {
  const { slimBinary } = await import("harper.js/slimBinary");
  return readFile(fileURLToPath(String(slimBinary.url)));
}

export async function installedHarperVersion(): Promise<string> {
  const { slimBinary } = await import("harper.js/slimBinary");
  const pkg = JSON.parse(await readFile(fileURLToPath(new URL("../package.json", String(slimBinary.url))), "utf8")) as { version?: string };
  return pkg.version ?? "?";
}
