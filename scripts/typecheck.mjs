// Type-checks the whole workspace (strict, noUncheckedIndexedAccess) as one
// program, so each package is checked once rather than again by every
// package that imports it. The per-package tsconfigs hold the same settings
// for editors and for checking one package alone (tsc -p packages/<name>).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const res = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.check.json", "--pretty"], { cwd: root, stdio: "inherit" });
process.exit(res.status ?? 1);
