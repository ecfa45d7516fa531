// Bar gauges: one horizontal bar per series, name on the left, value on the right, the bar's
// length the last value between min and max and its colour from the thresholds. Plain DOM (a
// grid of rows), so text is sharp and the rows reflow with the panel.

import { el, formatValue } from "../../util.js";
import { lastValue } from "../series.js";
import { thresholdColor } from "../thresholds.js";
import { withAlpha } from "../colors.js";
import { valueAxis } from "../scale.js";

const MAX_ROWS = 100;

/** The range a gauge spans: the panel's min/max, 0-100 for percent, else 0 up to a nice maximum. */
export function gaugeRange(options, values, steps) {
  let min = options.min ?? null, max = options.max ?? null;
  if (min === null) min = Math.min(0, ...values.filter((v) => v - v === 0));
  if (max === null) {
    if (options.unit === "percent") max = 100;
    else if (options.unit === "percentunit") max = 1;
    else {
      let top = Math.max(...values.filter((v) => v - v === 0), ...steps.filter((s) => Number.isFinite(s.value)).map((s) => s.value));
      if (!Number.isFinite(top) || top <= min) top = min + 1;
      max = valueAxis(min, top, 100).max;
    }
  }
  if (!(max > min)) max = min + 1;
  return [min, max];
}

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
        el("span", { class: "wchart-bargauge-value", style: { color } }, formatValue(value, o.unit, o.decimals)));
    });
    this.element.replaceChildren(...rows);
    return rows.length;
  }

  destroy() { this.element.remove(); }
}
