// Heatmaps of histogram buckets: one row per bucket (its upper bound `le` labels the axis), one
// column per step, each cell coloured on a viridis-like scale by the bucket's own count (cumulative
// counts converted in histogram.js). Empty cells stay transparent, so "nothing observed" reads as
// background rather than as the darkest colour. Columns narrower than a pixel are merged, keeping
// the largest value.

import { formatValue, formatTime } from "../../util.js";
import { formatNumber } from "../format.js";
import { lowerBound } from "../decimate.js";
import { heatmapRows } from "../histogram.js";
import { sequentialColor } from "../colormap.js";

const LEVELS = 96; // colour steps: finer than the eye separates on a sequential scale

export class HeatmapLayer {
  constructor(chart) {
    this.chart = chart;
    this.thresholds = false;
    this.key = "";
    this.data = null;
    this.maxValue = 0;
  }

  rows() {
    const chart = this.chart;
    if (this.key === String(chart.dataVersion)) return this.data;
    const visible = chart.data.series;
    this.data = heatmapRows(visible, chart.data.start, chart.data.end, chart.step > 0 ? chart.step : 1);
    this.key = String(chart.dataVersion);
    return this.data;
  }

  rowLabel(row) {
    if (!this.data.buckets) return row.label;
    return row.upper === Infinity ? "+Inf" : formatNumber(row.upper, this.chart.options.unit);
  }

  prepare(t0, t1) {
    const data = this.rows();
    const i0 = lowerBound(data.times, t0 - 1e-9);
    const i1 = lowerBound(data.times, t1 + 1e-9);
    let max = 0;
    for (const row of data.rows) for (let k = i0; k < i1; k++) if (row.values[k] > max) max = row.values[k];
    this.maxValue = max;
    const unit = this.chart.options.unit;
    const caption = data.buckets ? "count per bucket" : "value";
    if (this.chart.options.legend !== false) this.chart.legend.renderScale("0", formatNumber(max, data.buckets ? "short" : unit), caption);
    else this.chart.legend.clear();
  }

  yAxis(pixels) {
    // Bucket rows are labelled at their upper edge with the bound (`le`), as the boundaries they
    // are; plain series rows are labelled at their middle with the series name.
    const data = this.data;
    const rows = data.rows;
    const n = Math.max(1, rows.length);
    const every = Math.max(1, Math.ceil(16 / Math.max(1, pixels / n))); // keep labels 16 px apart
    const ticks = [];
    if (data.buckets) {
      if (rows.length && rows[0].lower === 0) ticks.push({ value: 0, label: formatValue(0, this.chart.options.unit) });
      for (let i = rows.length - 1; i >= 0; i -= every) ticks.push({ value: i + 1, label: this.rowLabel(rows[i]) });
    } else {
      for (let i = 0; i < rows.length; i += every) ticks.push({ value: i + 0.5, label: this.rowLabel(rows[i]) });
    }
    return { min: 0, max: n, ticks };
  }

  draw(ctx, frame) {
    const data = this.rows();
    const { plot, t0, t1, sx } = frame;
    const times = data.times;
    if (!times.length || this.maxValue <= 0) return 0;
    const step = this.chart.step > 0 ? this.chart.step : 1;
    const slot = step * sx;
    const merge = Math.max(1, Math.ceil(1 / slot));
    const i0 = Math.max(0, lowerBound(times, t0 - step));
    const i1 = Math.min(times.length, lowerBound(times, t1 + step));
    const rowHeight = plot.height / Math.max(1, data.rows.length);
    const scale = (LEVELS - 1) / this.maxValue;
    const gap = rowHeight > 6 && slot > 6 ? 1 : 0; // a hairline between big cells, none between small
    const w = slot * merge - gap + (gap ? 0 : 0.5);
    const h = rowHeight - gap + (gap ? 0 : 0.5);
    // Pass 1: every visible cell's colour level, counted per level. Setting fillStyle parses a
    // colour string, so cells are drawn grouped by level (pass 2), one fill per level, instead of
    // one fillStyle per cell.
    const columns = Math.ceil((i1 - (i0 - (i0 % merge))) / merge);
    const cells = Math.max(0, columns * data.rows.length);
    if (!this.cellLevel || this.cellLevel.length < cells) {
      this.cellLevel = new Uint8Array(cells);
      this.cellOrder = new Uint32Array(cells);
    }
    const level = this.cellLevel, order = this.cellOrder;
    const counts = new Uint32Array(LEVELS + 1);
    let n = 0;
    for (let r = 0; r < data.rows.length; r++) {
      const values = data.rows[r].values;
      for (let k = i0 - (i0 % merge); k < i1; k += merge, n++) {
        let v = values[k];
        for (let m = k + 1; m < Math.min(k + merge, times.length); m++) if (values[m] > v || v !== v) v = values[m];
        const l = v > 0 ? 1 + Math.min(LEVELS - 1, Math.round(v * scale)) : 0; // 0: empty, not drawn
        level[n] = l;
        counts[l]++;
      }
    }
    const offsets = new Uint32Array(LEVELS + 1);
    for (let l = 1; l <= LEVELS; l++) offsets[l] = offsets[l - 1] + counts[l - 1];
    for (let c = 0; c < n; c++) order[offsets[level[c]]++] = c;
    let drawn = 0;
    let c = counts[0]; // skip the empty cells, sorted first
    for (let l = 1; l <= LEVELS; l++) {
      if (!counts[l]) continue;
      ctx.fillStyle = sequentialColor((l - 1) / (LEVELS - 1));
      ctx.beginPath();
      for (const end = c + counts[l]; c < end; c++) {
        const cell = order[c];
        const r = Math.floor(cell / columns);
        const k = i0 - (i0 % merge) + (cell % columns) * merge;
        ctx.rect(frame.xOf(times[k]) - slot / 2, plot.top + plot.height - (r + 1) * rowHeight + gap, w, h);
      }
      ctx.fill();
      drawn += counts[l];
    }
    return drawn;
  }

  hover(t, y, frame) {
    const data = this.rows();
    const times = data.times;
    if (!times.length) return null;
    const step = this.chart.step > 0 ? this.chart.step : 1;
    const k = Math.round((t - times[0]) / step);
    if (k < 0 || k >= times.length) return null;
    const rowHeight = frame.plot.height / Math.max(1, data.rows.length);
    const r = Math.floor((frame.plot.top + frame.plot.height - y) / rowHeight);
    if (r < 0 || r >= data.rows.length) return null;
    const row = data.rows[r];
    const value = row.values[k];
    const unit = this.chart.options.unit;
    const name = data.buckets
      ? `${r === 0 ? "≤ " + this.rowLabel(row) : formatNumber(row.lower, unit) + " – " + this.rowLabel(row)}`
      : row.label;
    const slot = step * frame.sx;
    return {
      time: times[k],
      title: formatTime(times[k]),
      rows: [{ name, color: value > 0 ? sequentialColor(value / (this.maxValue || 1)) : "transparent", value,
        text: formatNumber(value, data.buckets ? "short" : unit, this.chart.options.decimals), y: NaN }],
      cell: { x: frame.xOf(times[k]) - slot / 2, y: frame.plot.top + frame.plot.height - (r + 1) * rowHeight, w: slot, h: rowHeight },
    };
  }
}
