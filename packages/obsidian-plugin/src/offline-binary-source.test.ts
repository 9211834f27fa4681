import { afterEach, describe, expect, it, vi } from "vitest";
import { OfflineBinarySource } from "./offline-binary-source.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("OfflineBinarySource", () => {
  it("prefers the wasm file beside main.js and never decodes the inlined copy then", async () => {
    let inlined = 0;
    const source = new OfflineBinarySource(
      () => Promise.resolve("app://local/config-dir/plugins/redline/harper_wasm_slim_bg.wasm"),
      () => {
        inlined++;
        return Promise.resolve("blob:x");
      },
    );
    expect(await source.url()).toBe("app://local/config-dir/plugins/redline/harper_wasm_slim_bg.wasm");
    expect(inlined).toBe(0);
  });

  it("falls back to the inlined copy, decodes it once, and revokes its blob: URL on dispose", async () => {
    const revoke = vi.spyOn(URL, "revokeObjectURL");
    let inlined = 0;
    const url = URL.createObjectURL(new Blob([new Uint8Array([0, 0x61, 0x73, 0x6d])]));
    const source = new OfflineBinarySource(
      () => Promise.resolve(null),
      () => {
        inlined++;
        return Promise.resolve(url);
      },
    );
    const [a, b] = await Promise.all([source.url(), source.url()]);
    expect(a).toBe(url);
    expect(b).toBe(url);
    expect(await source.url()).toBe(url);
    expect(inlined).toBe(1);
    source.dispose();
    expect(revoke).toHaveBeenCalledWith(url);
    await expect(source.url()).rejects.toThrow(/unloaded/);
  });

  it("revokes a URL that arrives after dispose", async () => {
    const revoke = vi.spyOn(URL, "revokeObjectURL");
    let release: (url: string) => void = () => undefined;
    const source = new OfflineBinarySource(
      () => Promise.resolve(null),
      () => new Promise<string>((resolve) => (release = resolve)),
    );
    const pending = source.url();
    await Promise.resolve();
    await Promise.resolve();
    source.dispose();
    release("blob:late");
    await expect(pending).rejects.toThrow(/unloaded/);
    expect(revoke).toHaveBeenCalledWith("blob:late");
  });

  it("does not remember a failure", async () => {
    let n = 0;
    const source = new OfflineBinarySource(
      () => Promise.resolve(null),
      () => (++n === 1 ? Promise.reject(new Error("damaged")) : Promise.resolve("blob:ok")),
    );
    await expect(source.url()).rejects.toThrow("damaged");
    expect(await source.url()).toBe("blob:ok");
  });
});
