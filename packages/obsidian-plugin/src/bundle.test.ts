import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { runInThisContext } from "node:vm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App, type PluginManifest } from "obsidian";
import * as obsidianStub from "../../../test-support/obsidian-stub.js";
import { buildPlugin } from "../../../esbuild.config.mjs";
import manifest from "../manifest.json" with { type: "json" };
import { inlinedHarperModule } from "./inlined-harper.test-helper.js";

const dist = new URL("../dist/", import.meta.url);
// One build for the file: gzip is cached, but bundling still takes seconds.
let build: Promise<void> | null = null;
const built = () => (build ??= buildPlugin());

describe("plugin bundle", () => {
  it("is CommonJS and leaves obsidian, electron and @codemirror/* to Obsidian at run time", async () => {
    await built();
    const main = await readFile(fileURLToPath(new URL("main.js", dist)), "utf8");
    expect(main).toMatch(/module\.exports/);
    expect(main).toMatch(/require\("obsidian"\)/);
    // A bundled copy would carry CodeMirror's own source, e.g. its facet and state classes.
    expect(main).not.toMatch(/class EditorState\b/);
    expect(main).not.toMatch(/class Facet\b/);
    expect(main).not.toMatch(/class Plugin extends Component/);
    for (const m of main.matchAll(/require\("(@codemirror\/[^"]+)"\)/g)) {
      expect(["@codemirror/state", "@codemirror/view", "@codemirror/language", "@codemirror/commands"]).toContain(m[1]);
    }
  });

  it("ships manifest.json and styles.css beside main.js", async () => {
    await built();
    const manifest = JSON.parse(await readFile(fileURLToPath(new URL("manifest.json", dist)), "utf8")) as { id: string };
    expect(manifest.id).toBe("redline");
    expect((await readFile(fileURLToPath(new URL("styles.css", dist)), "utf8")).length).toBeGreaterThan(0);
  });

  it("is all a community install needs: main.js, manifest.json and styles.css, with Harper's WASM inside main.js", async () => {
    await built();
    expect((await readdir(dist)).sort()).toEqual(["main.js", "manifest.json", "styles.css"]);
    const main = await readFile(fileURLToPath(new URL("main.js", dist)), "utf8");
    const { base64 } = await inlinedHarperModule();
    expect(main.split(base64)).toHaveLength(2);
  });
});

describe("loading the built main.js", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it("neither decodes nor evaluates the inlined WASM in onload or when the engine starts", async () => {
    await built();
    const code = await readFile(fileURLToPath(new URL("main.js", dist)), "utf8");
    const { base64 } = await inlinedHarperModule();
    // The string sits in a module initialiser (esbuild's __esm), called only by the dynamic import in main.ts.
    const at = code.indexOf(base64);
    expect(code.slice(Math.max(0, at - 200), at)).toMatch(/=\s*[\w$]+\(\s*(?:\{\s*"redline:harper-wasm-gz"\(\)\s*|\(\)\s*=>\s*)\{[^{}]*="$/);
    const decodeBase64 = vi.fn(atob);
    vi.stubGlobal("atob", decodeBase64);
    const createObjectURL = vi.spyOn(URL, "createObjectURL");
    // CommonJS with obsidian and CodeMirror supplied, as Obsidian loads it.
    const requireExternal = createRequire(fileURLToPath(new URL("../../track-edits/package.json", import.meta.url)));
    const mod: { exports: Record<string, unknown> } = { exports: {} };
    const load = runInThisContext(`(function (module, exports, require) {${code}\n})`) as (m: typeof mod, e: unknown, r: (id: string) => unknown) => void;
    load(mod, mod.exports, (id) => (id === "obsidian" ? obsidianStub : requireExternal(id)));
    const Plugin = mod.exports["default"] as new (app: App, manifest: PluginManifest) => { onload(): Promise<void>; start(): Promise<void>; onunload(): void; startError: string | null; runtime: unknown };
    const app = new App() as unknown as obsidianStub.App;
    const plugin = new Plugin(app as unknown as App, manifest);
    await plugin.onload();
    app.workspace.triggerLayoutReady();
    await plugin.start();
    expect(plugin.startError).toBeNull();
    expect(plugin.runtime).not.toBeNull();
    plugin.onunload();
    expect(decodeBase64).not.toHaveBeenCalled();
    expect(createObjectURL).not.toHaveBeenCalled();
  }, 60_000);
});
