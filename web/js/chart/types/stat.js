// Stat panels: per series a big last value with its unit, coloured by the thresholds (or the
// series colour when there are none), the series name when there are several, and a sparkline of
// the range underneath. The value's font size follows the tile size.

import { el } from "../../util.js";
import { formatNumber } from "../format.js";
import { lastValue } from "../series.js";
import { thresholdColor } from "../thresholds.js";
import { sparkline } from "../sparkline.js";
import { tileColumns, splitValue } from "../layout.js";

const MAX_TILES = 48;

export class StatPanel {
  constructor(chart) {
    this.chart = chart;
    this.element = el("div", { class: "wchart-stats" });
    chart.body.append(this.element);
  }

  draw(width, height) {
    const chart = this.chart;
    const o = chart.options;
    const entries = chart.visibleEntries().slice(0, MAX_TILES);
    const columns = tileColumns(entries.length, width, height, 1.0);
    const rows = Math.max(1, Math.ceil(entries.length / columns));
    this.element.style.gridTemplateColumns = `repeat(${columns}, minmax(0, 1fr))`;
    this.element.style.gridTemplateRows = `repeat(${rows}, minmax(0, 1fr))`;
    const tileW = width / columns, tileH = height / rows;
    const tiles = [];
    const sparks = [];
    let drawn = 0;
    for (const entry of entries) {
      const value = lastValue(entry.series);
      const color = thresholdColor(chart.thresholdSteps, value, entry.color);
      const [number, unit] = splitValue(formatNumber(value, o.unit, o.decimals));
      const named = entries.length > 1;
      const chars = number.length + unit.length * 0.6 + 0.5;
      const room = tileH * (named ? 0.36 : 0.45);
      const size = Math.max(14, Math.min(room, (tileW * 0.85) / (chars * 0.6), 96));
      const spark = el("canvas", { class: "wchart-stat-spark", "aria-hidden": "true" });
      const hasSpark = entry.series.values.length > 1 && tileH >= 60;
      // With a sparkline along the bottom, centre the value in the space above most of it.
      const tile = el("div", { class: "wchart-stat", title: entry.series.name, style: { paddingBottom: hasSpark ? (tileH * 0.22).toFixed(0) + "px" : "0" } },
        named ? el("div", { class: "wchart-stat-name" }, entry.series.name) : null,
        el("div", { class: "wchart-stat-value", style: { color, fontSize: size.toFixed(1) + "px" } },
          el("span", { class: "wchart-stat-number" }, number),
          unit ? el("span", { class: "wchart-stat-unit" }, unit) : null),
        spark);
      tiles.push(tile);
      if (hasSpark) sparks.push([spark, entry.series.values, color]);
      else spark.hidden = true;
    }
    this.element.replaceChildren(...tiles);
    // Sparklines after the tiles are in the document: their canvas size comes from layout.
    for (const [canvas, values, color] of sparks) drawn += sparkline(canvas, values, color);
    return drawn + entries.length;
  }

  destroy() { this.element.remove(); }
}
