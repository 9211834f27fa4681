import { isProviderError, offlineProviderFactory, type ProviderCall } from "@redline/ai-providers";
import { describe, expect, it } from "vitest";
import { inlinedHarperModule } from "./inlined-harper.test-helper.js";
import { OfflineWasmSource, pluginHarperLoader } from "./offline-harper.js";

function call(text: string): ProviderCall {
  return { model: "", messages: [{ role: "user", content: "" }], signal: new AbortController().signal, task: { functionId: "proofread", text } };
}

describe("OfflineWasmSource", () => {
  it("prefers the wasm file beside main.js and never touches the inlined copy then", async () => {
    let inlined = 0;
    const source = new OfflineWasmSource(
      () => Promise.resolve("app://local/config-dir/plugins/redline/harper_wasm_slim_bg.wasm"),
      () => {
        inlined++;
        return Promise.resolve({ kind: "gzip-base64", data: "", size: 0 });
      },
    );
    expect(await source.get()).toEqual({ kind: "url", url: "app://local/config-dir/plugins/redline/harper_wasm_slim_bg.wasm" });
    expect(inlined).toBe(0);
  });

  it("falls back to the inlined copy once, forgets a failed attempt, and refuses after dispose", async () => {
    let n = 0;
    const source = new OfflineWasmSource(
      () => Promise.resolve(null),
      () => (++n === 1 ? Promise.reject(new Error("damaged")) : Promise.resolve({ kind: "gzip-base64", data: "x", size: 1 })),
    );
    await expect(source.get()).rejects.toThrow("damaged");
    expect(await source.get()).toMatchObject({ kind: "gzip-base64" });
    await source.get();
    expect(n).toBe(2);
    source.dispose();
    await expect(source.get()).rejects.toThrow("Redline was unloaded.");
  });
});

/** The plugin's offline provider over a copy "inlined in main.js" (`data`), counting how often the copy is located. */
function providerWithInlined(data: string, size: number) {
  let located = 0;
  const wasm = new OfflineWasmSource(
    () => Promise.resolve(null),
    () => {
      located++;
      return Promise.resolve({ kind: "gzip-base64", data, size, describe: "The offline engine inside main.js", remedy: "Reinstall Redline." });
    },
  );
  return { provider: offlineProviderFactory({ loadHarper: pluginHarperLoader(wasm) })({ kind: "offline", id: "offline" }, {}), located: () => located };
}

describe("the plugin's offline engine", () => {
  it("proofreads with the copy inlined in main.js, located on its first run only (no Web Worker in Node: in process)", async () => {
    const { base64, size } = await inlinedHarperModule();
    const { provider, located } = providerWithInlined(base64, size);
    expect(located()).toBe(0);
    expect((await provider.generate(call("I saw teh cat."))).text).toBe("I saw the cat.");
    expect((await provider.generate(call("She dont know."))).text).not.toBe("She dont know.");
    expect(located()).toBe(1);
  }, 60_000);

  it("reports a damaged copy as a provider error that says what to do, on every run (each starts Harper afresh)", async () => {
    const { base64, size } = await inlinedHarperModule();
    const truncated = base64.slice(0, Math.floor(base64.length / 8) * 4);
    const { provider, located } = providerWithInlined(truncated, size);
    for (let i = 0; i < 2; i++) {
      await expect(provider.generate(call("teh"))).rejects.toSatisfy(
        (e) => isProviderError(e) && /could not load Harper: The offline engine inside main\.js is damaged \(.+\)\. Reinstall Redline\.$/.test(e.message),
      );
    }
    // The copy was located once; each run tried to load Harper from it again.
    expect(located()).toBe(1);
  }, 60_000);
});
