import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveDirectory, type StaticServer } from "./server.js";

describe("serveDirectory", () => {
  let srv: StaticServer;
  beforeAll(async () => {
    const root = await mkdtemp(join(tmpdir(), "redline-serve-"));
    await writeFile(join(root, "index.html"), "<h1>hi</h1>");
    await mkdir(join(root, "sub"));
    await writeFile(join(root, "sub", "engine.wasm"), new Uint8Array([0, 97, 115, 109]));
    srv = await serveDirectory(root);
  });
  afterAll(() => srv.close());

  it("serves index.html for the root with an HTML content type", async () => {
    const res = await fetch(srv.url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toBe("<h1>hi</h1>");
  });

  it("serves WASM with the type streaming compilation requires", async () => {
    const res = await fetch(new URL("sub/engine.wasm", srv.url));
    expect(res.headers.get("content-type")).toBe("application/wasm");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array([0, 97, 115, 109]));
  });

  it("answers 404 for missing files and refuses paths outside the root", async () => {
    expect((await fetch(new URL("nope.js", srv.url))).status).toBe(404);
    const escaped = await fetch(`${srv.url}%2e%2e/%2e%2e/etc/passwd`);
    expect([403, 404]).toContain(escaped.status);
    expect(await escaped.text()).not.toContain("root:");
  });
});
