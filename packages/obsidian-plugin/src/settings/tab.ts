import { PluginSettingTab, requireApiVersion, Setting, type Plugin, type SettingDefinitionItem, type SettingDefinitionPage } from "obsidian";
import { settingDefinitions } from "./definitions.js";
import { defaultsOf, type SettingsHost } from "./host.js";
import { renderDefinitions } from "./imperative.js";
import { readKey, writeKey } from "./keys.js";

/** Obsidian 1.13 renders settings declaratively, with sub-pages. */
export const DECLARATIVE_SETTINGS_VERSION = "1.13.0";

export class RedlineSettingTab extends PluginSettingTab {
  /** Names of the sub-pages open in the imperative fallback, outermost first. */
  #pagePath: string[] = [];

  constructor(
    plugin: Plugin,
    private readonly host: SettingsHost,
  ) {
    super(plugin.app, plugin);
    this.icon = "spell-check";
  }

  get declarative(): boolean {
    return requireApiVersion(DECLARATIVE_SETTINGS_VERSION);
  }

  #definitions(): SettingDefinitionItem[] {
    return settingDefinitions(this.host, {
      rebuild: () => {
        this.#rebuild();
      },
    });
  }

  #rebuild(): void {
    if (requireApiVersion("1.13.0")) this.update();
    else this.#renderImperative();
  }

  override getSettingDefinitions(): SettingDefinitionItem[] {
    // An empty array sends older Obsidian versions to display().
    return this.declarative ? this.#definitions() : [];
  }

  override getControlValue(key: string): unknown {
    return readKey(this.host.settings, key, defaultsOf(this.host));
  }

  override async setControlValue(key: string, value: unknown): Promise<void> {
    writeKey(this.host.settings, key, value, defaultsOf(this.host));
    await this.host.saveSettings();
    // Pages show current values (model, on/off) on their entries.
    if (requireApiVersion("1.13.0")) this.refreshDomState();
  }

  override display(): void {
    this.#renderImperative();
  }

  #renderImperative(): void {
    const el = this.containerEl;
    el.empty();
    let items = this.#definitions();
    const trail: SettingDefinitionPage[] = [];
    for (const name of this.#pagePath) {
      const page = findPage(items, name);
      if (!page) break;
      trail.push(page);
      items = page.items ?? [];
    }
    this.#pagePath = trail.map((p) => p.name);
    const current = trail.at(-1);
    if (current) {
      new Setting(el)
        .setName(current.name)
        .setHeading()
        .addButton((b) =>
          b.setButtonText("Back").onClick(() => {
            this.#pagePath.pop();
            this.#renderImperative();
          }),
        );
    }
    renderDefinitions(el, items, {
      getValue: (key) => readKey(this.host.settings, key, defaultsOf(this.host)),
      setValue: async (key, value) => {
        try {
          writeKey(this.host.settings, key, value, defaultsOf(this.host));
        } catch (e) {
          return e instanceof Error ? e.message : String(e);
        }
        await this.host.saveSettings();
        return null;
      },
      openPage: (page) => {
        this.#pagePath.push(page.name);
        this.#renderImperative();
      },
    });
  }
}

function findPage(items: readonly SettingDefinitionItem[], name: string): SettingDefinitionPage | null {
  for (const item of items) {
    if ("type" in item && item.type === "page" && item.name === name) return item;
    if ("type" in item && (item.type === "group" || item.type === "list")) {
      const found = findPage(item.items ?? [], name);
      if (found) return found;
    }
  }
  return null;
}
