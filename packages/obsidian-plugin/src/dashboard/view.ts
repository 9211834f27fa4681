import { ItemView, Notice, type WorkspaceLeaf } from "obsidian";
import { renderAcceptanceChart, renderCategoryChart, renderCostLatencyChart } from "./charts.js";
import type { DashboardData, DashboardSource } from "./data.js";

export const DASHBOARD_VIEW_TYPE = "redline-dashboard";

/** The learning dashboard: what Redline measured, what it learned, and why. */
export class DashboardView extends ItemView {
  #unsubscribe: (() => void) | null = null;
  #renderSeq = 0;

  constructor(
    leaf: WorkspaceLeaf,
    private readonly source: () => DashboardSource | null,
  ) {
    super(leaf);
  }

  override getViewType(): string {
    return DASHBOARD_VIEW_TYPE;
  }

  override getDisplayText(): string {
    return "Redline dashboard";
  }

  override getIcon(): string {
    return "line-chart";
  }

  override async onOpen(): Promise<void> {
    this.contentEl.addClass("redline-dashboard");
    await this.refresh();
  }

  override onClose(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    return Promise.resolve();
  }

  /** Re-reads the data; cheap enough to call after every decision. */
  async refresh(): Promise<void> {
    const seq = ++this.#renderSeq;
    const source = this.source();
    if (!source) {
      this.contentEl.empty();
      this.contentEl.createEl("p", { text: "Redline is still starting. The dashboard fills in once the engine is ready.", cls: "redline-muted" });
      return;
    }
    if (!this.#unsubscribe) this.#unsubscribe = source.subscribe(() => void this.refresh());
    let data: DashboardData;
    try {
      data = await source.load();
    } catch (e) {
      this.contentEl.empty();
      this.contentEl.createEl("p", { text: `Could not load the dashboard: ${e instanceof Error ? e.message : String(e)}`, cls: "redline-error" });
      return;
    }
    // A newer refresh started while this one awaited; let it draw.
    if (seq !== this.#renderSeq) return;
    this.render(data, source);
  }

  private render(data: DashboardData, source: DashboardSource): void {
    const el = this.contentEl;
    el.empty();
    el.createEl("h2", { text: "Redline: what it learned from you" });
    const decisions = data.categories.reduce((n, c) => n + c.accepted + c.rejected, 0);
    el.createEl("p", { cls: "redline-muted", text: decisions === 0 ? "No decisions yet. Accept or reject a few suggestions and this page fills in." : `${decisions} decisions so far.`, attr: { "data-decisions": decisions } });

    const insights = el.createDiv({ cls: "redline-insights" });
    insights.createEl("h3", { text: "Insights" });
    if (data.insights.length === 0) insights.createEl("p", { cls: "redline-muted", text: "Nothing needs your attention." });
    for (const insight of data.insights) {
      const row = insights.createDiv({ cls: `redline-insight is-${insight.severity}` });
      row.createSpan({ cls: "redline-insight-icon", text: insight.severity === "warning" ? "⚠" : "ℹ", attr: { "aria-hidden": "true" } });
      row.createSpan({ text: insight.text });
      if (insight.actionLabel !== undefined) {
        const button = row.createEl("button", { text: insight.actionLabel, cls: "mod-cta" });
        button.addEventListener("click", () => {
          button.disabled = true;
          void source.runInsight(insight.id).then(
            (message) => {
              new Notice(message);
              void this.refresh();
            },
            (e: unknown) => {
              button.disabled = false;
              new Notice(`Redline: ${e instanceof Error ? e.message : String(e)}`);
            },
          );
        });
      }
      if (insight.dismissible === true) {
        const dismiss = row.createEl("button", { text: "Dismiss", attr: { "aria-label": `Dismiss: ${insight.text}` } });
        dismiss.addEventListener("click", () => {
          void source.dismissInsight(insight.id).then(() => this.refresh());
        });
      }
    }

    const charts = el.createDiv({ cls: "redline-charts" });
    renderAcceptanceChart(charts, data);
    renderCategoryChart(charts, data);
    renderCostLatencyChart(charts, data);

    const learned = el.createDiv({ cls: "redline-learned" });
    learned.createEl("h3", { text: "Learned preferences" });
    if (data.learned.length === 0) learned.createEl("p", { cls: "redline-muted", text: "Nothing learned yet." });
    const names = new Map(data.functions.map((f) => [f.id, f.name]));
    const list = learned.createEl("ul");
    for (const item of data.learned) {
      const li = list.createEl("li", { cls: `redline-learned-item is-${item.kind}` });
      li.createSpan({ cls: "redline-learned-function", text: names.get(item.functionId) ?? item.functionId });
      li.createSpan({ text: ` ${item.description} ` });
      const forget = li.createEl("button", { text: "Forget", attr: { "aria-label": `Forget: ${item.description}` } });
      forget.addEventListener("click", () => {
        void source.forget(item).then(() => this.refresh());
      });
    }

    const changes = el.createDiv({ cls: "redline-parameter-changes" });
    changes.createEl("h3", { text: "Parameter changes" });
    if (data.parameterChanges.length === 0) changes.createEl("p", { cls: "redline-muted", text: "Redline has not changed any parameter yet." });
    const table = changes.createEl("table");
    for (const c of data.parameterChanges) {
      const tr = table.createEl("tr");
      tr.createEl("td", { text: new Date(c.at).toLocaleDateString() });
      tr.createEl("td", { text: `${names.get(c.functionId) ?? c.functionId}: ${c.parameter} ${c.from} → ${c.to}` });
      tr.createEl("td", { text: c.explanation, cls: "redline-muted" });
    }
  }
}
