// Runs the pinned pnpm through npm, so a fresh machine needs only Node and npm.
//   node scripts/pnpm.mjs <pnpm args...>
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const { packageManager } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

/** Runs pnpm with the given args in the repository root; returns the exit code. */
export function pnpm(args, options = {}) {
  const npx = process.platform === "win32" ? "npx.cmd" : "npx";
  const res = spawnSync(npx, ["--yes", packageManager, ...args], { cwd: root, stdio: "inherit", ...options });
  if (res.error) throw res.error;
  return res.status ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exit(pnpm(process.argv.slice(2)));
}
