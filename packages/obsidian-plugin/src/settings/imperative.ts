import { Notice, requireApiVersion, SettingGroup, type Setting, type SettingControl, type SettingDefinition, type SettingDefinitionGroup, type SettingDefinitionItem, type SettingDefinitionList, type SettingDefinitionPage } from "obsidian";

/**
 * Renders the declarative definition tree with the classic Setting API, for
 * Obsidian versions before 1.13 that cannot render it themselves. Sub-pages
 * become a navigable stack inside the tab.
 */
export interface ImperativeContext {
  getValue(key: string): unknown;
  /** Persists a value; resolves to an error message when it was refused. */
  setValue(key: string, value: unknown): Promise<string | null>;
  openPage(page: SettingDefinitionPage): void;
}

const evalFlag = (v: boolean | (() => boolean) | undefined, fallback: boolean): boolean => (v === undefined ? fallback : typeof v === "function" ? v() : v);

function isGroup(item: SettingDefinitionItem): item is SettingDefinitionGroup | SettingDefinitionList {
  return "type" in item && (item.type === "group" || item.type === "list");
}
function isPage(item: SettingDefinitionItem): item is SettingDefinitionPage {
  return "type" in item && item.type === "page";
}

export function renderDefinitions(container: HTMLElement, items: readonly SettingDefinitionItem[], ctx: ImperativeContext): void {
  let loose: SettingGroup | null = null;
  for (const item of items) {
    if (isGroup(item)) {
      loose = null;
      if (!evalFlag(item.visible, true)) continue;
      renderGroup(container, item, ctx);
    } else {
      loose ??= new SettingGroup(container);
      const group = loose;
      group.addSetting((setting) => {
        renderItem(setting, group, item, 0, ctx);
      });
    }
  }
}

function renderGroup(container: HTMLElement, def: SettingDefinitionGroup | SettingDefinitionList, ctx: ImperativeContext): void {
  const group = new SettingGroup(container);
  if (def.heading !== undefined) group.setHeading(def.heading);
  if (def.cls !== undefined) group.addClass(def.cls);
  const list = def.type === "list" ? (def as SettingDefinitionList) : null;
  if (list?.addItem) {
    const add = list.addItem;
    group.addExtraButton((b) =>
      b
        .setIcon("plus")
        .setTooltip(add.name)
        .onClick(() => {
          add.action(b.extraSettingsEl);
        }),
    );
  }
  const items = def.items ?? [];
  if (items.length === 0 && list?.emptyState !== undefined) {
    const empty = list.emptyState;
    group.addSetting((s) => {
      s.setDesc(empty);
    });
  }
  items.forEach((item, index) => {
    group.addSetting((setting) => {
      renderItem(setting, group, item, index, ctx);
      if (list?.onDelete) {
        const del = list.onDelete;
        setting.addExtraButton((b) =>
          b
            .setIcon("trash-2")
            .setTooltip("Delete")
            .onClick(() => {
              del(index);
            }),
        );
      }
    });
  });
}

function renderItem(setting: Setting, group: SettingGroup, item: SettingDefinitionItem, index: number, ctx: ImperativeContext): void {
  if (isGroup(item)) return;
  if (isPage(item)) {
    if (!evalFlag(item.visible, true)) {
      setting.settingEl.hide();
      return;
    }
    setting.setName(item.name);
    const value = typeof item.displayValue === "function" ? item.displayValue() : item.displayValue;
    const status = typeof item.status === "function" ? item.status() : item.status;
    const desc = [typeof item.desc === "string" ? item.desc : "", value ? `(${value})` : "", status === "warning" ? "⚠ needs attention" : ""].filter(Boolean).join(" ");
    if (desc) setting.setDesc(desc);
    setting.addButton((b) =>
      b.setButtonText("Open").onClick(() => {
        ctx.openPage(item);
      }),
    );
    return;
  }
  const def: SettingDefinition = item;
  if (!evalFlag(def.visible, true)) {
    setting.settingEl.hide();
    return;
  }
  setting.setName(def.name);
  if (def.desc !== undefined) setting.setDesc(def.desc);
  if (def.render) {
    def.render(setting, group);
    return;
  }
  if (def.action) {
    const action = def.action;
    setting.addButton((b) =>
      b.setButtonText(def.name).onClick(() => {
        action(setting.settingEl, index);
      }),
    );
    return;
  }
  if (def.control) renderControl(setting, def.control, ctx);
}

function renderControl(setting: Setting, control: SettingControl, ctx: ImperativeContext): void {
  const current: unknown = ctx.getValue(control.key) ?? control.defaultValue;
  const text = (fallback = ""): string => (typeof current === "string" || typeof current === "number" ? String(current) : fallback);
  const save = (value: unknown) => {
    void ctx.setValue(control.key, value).then((error) => {
      // setErrorMessage arrived with 1.13; this renderer serves older versions.
      if (requireApiVersion("1.13.0")) setting.setErrorMessage(error);
      else if (error !== null) new Notice(`Redline: ${error}`);
    });
  };
  switch (control.type) {
    case "toggle":
      setting.addToggle((t) => t.setValue(current === true).onChange(save));
      return;
    case "dropdown":
      setting.addDropdown((d) => d.addOptions(control.options).setValue(text()).onChange(save));
      return;
    case "slider":
      setting.addSlider((s) => s.setLimits(control.min, control.max, control.step).setValue(typeof current === "number" ? current : control.min).onChange(save));
      return;
    case "textarea":
      setting.addTextArea((t) => {
        t.setValue(text()).onChange(save);
        if (control.placeholder !== undefined) t.setPlaceholder(control.placeholder);
        if (control.rows !== undefined) t.inputEl.rows = control.rows;
      });
      return;
    case "number":
      setting.addText((t) => {
        t.inputEl.type = "number";
        t.setValue(text()).onChange((v) => {
          save(Number(v));
        });
      });
      return;
    case "color":
      setting.addColorPicker((c) => c.setValue(text("#000000")).onChange(save));
      return;
    case "text":
    case "file":
    case "folder":
      setting.addText((t) => {
        t.setValue(text()).onChange(save);
        if (control.placeholder !== undefined) t.setPlaceholder(control.placeholder);
      });
      return;
  }
}
