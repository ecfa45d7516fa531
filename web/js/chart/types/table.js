// Tables of last values: one row per series, a column per label that tells the series apart, and
// the value (unit-formatted, coloured by thresholds). Headers are buttons, so sorting works from
// the keyboard; aria-sort tells screen readers the order. Sorting is by number for values and by
// natural string order for labels, NaN and missing last.

import { el, seriesName } from "../../util.js";
import { formatNumber } from "../format.js";
import { lastValue } from "../series.js";
import { thresholdColor } from "../thresholds.js";

const MAX_ROWS = 2000;
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

export class TablePanel {
  constructor(chart) {
    this.chart = chart;
    this.sort = { column: "__value__", descending: true };
    this.element = el("div", { class: "wchart-table" });
    this.element.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-column]");
      if (!button) return;
      const column = button.dataset.column;
      if (this.sort.column === column) this.sort.descending = !this.sort.descending;
      else this.sort = { column, descending: column === "__value__" };
      this.chart.redraw();
      const again = this.element.querySelector(`button[data-column="${CSS.escape(column)}"]`);
      if (again) again.focus();
    });
    chart.body.append(this.element);
  }

  columns(series) {
    const keys = new Set();
    for (const s of series) for (const k of Object.keys(s.labels || {})) keys.add(k);
    // A label with the same value on every row says nothing; keep it only for a single row.
    const varying = [...keys].filter((k) => series.length === 1 || new Set(series.map((s) => (s.labels || {})[k])).size > 1);
    varying.sort((a, b) => (a === "__name__" ? -1 : b === "__name__" ? 1 : a < b ? -1 : a > b ? 1 : 0));
    // A "Series" column when the labels do not say it all: none vary, or a legend template renamed them.
    const named = !varying.length || series.some((s) => s.name !== seriesName(s.labels || {}));
    return [
      ...(named ? [{ id: "__series__", title: "Series" }] : []),
      ...varying.map((k) => ({ id: k, title: k === "__name__" ? "Name" : k })),
      { id: "__value__", title: "Value", numeric: true },
    ];
  }

  draw() {
    const chart = this.chart;
    const o = chart.options;
    const series = chart.visibleEntries().map((e) => e.series);
    const columns = this.columns(series);
    if (!columns.some((c) => c.id === this.sort.column)) this.sort = { column: "__value__", descending: true };
    const rows = series.map((s) => ({ s, value: lastValue(s) }));
    const { column, descending } = this.sort;
    const sign = descending ? -1 : 1;
    rows.sort((a, b) => {
      if (column === "__value__") {
        const av = a.value, bv = b.value;
        if (av !== av) return bv !== bv ? 0 : 1;
        if (bv !== bv) return -1;
        return sign * (av - bv);
      }
      const at = column === "__series__" ? a.s.name : (a.s.labels || {})[column];
      const bt = column === "__series__" ? b.s.name : (b.s.labels || {})[column];
      if (at === undefined) return bt === undefined ? 0 : 1;
      if (bt === undefined) return -1;
      return sign * collator.compare(at, bt);
    });
    const head = el("tr", {}, columns.map((c) => {
      const sorted = c.id === column;
      return el("th", {
        class: c.numeric ? "num" : null, scope: "col",
        "aria-sort": sorted ? (descending ? "descending" : "ascending") : "none",
      }, el("button", { type: "button", class: "wchart-sort" + (sorted ? " sorted" : ""), dataset: { column: c.id } },
        c.title, el("span", { class: "wchart-sort-mark", "aria-hidden": "true" }, sorted ? (descending ? " ▼" : " ▲") : "")));
    }));
    const body = rows.slice(0, MAX_ROWS).map(({ s, value }) => el("tr", {}, columns.map((c) => {
      if (c.id === "__value__") {
        const color = thresholdColor(chart.thresholdSteps, value, null);
        return el("td", { class: "num", style: color ? { color } : null }, formatNumber(value, o.unit, o.decimals));
      }
      if (c.id === "__series__") return el("td", {}, s.name);
      return el("td", {}, (s.labels || {})[c.id] ?? "");
    })));
    const table = el("table", { class: "data" }, el("thead", {}, head), el("tbody", {}, body));
    this.element.replaceChildren(table);
    return body.length;
  }

  destroy() { this.element.remove(); }
}
