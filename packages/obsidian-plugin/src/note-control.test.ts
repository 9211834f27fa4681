import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchesGlob } from "./glob.js";
import { asYouTypeFor, effectiveFunctionSettings, isExcludedPath, noteControl } from "./note-control.js";
import { defaultSettings } from "./settings/schema.js";

describe("globs", () => {
  it.each([
    ["Journal/**", "Journal/2024/a.md", true],
    ["Journal/**", "Notes/Journal/a.md", false],
    ["**/drafts/*.md", "drafts/x.md", true],
    ["**/drafts/*.md", "a/b/drafts/x.md", true],
    ["**/drafts/*.md", "a/drafts/sub/x.md", false],
    ["*.canvas.md", "a.canvas.md", true],
    ["*.canvas.md", "dir/a.canvas.md", false],
    ["{Inbox,Archive}/**", "Archive/old.md", true],
    ["note?.md", "note1.md", true],
    ["a+b (1).md", "a+b (1).md", true],
  ])("%s against %s → %s", (glob, path, expected) => {
    expect(matchesGlob(path, glob)).toBe(expected);
  });

  it("treats every path as matching itself when it has no wildcard characters", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[^*?{},]{1,30}$/), (path) => {
        fc.pre(path.trim() === path);
        return matchesGlob(path, path);
      }),
      { numRuns: 300 },
    );
  });
});

describe("noteControl", () => {
  const settings = { ...defaultSettings(), excludedFolders: ["Private/"], excludedGlobs: ["**/*.excalidraw.md"] };

  it("excludes folders (and their subfolders) and globs, with a reason", () => {
    expect(isExcludedPath("Private/diary.md", settings)).toContain("Private");
    expect(isExcludedPath("Private/deep/diary.md", settings)).toContain("Private");
    expect(isExcludedPath("PrivateNot/diary.md", settings)).toBeNull();
    expect(isExcludedPath("art/x.excalidraw.md", settings)).toContain("excalidraw");
    expect(noteControl("Private/a.md", {}, settings).enabled).toBe(false);
  });

  it("honours redline: off in its usual spellings", () => {
    for (const v of ["off", "Off", false, "false", "no"]) {
      const c = noteControl("a.md", { redline: v }, settings);
      expect(c.enabled).toBe(false);
      expect(c.reason).toContain("frontmatter");
    }
    expect(noteControl("a.md", { redline: "on" }, settings).enabled).toBe(true);
  });

  it("switches single functions off and applies validated per-function overrides", () => {
    const c = noteControl("a.md", { redline: { proofread: "off", tighten: { intensity: "light", temperature: 7 } } }, settings);
    expect(c.enabled).toBe(true);
    expect(effectiveFunctionSettings(settings, "proofread", c).enabled).toBe(false);
    const tighten = effectiveFunctionSettings(settings, "tighten", c);
    expect(tighten.enabled).toBe(true);
    expect(tighten.intensity).toBe("light");
    expect(tighten.temperature).toBe(2);
  });

  it("lets the per-note as-you-type toggle win over the function setting, never over an off switch", () => {
    const s = { ...settings, asYouTypeNotes: { "a.md": true } };
    expect(asYouTypeFor(s, "a.md", "proofread", noteControl("a.md", {}, s))).toBe(true);
    expect(asYouTypeFor(s, "b.md", "proofread", noteControl("b.md", {}, s))).toBe(false);
    expect(asYouTypeFor(s, "a.md", "proofread", noteControl("a.md", { redline: { proofread: false } }, s))).toBe(false);
  });
});
