/**
 * Obsidian extends the DOM with helpers (createEl, empty, setText, addClass…)
 * that plugin code calls on every element. The shim installs the subset the
 * plugin uses, with Obsidian's semantics.
 */
interface ElInfo {
  cls?: string | string[];
  text?: string | DocumentFragment;
  attr?: Record<string, string | number | boolean | null>;
  title?: string;
  parent?: Node;
  value?: string;
  type?: string;
  prepend?: boolean;
  placeholder?: string;
  href?: string;
}

const SVG_NS = "http://www.w3.org/2000/svg";

function applyInfo(el: Element, o: ElInfo | string | undefined): void {
  if (o === undefined) return;
  const info: ElInfo = typeof o === "string" ? { cls: o } : o;
  if (info.cls !== undefined) {
    const cls = Array.isArray(info.cls) ? info.cls : info.cls.split(" ");
    el.classList.add(...cls.filter((c) => c !== ""));
  }
  if (info.text !== undefined) {
    if (typeof info.text === "string") el.textContent = info.text;
    else el.appendChild(info.text);
  }
  for (const [k, v] of Object.entries(info.attr ?? {})) {
    if (v === null || v === false) el.removeAttribute(k);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  if (info.title !== undefined) el.setAttribute("title", info.title);
  if (info.value !== undefined && "value" in el) (el as HTMLInputElement).value = info.value;
  if (info.type !== undefined) el.setAttribute("type", info.type);
  if (info.placeholder !== undefined) el.setAttribute("placeholder", info.placeholder);
  if (info.href !== undefined) el.setAttribute("href", info.href);
  if (info.parent) {
    if (info.prepend === true) info.parent.insertBefore(el, info.parent.firstChild);
    else info.parent.appendChild(el);
  }
}

function make<T extends Element>(parent: Node | null, el: T, o: ElInfo | string | undefined, cb?: (el: T) => void): T {
  applyInfo(el, o);
  if (parent && !(typeof o === "object" && o.parent)) {
    if (typeof o === "object" && o.prepend === true) parent.insertBefore(el, parent.firstChild);
    else parent.appendChild(el);
  }
  cb?.(el);
  return el;
}

let installed = false;

export function installDom(): void {
  if (installed) return;
  installed = true;
  const N = Node.prototype as unknown as Record<string, unknown>;
  N.createEl = function (this: Node, tag: string, o?: ElInfo | string, cb?: (el: HTMLElement) => void) {
    return make(this, document.createElement(tag), o, cb);
  };
  N.createDiv = function (this: Node, o?: ElInfo | string, cb?: (el: HTMLElement) => void) {
    return make(this, document.createElement("div"), o, cb);
  };
  N.createSpan = function (this: Node, o?: ElInfo | string, cb?: (el: HTMLElement) => void) {
    return make(this, document.createElement("span"), o, cb);
  };
  N.createSvg = function (this: Node, tag: string, o?: ElInfo | string, cb?: (el: SVGElement) => void) {
    return make(this, document.createElementNS(SVG_NS, tag), o, cb);
  };
  N.empty = function (this: Node) {
    while (this.firstChild) this.removeChild(this.firstChild);
  };
  const E = Element.prototype as unknown as Record<string, unknown>;
  E.setText = function (this: Element, t: string | DocumentFragment) {
    if (typeof t === "string") this.textContent = t;
    else {
      this.textContent = "";
      this.appendChild(t);
    }
  };
  E.getText = function (this: Element) {
    return this.textContent;
  };
  E.addClass = function (this: Element, ...c: string[]) {
    this.classList.add(...c);
  };
  E.addClasses = function (this: Element, c: string[]) {
    this.classList.add(...c);
  };
  E.removeClass = function (this: Element, ...c: string[]) {
    this.classList.remove(...c);
  };
  E.toggleClass = function (this: Element, c: string | string[], on: boolean) {
    for (const x of Array.isArray(c) ? c : [c]) this.classList.toggle(x, on);
  };
  E.hasClass = function (this: Element, c: string) {
    return this.classList.contains(c);
  };
  E.setAttr = function (this: Element, k: string, v: string | number | boolean | null) {
    if (v === null || v === false) this.removeAttribute(k);
    else this.setAttribute(k, String(v));
  };
  E.setAttrs = function (this: Element, o: Record<string, string | number | boolean | null>) {
    for (const [k, v] of Object.entries(o)) (this as unknown as { setAttr(k: string, v: unknown): void }).setAttr(k, v);
  };
  E.getAttr = function (this: Element, k: string) {
    return this.getAttribute(k);
  };
  E.find = function (this: Element, sel: string) {
    return this.querySelector(sel);
  };
  E.findAll = function (this: Element, sel: string) {
    return [...this.querySelectorAll(sel)];
  };
  const H = HTMLElement.prototype as unknown as Record<string, unknown>;
  H.hide = function (this: HTMLElement) {
    this.style.display = "none";
  };
  H.show = function (this: HTMLElement) {
    this.style.display = "";
  };
  H.toggle = function (this: HTMLElement, on: boolean) {
    this.style.display = on ? "" : "none";
  };
  H.isShown = function (this: HTMLElement) {
    return this.offsetParent !== null;
  };
  H.setCssProps = function (this: HTMLElement, props: Record<string, string>) {
    for (const [k, v] of Object.entries(props)) this.style.setProperty(k, v);
  };
  H.setCssStyles = function (this: HTMLElement, styles: Partial<CSSStyleDeclaration>) {
    Object.assign(this.style, styles);
  };
  H.onClickEvent = function (this: HTMLElement, cb: (e: MouseEvent) => void) {
    this.addEventListener("click", cb);
  };
  const g = globalThis as unknown as Record<string, unknown>;
  g.createEl = (tag: string, o?: ElInfo | string, cb?: (el: HTMLElement) => void) => make(null, document.createElement(tag), o, cb);
  g.createDiv = (o?: ElInfo | string, cb?: (el: HTMLElement) => void) => make(null, document.createElement("div"), o, cb);
  g.createSpan = (o?: ElInfo | string, cb?: (el: HTMLElement) => void) => make(null, document.createElement("span"), o, cb);
  g.createSvg = (tag: string, o?: ElInfo | string, cb?: (el: SVGElement) => void) => make(null, document.createElementNS(SVG_NS, tag), o, cb);
  g.createFragment = (cb?: (f: DocumentFragment) => void) => {
    const f = document.createDocumentFragment();
    cb?.(f);
    return f;
  };
  g.activeWindow = window;
  g.activeDocument = document;
}
