// Gauges: per series a 240-degree arc, the last value filling it from min to max in its threshold
// colour, a thin outer ring showing where each threshold band lies, and the value in the middle.
// Drawn on one canvas, tiled when there are several series.

import { el, formatValue } from "../../util.js";
import { formatNumber } from "../format.js";
import { sizeCanvas } from "../canvas.js";
import { lastValue } from "../series.js";
import { thresholdColor } from "../thresholds.js";
import { gaugeRange } from "../scale.js";

const START = (5 / 6) * Math.PI; // 150 degrees: lower left
const SWEEP = (4 / 3) * Math.PI; // 240 degrees
const MAX_GAUGES = 24;

export class GaugePanel {
  constructor(chart) {
    this.chart = chart;
    this.canvas = el("canvas", { class: "wchart-canvas", role: "img" });
    chart.body.append(this.canvas);
  }

  draw(width, height) {
    const chart = this.chart;
    const o = chart.options;
    const theme = chart.theme;
    const ctx = sizeCanvas(this.canvas, width, height);
    const entries = chart.visibleEntries().slice(0, MAX_GAUGES);
    const values = entries.map((e) => lastValue(e.series));
    const steps = chart.thresholdSteps;
    const [min, max] = gaugeRange(o, values, steps);
    const named = entries.length > 1;
    const nameH = named ? 18 : 0;
    // The layout that gives the largest radius (the formula below); on a tie, more columns.
    const radius = (cellW, cellH) => Math.max(8, Math.min(cellW * 0.4, (cellH - nameH - 22) / 1.75));
    let columns = 1, best = -1;
    for (let c = entries.length; c >= 1; c--) {
      const r = radius(width / c, height / Math.ceil(entries.length / c));
      if (r > best + 0.5) { best = r; columns = c; }
    }
    const rows = Math.max(1, Math.ceil(entries.length / columns));
    const cellW = width / columns, cellH = height / rows;
    const angleOf = (v) => START + SWEEP * Math.max(0, Math.min(1, (v - min) / (max - min)));
    const labels = [];
    entries.forEach((entry, i) => {
      const value = values[i];
      const color = thresholdColor(steps, value, entry.color);
      const cx0 = (i % columns) * cellW, cy0 = Math.floor(i / columns) * cellH;
      // Vertically the gauge needs about 1.15 r + 3 above the centre (arc, track, threshold ring)
      // and 0.6 r + 16 below (the arc ends at r/2, the min/max labels under them), plus the name.
      const r = radius(cellW, cellH);
      const thickness = Math.max(4, r * 0.2);
      const total = 1.75 * r + 19 + nameH;
      const cx = cx0 + cellW / 2;
      const cy = cy0 + Math.max(0, (cellH - total) / 2) + 1.15 * r + 3;
      // Track.
      ctx.lineCap = "butt";
      ctx.lineWidth = thickness;
      ctx.strokeStyle = theme.dark ? "rgba(255, 255, 255, 0.08)" : "rgba(27, 31, 36, 0.07)";
      ctx.beginPath();
      ctx.arc(cx, cy, r, START, START + SWEEP);
      ctx.stroke();
      // Threshold ring.
      if (steps.length) {
        const ring = Math.max(2, r * 0.05);
        ctx.lineWidth = ring;
        for (let s = 0; s < steps.length; s++) {
          const from = Math.max(min, steps[s].value);
          const to = s + 1 < steps.length ? Math.min(max, steps[s + 1].value) : max;
          if (to <= from) continue;
          ctx.strokeStyle = steps[s].color;
          ctx.beginPath();
          ctx.arc(cx, cy, r + thickness / 2 + ring / 2 + 3, angleOf(from), angleOf(to));
          ctx.stroke();
        }
      }
      // Value.
      if (value === value) {
        ctx.lineWidth = thickness;
        ctx.strokeStyle = color;
        ctx.beginPath();
        ctx.arc(cx, cy, r, START, Math.max(START + 0.001, angleOf(value)));
        ctx.stroke();
      }
      const text = formatNumber(value, o.unit, o.decimals);
      const size = Math.max(11, Math.min(r * 0.45, (r * 1.5) / Math.max(3, text.length * 0.58)));
      ctx.fillStyle = color;
      ctx.font = `600 ${size.toFixed(1)}px ${theme.family}`;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(text, cx, cy);
      ctx.font = `11px ${theme.family}`;
      ctx.fillStyle = theme.axis;
      const endY = cy + r * 0.5 + thickness / 2 + 3;
      ctx.textBaseline = "top";
      ctx.fillText(formatValue(min, o.unit), cx - r * 0.87, endY);
      ctx.fillText(formatValue(max, o.unit), cx + r * 0.87, endY);
      if (named) {
        ctx.fillStyle = theme.fg;
        ctx.font = `12px ${theme.family}`;
        let name = entry.series.name;
        while (name.length > 3 && ctx.measureText(name).width > cellW - 12) name = name.slice(0, -2);
        if (name !== entry.series.name) name = name.slice(0, -1) + "…";
        ctx.fillText(name, cx, cy + 0.6 * r + 20);
      }
      labels.push(`${entry.series.name}: ${text}`);
    });
    this.canvas.setAttribute("aria-label", labels.join("; ") || "No data");
    return entries.length;
  }

  destroy() { this.canvas.remove(); }
}
