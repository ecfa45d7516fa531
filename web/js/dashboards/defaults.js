// What a new dashboard, panel or variable starts as, and the choices the editors offer (panel
// types, units, refresh intervals, quick time ranges). One place, so the editors and the list
// page agree.

export const PANEL_TYPES = [
  { value: "timeseries", label: "Time series" },
  { value: "bars", label: "Bars" },
  { value: "stat", label: "Stat" },
  { value: "gauge", label: "Gauge" },
  { value: "bargauge", label: "Bar gauge" },
  { value: "table", label: "Table" },
  { value: "heatmap", label: "Heatmap" },
  { value: "text", label: "Text (Markdown)" },
  { value: "logs", label: "Logs" },
  { value: "row", label: "Row" },
];

/** Types drawn by the chart renderer (the rest are drawn here: text, logs, row). */
export const CHART_TYPES = new Set(["timeseries", "bars", "stat", "gauge", "bargauge", "table", "heatmap"]);

export const UNITS = [
  ["", "Auto"], ["short", "Short (k, M, G)"], ["none", "None"], ["percent", "Percent (0-100)"],
  ["percentunit", "Percent (0.0-1.0)"], ["bytes", "Bytes (IEC)"], ["decbytes", "Bytes (SI)"],
  ["bits", "Bits"], ["bps", "Bits/sec"], ["Bps", "Bytes/sec"], ["s", "Seconds"], ["ms", "Milliseconds"],
  ["reqps", "Requests/sec"], ["ops", "Operations/sec"],
];

export const REFRESH_CHOICES = ["", "5s", "10s", "30s", "1m", "5m", "15m", "1h"];

export const QUICK_RANGES = [
  ["now-5m", "Last 5 minutes"], ["now-15m", "Last 15 minutes"], ["now-30m", "Last 30 minutes"],
  ["now-1h", "Last 1 hour"], ["now-3h", "Last 3 hours"], ["now-6h", "Last 6 hours"],
  ["now-12h", "Last 12 hours"], ["now-24h", "Last 24 hours"], ["now-2d", "Last 2 days"], ["now-7d", "Last 7 days"],
];

// A new panel starts with a base colour only: a threshold at 80 means nothing for bytes or
// seconds, and colouring every value above it red would mislead.
export const DEFAULT_THRESHOLDS = [{ value: null, color: "#009E73" }];

/** A sensible first size per type (stats small, graphs half width). */
const SIZES = { stat: [6, 4], gauge: [6, 6], bargauge: [8, 6], text: [8, 4], table: [12, 8], logs: [24, 10], row: [24, 1] };

export function newDashboard(title = "New dashboard") {
  return { title, description: "", tags: [], time: { from: "now-1h", to: "now" }, refresh: "", variables: [], panels: [] };
}

/** The smallest id not used by any panel. */
export function nextPanelId(panels) {
  return panels.reduce((m, p) => Math.max(m, Number(p.id) || 0), 0) + 1;
}

export function newPanel(panels, type = "timeseries", y = 0) {
  const base = { id: nextPanelId(panels), type, title: type === "row" ? "Row" : "New panel", description: "",
    gridPos: { x: 0, y, w: (SIZES[type] || [12])[0], h: (SIZES[type] || [12, 8])[1] } };
  if (type === "row") return { ...base, collapsed: false };
  if (type === "text") return { ...base, content: "Write **Markdown** here." };
  const language = type === "logs" ? "logql" : "promql";
  return { ...base, targets: [{ refId: "A", expr: "", legend: "", language }], unit: "", decimals: null, min: null, max: null,
    thresholds: DEFAULT_THRESHOLDS.map((t) => ({ ...t })), stack: false, fill: "line" };
}

export function newVariable(variables) {
  let n = variables.length + 1;
  while (variables.some((v) => v.name === `var${n}`)) n++;
  return { name: `var${n}`, label: "", type: "query", query: "", multi: false, includeAll: false, current: "" };
}

/** refIds A, B, C... not yet used in `targets`. */
export function nextRefId(targets) {
  for (let i = 0; i < 26 * 27; i++) {
    const id = i < 26 ? String.fromCharCode(65 + i) : String.fromCharCode(64 + Math.floor(i / 26)) + String.fromCharCode(65 + (i % 26));
    if (!targets.some((t) => t.refId === id)) return id;
  }
  return `Q${targets.length + 1}`;
}
