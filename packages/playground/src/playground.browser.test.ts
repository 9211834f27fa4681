import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPlayground } from "../../../esbuild.config.mjs";
import { ARTIFACTS_DIR, chromiumAvailable, launchChromium } from "../../../test-support/browser.js";
import { serveDirectory, type StaticServer } from "./server.js";

interface Pending {
  id: string;
  from: number;
  to: number;
  original: string;
  replacement: string;
  clusterId: string;
  functionId: string;
}
interface PageApi {
  redline: {
    ready: boolean;
    onloadMs: number;
    pending(): Pending[];
    view: { state: { doc: { toString(): string } }; dispatch(spec: unknown): void; focus(): void };
    app: { commands: { executeCommandById(id: string): boolean } };
    plugin: { runtime: { dashboard: { load(): Promise<{ categories: readonly { accepted: number; rejected: number }[] }> } } | null };
  };
}

const shot = (page: Page, name: string) => page.screenshot({ path: fileURLToPath(new URL(`playground-${name}.png`, ARTIFACTS_DIR)) });

/**
 * The whole product in a real browser: the plugin's own code through the
 * Obsidian shim, the real engine with the offline provider, IndexedDB and
 * localStorage for persistence. One page session walks the writer's path.
 */
describe.skipIf(!chromiumAvailable)("playground in Chromium", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let srv: StaticServer;
  const errors: string[] = [];

  const pending = () => page.evaluate(() => (window as unknown as PageApi).redline.pending());
  const doc = () => page.evaluate(() => (window as unknown as PageApi).redline.view.state.doc.toString());
  /** Accepted plus rejected decisions that count in learning (the dashboard's figure). */
  const decisions = () =>
    page.evaluate(async () => {
      const data = await (window as unknown as PageApi).redline.plugin.runtime?.dashboard.load();
      return (data?.categories ?? []).reduce((n, c) => n + c.accepted + c.rejected, 0);
    });
  const openPage = async () => {
    await page.goto(srv.url);
    await page.waitForFunction(() => (window as unknown as Partial<PageApi>).redline?.ready === true, undefined, { timeout: 60_000 });
  };
  /** Opens the editor context menu on an edit and picks an entry, as a writer would. */
  const viaContextMenu = async (p: Pending, entry: string) => {
    await page.evaluate((pos) => {
      const view = (window as unknown as PageApi).redline.view;
      view.dispatch({ selection: { anchor: pos } });
      view.focus();
    }, p.from);
    const box = await page.evaluate((pos) => {
      const view = (window as unknown as PageApi).redline.view as unknown as { coordsAtPos(p: number): { left: number; top: number; bottom: number } | null };
      const c = view.coordsAtPos(pos);
      return c ? { x: c.left + 2, y: (c.top + c.bottom) / 2 } : null;
    }, p.from);
    expect(box).not.toBeNull();
    await page.mouse.click(box!.x, box!.y, { button: "right" });
    await page.locator(".menu .menu-item", { hasText: entry }).first().click();
  };

  beforeAll(async () => {
    await buildPlayground();
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    srv = await serveDirectory(fileURLToPath(new URL("../dist", import.meta.url)));
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
      if (m.text().includes("onload took")) console.log(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    await openPage();
  });
  afterAll(async () => {
    await browser.close();
    await srv.close();
  });

  it("runs proofread on the sample note and shows tracked edits without touching the text", async () => {
    const before = await doc();
    await page.selectOption("#pg-function", "proofread");
    await page.click("#pg-run-note");
    await page.waitForFunction(() => (window as unknown as PageApi).redline.pending().length >= 3, undefined, { timeout: 60_000 });
    expect(await doc()).toBe(before);
    expect(await page.locator(".rl-del").count()).toBeGreaterThan(0);
    expect(await page.locator(".rl-ins").count()).toBeGreaterThan(0);
    expect((await pending()).every((p) => p.functionId === "proofread")).toBe(true);
    await page.waitForFunction(() => !document.querySelector(".redline-status")?.classList.contains("is-running"));
    expect(await page.locator(".redline-status").innerText()).toMatch(/today/);
    await shot(page, "pending-edits");
    // An edit's popover says what the engine found and why learning let it through.
    await page.locator("ins.rl-ins").first().click();
    const reason = page.locator(".rl-popover .rl-popover-reason");
    await reason.waitFor();
    expect(await reason.innerText()).toMatch(/^Shown/u);
  });

  it("accepts one edit, rejects one, accepts a cluster, and undo brings the cluster back", async () => {
    const start = await pending();
    const [first, second] = start;
    expect(first && second).toBeTruthy();

    await viaContextMenu(first!, "Accept edit at cursor");
    await page.waitForFunction((id) => !(window as unknown as PageApi).redline.pending().some((p) => p.id === id), first!.id);
    expect(await doc()).toContain(first!.replacement);

    const afterAccept = await pending();
    const toReject = afterAccept.find((p) => p.id === second!.id)!;
    const textBeforeReject = await doc();
    await viaContextMenu(toReject, "Reject edit at cursor");
    await page.waitForFunction((id) => !(window as unknown as PageApi).redline.pending().some((p) => p.id === id), toReject.id);
    expect(await doc()).toBe(textBeforeReject);

    const rest = await pending();
    const cluster = rest[0]!;
    const members = rest.filter((p) => p.clusterId === cluster.clusterId);
    const beforeCluster = await doc();
    await viaContextMenu(cluster, "Accept cluster at cursor");
    await page.waitForFunction((ids) => !(window as unknown as PageApi).redline.pending().some((p) => ids.includes(p.id)), members.map((m) => m.id));
    expect(await doc()).not.toBe(beforeCluster);

    const afterCluster = await doc();
    expect(await decisions()).toBe(2 + members.length);

    // Accepting is an ordinary transaction: undo restores the text and the pending edits, and
    // takes the decisions back out of learning; redo makes them count again.
    await page.evaluate(() => {
      (window as unknown as PageApi).redline.view.focus();
    });
    const membersBack = () => page.waitForFunction((ids) => ids.every((id) => (window as unknown as PageApi).redline.pending().some((p) => p.id === id)), members.map((m) => m.id));
    await page.keyboard.press("Control+z");
    await membersBack();
    expect(await doc()).toBe(beforeCluster);
    expect(await decisions()).toBe(2);
    await page.keyboard.press("Control+y");
    await page.waitForFunction((ids) => !(window as unknown as PageApi).redline.pending().some((p) => ids.includes(p.id)), members.map((m) => m.id));
    expect(await doc()).toBe(afterCluster);
    expect(await decisions()).toBe(2 + members.length);
    await page.keyboard.press("Control+z");
    await membersBack();
    expect(await doc()).toBe(beforeCluster);
    expect(await decisions()).toBe(2);
    await shot(page, "after-decisions");
  });

  it("shows the decisions on the learning dashboard", async () => {
    await page.click("#pg-dashboard");
    const counter = page.locator(".redline-dashboard [data-decisions]");
    await expect.poll(async () => Number(await counter.getAttribute("data-decisions")), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(await page.locator(".redline-chart").count()).toBe(3);
    expect(await page.locator(".redline-bar.is-accepted").count()).toBeGreaterThan(0);
    expect(await page.locator(".redline-bar.is-rejected").count()).toBeGreaterThan(0);
    await shot(page, "dashboard");
  });

  it("restores pending edits and learned state after a reload", async () => {
    await page.waitForTimeout(500); // the vault saves 300 ms after the last change, like Obsidian's autosave
    const text = await doc();
    const ids = (await pending()).map((p) => p.id).sort();
    const decisions = await page.locator(".redline-dashboard [data-decisions]").getAttribute("data-decisions");
    await openPage();
    expect(await doc()).toBe(text);
    await page.waitForFunction((n) => (window as unknown as PageApi).redline.pending().length === n, ids.length, { timeout: 30_000 });
    expect((await pending()).map((p) => p.id).sort()).toEqual(ids);
    await page.click("#pg-dashboard");
    await expect.poll(() => page.locator(".redline-dashboard [data-decisions]").getAttribute("data-decisions"), { timeout: 10_000 }).toBe(decisions);
    await shot(page, "after-reload");
  });

  it("opens a function's settings sub-page, changes settings, saves them to data.json and refuses an invalid one inline", async () => {
    await page.click("#pg-settings");
    await page.locator(".modal.mod-settings .setting-item.mod-navigable", { hasText: "Proofread" }).click();
    await expect.poll(() => page.locator(".setting-page-title").innerText()).toBe("Proofread");
    const toggle = page.locator(".modal.mod-settings .setting-item", { hasText: "As you type" }).locator("input[type=checkbox]");
    const wasOn = await toggle.isChecked();
    await toggle.click();
    const intensity = page.locator(".modal.mod-settings .setting-item", { hasText: "Intensity" }).locator("select");
    await intensity.selectOption("light");
    await expect
      .poll(() => page.evaluate(() => JSON.parse(localStorage.getItem("redline-playground:plugin:redline") ?? "{}") as { functions?: Record<string, unknown> }))
      .toMatchObject({ functions: { proofread: { asYouType: !wasOn, intensity: "light" } } });
    // What Redline learned from the decisions above, with a forget button per item.
    const learned = page.locator(".modal.mod-settings .redline-learned-list li.redline-learned-item");
    await expect.poll(() => learned.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const before = await learned.count();
    await learned.first().getByRole("button", { name: /^Forget/ }).click();
    await expect.poll(() => learned.count()).toBe(before - 1);
    // An invalid value is refused inline and not saved.
    const chain = page.locator(".modal.mod-settings .setting-item", { hasText: "Model chain" });
    await chain.locator("textarea").fill("not a chain");
    await expect.poll(() => chain.locator(".setting-item-error").innerText()).toMatch(/provider\/model/);
    await shot(page, "settings-subpage");
    await page.locator(".setting-page-back").click();
    await expect.poll(() => page.locator(".modal.mod-settings .setting-group-heading", { hasText: "Providers" }).count()).toBe(1);
    await page.locator(".modal.mod-settings .modal-close-button").click();
  });

  it("exports pending edits as CriticMarkup, imports them back, and runs diagnostics", async () => {
    const run = (id: string) => page.evaluate((cmd) => (window as unknown as PageApi).redline.app.commands.executeCommandById(cmd), id);
    const before = await pending();
    expect(before.length).toBeGreaterThan(0);
    expect(await run("redline:export-criticmarkup")).toBe(true);
    const exported = await page.waitForFunction(() => {
      const raw = localStorage.getItem("redline-playground:vault");
      const vault = raw ? (JSON.parse(raw) as Record<string, string>) : {};
      return vault["Sample note (CriticMarkup).md"] ?? false;
    });
    const markup = (await exported.jsonValue()) as string;
    expect(markup).toMatch(/\{~~|\{--|\{\+\+/);

    // Put the markup into the note and import it: the note returns to the original text, with pending edits.
    const original = await doc();
    await page.evaluate((m) => {
      const view = (window as unknown as PageApi).redline.view;
      view.dispatch({ changes: { from: 0, to: view.state.doc.toString().length, insert: m } });
    }, markup);
    expect(await run("redline:import-criticmarkup")).toBe(true);
    await page.waitForFunction((n) => (window as unknown as PageApi).redline.pending().length === n, before.length);
    expect(await doc()).toBe(original);

    expect(await run("redline:diagnostics")).toBe(true);
    await expect.poll(() => page.locator(".modal .redline-report").innerText(), { timeout: 15_000 }).toMatch(/Redline diagnostics/);
    await shot(page, "diagnostics");
    await page.locator(".modal .modal-close-button").first().click();
  });

  it("renders with the dark theme's variables", async () => {
    await page.click("#pg-theme");
    expect(await page.evaluate(() => document.body.classList.contains("theme-dark"))).toBe(true);
    const colours = await page.evaluate(() => {
      const del = document.querySelector(".rl-del");
      return { page: getComputedStyle(document.body).backgroundColor, del: del ? getComputedStyle(del).textDecorationLine : "" };
    });
    expect(colours.page).toBe("rgb(30, 30, 30)");
    expect(colours.del).toContain("line-through");
    await shot(page, "dark");
    await page.click("#pg-theme");
  });

  it("renders the same settings imperatively on Obsidian versions before 1.13", async () => {
    const old = await context.newPage();
    old.on("pageerror", (e) => errors.push(e.message));
    old.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await old.goto(`${srv.url}?api=1.12.0`);
    await old.waitForFunction(() => (window as unknown as Partial<PageApi>).redline?.ready === true, undefined, { timeout: 60_000 });
    await old.click("#pg-settings");
    // No declarative rows: display() built the pane with Setting/SettingGroup, sub-pages behind "Open".
    expect(await old.locator(".modal.mod-settings .setting-item.mod-navigable").count()).toBe(0);
    await old.locator(".modal.mod-settings .setting-item", { hasText: "Tighten" }).getByRole("button", { name: "Open" }).click();
    await expect.poll(() => old.locator(".modal.mod-settings .setting-item-heading").first().innerText()).toContain("Tighten");
    await old.locator(".modal.mod-settings .setting-item", { hasText: "Intensity" }).locator("select").selectOption("heavy");
    await expect
      .poll(() => old.evaluate(() => JSON.parse(localStorage.getItem("redline-playground:plugin:redline") ?? "{}") as { functions?: Record<string, unknown> }))
      .toMatchObject({ functions: { tighten: { intensity: "heavy" } } });
    await old.screenshot({ path: fileURLToPath(new URL("playground-settings-imperative.png", ARTIFACTS_DIR)) });
    await old.getByRole("button", { name: "Back" }).click();
    await expect.poll(() => old.locator(".modal.mod-settings .setting-group-heading", { hasText: /^Functions$/ }).count()).toBe(1);
    await old.close();
  });

  it("as a community install (the built main.js, Harper's WASM inside it): the first proofread runs Harper in the engine's worker, never on the page", async () => {
    const cold = await context.newPage();
    const coldErrors: string[] = [];
    cold.on("pageerror", (e) => coldErrors.push(e.message));
    // Count every WebAssembly compilation on the page's own thread.
    await cold.addInitScript(() => {
      const w = window as unknown as { wasmOnPage: number };
      w.wasmOnPage = 0;
      for (const name of ["compile", "compileStreaming", "instantiate", "instantiateStreaming"] as const) {
        const original = WebAssembly[name] as (...args: unknown[]) => unknown;
        (WebAssembly as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
          w.wasmOnPage++;
          return original.apply(WebAssembly, args);
        };
      }
    });
    const workers: string[] = [];
    cold.on("worker", (w) => workers.push(w.url()));
    await cold.goto(`${srv.url}bench.html?mode=cold-proofread`);
    await cold.waitForFunction(() => (window as unknown as { benchResult?: unknown }).benchResult !== undefined, undefined, { timeout: 60_000 });
    const result = await cold.evaluate(() => (window as unknown as { benchResult: { shown?: number; error?: string } }).benchResult);
    expect(result.error).toBeUndefined();
    // recieve, teh, mesage → three insertions and three deletions on screen.
    expect(result.shown).toBeGreaterThanOrEqual(6);
    expect(await cold.evaluate(() => (window as unknown as { wasmOnPage: number }).wasmOnPage)).toBe(0);
    expect(workers).toHaveLength(1);
    expect(coldErrors).toEqual([]);
    await cold.close();
  });

  it("logged no console errors", () => {
    expect(errors).toEqual([]);
  });
});
