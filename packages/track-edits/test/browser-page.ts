// Bundles test/page/main.ts with esbuild on the fly and serves it, for the
// browser test and the Chromium typing benchmark.
import esbuild from "esbuild";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveDirectory } from "../../playground/src/server.js";

export interface TestPage {
  readonly url: string;
  close(): Promise<void>;
}

export async function serveTestPage(): Promise<TestPage> {
  const dir = await mkdtemp(join(tmpdir(), "redline-track-edits-"));
  await esbuild.build({
    entryPoints: [fileURLToPath(new URL("./page/main.ts", import.meta.url))],
    outfile: join(dir, "main.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "warning",
  });
  await writeFile(
    join(dir, "index.html"),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>track-edits</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:16px}#editor{max-width:46em;height:90vh;border:1px solid #ccc}.cm-editor{height:100%}</style>
</head><body><main><h1 style="font-size:1em">Redline track-edits</h1><div id="editor"></div></main><script type="module" src="./main.js"></script></body></html>`,
  );
  const srv = await serveDirectory(dir);
  return {
    url: srv.url,
    close: async () => {
      await srv.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
