import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPlayground } from "../../../esbuild.config.mjs";
import { ARTIFACTS_DIR, chromiumAvailable, launchChromium } from "../../../test-support/browser.js";
import { serveDirectory, type StaticServer } from "./server.js";

describe.skipIf(!chromiumAvailable)("playground in Chromium", () => {
  let browser: Browser;
  let srv: StaticServer;

  beforeAll(async () => {
    await buildPlayground();
    srv = await serveDirectory(fileURLToPath(new URL("../dist", import.meta.url)));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
    await srv.close();
  });

  it("renders a CodeMirror editor with the sample note and accepts typing", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(srv.url);
    await page.waitForSelector(".cm-content");
    expect(await page.locator(".cm-content").innerText()).toContain("A sample note");

    await page.locator(".cm-content").click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type("Typed in Chromium.");
    const doc = await page.evaluate(() => (window as unknown as { redline: { view: { state: { doc: { toString(): string } } } } }).redline.view.state.doc.toString());
    expect(doc.endsWith("Typed in Chromium.")).toBe(true);

    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({ path: fileURLToPath(new URL("playground-editor.png", ARTIFACTS_DIR)) });
    expect(errors).toEqual([]);
  });
});
