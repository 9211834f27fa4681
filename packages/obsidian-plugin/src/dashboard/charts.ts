import type { DashboardData } from "./data.js";
import { daySpan, linearScale, linePath, niceTicks, rate } from "./geometry.js";

/**
 * SVG charts themed by Obsidian's CSS variables (see styles.css). Series are
 * told apart by dash pattern, marker shape and a text label, never by colour
 * alone; every chart carries a text summary for screen readers.
 */

const W = 560;
const H = 200;
const M = { left: 44, right: 96, top: 12, bottom: 28 };
const SERIES = 6;
const MARKERS = ["circle", "square", "triangle", "diamond", "cross", "ring"] as const;

function frame(parent: HTMLElement, title: string, summary: string): SVGSVGElement {
  const figure = parent.createEl("figure", { cls: "redline-chart" });
  figure.createEl("figcaption", { text: title, cls: "redline-chart-title" });
  const svg = figure.createSvg("svg", { attr: { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `${title}. ${summary}` } });
  svg.createSvg("title").textContent = `${title}. ${summary}`;
  return svg;
}

function yAxis(svg: SVGSVGElement, ticks: readonly number[], sy: (v: number) => number, format: (v: number) => string): void {
  for (const t of ticks) {
    const y = sy(t);
    svg.createSvg("line", { cls: "redline-chart-grid", attr: { x1: M.left, x2: W - M.right, y1: y, y2: y } });
    svg.createSvg("text", { cls: "redline-chart-tick", attr: { x: M.left - 6, y: y + 4, "text-anchor": "end" } }).textContent = format(t);
  }
}

function xLabels(svg: SVGSVGElement, days: readonly string[], sx: (v: number) => number): void {
  if (days.length === 0) return;
  const every = Math.max(1, Math.ceil(days.length / 6));
  days.forEach((d, i) => {
    if (i % every !== 0 && i !== days.length - 1) return;
    svg.createSvg("text", { cls: "redline-chart-tick", attr: { x: sx(i), y: H - 8, "text-anchor": "middle" } }).textContent = d.slice(5);
  });
}

function marker(svg: SVGSVGElement, kind: (typeof MARKERS)[number], x: number, y: number, cls: string): void {
  const r = 3.5;
  switch (kind) {
    case "circle":
      svg.createSvg("circle", { cls, attr: { cx: x, cy: y, r } });
      return;
    case "ring":
      svg.createSvg("circle", { cls: `${cls} is-hollow`, attr: { cx: x, cy: y, r } });
      return;
    case "square":
      svg.createSvg("rect", { cls, attr: { x: x - r, y: y - r, width: 2 * r, height: 2 * r } });
      return;
    case "triangle":
      svg.createSvg("path", { cls, attr: { d: `M${x},${y - r}L${x + r},${y + r}L${x - r},${y + r}Z` } });
      return;
    case "diamond":
      svg.createSvg("path", { cls, attr: { d: `M${x},${y - r}L${x + r},${y}L${x},${y + r}L${x - r},${y}Z` } });
      return;
    case "cross":
      svg.createSvg("path", { cls: `${cls} is-stroke`, attr: { d: `M${x - r},${y - r}L${x + r},${y + r}M${x - r},${y + r}L${x + r},${y - r}` } });
      return;
  }
}

function allDays(data: DashboardData): string[] {
  const days = [...data.acceptance.flatMap((a) => a.days.map((d) => d.day)), ...data.daily.map((d) => d.day)].sort();
  const first = days[0];
  const last = days.at(-1);
  return first !== undefined && last !== undefined ? daySpan(first, last) : [];
}

export function renderAcceptanceChart(parent: HTMLElement, data: DashboardData): void {
  const days = allDays(data);
  const names = new Map(data.functions.map((f) => [f.id, f.name]));
  const summaries = data.acceptance.map((a) => {
    const acc = a.days.reduce((n, d) => n + d.accepted, 0);
    const rej = a.days.reduce((n, d) => n + d.rejected, 0);
    const r = rate(acc, rej);
    return `${names.get(a.functionId) ?? a.functionId}: ${r === null ? "no decisions" : `${Math.round(r * 100)}% accepted of ${acc + rej}`}`;
  });
  const svg = frame(parent, "Acceptance over time", summaries.join("; ") || "No decisions yet.");
  const sx = linearScale([0, Math.max(1, days.length - 1)], [M.left, W - M.right]);
  const sy = linearScale([0, 1], [H - M.bottom, M.top]);
  yAxis(svg, [0, 0.25, 0.5, 0.75, 1], sy, (v) => `${Math.round(v * 100)}%`);
  xLabels(svg, days, sx);
  const index = new Map(days.map((d, i) => [d, i]));
  data.acceptance.forEach((a, s) => {
    const series = s % SERIES;
    const cls = `redline-series redline-series-${series}`;
    const byDay = new Map(a.days.map((d) => [d.day, rate(d.accepted, d.rejected)]));
    const points = days.map((d, i) => ({ x: i, y: byDay.get(d) ?? null }));
    svg.createSvg("path", { cls: `${cls} redline-line`, attr: { d: linePath(points, sx, sy), "data-function": a.functionId } });
    let last: { x: number; y: number } | null = null;
    for (const d of a.days) {
      const i = index.get(d.day);
      const r = rate(d.accepted, d.rejected);
      if (i === undefined || r === null) continue;
      marker(svg, MARKERS[series] ?? "circle", sx(i), sy(r), `${cls} redline-marker`);
      last = { x: sx(i), y: sy(r) };
    }
    if (last) svg.createSvg("text", { cls: `${cls} redline-chart-label`, attr: { x: last.x + 6, y: last.y + 4 } }).textContent = names.get(a.functionId) ?? a.functionId;
  });
}

export function renderCategoryChart(parent: HTMLElement, data: DashboardData): void {
  const rows = data.categories.filter((c) => c.accepted + c.rejected > 0);
  const summary = rows.map((c) => `${c.category}: ${c.accepted} accepted, ${c.rejected} rejected`).join("; ") || "No decisions yet.";
  const rowH = 32;
  const height = Math.max(60, M.top + M.bottom + rows.length * rowH);
  const figure = parent.createEl("figure", { cls: "redline-chart" });
  figure.createEl("figcaption", { text: "Edits by category: accepted ✓ versus rejected ✗", cls: "redline-chart-title" });
  const svg = figure.createSvg("svg", { attr: { viewBox: `0 0 ${W} ${height}`, role: "img", "aria-label": `Edits by category. ${summary}` } });
  svg.createSvg("title").textContent = `Edits by category. ${summary}`;
  const max = Math.max(1, ...rows.map((c) => Math.max(c.accepted, c.rejected)));
  const labelW = 100;
  const sx = linearScale([0, max], [labelW, W - 48]);
  rows.forEach((c, i) => {
    const y = M.top + i * rowH;
    svg.createSvg("text", { cls: "redline-chart-tick", attr: { x: labelW - 6, y: y + 14, "text-anchor": "end" } }).textContent = c.category;
    svg.createSvg("rect", { cls: "redline-bar is-accepted", attr: { x: labelW, y: y + 2, width: Math.max(0, sx(c.accepted) - labelW), height: 11 } });
    svg.createSvg("text", { cls: "redline-chart-value", attr: { x: sx(c.accepted) + 4, y: y + 12 } }).textContent = `✓ ${c.accepted}`;
    svg.createSvg("rect", { cls: "redline-bar is-rejected", attr: { x: labelW, y: y + 16, width: Math.max(0, sx(c.rejected) - labelW), height: 11 } });
    svg.createSvg("text", { cls: "redline-chart-value", attr: { x: sx(c.rejected) + 4, y: y + 26 } }).textContent = `✗ ${c.rejected}`;
  });
}

export function renderCostLatencyChart(parent: HTMLElement, data: DashboardData): void {
  const days = allDays(data);
  const byDay = new Map(data.daily.map((d) => [d.day, d]));
  const totalCost = data.daily.reduce((n, d) => n + d.costUsd, 0);
  const p95 = Math.max(0, ...data.daily.map((d) => d.latencyP95Ms));
  const svg = frame(parent, "Cost (bars) and latency p50 / p95 (lines)", `Total cost $${totalCost.toFixed(2)} over ${days.length} days; worst daily p95 latency ${Math.round(p95)} ms.`);
  const sx = linearScale([0, Math.max(1, days.length - 1)], [M.left + 8, W - M.right - 8]);
  const costTicks = niceTicks(Math.max(0.01, ...data.daily.map((d) => d.costUsd)));
  const latTicks = niceTicks(Math.max(1, p95));
  const syCost = linearScale([0, costTicks.at(-1) ?? 1], [H - M.bottom, M.top]);
  const syLat = linearScale([0, latTicks.at(-1) ?? 1], [H - M.bottom, M.top]);
  const top = costTicks.at(-1) ?? 1;
  yAxis(svg, costTicks, syCost, (v) => `$${v === 0 ? "0" : v.toFixed(top < 0.1 ? 4 : top < 10 ? 2 : 0)}`);
  for (const t of latTicks) svg.createSvg("text", { cls: "redline-chart-tick", attr: { x: W - M.right + 6, y: syLat(t) + 4 } }).textContent = `${Math.round(t)} ms`;
  xLabels(svg, days, sx);
  const barW = Math.max(2, Math.min(24, (W - M.left - M.right) / Math.max(1, days.length) - 4));
  days.forEach((d, i) => {
    const v = byDay.get(d)?.costUsd ?? 0;
    if (v <= 0) return;
    svg.createSvg("rect", { cls: "redline-bar is-cost", attr: { x: sx(i) - barW / 2, y: syCost(v), width: barW, height: H - M.bottom - syCost(v) } });
  });
  const line = (pick: (d: { latencyP50Ms: number; latencyP95Ms: number }) => number, cls: string) =>
    svg.createSvg("path", { cls: `redline-line ${cls}`, attr: { d: linePath(days.map((d, i) => { const row = byDay.get(d); return { x: i, y: row && row.runs > 0 ? pick(row) : null }; }), sx, syLat) } });
  line((d) => d.latencyP50Ms, "redline-series-0 is-p50");
  line((d) => d.latencyP95Ms, "redline-series-1 is-p95");
  // Markers too, so a single day (no line yet) still shows, and p50/p95 differ by shape.
  days.forEach((d, i) => {
    const row = byDay.get(d);
    if (!row || row.runs === 0) return;
    marker(svg, "circle", sx(i), syLat(row.latencyP50Ms), "redline-series redline-series-0 redline-marker");
    marker(svg, "square", sx(i), syLat(row.latencyP95Ms), "redline-series redline-series-1 redline-marker");
  });
  svg.createSvg("text", { cls: "redline-chart-label", attr: { x: M.left + 6, y: M.top + 8 } }).textContent = "Latency: ● p50  ■ p95";
}
