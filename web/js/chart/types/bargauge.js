// Bar gauges: one horizontal bar per series, name on the left, value on the right, the bar's
// length the last value between min and max and its colour from the thresholds. Plain DOM (a
// grid of rows), so text is sharp and the rows reflow with the panel.

import { el } from "../../util.js";
import { formatNumber } from "../format.js";
import { lastValue } from "../series.js";
import { thresholdColor } from "../thresholds.js";
import { withAlpha } from "../colors.js";
import { gaugeRange } from "../scale.js";

const MAX_ROWS = 100;

export class BarGaugePanel {
  constructor(chart) {
    this.chart = chart;
    this.element = el("div", { class: "wchart-bargauge" });
    chart.body.append(this.element);
  }

  draw(width, height) {
    const chart = this.chart;
    const o = chart.options;
    const entries = chart.visibleEntries().slice(0, MAX_ROWS);
    const values = entries.map((e) => lastValue(e.series));
    const [min, max] = gaugeRange(o, values, chart.thresholdSteps);
    const n = Math.max(1, entries.length);
    const rowHeight = Math.max(18, Math.min(44, (height - 4 * (n - 1)) / n)); // 4 px: the row gap in chart.css
    const rows = entries.map((entry, i) => {
      const value = values[i];
      const color = thresholdColor(chart.thresholdSteps, value, entry.color);
      const fraction = value === value ? Math.max(0, Math.min(1, (value - min) / (max - min))) : 0;
      return el("div", { class: "wchart-bargauge-row", style: { height: rowHeight + "px" } },
        el("span", { class: "wchart-bargauge-name", title: entry.series.name }, entry.series.name),
        el("span", { class: "wchart-bargauge-track" },
          el("span", {
            class: "wchart-bargauge-fill",
            style: {
              width: (fraction * 100).toFixed(2) + "%",
              background: `linear-gradient(to right, ${withAlpha(color, 0.55)}, ${color})`,
            },
          })),
        el("span", { class: "wchart-bargauge-value", style: { color } }, formatNumber(value, o.unit, o.decimals)));
    });
    this.element.replaceChildren(...rows);
    return rows.length;
  }

  destroy() { this.element.remove(); }
}
