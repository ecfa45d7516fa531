// Live mode for a dashboard: gathers every chart panel's queries (variables substituted) into
// ONE LiveFeed (one EventSource), and on each `tick` redraws the panels whose results changed.
// Logs panels are not part of the stream; they are re-fetched on the same beat.
import { autoStep } from "../util.js";
import { scopeFor, builtins, interpolate } from "./interpolate.js";
import { PanelView } from "./panel.js";
import { activeTargets, isLogQL, resultToSeries } from "./panel-data.js";
import { LiveFeed } from "./live.js";
import { CHART_TYPES } from "./defaults.js";
import { loadChart } from "./chart-loader.js";

/** The live feed's most queries per stream (the server's limit). */
const MAX_QUERIES = 50;

export class LivePanels {
  /** dash: the DashboardView (views, doc, stats, loadPanel, renderMode); range in seconds
   *  (the window ending now); interval in seconds between updates. */
  constructor(dash, { range, interval }) {
    this.dash = dash;
    this.range = range;
    this.interval = interval;
    this.step = autoStep(0, range, 300);
    this.slots = []; // index -> {view, refId, legend}
    this.results = [];
    this.touched = new Set();
    this.feed = null;
    this.logsBusy = false;
  }

  async start() {
    await loadChart(); // results are converted with the renderer's helpers
    if (this.stopped) return;
    const dash = this.dash;
    const now = Date.now() / 1000;
    const scope = scopeFor(dash.doc.variables, builtins({ start: now - this.range, end: now, step: this.step }));
    const queries = [];
    for (const view of dash.views.values()) {
      if (!(view instanceof PanelView) || !CHART_TYPES.has(view.panel.type)) continue;
      const targets = activeTargets(view.panel);
      if (!targets.length) {
        view.setErrors([{ refId: "", error: "No query yet: edit the panel to add one." }], false);
        dash.stats.rendered(view.panel.id);
        continue;
      }
      view.liveSlots = [];
      for (const t of targets) {
        if (queries.length >= MAX_QUERIES) break;
        view.liveSlots.push(queries.length);
        this.slots.push({ view, refId: t.refId, legend: interpolate(t.legend || "", scope) });
        queries.push({ expr: interpolate(t.expr, scope), logql: isLogQL(t, view.panel) });
      }
      view.setLoading(true);
    }
    this.results = new Array(queries.length).fill(null);
    this.feed = new LiveFeed({
      queries, range: this.range, step: this.step, interval: this.interval,
      onResult: (index, payload) => {
        if (index < 0 || index >= this.results.length) return;
        this.results[index] = payload;
        this.touched.add(this.slots[index].view);
      },
      onTick: (time) => this.apply(time),
      onMode: (mode, detail) => dash.renderMode(mode, detail),
    });
    this.feed.start();
    dash.stats.liveStream(queries.length);
  }

  /** A tick: every panel with new results since the last one is redrawn over [time-range, time]. */
  apply(time) {
    const dash = this.dash;
    const touched = this.touched;
    this.touched = new Set();
    if (!touched.size) return;
    for (const view of touched) {
      if (dash.views.get(view.panel) !== view) continue; // rebuilt since the stream started
      const series = [];
      const errors = [];
      for (const slot of view.liveSlots || []) {
        const payload = this.results[slot];
        if (!payload) continue;
        const { refId, legend } = this.slots[slot];
        if (payload.status === "success") series.push(...resultToSeries(payload.data, legend));
        else errors.push({ refId, error: payload.error || "query failed" });
      }
      view.setSeries({ series, start: time - this.range, end: time, step: this.step });
      view.setErrors(errors, series.length > 0);
      view.setLoading(false);
      dash.stats.rendered(view.panel.id);
    }
    dash.stats.liveUpdate();
    const logs = [...dash.views.values()].filter((v) => v instanceof PanelView && v.panel.type === "logs");
    if (logs.length && !this.logsBusy) {
      this.logsBusy = true;
      const controller = new AbortController();
      Promise.all(logs.map((v) => dash.loadPanel(v, controller.signal))).finally(() => { this.logsBusy = false; });
    }
  }

  stop() {
    this.stopped = true;
    if (this.feed) this.feed.close();
    this.feed = null;
  }
}
