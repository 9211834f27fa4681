import type { App } from "./app.js";
import { setIcon } from "./components.js";
import { Component } from "./events.js";

export class Notice {
  readonly noticeEl: HTMLElement;
  constructor(message: string | DocumentFragment, duration = 5000) {
    let container = document.querySelector<HTMLElement>(".notice-container");
    if (!container) {
      container = document.body.createDiv({ cls: "notice-container", attr: { "aria-live": "polite" } });
    }
    this.noticeEl = container.createDiv({ cls: "notice" });
    if (typeof message === "string") this.noticeEl.textContent = message;
    else this.noticeEl.appendChild(message);
    this.noticeEl.addEventListener("click", () => {
      this.hide();
    });
    if (duration > 0) window.setTimeout(() => {
      this.hide();
    }, duration);
  }
  setMessage(m: string): this {
    this.noticeEl.textContent = m;
    return this;
  }
  hide(): void {
    this.noticeEl.remove();
  }
}

export class Modal {
  readonly containerEl: HTMLElement;
  readonly modalEl: HTMLElement;
  readonly titleEl: HTMLElement;
  readonly contentEl: HTMLElement;
  constructor(readonly app: App) {
    this.containerEl = createDiv({ cls: "modal-container" });
    this.containerEl.createDiv({ cls: "modal-bg" }).addEventListener("click", () => {
      this.close();
    });
    this.modalEl = this.containerEl.createDiv({ cls: "modal", attr: { role: "dialog" } });
    const close = this.modalEl.createEl("button", { cls: "modal-close-button", attr: { "aria-label": "Close" } });
    close.textContent = "×";
    close.addEventListener("click", () => {
      this.close();
    });
    this.titleEl = this.modalEl.createDiv({ cls: "modal-title" });
    this.contentEl = this.modalEl.createDiv({ cls: "modal-content" });
  }
  setTitle(t: string): this {
    this.titleEl.textContent = t;
    return this;
  }
  open(): void {
    document.body.appendChild(this.containerEl);
    this.onOpen();
  }
  close(): void {
    this.containerEl.remove();
    this.onClose();
  }
  onOpen(): void {}
  onClose(): void {}
}

export class MenuItem {
  readonly dom: HTMLElement;
  #title: HTMLElement;
  #icon: HTMLElement;
  section = "";
  constructor(
    readonly menu: Menu,
    parent: HTMLElement,
  ) {
    this.dom = parent.createDiv({ cls: "menu-item", attr: { role: "menuitem", tabindex: "-1" } });
    this.#icon = this.dom.createDiv({ cls: "menu-item-icon" });
    this.#title = this.dom.createDiv({ cls: "menu-item-title" });
  }
  setTitle(t: string | DocumentFragment): this {
    this.#title.textContent = typeof t === "string" ? t : t.textContent;
    return this;
  }
  setIcon(icon: string | null): this {
    if (icon !== null) setIcon(this.#icon, icon);
    return this;
  }
  setSection(s: string): this {
    this.section = s;
    this.dom.setAttribute("data-section", s);
    return this;
  }
  setChecked(c: boolean | null): this {
    this.dom.classList.toggle("mod-checked", c === true);
    return this;
  }
  setDisabled(d: boolean): this {
    this.dom.classList.toggle("is-disabled", d);
    return this;
  }
  setIsLabel(_l: boolean): this {
    return this;
  }
  onClick(cb: (e: MouseEvent | KeyboardEvent) => unknown): this {
    this.dom.addEventListener("click", (e) => {
      this.menu.hide();
      void cb(e);
    });
    return this;
  }
}

export class Menu extends Component {
  readonly dom: HTMLElement;
  readonly items: MenuItem[] = [];
  constructor() {
    super();
    this.dom = createDiv({ cls: "menu", attr: { role: "menu" } });
  }
  addItem(cb: (item: MenuItem) => unknown): this {
    const item = new MenuItem(this, this.dom);
    this.items.push(item);
    cb(item);
    return this;
  }
  addSeparator(): this {
    this.dom.createDiv({ cls: "menu-separator" });
    return this;
  }
  showAtPosition(pos: { x: number; y: number }): this {
    document.querySelectorAll(".menu").forEach((m) => {
      m.remove();
    });
    this.dom.style.left = `${pos.x}px`;
    this.dom.style.top = `${pos.y}px`;
    document.body.appendChild(this.dom);
    const away = (e: MouseEvent) => {
      if (!this.dom.contains(e.target as Node)) this.hide();
    };
    window.setTimeout(() => {
      document.addEventListener("mousedown", away);
    }, 0);
    this.register(() => {
      document.removeEventListener("mousedown", away);
    });
    this.load();
    return this;
  }
  showAtMouseEvent(e: MouseEvent): this {
    return this.showAtPosition({ x: e.clientX, y: e.clientY });
  }
  hide(): this {
    this.dom.remove();
    this.unload();
    return this;
  }
}
