import type { RuntimeStatus } from "./runtime-port.js";

/** Formats spend like a receipt: cents below a dollar, never scientific notation. */
export function formatUsd(usd: number): string {
  if (usd === 0) return "$0";
  if (usd < 0.01) return "<$0.01";
  return `$${usd.toFixed(2)}`;
}

export function statusText(s: RuntimeStatus): string {
  const spend = `${formatUsd(s.spentTodayUsd)} today`;
  if (!s.running) return s.queued > 0 ? `Redline: ${s.queued} queued · ${spend}` : `Redline · ${spend}`;
  const { functionName, done, total } = s.running;
  const queued = s.queued > 0 ? ` (+${s.queued} queued)` : "";
  return `Redline: ${functionName} ${done}/${total} ¶${queued} · ${spend}`;
}

/**
 * The status bar item: progress of running work (paragraphs done of total),
 * a cancel action while something runs, and today's spend.
 */
export class StatusBar {
  readonly #text: HTMLElement;
  readonly #cancel: HTMLElement;

  constructor(
    readonly el: HTMLElement,
    onCancel: () => void,
  ) {
    el.addClass("redline-status");
    this.#text = el.createSpan({ cls: "redline-status-text", text: "Redline" });
    this.#cancel = el.createSpan({ cls: "redline-status-cancel", text: "Cancel", attr: { role: "button", tabindex: "0", "aria-label": "Cancel running Redline work" } });
    this.#cancel.addEventListener("click", onCancel);
    this.#cancel.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") onCancel();
    });
    this.#cancel.hide();
  }

  update(status: RuntimeStatus): void {
    this.#text.setText(statusText(status));
    this.el.toggleClass("is-running", status.running !== null);
    if (status.running !== null || status.queued > 0) this.#cancel.show();
    else this.#cancel.hide();
  }
}
