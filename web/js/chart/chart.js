// Warden's canvas chart renderer: the public API every page uses (see the "Chart renderer"
// contract in the issue 8 brief).
//
//   const chart = createChart(container, { type, unit, decimals, min, max, thresholds, stack, fill,
//                                          legend, title, onZoom });
//   chart.setData({ series, start, end, step });   // times in seconds
//   chart.setOptions(partial); chart.resize(); chart.destroy();
//   chart.state   // { type, seriesCount, pointCount, drawnPoints, hidden, lastDrawMs, hover }
//
// This module owns the chart's lifecycle: the DOM frame (title, drawing area, legend, "No data"),
// options, data, hidden series, theme, size (ResizeObserver), the zoom range, and the registry in
// window.warden.charts that the browser tests and the benchmark read. Drawing is delegated: time
// charts (timeseries, bars, heatmap) to TimePlot with a layer per type, the others to a panel.

import { el, seriesColor } from "../util.js";
import { readTheme } from "./theme.js";
import { normalizeThresholds } from "./thresholds.js";
import { resolveColor, legible } from "./colors.js";
import { inferStep } from "./series.js";
import { Legend } from "./legend.js";
import { TimePlot } from "./plot.js";
import { TimeseriesLayer } from "./types/timeseries.js";
import { BarsLayer } from "./types/bars.js";
import { HeatmapLayer } from "./types/heatmap.js";
import { StatPanel } from "./types/stat.js";
import { GaugePanel } from "./types/gauge.js";
import { BarGaugePanel } from "./types/bargauge.js";
import { TablePanel } from "./types/table.js";

export { seriesFromMatrix, seriesFromVector } from "./series.js";
export { sparkline } from "./sparkline.js";

const LAYERS = { timeseries: TimeseriesLayer, bars: BarsLayer, heatmap: HeatmapLayer };
const PANELS = { stat: StatPanel, gauge: GaugePanel, bargauge: BarGaugePanel, table: TablePanel };

const DEFAULTS = {
  type: "timeseries", unit: undefined, decimals: undefined, min: undefined, max: undefined,
  thresholds: [], stack: false, fill: "line", legend: true, title: undefined, onZoom: undefined,
};

function registry() {
  window.warden = window.warden || {};
  if (!(window.warden.charts instanceof Set)) window.warden.charts = new Set();
  return window.warden.charts;
}

let nextId = 1;

class Chart {
  constructor(container, options) {
    this.id = nextId++;
    this.container = container;
    this.options = { ...DEFAULTS };
    this.data = { series: [], start: NaN, end: NaN, step: 0 };
    this.step = 0;
    this.hidden = new Set();
    this.dataVersion = 0;
    this.hiddenVersion = 0;
    this.view = null; // [t0, t1] when zoomed without an onZoom handler
    this.entries = null;
    this.state = { type: "timeseries", seriesCount: 0, pointCount: 0, drawnPoints: 0, hidden: [], lastDrawMs: 0, hover: null, draws: 0, width: 0, height: 0 };

    this.titleElement = el("div", { class: "wchart-title", hidden: true });
    this.body = el("div", { class: "wchart-body" });
    this.empty = el("div", { class: "wchart-empty", hidden: true }, "No data");
    this.legendElement = el("div", { class: "wchart-legend", role: "group", "aria-label": "Series", hidden: true });
    this.root = el("div", { class: "wchart", dataset: { chartId: String(this.id) } }, this.titleElement, this.body, this.legendElement);
    this.body.append(this.empty);
    container.append(this.root);
    this.legend = new Legend(this.legendElement, (name, isolate) => this.toggle(name, isolate));

    this.theme = readTheme();
    this.onTheme = () => { this.theme = readTheme(); this.entries = null; this.dataVersion++; this.redraw(); };
    window.addEventListener("warden-theme", this.onTheme);
    // The observer's sizes are kept, so a redraw (every data refresh) reads no layout: measuring
    // clientWidth after the previous chart changed the DOM would force a synchronous reflow per
    // chart on a dashboard. A size change the legend causes comes back through the observer
    // before the frame is painted.
    this.size = null;
    this.observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1].contentRect;
      this.size = { width: box.width, height: box.height };
      this.redraw();
    });
    this.observer.observe(this.body);
    this.watchPixelRatio();

    this.renderer = null;
    this.applyOptions(options || {});
    registry().add(this);
  }

  // ---- public API ---------------------------------------------------------------------------

  setData(data) {
    // A bare series array is accepted too (an instant query has no range to go with it).
    const { series = [], start, end, step } = Array.isArray(data) ? { series: data } : data || {};
    this.data = {
      series: Array.isArray(series) ? series : [],
      start: Number.isFinite(start) ? start : NaN,
      end: Number.isFinite(end) ? end : NaN,
      step: step > 0 ? step : 0,
    };
    this.step = inferStep(this.data.series, this.data.step);
    this.dataVersion++;
    this.entries = null;
    // Hidden series that no longer exist are forgotten; the rest stay hidden across refreshes.
    const names = new Set(this.data.series.map((s) => s.name));
    for (const name of [...this.hidden]) if (!names.has(name)) this.hidden.delete(name);
    this.hiddenVersion++;
    this.redraw();
  }

  setOptions(partial) {
    this.applyOptions(partial || {});
    this.redraw();
  }

  resize() { this.redraw(); }

  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.observer.disconnect();
    if (this.unwatchPixelRatio) this.unwatchPixelRatio();
    window.removeEventListener("warden-theme", this.onTheme);
    if (this.renderer) this.renderer.destroy();
    this.root.remove();
    registry().delete(this);
  }

  /** Draws now (the chart lab times this). */
  redraw() {
    if (this.destroyed) return;
    const started = performance.now();
    const width = Math.floor(this.size ? this.size.width : this.body.clientWidth);
    const height = Math.floor(this.size ? this.size.height : this.body.clientHeight);
    const series = this.data.series;
    let points = 0;
    for (const s of series) points += s.times.length;
    const state = this.state;
    state.type = this.options.type;
    state.seriesCount = series.length;
    state.pointCount = points;
    state.hidden = [...this.hidden];
    state.width = width;
    state.height = height;
    this.empty.hidden = points > 0;
    if (this.options.legend !== false && LAYERS[this.options.type] && this.options.type !== "heatmap") {
      this.legend.render(series, this.colors(), this.hidden);
    } else if (this.options.type !== "heatmap" || points === 0) {
      this.legend.clear();
    }
    if (width <= 0 || height <= 0 || !this.renderer) return;
    state.drawnPoints = points > 0 ? this.renderer.draw(width, height) : this.renderer.clear(width, height);
    state.lastDrawMs = performance.now() - started;
    state.draws++;
  }

  // ---- used by the renderers ----------------------------------------------------------------

  colors() {
    const dark = this.theme.dark;
    return this.data.series.map((s, i) => legible(resolveColor(s.color, seriesColor(i)), dark));
  }

  /** The visible series with their colours: [{ series, color, index }]. */
  visibleEntries() {
    if (this.entries && this.entriesKey === this.dataVersion + ":" + this.hiddenVersion) return this.entries;
    const colors = this.colors();
    this.entries = this.data.series
      .map((series, index) => ({ series, color: colors[index], index }))
      .filter((e) => !this.hidden.has(e.series.name));
    this.entriesKey = this.dataVersion + ":" + this.hiddenVersion;
    return this.entries;
  }

  /** The time range drawn: the zoom, else the data's [start, end], else the samples' extent. */
  timeRange() {
    if (this.view) return this.view;
    let { start, end } = this.data;
    if (!Number.isFinite(start) || !Number.isFinite(end)) {
      start = Infinity; end = -Infinity;
      for (const s of this.data.series) {
        if (!s.times.length) continue;
        start = Math.min(start, s.times[0]);
        end = Math.max(end, s.times[s.times.length - 1]);
      }
      if (!Number.isFinite(start)) { end = Date.now() / 1000; start = end - 3600; }
    }
    // Bars and heatmap cells are centred on their sample: leave half a step at both ends.
    if (this.options.type !== "timeseries" && this.step > 0) { start -= this.step / 2; end += this.step / 2; }
    if (end <= start) { start -= this.step || 30; end += this.step || 30; }
    return [start, end];
  }

  /** A drag selected [t0, t1] (seconds), or a double-click asked to reset (null). */
  zoomTo(t0, t1) {
    if (typeof this.options.onZoom === "function") {
      if (t0 === null) this.options.onZoom(null);
      else this.options.onZoom(t0, t1);
      return;
    }
    this.view = t0 === null ? null : [t0, t1];
    this.redraw();
  }

  toggle(name, isolate) {
    const names = this.data.series.map((s) => s.name);
    if (isolate) {
      const alone = !this.hidden.has(name) && names.every((n) => n === name || this.hidden.has(n));
      this.hidden = new Set(alone ? [] : names.filter((n) => n !== name));
    } else if (this.hidden.has(name)) {
      this.hidden.delete(name);
    } else {
      this.hidden.add(name);
    }
    this.hiddenVersion++;
    this.entries = null;
    this.redraw();
  }

  setHover(hover) { this.state.hover = hover; }

  /** Redraws when devicePixelRatio changes (browser zoom, a window moved to another screen): the
   *  CSS size stays, so the ResizeObserver would not notice and the canvas would turn blurry. */
  watchPixelRatio() {
    if (this.destroyed || !window.matchMedia) return;
    const query = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    const changed = () => {
      query.removeEventListener("change", changed);
      this.redraw();
      this.watchPixelRatio();
    };
    query.addEventListener("change", changed);
    this.unwatchPixelRatio = () => query.removeEventListener("change", changed);
  }

  // ---- internals ----------------------------------------------------------------------------

  applyOptions(partial) {
    const previousType = this.options.type;
    this.options = { ...this.options, ...partial };
    if (!LAYERS[this.options.type] && !PANELS[this.options.type]) this.options.type = "timeseries";
    this.thresholdSteps = normalizeThresholds(this.options.thresholds);
    this.titleElement.textContent = this.options.title || "";
    this.titleElement.hidden = !this.options.title;
    this.root.className = "wchart wchart--" + this.options.type;
    if (!this.renderer || previousType !== this.options.type) {
      if (this.renderer) this.renderer.destroy();
      this.view = null;
      this.legend.clear();
      const type = this.options.type;
      this.renderer = LAYERS[type] ? new TimeRenderer(this, new LAYERS[type](this)) : new PanelRenderer(new PANELS[type](this));
    }
    // Layers cache by data version; a new unit, stack mode or fill changes what they compute.
    this.dataVersion++;
  }
}

/** Adapts TimePlot to the renderer interface: draw(width, height) and clear(width, height). */
class TimeRenderer {
  constructor(chart, layer) { this.plot = new TimePlot(chart, layer); }
  draw(width, height) { return this.plot.draw(width, height); }
  clear(width, height) {
    this.plot.frame = null;
    this.plot.tooltip.hide();
    this.plot.canvas.getContext("2d").clearRect(0, 0, this.plot.canvas.width, this.plot.canvas.height);
    this.plot.overlay.getContext("2d").clearRect(0, 0, this.plot.overlay.width, this.plot.overlay.height);
    return 0;
  }
  destroy() { this.plot.destroy(); }
}

class PanelRenderer {
  constructor(panel) { this.panel = panel; }
  draw(width, height) { return this.panel.draw(width, height); }
  clear() {
    const node = this.panel.element || this.panel.canvas;
    if (this.panel.canvas) this.panel.canvas.getContext("2d").clearRect(0, 0, this.panel.canvas.width, this.panel.canvas.height);
    else if (node) node.replaceChildren();
    return 0;
  }
  destroy() { this.panel.destroy(); }
}

/** Creates a chart inside `container` (which gives it its size). */
export function createChart(container, options) {
  return new Chart(container, options);
}
