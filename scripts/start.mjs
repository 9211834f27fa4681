// npm start: install, build, serve the playground on localhost and print its URL.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { pnpm } from "./pnpm.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const step = (name, code) => {
  if (code !== 0) {
    console.error(`npm start: ${name} failed (exit ${code})`);
    process.exit(code);
  }
};
step("install", pnpm(["install", "--prefer-offline"]));
step("build", pnpm(["-r", "build"]));
const child = spawn(process.execPath, ["--import", "tsx", "packages/playground/src/serve-cli.ts"], { cwd: root, stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
