import type RedlinePlugin from "../../obsidian-plugin/src/main.js";
import type { App, MarkdownView } from "./obsidian-shim/index.js";

/**
 * The playground's own header: a function picker with run buttons (which go
 * through the plugin's registered commands, as the command palette would), a
 * provider picker, and buttons for the settings pane and the dashboard.
 */
export interface Playground {
  readonly app: App;
  readonly plugin: RedlinePlugin;
  readonly view: MarkdownView;
}

const PROVIDER_ID = "playground";
const SECRET_ID = "redline-playground-key";

function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing`);
  return el;
}
const select = (id: string): HTMLSelectElement => byId(id) as HTMLSelectElement;
const input = (id: string): HTMLInputElement => byId(id) as HTMLInputElement;

export function mountControls({ app, plugin, view }: Playground): void {
  const picker = select("pg-function");
  const fillFunctions = () => {
    const current = picker.value;
    picker.textContent = "";
    for (const f of plugin.runtime?.functions() ?? []) {
      if (f.error !== undefined) continue;
      picker.createEl("option", { text: f.name, value: f.id });
    }
    if ([...picker.options].some((o) => o.value === current)) picker.value = current;
  };
  fillFunctions();
  plugin.runtime?.onFunctionsChanged(fillFunctions);

  for (const scope of ["note", "paragraph", "selection"] as const) {
    byId(`pg-run-${scope}`).addEventListener("click", () => {
      const id = `redline:run-${picker.value}-${scope}`;
      if (!app.commands.executeCommandById(id)) {
        const why = scope === "selection" ? "Select some text first." : "Redline is not ready.";
        byId("pg-message").textContent = why;
      }
      view.editor.focus();
    });
  }

  const provider = select("pg-provider");
  const baseUrl = input("pg-base-url");
  const model = input("pg-model");
  const key = input("pg-key");
  const current = plugin.settings.providers.find((p) => p.id === PROVIDER_ID);
  if (current && plugin.settings.fallbackChain[0]?.startsWith(`${PROVIDER_ID}/`)) {
    provider.value = current.type;
    baseUrl.value = current.baseUrl;
    model.value = plugin.settings.fallbackChain[0].slice(PROVIDER_ID.length + 1);
  }
  const sync = () => {
    const remote = provider.value !== "offline";
    for (const field of [baseUrl, model, key]) field.hidden = !remote;
  };
  sync();
  const apply = async () => {
    sync();
    const s = plugin.settings;
    s.providers = s.providers.filter((p) => p.id !== PROVIDER_ID);
    s.fallbackChain = s.fallbackChain.filter((c) => !c.startsWith(`${PROVIDER_ID}/`));
    const message = byId("pg-message");
    message.textContent = "";
    if (provider.value === "openai-compatible" && baseUrl.value.trim() === "") {
      message.textContent = "Enter the endpoint's base URL, e.g. http://localhost:11434/v1 for Ollama.";
    } else if (provider.value !== "offline") {
      const type = provider.value === "anthropic" ? "anthropic" : "openai-compatible";
      s.providers.push({ id: PROVIDER_ID, type, name: "Playground endpoint", baseUrl: baseUrl.value.trim(), models: model.value ? [model.value.trim()] : [], secretId: SECRET_ID });
      if (key.value !== "") app.secretStorage.setSecret(SECRET_ID, key.value);
      key.value = "";
      key.placeholder = app.secretStorage.getSecret(SECRET_ID) ? "•••••••• (kept in memory only)" : "API key";
      if (model.value.trim() !== "") s.fallbackChain.unshift(`${PROVIDER_ID}/${model.value.trim()}`);
    }
    await plugin.saveSettings();
  };
  for (const field of [provider, baseUrl, model, key]) field.addEventListener("change", () => void apply());

  byId("pg-settings").addEventListener("click", () => {
    app.setting.openTabById("redline");
  });
  byId("pg-dashboard").addEventListener("click", () => void plugin.openDashboard());
  byId("pg-theme").addEventListener("click", () => {
    const dark = document.body.classList.toggle("theme-dark");
    document.body.classList.toggle("theme-light", !dark);
  });
  byId("pg-reset").addEventListener("click", () => {
    localStorage.clear();
    void indexedDB
      .databases()
      .then((dbs) =>
        Promise.all(
          dbs.map(
            (d) =>
              new Promise<void>((ok) => {
                const req = indexedDB.deleteDatabase(d.name ?? "");
                req.onsuccess = req.onerror = req.onblocked = () => {
                  ok();
                };
              }),
          ),
        ),
      )
      .then(() => {
        location.reload();
      });
  });
}
