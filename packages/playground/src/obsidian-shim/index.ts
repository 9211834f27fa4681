/**
 * A browser-side implementation of the subset of the `obsidian` module the
 * Redline plugin uses. The playground bundle aliases `obsidian` to this file
 * (esbuild.config.mjs), so the plugin's own settings pane, dashboard, status
 * bar, commands and editor extension run unchanged in a web page.
 *
 * It follows Obsidian's documented behaviour where the plugin depends on it
 * (declarative settings with sub-pages, updateOptions reconfiguring editor
 * extensions, onLayoutReady, SecretStorage ids). What it cannot show is
 * listed in the playground README.
 */
import { installDom } from "./dom.js";

installDom();

export { installDom } from "./dom.js";
export { Component, Events, type EventRef } from "./events.js";
export {
  BaseComponent,
  ButtonComponent,
  ColorComponent,
  DisplayValueComponent,
  DropdownComponent,
  ExtraButtonComponent,
  SearchComponent,
  SecretComponent,
  Setting,
  SettingGroup,
  SliderComponent,
  TextAreaComponent,
  TextComponent,
  ToggleComponent,
  ValueComponent,
  setIcon,
} from "./components.js";
export { Menu, MenuItem, Modal, Notice } from "./ui.js";
export { PluginSettingTab, SettingModal, SettingPage, SettingTab } from "./settings-tab.js";
export {
  App,
  Commands,
  Editor,
  ItemView,
  MarkdownView,
  MetadataCache,
  Plugin,
  SecretStorage,
  TAbstractFile,
  TFile,
  TFolder,
  Vault,
  View,
  Workspace,
  WorkspaceLeaf,
  editorInfoField,
  parseFrontmatter,
  type PluginManifest,
  type ShimHost,
} from "./app.js";

/** The playground can pretend to be an older Obsidian (?api=1.12.0) to exercise the imperative settings fallback. */
export let apiVersion = new URLSearchParams(window.location.search).get("api") ?? "1.13.1";
export function setApiVersion(v: string): void {
  apiVersion = v;
}
export function requireApiVersion(version: string): boolean {
  const a = apiVersion.split(".").map(Number);
  const b = version.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

export const Platform = {
  isDesktop: true,
  isMobile: false,
  isDesktopApp: false,
  isMobileApp: false,
  isIosApp: false,
  isAndroidApp: false,
  isPhone: false,
  isTablet: false,
  isMacOS: /Mac/.test(window.navigator.userAgent),
  isWin: false,
  isLinux: true,
  isSafari: false,
};

interface RequestUrlParam {
  url: string;
  method?: string;
  contentType?: string;
  body?: string | ArrayBuffer;
  headers?: Record<string, string>;
  throw?: boolean;
}

/** In a web page there is no CORS-free channel; the shim's requestUrl is fetch without streaming. */
export async function requestUrl(p: RequestUrlParam | string) {
  const param = typeof p === "string" ? { url: p } : p;
  const headers: Record<string, string> = { ...(param.headers ?? {}) };
  if (param.contentType !== undefined) headers["content-type"] = param.contentType;
  const res = await window.fetch(param.url, { method: param.method ?? "GET", headers, ...(param.body !== undefined ? { body: param.body } : {}) });
  const arrayBuffer = await res.arrayBuffer();
  const outHeaders: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    outHeaders[k] = v;
  });
  if (param.throw !== false && res.status >= 400) throw new Error(`Request failed, status ${res.status}`);
  const text = new TextDecoder().decode(arrayBuffer);
  return {
    status: res.status,
    headers: outHeaders,
    arrayBuffer,
    text,
    get json(): unknown {
      return JSON.parse(text) as unknown;
    },
  };
}

export function debounce<T extends unknown[]>(cb: (...args: T) => unknown, timeout = 0, resetTimer = false) {
  let timer = 0;
  let pending: T | null = null;
  const fn = (...args: T) => {
    pending = args;
    if (timer !== 0 && !resetTimer) return fn;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      timer = 0;
      if (pending) cb(...pending);
      pending = null;
    }, timeout);
    return fn;
  };
  fn.cancel = () => {
    window.clearTimeout(timer);
    timer = 0;
    pending = null;
    return fn;
  };
  fn.run = () => {
    window.clearTimeout(timer);
    timer = 0;
    const args = pending;
    pending = null;
    return args ? cb(...args) : undefined;
  };
  return fn;
}

export function normalizePath(path: string): string {
  return path.replace(/\\/g, "/").replace(/\/+/g, "/").replace(/^\/|\/$/g, "") || "/";
}
