import { describe, expect, it } from "vitest";
import { App, type PluginManifest } from "obsidian";
import * as stub from "../../../test-support/obsidian-stub.js";
import manifest from "../manifest.json" with { type: "json" };
import RedlinePlugin from "./main.js";

function load(data: unknown = null) {
  const app = new App() as unknown as stub.App;
  const plugin = new RedlinePlugin(app as unknown as App, manifest satisfies PluginManifest);
  const s = plugin as unknown as stub.Plugin;
  s.data = data;
  return { app, plugin, s };
}

describe("RedlinePlugin", () => {
  it("registers one reconfigurable editor-extension array on load and empties it on unload", async () => {
    const { plugin, s, app } = load();
    await plugin.onload();
    expect(s.registeredEditorExtensions).toHaveLength(1);
    expect(s.registeredEditorExtensions[0]).toBe(plugin.editorExtensions);
    plugin.onunload();
    expect(plugin.editorExtensions).toEqual([]);
    expect(app.workspace.updateOptionsCalls).toBeGreaterThan(0);
  });

  it("defers the engine to onLayoutReady and keeps onload light", async () => {
    const { plugin, app } = load();
    await plugin.onload();
    expect(plugin.runtime).toBeNull();
    expect(app.workspace.layoutReady).toBe(false);
    app.workspace.triggerLayoutReady();
    await plugin.start();
    expect(plugin.startError).toBeNull();
    expect(plugin.runtime).not.toBeNull();
    expect(plugin.editorExtensions).toContain(plugin.runtime!.extension);
    expect(app.workspace.updateOptionsCalls).toBe(1);
    // Each function's run commands exist once the engine knows its functions.
    const ids = (plugin as unknown as stub.Plugin).commands.map((c) => c.id);
    for (const scope of ["selection", "paragraph", "note"]) expect(ids).toContain(`run-proofread-${scope}`);
    expect(plugin.functionCatalog().map((f) => f.id)).toEqual(expect.arrayContaining(["proofread", "tighten", "clarify", "adjust-tone", "consistency", "developmental-notes"]));
    plugin.onunload();
    expect(plugin.runtime).toBeNull();
  });

  it("registers commands without default hotkeys, a settings tab, the dashboard view and a status bar item", async () => {
    const { plugin, s } = load();
    await plugin.onload();
    const ids = s.commands.map((c) => c.id);
    for (const id of ["accept-at-cursor", "reject-at-cursor", "accept-cluster", "reject-cluster", "accept-all", "reject-all", "next-edit", "previous-edit", "toggle-as-you-type", "open-dashboard", "diagnostics", "export-criticmarkup", "import-criticmarkup", "cancel"]) {
      expect(ids).toContain(id);
    }
    expect(s.commands.every((c) => c.hotkeys === undefined)).toBe(true);
    expect(ids.every((id) => !id.startsWith("redline"))).toBe(true);
    expect(s.settingTabs).toHaveLength(1);
    expect([...s.views.keys()]).toEqual(["redline-dashboard"]);
    expect(s.statusBarItems[0]?.allText()).toContain("Redline");
    plugin.onunload();
  });

  it("moves an API key found in data.json into SecretStorage and rewrites data.json without it", async () => {
    const { plugin, s, app } = load({ providers: [{ id: "openai", type: "openai", apiKey: "sk-live-secret-123" }], apiKey: "sk-legacy-456" });
    await plugin.onload();
    expect(app.secretStorage.getSecret("redline-openai-key")).toBe("sk-live-secret-123");
    expect(JSON.stringify(s.data)).not.toContain("sk-live-secret-123");
    expect(JSON.stringify(s.data)).not.toContain("sk-legacy-456");
    expect(stub.notices.at(-1)).toMatch(/moved 1 API key/);
    await plugin.saveSettings();
    expect(JSON.stringify(s.savedData)).not.toMatch(/sk-(live|legacy)/);
    plugin.onunload();
  });

  it("blocks runs on excluded notes and notes with redline: off, with the reason", async () => {
    const { plugin } = load({ excludedFolders: ["Private"] });
    await plugin.onload();
    const target = (path: string, frontmatter: Record<string, unknown> | null = null) => ({ view: null as never, path, frontmatter });
    expect(plugin.blockedReason(target("Private/a.md"))).toMatch(/Private/);
    expect(plugin.blockedReason(target("a.md", { redline: "off" }))).toMatch(/frontmatter/);
    expect(plugin.blockedReason(target("a.md", { redline: { proofread: "off" } }), "proofread")).toMatch(/proofread/);
    expect(plugin.blockedReason(target("a.md"), "proofread")).toBeNull();
    plugin.onunload();
  });

  it("toggles as-you-type per note and persists it", async () => {
    const { plugin, s } = load();
    await plugin.onload();
    expect(await plugin.toggleAsYouType("a.md")).toBe(true);
    expect((s.data as { asYouTypeNotes: Record<string, boolean> }).asYouTypeNotes).toEqual({ "a.md": true });
    expect(await plugin.toggleAsYouType("a.md")).toBe(false);
    plugin.onunload();
  });

  it("ships a manifest Obsidian accepts for SecretStorage on mobile and desktop", () => {
    expect(manifest.id).toBe("redline");
    expect(manifest.isDesktopOnly).toBe(false);
    const [major = 0, minor = 0, patch = 0] = manifest.minAppVersion.split(".").map(Number);
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(1_011_004);
  });
});
