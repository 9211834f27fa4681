/* The shim's setting components: plain DOM with Obsidian's class names and fluent API. */
import type { App } from "./app.js";

export function setIcon(el: HTMLElement, icon: string): void {
  el.setAttribute("data-icon", icon);
  el.classList.add("shim-icon");
  if (el.textContent === "") el.textContent = ICON_GLYPHS[icon] ?? "•";
}
const ICON_GLYPHS: Record<string, string> = {
  plus: "+",
  "trash-2": "✕",
  "refresh-cw": "⟳",
  check: "✓",
  x: "✗",
  "line-chart": "∿",
  "chevron-right": "›",
};

export abstract class BaseComponent {
  disabled = false;
  then(cb: (c: this) => void): this {
    cb(this);
    return this;
  }
  setDisabled(d: boolean): this {
    this.disabled = d;
    return this;
  }
}

export abstract class ValueComponent<T> extends BaseComponent {
  abstract getValue(): T;
  abstract setValue(v: T): this;
  registerOptionListener(_l: Record<string, (v?: T) => T>, _k: string): this {
    return this;
  }
}

export class ToggleComponent extends ValueComponent<boolean> {
  readonly toggleEl: HTMLInputElement;
  #cb: ((v: boolean) => unknown) | null = null;
  constructor(containerEl: HTMLElement) {
    super();
    const label = containerEl.createEl("label", { cls: "checkbox-container" });
    this.toggleEl = label.createEl("input", { type: "checkbox", cls: "shim-toggle" });
    this.toggleEl.addEventListener("change", () => {
      label.classList.toggle("is-enabled", this.toggleEl.checked);
      void this.#cb?.(this.toggleEl.checked);
    });
  }
  getValue(): boolean {
    return this.toggleEl.checked;
  }
  setValue(v: boolean): this {
    this.toggleEl.checked = v;
    this.toggleEl.parentElement?.classList.toggle("is-enabled", v);
    return this;
  }
  setTooltip(t: string): this {
    this.toggleEl.title = t;
    return this;
  }
  onChange(cb: (v: boolean) => unknown): this {
    this.#cb = cb;
    return this;
  }
  override setDisabled(d: boolean): this {
    this.toggleEl.disabled = d;
    return super.setDisabled(d);
  }
}

abstract class AbstractText<E extends HTMLInputElement | HTMLTextAreaElement> extends ValueComponent<string> {
  #cb: ((v: string) => unknown) | null = null;
  constructor(readonly inputEl: E) {
    super();
    inputEl.addEventListener("input", () => void this.#cb?.(inputEl.value));
  }
  getValue(): string {
    return this.inputEl.value;
  }
  setValue(v: string): this {
    this.inputEl.value = v;
    return this;
  }
  setPlaceholder(p: string): this {
    this.inputEl.placeholder = p;
    return this;
  }
  onChange(cb: (v: string) => unknown): this {
    this.#cb = cb;
    return this;
  }
  onChanged(): void {
    void this.#cb?.(this.inputEl.value);
  }
  override setDisabled(d: boolean): this {
    this.inputEl.disabled = d;
    return super.setDisabled(d);
  }
}
export class TextComponent extends AbstractText<HTMLInputElement> {
  constructor(containerEl: HTMLElement) {
    super(containerEl.createEl("input", { type: "text" }));
  }
}
export class TextAreaComponent extends AbstractText<HTMLTextAreaElement> {
  constructor(containerEl: HTMLElement) {
    super(containerEl.createEl("textarea"));
  }
}
export class SearchComponent extends TextComponent {}

export class DropdownComponent extends ValueComponent<string> {
  readonly selectEl: HTMLSelectElement;
  #cb: ((v: string) => unknown) | null = null;
  constructor(containerEl: HTMLElement) {
    super();
    this.selectEl = containerEl.createEl("select", { cls: "dropdown" });
    this.selectEl.addEventListener("change", () => void this.#cb?.(this.selectEl.value));
  }
  addOption(value: string, display: string): this {
    this.selectEl.createEl("option", { text: display, value });
    return this;
  }
  addOptions(options: Record<string, string>): this {
    for (const [v, d] of Object.entries(options)) this.addOption(v, d);
    return this;
  }
  getValue(): string {
    return this.selectEl.value;
  }
  setValue(v: string): this {
    this.selectEl.value = v;
    return this;
  }
  onChange(cb: (v: string) => unknown): this {
    this.#cb = cb;
    return this;
  }
}

export class SliderComponent extends ValueComponent<number> {
  readonly sliderEl: HTMLInputElement;
  readonly #valueEl: HTMLElement;
  #format: (v: number) => string = (v) => String(v);
  #cb: ((v: number) => unknown) | null = null;
  constructor(containerEl: HTMLElement) {
    super();
    this.sliderEl = containerEl.createEl("input", { type: "range", cls: "slider" });
    this.#valueEl = containerEl.createSpan({ cls: "slider-value" });
    this.sliderEl.addEventListener("input", () => {
      this.#show();
      void this.#cb?.(Number(this.sliderEl.value));
    });
  }
  #show(): void {
    this.#valueEl.textContent = this.#format(Number(this.sliderEl.value));
  }
  setLimits(min: number | null, max: number | null, step: number | "any"): this {
    if (min !== null) this.sliderEl.min = String(min);
    if (max !== null) this.sliderEl.max = String(max);
    this.sliderEl.step = String(step);
    return this;
  }
  setDynamicTooltip(): this {
    return this;
  }
  setInstant(_i: boolean): this {
    return this;
  }
  setDisplayFormat(f: (v: number) => string): this {
    this.#format = f;
    this.#show();
    return this;
  }
  getValue(): number {
    return Number(this.sliderEl.value);
  }
  setValue(v: number): this {
    this.sliderEl.value = String(v);
    this.#show();
    return this;
  }
  onChange(cb: (v: number) => unknown): this {
    this.#cb = cb;
    return this;
  }
}

export class ColorComponent extends ValueComponent<string> {
  readonly colorEl: HTMLInputElement;
  constructor(containerEl: HTMLElement) {
    super();
    this.colorEl = containerEl.createEl("input", { type: "color" });
  }
  getValue(): string {
    return this.colorEl.value;
  }
  setValue(v: string): this {
    this.colorEl.value = v;
    return this;
  }
  onChange(cb: (v: string) => unknown): this {
    this.colorEl.addEventListener("input", () => void cb(this.colorEl.value));
    return this;
  }
}

export class ButtonComponent extends BaseComponent {
  readonly buttonEl: HTMLButtonElement;
  constructor(containerEl: HTMLElement) {
    super();
    this.buttonEl = containerEl.createEl("button");
  }
  setButtonText(t: string): this {
    this.buttonEl.textContent = t;
    return this;
  }
  setIcon(icon: string): this {
    setIcon(this.buttonEl, icon);
    return this;
  }
  setTooltip(t: string): this {
    this.buttonEl.title = t;
    this.buttonEl.setAttribute("aria-label", t);
    return this;
  }
  setCta(): this {
    this.buttonEl.classList.add("mod-cta");
    return this;
  }
  setWarning(): this {
    this.buttonEl.classList.add("mod-warning");
    return this;
  }
  setDestructive(): this {
    this.buttonEl.classList.add("mod-destructive");
    return this;
  }
  setClass(c: string): this {
    this.buttonEl.classList.add(c);
    return this;
  }
  override setDisabled(d: boolean): this {
    this.buttonEl.disabled = d;
    return super.setDisabled(d);
  }
  onClick(cb: (e: MouseEvent) => unknown): this {
    this.buttonEl.addEventListener("click", (e) => void cb(e));
    return this;
  }
}

export class ExtraButtonComponent extends BaseComponent {
  readonly extraSettingsEl: HTMLElement;
  constructor(containerEl: HTMLElement) {
    super();
    this.extraSettingsEl = containerEl.createEl("button", { cls: "clickable-icon extra-setting-button" });
  }
  setIcon(icon: string): this {
    setIcon(this.extraSettingsEl, icon);
    return this;
  }
  setTooltip(t: string): this {
    this.extraSettingsEl.title = t;
    this.extraSettingsEl.setAttribute("aria-label", t);
    return this;
  }
  onClick(cb: () => unknown): this {
    this.extraSettingsEl.addEventListener("click", () => void cb());
    return this;
  }
}

/**
 * Obsidian's SecretComponent picks a named secret from SecretStorage. The
 * shim shows the secret's name and a password field: a key typed here goes
 * into the page's in-memory SecretStorage, never into saved data.
 */
export class SecretComponent extends BaseComponent {
  readonly #nameEl: HTMLInputElement;
  readonly #keyEl: HTMLInputElement;
  #cb: ((v: string) => unknown) | null = null;
  constructor(
    readonly app: App,
    containerEl: HTMLElement,
  ) {
    super();
    const wrap = containerEl.createDiv({ cls: "shim-secret" });
    this.#nameEl = wrap.createEl("input", { type: "text", cls: "shim-secret-name", attr: { "aria-label": "Secret name" } });
    this.#keyEl = wrap.createEl("input", { type: "password", cls: "shim-secret-value", placeholder: "Paste the API key", attr: { "aria-label": "API key", autocomplete: "off" } });
    const commit = () => {
      const id = this.#nameEl.value.trim();
      if (id === "") return;
      if (this.#keyEl.value !== "") app.secretStorage.setSecret(id, this.#keyEl.value);
      this.#refresh();
      void this.#cb?.(id);
    };
    this.#nameEl.addEventListener("change", commit);
    this.#keyEl.addEventListener("change", commit);
  }
  #refresh(): void {
    const has = (this.app.secretStorage.getSecret(this.#nameEl.value) ?? "") !== "";
    this.#keyEl.placeholder = has ? "•••••••• (stored; paste to replace)" : "Paste the API key";
    this.#keyEl.value = "";
  }
  setValue(v: string): this {
    this.#nameEl.value = v;
    this.#refresh();
    return this;
  }
  onChange(cb: (v: string) => unknown): this {
    this.#cb = cb;
    return this;
  }
}

export class DisplayValueComponent {
  readonly valueEl: HTMLElement;
  constructor(containerEl: HTMLElement) {
    this.valueEl = containerEl.createSpan({ cls: "setting-item-display-value" });
  }
  setValue(v: string | null): this {
    this.valueEl.textContent = v ?? "";
    return this;
  }
  setStatus(s: "warning" | null): this {
    this.valueEl.classList.toggle("mod-warning", s === "warning");
    if (s === "warning") this.valueEl.setAttribute("aria-label", "Needs attention");
    return this;
  }
}

export class Setting {
  readonly settingEl: HTMLElement;
  readonly infoEl: HTMLElement;
  readonly nameEl: HTMLElement;
  readonly descEl: HTMLElement;
  readonly controlEl: HTMLElement;
  errorEl: HTMLElement | null = null;
  readonly components: BaseComponent[] = [];
  constructor(containerEl: HTMLElement) {
    this.settingEl = containerEl.createDiv({ cls: "setting-item" });
    this.infoEl = this.settingEl.createDiv({ cls: "setting-item-info" });
    this.nameEl = this.infoEl.createDiv({ cls: "setting-item-name" });
    this.descEl = this.infoEl.createDiv({ cls: "setting-item-description" });
    this.controlEl = this.settingEl.createDiv({ cls: "setting-item-control" });
  }
  setName(n: string | DocumentFragment): this {
    this.nameEl.textContent = "";
    if (typeof n === "string") this.nameEl.textContent = n;
    else this.nameEl.appendChild(n);
    return this;
  }
  setDesc(d: string | DocumentFragment): this {
    this.descEl.textContent = "";
    if (typeof d === "string") this.descEl.textContent = d;
    else this.descEl.appendChild(d);
    return this;
  }
  setClass(c: string): this {
    this.settingEl.classList.add(c);
    return this;
  }
  setTooltip(t: string): this {
    this.settingEl.title = t;
    return this;
  }
  setHeading(): this {
    this.settingEl.classList.add("setting-item-heading");
    return this;
  }
  setDisabled(d: boolean): this {
    this.settingEl.classList.toggle("is-disabled", d);
    return this;
  }
  setErrorMessage(message: string | null): this {
    this.settingEl.classList.toggle("is-invalid", message !== null && message !== "");
    if (message === null || message === "") {
      this.errorEl?.remove();
      this.errorEl = null;
      return this;
    }
    this.errorEl ??= this.infoEl.createDiv({ cls: "setting-item-error", attr: { role: "alert" } });
    this.errorEl.textContent = message;
    return this;
  }
  #add<C extends BaseComponent>(c: C, cb: (c: C) => unknown): this {
    this.components.push(c);
    cb(c);
    return this;
  }
  addButton(cb: (c: ButtonComponent) => unknown): this {
    return this.#add(new ButtonComponent(this.controlEl), cb);
  }
  addExtraButton(cb: (c: ExtraButtonComponent) => unknown): this {
    return this.#add(new ExtraButtonComponent(this.controlEl), cb);
  }
  addToggle(cb: (c: ToggleComponent) => unknown): this {
    return this.#add(new ToggleComponent(this.controlEl), cb);
  }
  addText(cb: (c: TextComponent) => unknown): this {
    return this.#add(new TextComponent(this.controlEl), cb);
  }
  addSearch(cb: (c: SearchComponent) => unknown): this {
    return this.#add(new SearchComponent(this.controlEl), cb);
  }
  addTextArea(cb: (c: TextAreaComponent) => unknown): this {
    return this.#add(new TextAreaComponent(this.controlEl), cb);
  }
  addDropdown(cb: (c: DropdownComponent) => unknown): this {
    return this.#add(new DropdownComponent(this.controlEl), cb);
  }
  addSlider(cb: (c: SliderComponent) => unknown): this {
    return this.#add(new SliderComponent(this.controlEl), cb);
  }
  addColorPicker(cb: (c: ColorComponent) => unknown): this {
    return this.#add(new ColorComponent(this.controlEl), cb);
  }
  addComponent(cb: (el: HTMLElement) => BaseComponent): this {
    this.components.push(cb(this.controlEl));
    return this;
  }
  addDisplayValue(cb: (c: DisplayValueComponent) => unknown): this {
    cb(new DisplayValueComponent(this.controlEl));
    return this;
  }
  then(cb: (s: this) => unknown): this {
    cb(this);
    return this;
  }
  clear(): this {
    this.controlEl.textContent = "";
    this.components.length = 0;
    return this;
  }
}

export class SettingGroup {
  readonly groupEl: HTMLElement;
  readonly headerEl: HTMLElement;
  readonly listEl: HTMLElement;
  constructor(containerEl: HTMLElement) {
    this.groupEl = containerEl.createDiv({ cls: "setting-group" });
    this.headerEl = this.groupEl.createDiv({ cls: "setting-group-header" });
    this.listEl = this.groupEl.createDiv({ cls: "setting-items" });
  }
  setHeading(text: string | DocumentFragment): this {
    const h = this.headerEl.createDiv({ cls: "setting-group-heading", attr: { role: "heading", "aria-level": "3" } });
    if (typeof text === "string") h.textContent = text;
    else h.appendChild(text);
    return this;
  }
  addClass(...c: string[]): this {
    this.groupEl.classList.add(...c);
    return this;
  }
  addSetting(cb: (s: Setting) => void): this {
    cb(new Setting(this.listEl));
    return this;
  }
  addSearch(cb: (c: SearchComponent) => unknown): this {
    cb(new SearchComponent(this.headerEl));
    return this;
  }
  addExtraButton(cb: (c: ExtraButtonComponent) => unknown): this {
    cb(new ExtraButtonComponent(this.headerEl));
    return this;
  }
}
