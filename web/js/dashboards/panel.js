// One panel on the grid: its header (title, description, loading/error state, the "⋮" menu and,
// while editing, the move handle), and its body drawn by the chart renderer, as Markdown (text
// panels) or as a list of log lines (logs panels). Row panels are drawn by RowView below.
import { el, formatTime, seriesName } from "../util.js";
import { loadChart } from "./chart-loader.js";
import { createMenu } from "./menu.js";
import { CHART_TYPES } from "./defaults.js";

/** The chart renderer's options for a panel document. */
export function chartOptions(panel, onZoom) {
  const num = (v) => (v === null || v === undefined || v === "" || Number.isNaN(Number(v)) ? undefined : Number(v));
  return {
    type: panel.type,
    unit: panel.unit || undefined,
    decimals: num(panel.decimals),
    min: num(panel.min),
    max: num(panel.max),
    thresholds: Array.isArray(panel.thresholds) && panel.thresholds.length ? panel.thresholds : undefined,
    stack: Boolean(panel.stack),
    fill: panel.fill === "area" ? "area" : "line",
    legend: panel.legend !== false,
    onZoom,
  };
}

export class PanelView {
  /** callbacks: {title(text) -> interpolated text, onAction(action, panel), onZoom(start, end)};
   *  `menu: false` for panels shown outside the grid (preview, View), where its actions have no place. */
  constructor(panel, { editing, title, onAction, onZoom, menu: withMenu = true }) {
    this.panel = panel;
    this.chart = null;
    this.rendered = false;
    this.callbacks = { title, onAction, onZoom };
    this.status = el("span", { class: "dash-panel-status", role: "status", "aria-live": "polite" });
    this.body = el("div", { class: "dash-panel-body" });
    this.note = el("div", { class: "dash-panel-note", hidden: true });
    const menu = withMenu && createMenu({
      label: "⋮",
      ariaLabel: `Menu for panel ${panel.title || panel.id}`,
      className: "icon dash-panel-menu",
      testid: "panel-menu",
      items: () => [
        { label: "View", onSelect: () => onAction("view", panel) },
        { label: "Edit", onSelect: () => onAction("edit", panel), testid: "panel-edit" },
        { label: "Duplicate", onSelect: () => onAction("duplicate", panel) },
        { label: "Inspect query", onSelect: () => onAction("inspect", panel) },
        { label: "Remove", onSelect: () => onAction("remove", panel), danger: true, testid: "panel-remove" },
      ],
    });
    this.handle = editing ? el("button", { type: "button", class: "icon dash-move-handle", dataset: { testid: "panel-move" },
      "aria-label": `Move or resize ${panel.title || "panel"}: arrow keys move, Shift+arrow keys resize`, title: "Drag to move (arrow keys; Shift+arrows resize)" }, "⠿") : null;
    this.heading = el("h3", { class: "dash-panel-title", id: `panel-title-${panel.id}` });
    this.info = el("span", { class: "dash-panel-info", tabindex: "0", role: "img", hidden: true }, "i");
    this.header = el("header", { class: "dash-panel-header" }, this.handle, this.heading, this.info, this.status, el("span", { class: "spacer" }), menu ? menu.element : null);
    this.resizeHandle = editing ? el("span", { class: "dash-resize-handle", "aria-hidden": "true", title: "Drag to resize" }) : null;
    this.element = el("section", { class: `dash-panel dash-type-${panel.type}`, "aria-labelledby": this.heading.id,
      dataset: { panelId: String(panel.id), testid: "panel", type: panel.type } },
      this.header, this.body, this.note, this.resizeHandle);
    this.updateHeader();
    if (panel.type === "text") this.textDrawn = this.renderText();
  }

  updateHeader() {
    const title = this.callbacks.title(this.panel.title || "");
    this.heading.textContent = title;
    this.heading.classList.toggle("empty", !title);
    const description = this.panel.description || "";
    this.info.hidden = !description;
    this.info.title = description;
    this.info.setAttribute("aria-label", description ? `Description: ${description}` : "");
  }

  get needsData() { return this.panel.type !== "text"; }

  setLoading(loading) {
    this.element.classList.toggle("loading", loading);
    if (loading) { this.status.className = "dash-panel-status spinner"; this.status.title = "Loading"; }
    else if (!this.status.classList.contains("bad")) { this.status.className = "dash-panel-status"; this.status.title = ""; }
  }

  /** errors: [{refId, error}] (shown in the header and, without data, in the body). */
  setErrors(errors, hasData) {
    if (!errors.length) {
      this.status.className = "dash-panel-status";
      this.status.textContent = "";
      this.status.title = "";
      this.note.hidden = true;
      return;
    }
    const text = errors.map((e) => `${e.refId ? `Query ${e.refId}: ` : ""}${e.error && e.error.message ? e.error.message : e.error}`).join("\n");
    this.status.className = "dash-panel-status bad";
    this.status.textContent = "!";
    this.status.title = text;
    this.status.setAttribute("aria-label", `Error: ${text}`);
    this.note.hidden = false;
    this.note.className = `dash-panel-note ${hasData ? "corner" : "full"} error`;
    this.note.textContent = text;
    this.note.dataset.testid = "panel-error";
  }

  showEmpty(empty) {
    if (!empty) { if (this.note.dataset.kind === "empty") this.note.hidden = true; return; }
    if (!this.note.hidden && this.note.classList.contains("error")) return;
    this.note.hidden = false;
    this.note.dataset.kind = "empty";
    this.note.className = "dash-panel-note full muted";
    this.note.textContent = "No data";
  }

  /** Draws chart data {series, start, end, step}; resolves once drawn (the renderer may still
   *  be loading the first time). */
  async setSeries(data) {
    if (!CHART_TYPES.has(this.panel.type)) return;
    if (!this.chart) {
      const { createChart } = await loadChart();
      if (this.destroyed) return;
      if (!this.chart) {
        this.body.replaceChildren();
        this.chart = createChart(this.body, chartOptions(this.panel, this.callbacks.onZoom));
      }
    }
    // The chart says "No data" itself.
    this.chart.setData(data);
    this.rendered = true;
  }

  setLogs(lines) {
    const list = el("ol", { class: "dash-logs", dataset: { testid: "log-lines" } }, lines.map((entry) =>
      el("li", { title: seriesName(entry.labels) }, el("time", { class: "mono muted" }, formatTime(entry.time)), " ", el("span", { class: "mono" }, entry.line))));
    this.body.replaceChildren(list);
    this.showEmpty(!lines.length);
    this.rendered = true;
  }

  /** Draws a text panel's Markdown; resolves when it is on screen. The renderer is loaded the
   *  first time a dashboard has a text panel. */
  async renderText() {
    const source = this.callbacks.title(this.panel.content || "");
    const { renderMarkdown } = await import("./markdown.js");
    const box = el("div", { class: "dash-markdown" });
    // renderMarkdown escapes all HTML in the source; only its own tags reach innerHTML.
    box.innerHTML = renderMarkdown(source);
    this.body.replaceChildren(box);
    this.rendered = true;
  }

  resize() { if (this.chart) this.chart.resize(); }

  destroy() {
    this.destroyed = true;
    if (this.chart) this.chart.destroy();
    this.chart = null;
    this.element.remove();
  }
}

/** A `row` panel: a full-width header that collapses/expands the panels under it. */
export class RowView {
  constructor(panel, { editing, title, hiddenCount, onToggle, onAction }) {
    this.panel = panel;
    this.rendered = true;
    this.needsData = false;
    const expanded = !panel.collapsed;
    const toggle = el("button", { type: "button", class: "dash-row-toggle", "aria-expanded": String(expanded), dataset: { testid: "row-toggle" },
      onclick: () => onToggle(panel) },
      el("span", { class: "dash-row-chevron", "aria-hidden": "true" }, expanded ? "▾" : "▸"),
      el("span", { class: "dash-row-title" }, title(panel.title || "Row")),
      panel.collapsed && hiddenCount ? el("span", { class: "muted dash-row-count" }, `(${hiddenCount} panel${hiddenCount === 1 ? "" : "s"})`) : null);
    this.handle = editing ? el("button", { type: "button", class: "icon dash-move-handle", "aria-label": `Move row ${panel.title || ""}: arrow keys move`, title: "Drag to move" }, "⠿") : null;
    const menu = editing ? createMenu({ label: "⋮", ariaLabel: `Menu for row ${panel.title || ""}`, className: "icon", items: [
      { label: "Edit row", onSelect: () => onAction("edit", panel) },
      { label: "Remove row", onSelect: () => onAction("remove", panel), danger: true },
    ] }).element : null;
    this.element = el("div", { class: "dash-row" + (panel.collapsed ? " collapsed" : ""), dataset: { panelId: String(panel.id), testid: "row", type: "row" } },
      this.handle, toggle, menu);
  }
  setLoading() {}
  resize() {}
  destroy() { this.element.remove(); }
}
