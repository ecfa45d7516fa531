// Time-series lines and (stacked) areas. Lines are 1.5 px, decimated per pixel column (see
// decimate.js), broken where samples are missing. Areas fill from zero with a soft vertical
// gradient; stacked areas sit on the series below them, aligned on the query's step grid. Fills of
// stacked series are sampled at about one point per pixel: the line on top carries the detail.

import { tickLabels } from "../format.js";
import { Decimator, lowerBound } from "../decimate.js";
import { valueAxis } from "../scale.js";
import { valueExtent, alignToGrid } from "../series.js";
import { withAlpha } from "../colors.js";
import { seriesHover } from "../hover.js";

const LINE_WIDTH = 1.5;

/** Strokes the decimator's vertices as a polyline, lifting the pen at NaN; single points as dots. */
export function strokeVertices(ctx, xs, ys, n) {
  ctx.beginPath();
  let pen = false;
  for (let k = 0; k < n; k++) {
    const x = xs[k];
    if (x !== x) { pen = false; continue; }
    if (!pen) {
      ctx.moveTo(x, ys[k]);
      pen = true;
      if (k + 1 >= n || xs[k + 1] !== xs[k + 1]) ctx.lineTo(x + 0.01, ys[k]); // a lone sample: a round dot
    } else {
      ctx.lineTo(x, ys[k]);
    }
  }
  ctx.stroke();
}

/** Fills under the decimator's vertices down to `base` (a y pixel), one polygon per segment. */
function fillVertices(ctx, xs, ys, n, base) {
  ctx.beginPath();
  let startX = NaN;
  for (let k = 0; k <= n; k++) {
    const x = k < n ? xs[k] : NaN;
    if (x !== x) {
      if (startX === startX) { ctx.lineTo(xs[k - 1], base); ctx.lineTo(startX, base); ctx.closePath(); }
      startX = NaN;
      continue;
    }
    if (startX !== startX) { startX = x; ctx.moveTo(x, base); }
    ctx.lineTo(x, ys[k]);
  }
  ctx.fill();
}

export class TimeseriesLayer {
  constructor(chart) {
    this.chart = chart;
    this.decimator = new Decimator();
    this.thresholds = true;
    this.extentKey = "";
    this.extent = { min: NaN, max: NaN };
    this.stackKey = "";
    this.stacked = null;
  }

  get stacking() { return !!this.chart.options.stack; }

  /** Cumulative tops per visible series on the step grid; rebuilt when data or visibility change. */
  stackedGrid() {
    const chart = this.chart;
    const key = chart.dataVersion + ":" + chart.hiddenVersion;
    if (this.stackKey === key) return this.stacked;
    const visible = chart.visibleEntries();
    const { start, end } = chart.data;
    const grid = alignToGrid(visible.map((e) => e.series), start, end, chart.step > 0 ? chart.step : 1);
    const base = new Float64Array(grid.times.length);
    const layers = visible.map((entry, j) => {
      const column = grid.columns[j];
      const bottom = Float64Array.from(base);
      const top = new Float64Array(column.length);
      for (let k = 0; k < column.length; k++) {
        const v = column[k];
        if (v - v === 0) { top[k] = base[k] + v; base[k] = top[k]; } else top[k] = NaN;
      }
      return { ...entry, top, bottom };
    });
    this.stacked = { times: grid.times, layers };
    this.stackKey = key;
    return this.stacked;
  }

  prepare(t0, t1) {
    const chart = this.chart;
    const key = chart.dataVersion + ":" + chart.hiddenVersion + ":" + t0 + ":" + t1 + ":" + this.stacking;
    if (key === this.extentKey) return;
    this.extentKey = key;
    if (this.stacking) {
      const grid = this.stackedGrid();
      const series = grid.layers.map((l) => ({ name: l.series.name, times: grid.times, values: l.top }));
      this.extent = valueExtent(series, new Set(), t0, t1);
    } else {
      this.extent = valueExtent(chart.data.series, chart.hidden, t0, t1);
    }
  }

  yAxis(pixels) {
    const o = this.chart.options;
    const axis = valueAxis(this.extent.min, this.extent.max, pixels, {
      min: o.min, max: o.max, includeZero: this.stacking || o.fill === "area", unit: o.unit,
    });
    const labels = tickLabels(axis.ticks, o.unit);
    return { min: axis.min, max: axis.max, ticks: axis.ticks.map((v, i) => ({ value: v, label: labels[i] })) };
  }

  draw(ctx, frame) {
    const chart = this.chart;
    const { plot, t0, t1, sx, sy, ymin } = frame;
    const bottom = plot.top + plot.height;
    const gap = chart.step > 0 ? chart.step * 2 + 1e-6 : Infinity;
    const area = chart.options.fill === "area" || this.stacking;
    const baseY = frame.yOf(Math.min(Math.max(0, frame.ymin), frame.ymax));
    const d = this.decimator;
    let drawn = 0;
    ctx.lineWidth = LINE_WIDTH;
    ctx.lineJoin = "round";
    ctx.lineCap = "round";

    if (this.stacking) {
      const grid = this.stackedGrid();
      const times = grid.times;
      const i0 = Math.max(0, lowerBound(times, t0) - 1);
      const i1 = Math.min(times.length, lowerBound(times, t1) + 1);
      const stride = Math.max(1, Math.floor((i1 - i0) / Math.max(1, plot.width)));
      // Fills first (each between its own top and the series below), lines on top of all fills.
      for (const layer of grid.layers) {
        ctx.fillStyle = withAlpha(layer.color, frame.theme.dark ? 0.3 : 0.35);
        ctx.beginPath();
        const top = layer.top, under = layer.bottom;
        let k = i0;
        while (k < i1) {
          while (k < i1 && top[k] !== top[k]) k++; // skip missing samples: a gap in the area
          if (k >= i1) break;
          const first = k;
          let last = k;
          while (last + 1 < i1 && top[last + 1] === top[last + 1]) last++;
          ctx.moveTo(frame.xOf(times[first]), frame.yOf(top[first]));
          for (let j = first + stride; j < last; j += stride) ctx.lineTo(frame.xOf(times[j]), frame.yOf(top[j]));
          ctx.lineTo(frame.xOf(times[last]), frame.yOf(top[last]));
          ctx.lineTo(frame.xOf(times[last]), frame.yOf(under[last]));
          for (let j = last - stride; j > first; j -= stride) ctx.lineTo(frame.xOf(times[j]), frame.yOf(under[j]));
          ctx.lineTo(frame.xOf(times[first]), frame.yOf(under[first]));
          ctx.closePath();
          k = last + 1;
        }
        ctx.fill();
      }
      for (const layer of grid.layers) {
        const n = d.run(times, layer.top, i0, i1, t0, sx, plot.left, ymin, sy, bottom, gap);
        ctx.strokeStyle = layer.color;
        strokeVertices(ctx, d.xs, d.ys, n);
        drawn += n;
      }
      return drawn;
    }

    for (const entry of chart.visibleEntries()) {
      const { times, values } = entry.series;
      const i0 = Math.max(0, lowerBound(times, t0) - 1);
      const i1 = Math.min(times.length, lowerBound(times, t1) + 1);
      const n = d.run(times, values, i0, i1, t0, sx, plot.left, ymin, sy, bottom, gap);
      if (area && n > 0) {
        const gradient = ctx.createLinearGradient(0, plot.top, 0, bottom);
        gradient.addColorStop(0, withAlpha(entry.color, 0.32));
        gradient.addColorStop(1, withAlpha(entry.color, 0.03));
        ctx.fillStyle = gradient;
        fillVertices(ctx, d.xs, d.ys, n, baseY);
      }
      ctx.strokeStyle = entry.color;
      strokeVertices(ctx, d.xs, d.ys, n);
      drawn += n;
    }
    return drawn;
  }

  hover(t, y, frame) {
    const chart = this.chart;
    let entries = chart.visibleEntries();
    if (this.stacking) {
      const grid = this.stackedGrid();
      entries = grid.layers.map((l) => ({ ...l, yValues: l.top, gridStart: grid.times[0], gridStep: chart.step > 0 ? chart.step : 1 }));
    }
    return seriesHover(entries, t, frame, { unit: chart.options.unit, decimals: chart.options.decimals, step: chart.step, pointerY: y });
  }
}
