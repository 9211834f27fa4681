import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildPlugin } from "../../../esbuild.config.mjs";

const dist = new URL("../dist/", import.meta.url);

describe("plugin bundle", () => {
  it("is CommonJS and leaves obsidian, electron and @codemirror/* to Obsidian at run time", async () => {
    await buildPlugin();
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
    await buildPlugin();
    const manifest = JSON.parse(await readFile(fileURLToPath(new URL("manifest.json", dist)), "utf8")) as { id: string };
    expect(manifest.id).toBe("redline");
    expect((await readFile(fileURLToPath(new URL("styles.css", dist)), "utf8")).length).toBeGreaterThan(0);
  });
});
