import type { Extension } from "@codemirror/state";
import { Plugin } from "obsidian";
import { EventBus } from "@redline/ai-editorial-functions";

/**
 * The Obsidian adapter. It stays thin: the engine and editor extension come
 * from the workspace packages; this class only connects them to Obsidian.
 */
export default class RedlinePlugin extends Plugin {
  /**
   * Registered once and mutated in place, then applied with
   * workspace.updateOptions(), which is how Obsidian reconfigures editor
   * extensions without a reload.
   */
  readonly editorExtensions: Extension[] = [];
  bus: EventBus | null = null;

  override onload(): void {
    this.bus = new EventBus();
    this.registerEditorExtension(this.editorExtensions);
  }

  override onunload(): void {
    this.bus?.clear();
    this.bus = null;
  }
}
