// Type-checks every package against its own tsconfig (strict, noUncheckedIndexedAccess).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const projects = [".", ...readdirSync(new URL("../packages", import.meta.url)).map((p) => `packages/${p}`)];
let failed = 0;
for (const project of projects) {
  const res = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", project, "--pretty"], { cwd: root, stdio: "inherit" });
  if (res.status !== 0) {
    console.error(`typecheck failed: ${project}`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
