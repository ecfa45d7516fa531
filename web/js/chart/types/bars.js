// Bars over time: one bar per step per series, side by side, or stacked when `stack` is set (the
// logs volume histogram stacks by level). Series are aligned on the step grid; when slots get
// narrower than two pixels, neighbouring slots are merged and the tallest one drawn, so bars never
// dissolve into sub-pixel slivers.

import { tickLabels } from "../format.js";
import { lowerBound } from "../decimate.js";
import { valueAxis } from "../scale.js";
import { alignToGrid } from "../series.js";
import { withAlpha } from "../colors.js";
import { seriesHover } from "../hover.js";

export class BarsLayer {
  constructor(chart) {
    this.chart = chart;
    this.thresholds = true;
    this.gridKey = "";
    this.grid = null;
    this.extent = { min: 0, max: 0 };
  }

  get stacking() { return !!this.chart.options.stack; }

  /** Visible series on the step grid, plus per-slot totals (stacked height) and stacked tops. */
  prepareGrid() {
    const chart = this.chart;
    const key = chart.dataVersion + ":" + chart.hiddenVersion;
    if (this.gridKey === key) return this.grid;
    const visible = chart.visibleEntries();
    const { start, end } = chart.data;
    const grid = alignToGrid(visible.map((e) => e.series), start, end, chart.step > 0 ? chart.step : 1);
    const positive = new Float64Array(grid.times.length);
    const negative = new Float64Array(grid.times.length);
    const tops = grid.columns.map((column) => {
      const top = new Float64Array(column.length);
      for (let k = 0; k < column.length; k++) {
        const v = column[k];
        if (v - v !== 0) { top[k] = NaN; continue; }
        if (v >= 0) { positive[k] += v; top[k] = positive[k]; } else { negative[k] += v; top[k] = negative[k]; }
      }
      return top;
    });
    this.grid = { times: grid.times, columns: grid.columns, tops, positive, negative, entries: visible };
    this.gridKey = key;
    return this.grid;
  }

  prepare(t0, t1) {
    const grid = this.prepareGrid();
    const i0 = lowerBound(grid.times, t0 - 1e-9);
    const i1 = lowerBound(grid.times, t1 + 1e-9);
    let min = Infinity, max = -Infinity;
    if (this.stacking) {
      for (let k = i0; k < i1; k++) { min = Math.min(min, grid.negative[k]); max = Math.max(max, grid.positive[k]); }
    } else {
      for (const column of grid.columns) {
        for (let k = i0; k < i1; k++) { const v = column[k]; if (v < min) min = v; if (v > max) max = v; }
      }
    }
    this.extent = { min, max };
  }

  yAxis(pixels) {
    const o = this.chart.options;
    const axis = valueAxis(this.extent.min, this.extent.max, pixels, { min: o.min, max: o.max, includeZero: true, unit: o.unit });
    const labels = tickLabels(axis.ticks, o.unit);
    return { min: axis.min, max: axis.max, ticks: axis.ticks.map((v, i) => ({ value: v, label: labels[i] })) };
  }

  draw(ctx, frame) {
    const chart = this.chart;
    const grid = this.prepareGrid();
    const { plot, t0, t1, sx } = frame;
    const times = grid.times;
    if (!times.length) return 0;
    const step = chart.step > 0 ? chart.step : 1;
    const slot = step * sx; // pixels per step
    const merge = Math.max(1, Math.ceil(2 / slot)); // slots per drawn bar
    const i0 = Math.max(0, lowerBound(times, t0 - step) - merge);
    const i1 = Math.min(times.length, lowerBound(times, t1 + step) + merge);
    const width = slot * merge;
    const count = grid.columns.length;
    const gapPx = width >= 6 ? Math.min(4, width * 0.2) : 0;
    const groupWidth = width - gapPx;
    const zeroY = frame.yOf(Math.min(Math.max(0, frame.ymin), frame.ymax));
    let drawn = 0;
    for (let j = 0; j < count; j++) {
      const column = grid.columns[j];
      const entry = grid.entries[j];
      ctx.fillStyle = withAlpha(entry.color, 0.8);
      ctx.strokeStyle = entry.color;
      for (let k = i0 - (i0 % merge); k < i1; k += merge) {
        // The slot in this merged group with the largest total stands for the group.
        let pick = k;
        if (merge > 1) {
          let best = -Infinity;
          for (let m = k; m < Math.min(k + merge, times.length); m++) {
            const total = this.stacking ? grid.positive[m] - grid.negative[m] : Math.abs(column[m]);
            if (total > best) { best = total; pick = m; }
          }
        }
        const v = column[pick];
        if (v - v !== 0 || v === 0) continue;
        const center = frame.xOf(times[k] + (step * (merge - 1)) / 2);
        let x, w, y0, y1;
        if (this.stacking) {
          x = center - groupWidth / 2; w = groupWidth;
          y1 = frame.yOf(grid.tops[j][pick]);
          y0 = frame.yOf(grid.tops[j][pick] - v);
        } else {
          w = groupWidth / count; x = center - groupWidth / 2 + j * w;
          y0 = zeroY; y1 = frame.yOf(v);
        }
        const top = Math.min(y0, y1), h = Math.abs(y1 - y0);
        if (x + w < plot.left || x > plot.left + plot.width) continue;
        ctx.fillRect(x, top, Math.max(w - (w > 3 ? 1 : 0), 0.75), Math.max(h, 1));
        drawn++;
      }
    }
    return drawn;
  }

  hover(t, y, frame) {
    const chart = this.chart;
    const grid = this.prepareGrid();
    const entries = grid.entries.map((e, j) => (this.stacking
      ? { ...e, yValues: grid.tops[j], gridStart: grid.times[0], gridStep: chart.step > 0 ? chart.step : 1 }
      : e));
    return seriesHover(entries, t, frame, { unit: chart.options.unit, decimals: chart.options.decimals, step: chart.step, pointerY: y });
  }
}
