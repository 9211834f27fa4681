import { describe, expect, it } from "vitest";
import { App, type PluginManifest } from "obsidian";
import manifest from "../manifest.json" with { type: "json" };
import RedlinePlugin from "./main.js";

describe("RedlinePlugin", () => {
  it("registers one reconfigurable editor-extension array on load and releases the bus on unload", () => {
    const plugin = new RedlinePlugin(new App(), manifest satisfies PluginManifest);
    plugin.onload();
    const registered = (plugin as unknown as { registeredEditorExtensions: unknown[] }).registeredEditorExtensions;
    expect(registered).toHaveLength(1);
    expect(registered[0]).toBe(plugin.editorExtensions);
    expect(plugin.bus).not.toBeNull();

    plugin.onunload();
    expect(plugin.bus).toBeNull();
  });

  it("ships a manifest Obsidian accepts for SecretStorage on mobile and desktop", () => {
    expect(manifest.id).toBe("redline");
    expect(manifest.isDesktopOnly).toBe(false);
    const [major = 0, minor = 0, patch = 0] = manifest.minAppVersion.split(".").map(Number);
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(1_011_004);
  });
});
