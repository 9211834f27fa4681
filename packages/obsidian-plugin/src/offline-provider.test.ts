import { isProviderError, type ProviderCall } from "@redline/ai-providers";
import { describe, expect, it } from "vitest";
import { inlinedHarperModule } from "./inlined-harper.test-helper.js";
import { lazyOfflineProviderFactory } from "./offline-provider.js";
import { decodeGzipBase64 } from "./wasm-decode.js";

function call(text: string): ProviderCall {
  return { model: "", messages: [{ role: "user", content: "" }], signal: new AbortController().signal, task: { functionId: "proofread", text } };
}

describe("the plugin's offline provider", () => {
  it("locates Harper's binary on its first run, once, and proofreads with the copy inlined in main.js (a blob: URL)", async () => {
    const { base64, sha256 } = await inlinedHarperModule();
    const asked: string[] = [];
    const factory = lazyOfflineProviderFactory(async () => {
      // As offline-binary.ts does in Obsidian.
      const wasm = await decodeGzipBase64(base64, sha256);
      const url = URL.createObjectURL(new Blob([wasm], { type: "application/wasm" }));
      asked.push(url);
      return url;
    });
    const provider = factory({ kind: "offline", id: "offline" }, {});
    expect(provider).toMatchObject({ kind: "offline", id: "offline", local: true });
    expect(asked).toEqual([]);
    try {
      expect((await provider.generate(call("I saw teh cat."))).text).toBe("I saw the cat.");
      expect((await provider.generate(call("She dont know."))).text).not.toBe("She dont know.");
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatch(/^blob:/);
    } finally {
      for (const url of asked) URL.revokeObjectURL(url);
    }
  }, 60_000);

  it("reports a binary that cannot be had as a provider error, and tries again on the next run", async () => {
    let attempts = 0;
    const factory = lazyOfflineProviderFactory(() => {
      attempts++;
      return Promise.reject(new Error("The offline engine inside main.js is damaged. Reinstall Redline."));
    });
    const provider = factory({ kind: "offline", id: "offline" }, {});
    for (let i = 0; i < 2; i++) {
      await expect(provider.generate(call("teh"))).rejects.toSatisfy((e) => isProviderError(e) && /could not load Harper: .*Reinstall Redline/.test(e.message));
    }
    expect(attempts).toBe(2);
  });
});
