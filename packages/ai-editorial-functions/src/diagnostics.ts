/** One line of the self-check. */
export interface DiagnosticCheck {
  readonly area: "bus" | "storage" | "provider" | "secrets" | "functions" | "resources";
  readonly name: string;
  readonly status: "ok" | "warning" | "error";
  readonly detail: string;
}

export interface DiagnosticsReport {
  readonly ok: boolean;
  readonly at: number;
  readonly checks: readonly DiagnosticCheck[];
}

/** A plain-text report a writer can read or paste into an issue. No secrets. */
export function formatDiagnostics(r: DiagnosticsReport): string {
  const icon = { ok: "✓", warning: "!", error: "✗" } as const;
  const lines = [`Redline diagnostics — ${new Date(r.at).toISOString()} — ${r.ok ? "all good" : "problems found"}`];
  let area = "";
  for (const c of r.checks) {
    if (c.area !== area) {
      area = c.area;
      lines.push("", area.toUpperCase());
    }
    lines.push(`  ${icon[c.status]} ${c.name}: ${c.detail}`);
  }
  return lines.join("\n");
}
