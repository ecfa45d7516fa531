// The frame every time chart shares (timeseries, bars, heatmap): the plot rectangle, the y axis
// with nice ticks and unit-formatted labels, the time axis, the grid, threshold bands, and the
// hover and zoom interaction on an overlay canvas. What goes inside the plot is the layer's job:
//   layer.prepare(t0, t1)            cache whatever the draw needs (extents, grids)
//   layer.yAxis(pixels)              -> { min, max, ticks: [{ value, label }] }
//   layer.draw(ctx, frame)           -> number of vertices or cells drawn
//   layer.hover(t, y, frame)         -> { time, title, rows: [{name, color, value, text, y}], cell? } | null
//   layer.thresholds                 whether threshold bands apply (not to heatmaps)

import { el, formatTime } from "../util.js";
import { sizeCanvas, crisp } from "./canvas.js";
import { timeTicks } from "./time-axis.js";
import { drawThresholds } from "./thresholds.js";
import { Tooltip } from "./tooltip.js";
import { DragZoom } from "./zoom.js";
import { clearOverlay, drawCrosshair, drawSelection, drawCell } from "./crosshair.js";

const PAD_TOP = 8;
const PAD_RIGHT = 14;
const AXIS_BOTTOM = 22;

export class TimePlot {
  constructor(chart, layer) {
    this.chart = chart;
    this.layer = layer;
    this.canvas = el("canvas", { class: "wchart-canvas", "aria-hidden": "true" });
    // The overlay is focusable: arrow keys move the crosshair sample by sample (Shift: ten),
    // Home/End jump to the ends, Escape hides it, so the tooltip's values are not mouse-only.
    this.overlay = el("canvas", { class: "wchart-overlay", tabindex: "0", role: "img" });
    this.onKey = (event) => this.key(event);
    this.overlay.addEventListener("keydown", this.onKey);
    this.overlay.addEventListener("blur", () => { if (this.keyboard) { this.keyboard = false; this.pointer = null; this.drawOverlay(); } });
    chart.body.append(this.canvas, this.overlay);
    this.tooltip = new Tooltip(chart.root);
    this.frame = null;
    this.pointer = null; // last hover position {x, y, clientX, clientY}
    this.selection = null;
    this.zoom = new DragZoom(this.overlay, {
      hover: (x, y, clientX, clientY) => { this.keyboard = false; this.pointer = { x, y, clientX, clientY }; this.drawOverlay(); },
      leave: () => { this.pointer = null; this.drawOverlay(); },
      selecting: (x0, x1) => { this.selection = x0 === null ? null : [x0, x1]; this.drawOverlay(); },
      select: (x0, x1) => {
        const f = this.frame;
        if (!f) return;
        const t0 = f.t0 + (Math.max(x0, f.plot.left) - f.plot.left) / f.sx;
        const t1 = f.t0 + (Math.min(x1, f.plot.left + f.plot.width) - f.plot.left) / f.sx;
        if (t1 > t0) chart.zoomTo(t0, t1);
      },
      reset: () => chart.zoomTo(null),
    });
  }

  /** Draws the whole chart at width x height CSS pixels; returns the vertices/cells drawn. */
  draw(width, height) {
    const chart = this.chart;
    const theme = chart.theme;
    const ctx = sizeCanvas(this.canvas, width, height);
    this.width = width;
    this.height = height;
    const [t0, t1] = chart.timeRange();
    this.layer.prepare(t0, t1);
    const plotHeight = Math.max(0, height - PAD_TOP - AXIS_BOTTOM);
    const axis = this.layer.yAxis(plotHeight);
    ctx.font = theme.axisFont;
    let labelWidth = 0;
    for (const tick of axis.ticks) labelWidth = Math.max(labelWidth, ctx.measureText(tick.label).width);
    const left = Math.ceil(labelWidth) + 12;
    const plot = { left, top: PAD_TOP, width: Math.max(0, width - left - PAD_RIGHT), height: plotHeight };
    const sx = plot.width / Math.max(t1 - t0, 1e-9);
    const sy = plot.height / Math.max(axis.max - axis.min, 1e-300);
    const bottom = plot.top + plot.height;
    const frame = {
      plot, t0, t1, sx, sy, ymin: axis.min, ymax: axis.max, theme,
      xOf: (t) => plot.left + (t - t0) * sx,
      yOf: (v) => bottom - (v - axis.min) * sy,
    };
    this.frame = frame;
    this.overlay.setAttribute("aria-label", this.describe());
    if (plot.width < 8 || plot.height < 8) return 0;

    // Grid: horizontal lines at value ticks, vertical at time ticks; 1 px, snapped to pixels.
    const time = timeTicks(t0, t1, plot.width, 75);
    ctx.strokeStyle = theme.grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const tick of axis.ticks) {
      const y = crisp(frame.yOf(tick.value));
      if (y < plot.top - 0.5 || y > bottom + 0.5) continue;
      ctx.moveTo(plot.left, y);
      ctx.lineTo(plot.left + plot.width, y);
    }
    for (const t of time.ticks) {
      const x = crisp(frame.xOf(t));
      ctx.moveTo(x, plot.top);
      ctx.lineTo(x, bottom);
    }
    ctx.stroke();

    // Axis labels.
    ctx.fillStyle = theme.axis;
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (const tick of axis.ticks) {
      const y = frame.yOf(tick.value);
      if (y < plot.top - 0.5 || y > bottom + 0.5) continue;
      ctx.fillText(tick.label, left - 8, y);
    }
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (const t of time.ticks) {
      const label = time.format(t);
      const w = ctx.measureText(label).width;
      const x = Math.min(Math.max(frame.xOf(t), plot.left + w / 2), width - w / 2 - 2);
      ctx.fillText(label, x, bottom + 6);
    }

    if (this.layer.thresholds) drawThresholds(ctx, chart.thresholdSteps, plot, frame.yOf);

    ctx.save();
    ctx.beginPath();
    ctx.rect(plot.left, plot.top - 1, plot.width, plot.height + 2);
    ctx.clip();
    const drawn = this.layer.draw(ctx, frame);
    ctx.restore();
    this.drawOverlay();
    return drawn;
  }

  key(event) {
    const f = this.frame;
    if (!f) return;
    const step = Math.max(1, (this.chart.step || (f.t1 - f.t0) / 100) * f.sx) * (event.shiftKey ? 10 : 1);
    const left = f.plot.left, right = f.plot.left + f.plot.width;
    let x = this.pointer ? this.pointer.x : right;
    if (event.key === "ArrowLeft") x -= step;
    else if (event.key === "ArrowRight") x += step;
    else if (event.key === "Home") x = left;
    else if (event.key === "End") x = right;
    else if (event.key === "Escape") { this.keyboard = false; this.pointer = null; this.drawOverlay(); return; }
    else return;
    event.preventDefault();
    x = Math.max(left, Math.min(right, x));
    const box = this.overlay.getBoundingClientRect();
    const y = this.pointer && this.keyboard ? this.pointer.y : f.plot.top + f.plot.height / 2;
    this.keyboard = true;
    this.pointer = { x, y, clientX: box.left + x, clientY: box.top + y };
    this.drawOverlay();
  }

  /** A short text description of the chart for screen readers (the canvas itself says nothing). */
  describe() {
    const chart = this.chart;
    const entries = chart.visibleEntries();
    const names = entries.slice(0, 8).map((e) => e.series.name).join(", ");
    const more = entries.length > 8 ? ` and ${entries.length - 8} more` : "";
    const kind = { timeseries: "Time series", bars: "Bar", heatmap: "Heatmap" }[chart.options.type] || "Chart";
    return `${kind} chart${chart.options.title ? " " + chart.options.title : ""}: ${entries.length} series${names ? " (" + names + more + ")" : ""}. Arrow keys show values.`;
  }

  /** Redraws the crosshair, tooltip and selection for the last pointer position. */
  drawOverlay() {
    const chart = this.chart;
    const ctx = clearOverlay(this.overlay, this.width || 1, this.height || 1);
    const f = this.frame;
    if (!f) return;
    if (this.selection) {
      this.tooltip.hide();
      drawSelection(ctx, f.plot, this.selection[0], this.selection[1], chart.theme);
      return;
    }
    const p = this.pointer;
    const inside = p && p.x >= f.plot.left && p.x <= f.plot.left + f.plot.width && p.y >= f.plot.top && p.y <= f.plot.top + f.plot.height;
    const hover = inside ? this.layer.hover(f.t0 + (p.x - f.plot.left) / f.sx, p.y, f) : null;
    if (!hover) {
      this.tooltip.hide();
      chart.setHover(null);
      return;
    }
    if (hover.cell) drawCell(ctx, hover.cell.x, hover.cell.y, hover.cell.w, hover.cell.h, chart.theme);
    else drawCrosshair(ctx, f.plot, f.xOf(hover.time), hover.rows, chart.theme);
    this.tooltip.show(p.clientX, p.clientY, hover.title || formatTime(hover.time), hover.rows);
    chart.setHover({ time: hover.time, values: hover.rows.map((r) => ({ name: r.name, value: r.value })) });
  }

  destroy() {
    this.overlay.removeEventListener("keydown", this.onKey);
    this.zoom.destroy();
    this.tooltip.destroy();
    this.canvas.remove();
    this.overlay.remove();
  }
}
