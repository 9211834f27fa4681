import { Notice, SecretComponent, type SettingDefinition, type SettingDefinitionItem, type SettingDefinitionPage, type SettingGroupItem } from "obsidian";
import { readKey, resetFunction, writeKey } from "./keys.js";
import { defaultsOf, type FunctionInfo, type SettingsHost } from "./host.js";
import { BATCHING_STRATEGIES, CATEGORY_NAMES, INTENSITIES, PROVIDER_TYPES, secretIdFor, type ProviderSettings } from "./schema.js";

/**
 * The whole settings pane as one definition tree, in Obsidian 1.13's
 * declarative shape. Obsidian ≥ 1.13 renders it natively, with sub-pages; the
 * imperative fallback (imperative.ts) renders the same tree on older
 * versions, so there is one description of the pane, not two.
 */
export interface PaneActions {
  /** The tree changed shape (a provider added or removed): rebuild it. */
  rebuild(): void;
}

const options = (values: readonly string[], label: (v: string) => string = (v) => v): Record<string, string> => Object.fromEntries(values.map((v) => [v, label(v)]));

const PROVIDER_LABELS: Record<string, string> = {
  offline: "Offline engine (no key, no network)",
  "openai-compatible": "OpenAI-compatible (Ollama, LM Studio, vLLM…)",
  openai: "OpenAI",
  anthropic: "Anthropic",
};
const BATCHING_LABELS: Record<string, string> = {
  immediate: "Immediate",
  "smart-batch": "Smart batch (size or idle)",
  "time-delayed": "After a pause in typing",
  "content-aware": "At the end of a sentence or paragraph",
};

const capitalise = (v: string): string => v.charAt(0).toUpperCase() + v.slice(1);

function modelOf(host: SettingsHost, p: ProviderSettings): string {
  const v = readKey(host.settings, `provider:${p.id}:model`);
  return typeof v === "string" ? v : "";
}

/** Validates a value against a scratch copy, so the inline error appears before anything is saved. */
function validator(host: SettingsHost, key: string) {
  return (value: unknown): string | undefined => {
    try {
      writeKey(structuredClone(host.settings), key, value, defaultsOf(host));
      return undefined;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };
}

function providerPage(host: SettingsHost, p: ProviderSettings, actions: PaneActions): SettingDefinitionPage {
  const k = (f: string) => `provider:${p.id}:${f}`;
  const hasKey = () => p.type === "offline" || p.type === "openai-compatible" || (host.secrets.getSecret(p.secretId) ?? "") !== "";
  return {
    type: "page",
    name: p.name,
    desc: PROVIDER_LABELS[p.type] ?? p.type,
    displayValue: () => modelOf(host, p),
    status: () => (hasKey() ? null : "warning"),
    items: [
      {
        type: "group",
        items: [
          { name: "Type", control: { type: "dropdown", key: k("type"), options: options(PROVIDER_TYPES, (v) => PROVIDER_LABELS[v] ?? v) } },
          { name: "Name", control: { type: "text", key: k("name") } },
          {
            name: "Base URL",
            desc: "Leave empty for the provider's default. Ollama: http://localhost:11434/v1; LM Studio: http://localhost:1234/v1.",
            visible: () => p.type !== "offline",
            control: { type: "text", key: k("baseUrl"), placeholder: "https://api.example.com/v1", validate: validator(host, k("baseUrl")) },
          },
          {
            name: "API key",
            desc: "Stored in Obsidian's secret storage (the system keychain), never in the plugin's data file.",
            visible: () => p.type !== "offline",
            render: (setting) => {
              setting.addComponent((el) =>
                new SecretComponent(host.app, el).setValue(p.secretId || secretIdFor(p.id)).onChange((secretId) => {
                  p.secretId = secretId;
                  void host.saveSettings();
                }),
              );
            },
          },
          {
            name: "Model",
            desc: "The model this provider contributes to the default fallback chain.",
            render: (setting) => {
              const current = modelOf(host, p);
              setting.addDropdown((dd) => {
                const models = p.models.includes(current) || current === "" ? p.models : [current, ...p.models];
                for (const m of models) dd.addOption(m, m);
                dd.setValue(current).onChange((m) => {
                  writeKey(host.settings, k("model"), m);
                  void host.saveSettings();
                });
              });
              setting.addExtraButton((b) =>
                b
                  .setIcon("refresh-cw")
                  .setTooltip("Fetch the model list from the server")
                  .onClick(() => {
                    void host.fetchModels(p.id).then(
                      (models) => {
                        p.models = models;
                        void host.saveSettings();
                        new Notice(`Redline: ${models.length} models from ${p.name}.`);
                        actions.rebuild();
                      },
                      (e: unknown) => new Notice(`Redline could not list models from ${p.name}: ${e instanceof Error ? e.message : String(e)}`, 10_000),
                    );
                  }),
              );
            },
          },
        ],
      },
    ],
  };
}

function learnedList(host: SettingsHost, fn: FunctionInfo): SettingDefinition {
  return {
    name: "What Redline learned",
    desc: "Each item shapes this function's suggestions. Forget one to undo it.",
    searchable: false,
    render: (setting) => {
      const list = setting.descEl.createEl("ul", { cls: "redline-learned-list" });
      const fill = async () => {
        const items = await host.learnedFor(fn.id);
        list.empty();
        if (items.length === 0) list.createEl("li", { text: "Nothing learned yet.", cls: "redline-muted" });
        for (const item of items) {
          const li = list.createEl("li", { cls: `redline-learned-item is-${item.kind}` });
          li.createSpan({ text: item.description });
          const b = li.createEl("button", { text: "Forget", attr: { "aria-label": `Forget: ${item.description}` } });
          b.addEventListener("click", () => {
            void host.forget(item).then(fill);
          });
        }
      };
      void fill();
    },
  };
}

function functionPage(host: SettingsHost, fn: FunctionInfo, actions: PaneActions): SettingDefinitionPage {
  const k = (f: string) => `fn:${fn.id}:${f}`;
  const enabled = () => readKey(host.settings, k("enabled"), defaultsOf(host)) === true;
  return {
    type: "page",
    name: fn.name,
    desc: fn.error ?? fn.description,
    displayValue: () => (enabled() ? "On" : "Off"),
    status: () => (fn.error !== undefined ? "warning" : null),
    items: [
      {
        type: "group",
        items: [
          { name: "Enabled", control: { type: "toggle", key: k("enabled") } },
          { name: "As you type", desc: "Run on paragraphs as you finish them. Each note can override this with the “Toggle as-you-type” command.", control: { type: "toggle", key: k("asYouType") } },
          { name: "Learn from my decisions", desc: "Accepted and rejected edits tune what this function suggests.", control: { type: "toggle", key: k("learning") } },
        ],
      },
      {
        type: "group",
        heading: "Model",
        items: [
          { name: "Model chain", desc: "One provider/model per line, tried in order. Empty uses the default fallback chain.", control: { type: "textarea", key: k("modelChain"), rows: 3, placeholder: "ollama/llama3.2\noffline/offline", validate: validator(host, k("modelChain")) } },
          { name: "Temperature", control: { type: "slider", key: k("temperature"), min: 0, max: 2, step: 0.05 } },
          { name: "Intensity", desc: "How much the function may change.", control: { type: "dropdown", key: k("intensity"), options: options(INTENSITIES, capitalise) } },
          { name: "Strictness", desc: "Higher: only edits the model and your history are confident about.", control: { type: "slider", key: k("strictness"), min: 0, max: 1, step: 0.05 } },
        ],
      },
      {
        type: "group",
        heading: "Allowed categories",
        items: CATEGORY_NAMES.map((c) => ({ name: capitalise(c), control: { type: "toggle" as const, key: k(`category:${c}`) } })),
      },
      {
        type: "group",
        heading: "Quality gates",
        items: [
          { name: "Largest change per paragraph", desc: "A suggestion that rewrites more of a paragraph than this is discarded.", control: { type: "slider", key: k("gates.maxChangeRatio"), min: 0.05, max: 1, step: 0.05, displayFormat: (v: number) => `${Math.round(v * 100)}%` } },
          { name: "Forbidden phrases", desc: "One per line. A suggestion that introduces one is discarded.", control: { type: "textarea", key: k("gates.forbiddenPhrases"), rows: 3 } },
          { name: "Preserve Markdown structure", control: { type: "toggle", key: k("gates.preserveMarkdown") } },
          { name: "Batching", desc: "When as-you-type runs after you edit.", control: { type: "dropdown", key: k("batching"), options: options(BATCHING_STRATEGIES, (v) => BATCHING_LABELS[v] ?? v) } },
        ],
      },
      { type: "group", heading: "Learning", items: [learnedList(host, fn)] },
      {
        type: "group",
        items: [
          {
            name: "Reset this function",
            desc: "Restore its default settings and forget what it learned.",
            action: () => {
              resetFunction(host.settings, fn.id);
              void Promise.all([host.saveSettings(), host.resetLearning(fn.id)]).then(() => {
                new Notice(`Redline: ${fn.name} reset.`);
                actions.rebuild();
              });
            },
          },
        ],
      },
    ],
  };
}

export function settingDefinitions(host: SettingsHost, actions: PaneActions): SettingDefinitionItem[] {
  const s = host.settings;
  const fns = host.functionCatalog();
  const providers: SettingGroupItem[] = s.providers.map((p) => providerPage(host, p, actions));
  const builtins = fns.filter((f) => f.builtin);
  const custom = fns.filter((f) => !f.builtin);
  return [
    {
      type: "list",
      heading: "Providers",
      items: providers,
      emptyState: "No providers. The offline engine is always available.",
      addItem: {
        name: "Add provider",
        action: () => {
          let n = s.providers.length;
          while (s.providers.some((p) => p.id === `provider-${n}`)) n++;
          const id = `provider-${n}`;
          s.providers.push({ id, type: "openai-compatible", name: `Provider ${n}`, baseUrl: "http://localhost:11434/v1", models: [], secretId: secretIdFor(id) });
          void host.saveSettings();
          actions.rebuild();
        },
      },
      onDelete: (index) => {
        const p = s.providers[index];
        if (!p) return;
        if (p.type === "offline") {
          new Notice("Redline: the offline engine is the last resort of every chain and cannot be removed.");
          return;
        }
        s.providers.splice(index, 1);
        s.fallbackChain = s.fallbackChain.filter((c) => !c.startsWith(`${p.id}/`));
        void host.saveSettings();
        actions.rebuild();
      },
    },
    {
      type: "group",
      heading: "Routing and budgets",
      items: [
        { name: "Default fallback chain", desc: "One provider/model per line, tried in order when a call fails.", control: { type: "textarea", key: "list:fallbackChain", rows: 4 } },
        { name: "Daily budget (USD)", control: { type: "number", key: "budgets.dailyUsd", min: 0, step: "any", validate: validator(host, "budgets.dailyUsd") } },
        { name: "Monthly budget (USD)", control: { type: "number", key: "budgets.monthlyUsd", min: 0, step: "any", validate: validator(host, "budgets.monthlyUsd") } },
        { name: "Daily token budget", control: { type: "number", key: "budgets.dailyTokens", min: 0, step: 1000, validate: validator(host, "budgets.dailyTokens") } },
        { name: "Monthly token budget", control: { type: "number", key: "budgets.monthlyTokens", min: 0, step: 1000, validate: validator(host, "budgets.monthlyTokens") } },
      ],
    },
    {
      type: "group",
      heading: "Functions",
      items: builtins.length === 0 && custom.length === 0 ? [{ name: "Functions appear once Redline has started." }] : builtins.map((f) => functionPage(host, f, actions)),
    },
    {
      type: "group",
      heading: "Custom functions",
      items: [
        { name: "Custom functions folder", desc: "Each note in this folder defines a function: YAML frontmatter for its settings, the body for its prompt.", control: { type: "folder", key: "customFunctionsFolder", placeholder: "Redline/Functions" } },
        ...custom.map((f) => functionPage(host, f, actions)),
      ],
    },
    {
      type: "group",
      heading: "Where Redline runs",
      items: [
        { name: "Excluded folders", desc: "One folder per line; subfolders are excluded too. A note can also opt out with frontmatter “redline: off”.", control: { type: "textarea", key: "list:excludedFolders", rows: 3 } },
        { name: "Excluded patterns", desc: "One glob per line, e.g. Journal/** or **/*.excalidraw.md.", control: { type: "textarea", key: "list:excludedGlobs", rows: 3 } },
        {
          name: "Endpoints reached without streaming",
          desc: `${s.requestUrlOrigins.join(", ")} refused Obsidian's origin, so Redline reaches them without streaming. Click to try streaming again.`,
          visible: () => s.requestUrlOrigins.length > 0,
          action: () => {
            s.requestUrlOrigins = [];
            void host.saveSettings();
            new Notice("Redline will try streaming to every endpoint again.");
            actions.rebuild();
          },
        },
      ],
    },
  ];
}
