import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Obsidian cannot run here: its module is replaced by a minimal stub in tests.
const obsidianStub = fileURLToPath(new URL("./test-support/obsidian-stub.ts", import.meta.url));

const packages = ["ai-providers", "track-edits", "ai-editorial-functions", "obsidian-plugin", "playground"];

// Browser tests drive Debian's Chromium through playwright-core from Node, so
// they run in the node environment like everything else; they are split into
// their own project so `npm test` can skip them loudly when Chromium is absent.
const browserGlob = "src/**/*.browser.test.ts";

export default defineConfig({
  test: {
    projects: [
      ...packages.map((name) => ({
        resolve: { alias: { obsidian: obsidianStub } },
        test: {
          name,
          root: `packages/${name}`,
          include: ["src/**/*.test.ts"],
          exclude: [browserGlob, "**/node_modules/**"],
          environment: "node",
          testTimeout: 30_000,
        },
      })),
      {
        test: {
          name: "browser",
          root: ".",
          include: packages.map((name) => `packages/${name}/${browserGlob}`),
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One Chromium at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
});
