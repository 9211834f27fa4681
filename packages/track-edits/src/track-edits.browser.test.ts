import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS_DIR, chromiumAvailable, launchChromium } from "../../../test-support/browser.js";
import { serveTestPage, type TestPage } from "../test/browser-page.js";
import type { PageApi } from "../test/page/main.js";
import { buildTrackedEdits } from "./edits.js";

const ORIGINAL = "I recieve the the letter on monday. We utilize tools in order to work faster.\n\nThe second paragraph is fine.";
const REWRITE = "I receive the letter on Monday. We use tools to work faster.\n\nThe second paragraph is fine.";

type Win = { redline: PageApi };

describe.skipIf(!chromiumAvailable)("track-edits in Chromium", () => {
  let browser: Browser;
  let srv: TestPage;
  let page: Page;

  beforeAll(async () => {
    srv = await serveTestPage();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
    await srv.close();
  });

  it("warms the keystroke path at idle without touching the note, and the keymap still works", async () => {
    const p = await browser.newPage({ viewport: { width: 900, height: 600 } });
    await p.goto(srv.url);
    await p.waitForFunction(() => "redline" in window);
    const edits = buildTrackedEdits(ORIGINAL, REWRITE, { source: { functionId: "proofread", model: "test-model" }, createdAt: 0, explanation: "Fixes" });
    await p.evaluate(([doc, items]) => (window as unknown as Win).redline.mount(doc, items), [ORIGINAL, edits] as const);
    const before = await p.evaluate(() => (window as unknown as Win).redline.transactions());
    await p.evaluate(() => (window as unknown as Win).redline.idle());
    expect(await p.evaluate(() => (window as unknown as Win).redline.transactions())).toBe(before);
    expect(await p.evaluate(() => (window as unknown as Win).redline.doc())).toBe(ORIGINAL);
    expect(await p.evaluate(() => (window as unknown as Win).redline.pending().length)).toBe(edits.length);
    // The keymap compiled during warm-up is the one the writer's keys run through.
    await p.evaluate(() => {
      (window as unknown as Win).redline.place(0);
    });
    await p.keyboard.press("Alt+]");
    const first = await p.evaluate(() => (window as unknown as Win).redline.pending()[0]);
    expect(await p.evaluate(() => (window as unknown as Win).redline.cursor())).toBe(first?.from);
    await p.close();
  });

  it("renders pending edits, accepts and rejects by click and keyboard, edits before accepting", async () => {
    page = await browser.newPage({ viewport: { width: 900, height: 600 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(srv.url);
    await page.waitForFunction(() => "redline" in window);
    const edits = buildTrackedEdits(ORIGINAL, REWRITE, { source: { functionId: "proofread", model: "test-model" }, createdAt: 0, explanation: "Fixes" });
    const count = await page.evaluate(([doc, items]) => (window as unknown as Win).redline.mount(doc, items), [ORIGINAL, edits] as const);
    expect(count).toBe(edits.length);

    // Deletions are struck through <del> marks, insertions highlighted <ins> widgets, each labelled.
    const dels = page.locator("del.rl-del");
    const ins = page.locator("ins.rl-ins");
    expect(await dels.count()).toBeGreaterThanOrEqual(3);
    expect(await ins.count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator("del.rl-del", { hasText: "recieve" }).getAttribute("title")).toContain("recieve");
    expect(await ins.first().getAttribute("aria-label")).toMatch(/^Suggested/u);
    expect(await page.locator("del.rl-del").first().evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe("line-through");
    const marker = page.locator("button.rl-cluster").first();
    expect(await marker.getAttribute("aria-label")).toMatch(/Review \d+ suggestions? from proofread · test-model/u);

    // Click the inserted "receive": its popover opens; Accept applies it.
    await page.locator("ins.rl-ins", { hasText: "receive" }).click();
    const popover = page.locator(".rl-popover");
    await popover.waitFor();
    expect(await popover.getAttribute("role")).toBe("dialog");
    expect(await popover.innerText()).toContain("spelling");
    // The host's reason (a learner's explanation in Redline) sits under the item's own.
    expect(await popover.locator(".rl-popover-reason").innerText()).toBe("Shown: the test host's reason for “recieve”.");
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({ path: fileURLToPath(new URL("track-edits-review.png", ARTIFACTS_DIR)) });
    await popover.getByRole("button", { name: /^Accept/u }).first().click();
    let doc = await page.evaluate(() => (window as unknown as Win).redline.doc());
    expect(doc.startsWith("I receive the the letter")).toBe(true);

    // Keyboard: next suggestion (Alt-]) lands on the duplicated "the"; reject it with Alt-Backspace.
    await page.evaluate(() => {
      (window as unknown as Win).redline.place(0);
    });
    await page.keyboard.press("Alt+BracketRight");
    const at = await page.evaluate(() => (window as unknown as Win).redline.cursor());
    expect(doc.slice(at, at + 4)).toBe("the ");
    await page.keyboard.press("Alt+Backspace");
    doc = await page.evaluate(() => (window as unknown as Win).redline.doc());
    expect(doc.startsWith("I receive the the letter")).toBe(true);

    // Next: "monday" → "Monday"; open the popover from the keyboard (Alt-p), edit before accepting.
    await page.keyboard.press("Alt+BracketRight");
    await popover.waitFor();
    await page.keyboard.press("Alt+p");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Accept");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Edit…");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Control+a");
    await page.keyboard.type("Tuesday");
    await page.keyboard.press("Enter");
    doc = await page.evaluate(() => (window as unknown as Win).redline.doc());
    expect(doc).toContain("letter on Tuesday.");

    const events = await page.evaluate(() => (window as unknown as Win).redline.events);
    expect(events.map((e) => e.type)).toEqual(["accept", "reject", "modify"]);
    expect(events[2]).toMatchObject({ original: "monday", finalText: "Tuesday", sentence: "I receive the the letter on monday." });

    await page.screenshot({ path: fileURLToPath(new URL("track-edits-after.png", ARTIFACTS_DIR)) });
    expect(errors).toEqual([]);
  });
});
