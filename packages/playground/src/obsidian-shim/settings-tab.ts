/* Settings tabs and the settings modal, with a renderer for Obsidian 1.13's declarative definitions. */
import type { App } from "./app.js";
import { SettingGroup, setIcon, type BaseComponent, type Setting } from "./components.js";

type Flag = boolean | (() => boolean) | undefined;
const flag = (v: Flag, fallback: boolean): boolean => (v === undefined ? fallback : typeof v === "function" ? v() : v);

// Structural types of the definitions (the plugin type-checks them against the real obsidian.d.ts).
interface Control {
  type: string;
  key: string;
  defaultValue?: unknown;
  validate?: (v: never) => unknown;
  disabled?: Flag;
  options?: Record<string, string>;
  placeholder?: string;
  rows?: number;
  min?: number;
  max?: number;
  step?: number | "any";
  displayFormat?: (v: number) => string;
}
interface Def {
  type?: string;
  name?: string;
  desc?: string | DocumentFragment;
  visible?: Flag;
  disabled?: Flag;
  control?: Control;
  action?: (el: HTMLElement, index: number) => void;
  render?: (setting: Setting, group: SettingGroup) => unknown;
  heading?: string;
  cls?: string;
  items?: Def[];
  emptyState?: string | DocumentFragment;
  onDelete?: (index: number) => void;
  addItem?: { name: string; action: (el: HTMLElement) => void };
  displayValue?: string | (() => string);
  status?: "warning" | null | (() => "warning" | null);
  page?: () => SettingPage;
}

export abstract class SettingPage {
  readonly rootEl: HTMLElement = createDiv({ cls: "setting-page" });
  readonly titlebarEl: HTMLElement = this.rootEl.createDiv({ cls: "setting-page-titlebar" });
  readonly containerEl: HTMLElement = this.rootEl.createDiv({ cls: "setting-page-content" });
  title = "";
  abstract display(): void;
  hide(): void {}
}

export abstract class SettingTab {
  icon = "";
  id = "";
  name = "";
  readonly containerEl: HTMLElement = createDiv({ cls: "vertical-tab-content" });
  settingItems: Def[] = [];
  /** Open sub-pages, outermost first, by name. */
  pagePath: string[] = [];
  #live: { el: HTMLElement; def: Def; setting: Setting }[] = [];
  #cleanups: (() => void)[] = [];
  constructor(readonly app: App) {}

  getSettingDefinitions(): Def[] {
    return [];
  }
  getControlValue(_key: string): unknown {
    return undefined;
  }
  setControlValue(_key: string, _value: unknown): void | Promise<void> {}
  display(): void {}
  hide(): void {
    for (const c of this.#cleanups.splice(0)) c();
  }

  update(): void {
    this.settingItems = this.getSettingDefinitions();
    if (this.containerEl.isConnected) this.render();
  }

  /** Re-evaluates visible/disabled predicates and page entry values in place, without re-rendering. */
  refreshDomState(): void {
    for (const { el, def, setting } of this.#live) {
      el.style.display = flag(def.visible, true) ? "" : "none";
      if (def.control) setting.settingEl.classList.toggle("is-disabled", flag(def.control.disabled, false));
      if (def.type === "page") fillPageEntry(setting, def);
    }
  }

  /** Renders the tab the way Obsidian does: declaratively when definitions exist, else display(). */
  render(): void {
    this.hide();
    this.#live = [];
    this.containerEl.textContent = "";
    this.settingItems = this.getSettingDefinitions();
    if (this.settingItems.length === 0) {
      this.display();
      return;
    }
    let items = this.settingItems;
    const trail: Def[] = [];
    for (const name of this.pagePath) {
      const page = findPage(items, name);
      if (!page) break;
      trail.push(page);
      items = page.items ?? [];
    }
    this.pagePath = trail.map((p) => p.name ?? "");
    const page = trail.at(-1);
    if (page) {
      const bar = this.containerEl.createDiv({ cls: "setting-page-titlebar" });
      const back = bar.createEl("button", { cls: "clickable-icon setting-page-back", attr: { "aria-label": "Back" } });
      back.textContent = "‹ Back";
      back.addEventListener("click", () => {
        this.pagePath.pop();
        this.render();
      });
      bar.createEl("h2", { cls: "setting-page-title", text: page.name ?? "" });
      if (page.page) {
        const custom = page.page();
        this.containerEl.appendChild(custom.containerEl);
        custom.display();
        this.#cleanups.push(() => {
          custom.hide();
        });
        return;
      }
    }
    this.#renderItems(this.containerEl, items);
  }

  #renderItems(container: HTMLElement, items: readonly Def[]): void {
    let loose: SettingGroup | null = null;
    for (const def of items) {
      if (def.type === "group" || def.type === "list") {
        loose = null;
        this.#renderGroup(container, def);
      } else {
        loose ??= new SettingGroup(container);
        const g = loose;
        g.addSetting((s) => {
          this.#renderSetting(s, g, def, 0, null);
        });
      }
    }
  }

  #renderGroup(container: HTMLElement, def: Def): void {
    const group = new SettingGroup(container);
    group.groupEl.style.display = flag(def.visible, true) ? "" : "none";
    if (def.heading !== undefined) group.setHeading(def.heading);
    if (def.cls !== undefined) group.addClass(def.cls);
    if (def.type === "list") group.addClass("mod-list");
    if (def.addItem) {
      const add = def.addItem;
      group.addExtraButton((b) => b.setIcon("plus").setTooltip(add.name).onClick(() => {
        add.action(b.extraSettingsEl);
      }));
    }
    const items = def.items ?? [];
    if (items.length === 0 && def.emptyState !== undefined) {
      const empty = def.emptyState;
      group.addSetting((s) => {
        s.setDesc(empty).setClass("mod-empty");
      });
    }
    items.forEach((item, i) => {
      group.addSetting((s) => {
        this.#renderSetting(s, group, item, i, def.onDelete ?? null);
      });
    });
  }

  #renderSetting(setting: Setting, group: SettingGroup, def: Def, index: number, onDelete: ((i: number) => void) | null): void {
    this.#live.push({ el: setting.settingEl, def, setting });
    setting.settingEl.style.display = flag(def.visible, true) ? "" : "none";
    if (def.name !== undefined) setting.setName(def.name);
    if (def.desc !== undefined) setting.setDesc(def.desc);
    if (def.type === "page") {
      setting.settingEl.classList.add("mod-navigable");
      setting.settingEl.setAttribute("role", "button");
      setting.settingEl.tabIndex = 0;
      fillPageEntry(setting, def);
      const open = (e: Event) => {
        if ((e.target as HTMLElement).closest(".extra-setting-button")) return;
        this.pagePath.push(def.name ?? "");
        this.render();
      };
      setting.settingEl.addEventListener("click", open);
      setting.settingEl.addEventListener("keydown", (e) => {
        if (e.key === "Enter") open(e);
      });
    } else if (def.render) {
      const cleanup = def.render(setting, group);
      if (typeof cleanup === "function") this.#cleanups.push(cleanup as () => void);
    } else if (def.action) {
      const action = def.action;
      setting.settingEl.classList.add("mod-clickable");
      setting.settingEl.setAttribute("role", "button");
      setting.settingEl.tabIndex = 0;
      setting.settingEl.addEventListener("click", (e) => {
        if (!flag(def.disabled, false) && !(e.target as HTMLElement).closest(".extra-setting-button")) action(setting.settingEl, index);
      });
    } else if (def.control) {
      this.#renderControl(setting, def.control);
    }
    if (onDelete) {
      const del = onDelete;
      setting.addExtraButton((b) => b.setIcon("trash-2").setTooltip("Delete").onClick(() => {
        del(index);
      }));
    }
  }

  #renderControl(setting: Setting, c: Control): void {
    const value = this.getControlValue(c.key) ?? c.defaultValue;
    const commit = async (v: unknown) => {
      const error = c.validate ? await c.validate(v as never) : undefined;
      if (typeof error === "string" && error !== "") {
        setting.setErrorMessage(error);
        return;
      }
      setting.setErrorMessage(null);
      try {
        await this.setControlValue(c.key, v);
      } catch (e) {
        setting.setErrorMessage(e instanceof Error ? e.message : String(e));
      }
    };
    const str = typeof value === "string" || typeof value === "number" ? String(value) : "";
    const push = (comp: BaseComponent) => comp;
    switch (c.type) {
      case "toggle":
        setting.addToggle((t) => push(t.setValue(value === true).onChange(commit)));
        break;
      case "dropdown":
        setting.addDropdown((d) => push(d.addOptions(c.options ?? {}).setValue(str).onChange(commit)));
        break;
      case "slider":
        setting.addSlider((s) => {
          s.setLimits(c.min ?? 0, c.max ?? 1, c.step ?? 0.01).setValue(typeof value === "number" ? value : (c.min ?? 0)).onChange(commit);
          s.setDisplayFormat(c.displayFormat ?? ((v) => String(Math.round(v * 100) / 100)));
        });
        break;
      case "textarea":
        setting.addTextArea((t) => {
          t.setValue(str).onChange(commit);
          if (c.placeholder !== undefined) t.setPlaceholder(c.placeholder);
          if (c.rows !== undefined) t.inputEl.rows = c.rows;
        });
        break;
      case "number":
        setting.addText((t) => {
          t.inputEl.type = "number";
          if (c.min !== undefined) t.inputEl.min = String(c.min);
          if (c.step !== undefined) t.inputEl.step = String(c.step);
          t.setValue(str).onChange((v) => void commit(v === "" ? (c.defaultValue ?? 0) : Number(v)));
        });
        break;
      default:
        setting.addText((t) => {
          t.setValue(str).onChange(commit);
          if (c.placeholder !== undefined) t.setPlaceholder(c.placeholder);
        });
    }
    setting.settingEl.classList.toggle("is-disabled", flag(c.disabled, false));
    // Obsidian validates a stored value once on mount.
    if (c.validate && value !== undefined) {
      void Promise.resolve(c.validate(value as never)).then((e) => {
        if (typeof e === "string" && e !== "") setting.setErrorMessage(e);
      });
    }
  }
}

function fillPageEntry(setting: Setting, def: Def): void {
  setting.controlEl.querySelectorAll(".setting-item-display-value, .setting-page-chevron").forEach((e) => {
    e.remove();
  });
  const value = typeof def.displayValue === "function" ? def.displayValue() : def.displayValue;
  const status = typeof def.status === "function" ? def.status() : def.status;
  setting.addDisplayValue((d) => d.setValue(value ?? null).setStatus(status ?? null));
  setIcon(setting.controlEl.createSpan({ cls: "setting-page-chevron", attr: { "aria-hidden": "true" } }), "chevron-right");
}

function findPage(items: readonly Def[], name: string): Def | null {
  for (const item of items) {
    if (item.type === "page" && item.name === name) return item;
    if (item.type === "group" || item.type === "list") {
      const found = findPage(item.items ?? [], name);
      if (found) return found;
    }
  }
  return null;
}

export abstract class PluginSettingTab extends SettingTab {
  constructor(
    app: App,
    readonly plugin: { manifest: { id: string; name: string } },
  ) {
    super(app);
    this.id = plugin.manifest.id;
    this.name = plugin.manifest.name;
  }
}

/** The settings modal: a list of tabs and the open tab's content. */
export class SettingModal {
  readonly tabs: SettingTab[] = [];
  readonly containerEl: HTMLElement;
  readonly #nav: HTMLElement;
  readonly #content: HTMLElement;
  activeTab: SettingTab | null = null;
  constructor() {
    this.containerEl = createDiv({ cls: "modal-container mod-settings" });
    this.containerEl.createDiv({ cls: "modal-bg" }).addEventListener("click", () => {
      this.close();
    });
    const modal = this.containerEl.createDiv({ cls: "modal mod-settings", attr: { role: "dialog", "aria-label": "Settings" } });
    const close = modal.createEl("button", { cls: "modal-close-button", attr: { "aria-label": "Close settings" } });
    close.textContent = "×";
    close.addEventListener("click", () => {
      this.close();
    });
    this.#nav = modal.createDiv({ cls: "vertical-tab-header" });
    this.#content = modal.createDiv({ cls: "vertical-tab-content-container" });
  }
  addSettingTab(tab: SettingTab): void {
    this.tabs.push(tab);
    tab.update();
  }
  removeSettingTab(tab: SettingTab): void {
    const i = this.tabs.indexOf(tab);
    if (i >= 0) this.tabs.splice(i, 1);
  }
  open(): void {
    document.body.appendChild(this.containerEl);
    const first = this.tabs[0];
    if (first) this.openTab(first);
  }
  openTabById(id: string): void {
    const tab = this.tabs.find((t) => t.id === id);
    if (!this.containerEl.isConnected) document.body.appendChild(this.containerEl);
    if (tab) this.openTab(tab);
  }
  openTab(tab: SettingTab): void {
    this.activeTab?.hide();
    this.activeTab = tab;
    this.#nav.textContent = "";
    for (const t of this.tabs) {
      const item = this.#nav.createDiv({ cls: `vertical-tab-nav-item${t === tab ? " is-active" : ""}`, text: t.name });
      item.addEventListener("click", () => {
        this.openTab(t);
      });
    }
    this.#content.textContent = "";
    this.#content.appendChild(tab.containerEl);
    tab.render();
  }
  close(): void {
    this.activeTab?.hide();
    this.containerEl.remove();
  }
}
