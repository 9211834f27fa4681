import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { HARPER_WASM } from "../../../esbuild.config.mjs";
import { inlinedHarperModule } from "./inlined-harper.test-helper.js";
import { decodeGzipBase64 } from "./wasm-decode.js";

describe("the offline engine's binary inlined in main.js", () => {
  it("decodes to Harper's WASM byte for byte", async () => {
    const original = await readFile(HARPER_WASM);
    const inlined = await inlinedHarperModule();
    expect(inlined.sha256).toBe(createHash("sha256").update(original).digest("hex"));
    // Compressed, it is about half the binary (base64 of gzip -9).
    expect(inlined.base64.length).toBeLessThan(original.length * 0.75);
    const wasm = await decodeGzipBase64(inlined.base64, inlined.sha256);
    expect(wasm.length).toBe(original.length);
    expect(wasm.length).toBe(inlined.size);
    expect(createHash("sha256").update(wasm).digest("hex")).toBe(createHash("sha256").update(original).digest("hex"));
    expect([...wasm.subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]); // "\0asm"
  });

  it("refuses a copy whose hash differs, or that does not decompress, with an actionable error", async () => {
    const { base64, sha256 } = await inlinedHarperModule();
    const wrong = sha256.replace(/^./, (c) => (c === "0" ? "1" : "0"));
    await expect(decodeGzipBase64(base64, wrong)).rejects.toThrow(/damaged.*Reinstall Redline/);
    const truncated = base64.slice(0, Math.floor(base64.length / 8) * 4);
    await expect(decodeGzipBase64(truncated, sha256)).rejects.toThrow(/damaged.*Reinstall Redline/);
  });
});
