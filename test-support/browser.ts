import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext } from "playwright-core";

/** Where Debian's chromium lives; REDLINE_CHROMIUM overrides it. */
export const CHROMIUM_PATH = process.env.REDLINE_CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_INSTALL_HINT = "apt-get install -y chromium";

export const chromiumAvailable = existsSync(CHROMIUM_PATH);

/**
 * CI sets REDLINE_REQUIRE_BROWSER=1 so that a missing Chromium fails the run
 * instead of skipping the browser tests.
 */
export const browserRequired = process.env.REDLINE_REQUIRE_BROWSER === "1";

if (!chromiumAvailable && browserRequired) {
  throw new Error(`REDLINE_REQUIRE_BROWSER=1 but no Chromium at ${CHROMIUM_PATH}: ${CHROMIUM_INSTALL_HINT}`);
}

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}

/**
 * A browser with a profile on disk in `userDataDir`, as a desktop app has:
 * storage (IndexedDB) persists between its pages and has a disk-sized quota,
 * where launchChromium()'s contexts are incognito-like, with a small
 * in-memory one.
 */
export async function launchPersistentChromium(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}

/** Screenshots and other artifacts of browser tests land here. */
export const ARTIFACTS_DIR = new URL("../.artifacts/", import.meta.url);
