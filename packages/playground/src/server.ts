import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".map": "application/json; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

export interface StaticServer {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves a built directory on 127.0.0.1. Requests outside the root are refused,
 * so the playground server never exposes the rest of the machine.
 */
export async function serveDirectory(root: string, port = 0, host = "127.0.0.1"): Promise<StaticServer> {
  const base = resolve(root);
  const server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
      let file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) {
        res.writeHead(403).end("forbidden");
        return;
      }
      try {
        if ((await stat(file)).isDirectory()) file = join(file, "index.html");
        await stat(file);
      } catch {
        res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${path}`);
        return;
      }
      res.writeHead(200, {
        "content-type": MIME[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-store",
      });
      createReadStream(file).pipe(res);
    })();
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, ok);
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("server has no TCP address");
  return {
    server,
    url: `http://${host}:${address.port}/`,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => {
          ok();
        });
      }),
  };
}
