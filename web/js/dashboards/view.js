// The dashboard page (/dashboards/<uid>): loads the document, shows the variables bar, the shared
// time range and refresh, and the panel grid; runs panel queries (visible panels first), live
// mode over one EventSource, and edit mode (add, remove, move, resize, edit panels; variables and
// settings; save with version check, discard, save as copy). URL: ?from=&to=&refresh=&live=1&
// edit=1&var-<name>=<value> (repeated for multi-value variables).
import { el, autoStep, parseDuration, durationText } from "../util.js";
import { getDashboard } from "./store.js";
import { normalizePanels, displayLayout, rowOf } from "./layout.js";
import { scopeFor, builtins, interpolate } from "./interpolate.js";
import { loadOptions, reconcileSelection } from "./variable-options.js";
import { renderVariablesBar } from "./variables-bar.js";
import { createTimePicker, resolveRange, relativeSpan } from "./timepicker.js";
import { PanelView, RowView } from "./panel.js";
import { DashboardGrid } from "./grid.js";
import { activeTargets, isLogQL, fetchSeries, fetchLogs } from "./panel-data.js";
import { DashboardStats } from "./stats.js";
import { CHART_TYPES, PANEL_TYPES } from "./defaults.js";
import { createMenu } from "./menu.js";
import { documentForSave, editFingerprint } from "./document.js";
import { loadChart } from "./chart-loader.js";

const clone = (value) => structuredClone(value);

/** Mounts the dashboard `uid`. `documentPromise`: its document, already requested (optional);
 *  `mountStart`: when the page began mounting (performance.now()), for the timings. */
export function mountDashboard(container, context, uid, { documentPromise, mountStart } = {}) {
  const view = new DashboardView(container, context, uid, mountStart);
  view.start(documentPromise);
  return () => view.destroy();
}

class DashboardView {
  constructor(container, context, uid, mountStart) {
    this.container = container;
    this.context = context;
    this.uid = uid;
    this.stats = new DashboardStats(uid, mountStart);
    loadChart(); // in flight while the document and the first queries are
    this.views = new Map();
    this.destroyed = false;
    this.varGeneration = 0;
    this.optionErrors = new Map();
    this.loadingVars = new Set();
    this.livePanels = null;
    this.liveGeneration = 0;
    this.refreshTimer = null;
    this.controller = null;
    this.root = el("div", { class: "dash-page", dataset: { testid: "dashboard" } });
    this.message = el("div", { class: "dash-messages", role: "status", "aria-live": "polite" });
    container.append(this.root);
    this.onBeforeUnload = (event) => {
      if (this.editing && this.isDirty()) { event.preventDefault(); event.returnValue = ""; }
    };
    window.addEventListener("beforeunload", this.onBeforeUnload);
    this.onVisibility = () => { if (!document.hidden && this.staleWhileHidden) { this.staleWhileHidden = false; this.reloadPanels(); } };
    document.addEventListener("visibilitychange", this.onVisibility);
    // Charts follow their cells' size by themselves (the renderer observes its container).
    // Panels off screen are drawn after the visible ones (see reloadPanels).
    this.visible = new Set();
    this.intersection = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const panelView = entry.target.__panelView;
        if (!panelView) continue;
        if (entry.isIntersecting) this.visible.add(panelView); else this.visible.delete(panelView);
        // Skipped by an auto-refresh while off screen: catch up now that it shows.
        if (entry.isIntersecting && panelView.stale) {
          panelView.stale = false;
          this.loadPanel(panelView, (this.controller || new AbortController()).signal);
        }
      }
    }, { rootMargin: "100px" });
  }

  // ---- Loading ------------------------------------------------------------------------------

  async start(documentPromise) {
    this.root.replaceChildren(el("p", { class: "muted" }, "Loading dashboard…"));
    try {
      const doc = await (documentPromise || getDashboard(this.uid));
      if (this.destroyed) return;
      this.load(doc);
    } catch (error) {
      if (this.destroyed) return;
      this.root.replaceChildren(el("h1", {}, "Dashboard"),
        el("div", { class: "message error", dataset: { testid: "dashboard-error" } },
          error.status === 404 ? `There is no dashboard “${this.uid}”. It may have been deleted.` : `Could not load the dashboard: ${error.message}`),
        el("p", {}, el("a", { href: "/dashboards" }, "← All dashboards")));
    }
  }

  /** Shows `stored`. The first load takes time range, refresh, live, edit mode and variable
   *  values from the URL; a later one (discard, reload after a conflict) keeps what is on screen. */
  load(stored) {
    const first = !this.doc;
    const params = first ? new URLSearchParams(window.location.search) : this.stateParams();
    this.saved = clone(stored);
    this.doc = clone(stored);
    this.doc.panels = normalizePanels(this.doc.panels || []);
    this.doc.variables = Array.isArray(this.doc.variables) ? this.doc.variables : [];
    this.doc.time = this.doc.time || { from: "now-1h", to: "now" };
    this.savedFingerprint = editFingerprint(this.doc);
    for (const v of this.doc.variables) {
      const fromURL = params.getAll(`var-${v.name}`);
      if (fromURL.length) v.current = v.multi ? fromURL : fromURL[0];
      if (v.current && typeof v.current === "object" && !Array.isArray(v.current)) v.current = v.current.value ?? v.current.text ?? "";
      if (v.multi && !Array.isArray(v.current)) v.current = v.current === undefined || v.current === "" ? [] : [v.current];
    }
    this.time = {
      from: params.get("from") || this.doc.time.from || "now-1h",
      to: params.get("to") || this.doc.time.to || "now",
      refresh: params.has("refresh") ? params.get("refresh") : (this.doc.refresh || ""),
    };
    if (first) this.editing = params.get("edit") === "1";
    this.live = params.get("live") === "1" && relativeSpan(this.time.from, this.time.to) !== null;
    this.buildChrome();
    this.buildPanels();
    // When every variable already has a value (saved or from the URL), panels start at once and
    // variable options load alongside; otherwise panels wait for the values they depend on.
    const currents = () => JSON.stringify(this.doc.variables.map((v) => v.current));
    const ready = this.doc.variables.every((v) => v.type === "constant" || (Array.isArray(v.current) ? v.current.length > 0 : v.current !== undefined && v.current !== null && v.current !== ""));
    const before = currents();
    if (ready) this.reloadPanels();
    this.refreshVariables(0).then(() => {
      if (this.destroyed) return;
      if (ready && currents() === before) return;
      this.updateTitles();
      this.reloadPanels();
    });
    this.scheduleRefresh();
    // A shared link to one panel (?viewPanel=<id>) opens it in the viewer.
    const viewPanel = first && params.get("viewPanel");
    const shown = viewPanel && this.doc.panels.find((p) => String(p.id) === viewPanel && p.type !== "row");
    if (shown) this.panelAction("view", shown);
  }

  // ---- Chrome: header, toolbar, variables -----------------------------------------------------

  buildChrome() {
    document.title = `${this.doc.title || "Dashboard"} · Warden`;
    this.title = el("h1", { class: "dash-title", dataset: { testid: "dashboard-title" } }, this.doc.title || "Untitled");
    this.tags = el("span", { class: "labels dash-tags" });
    this.renderTags();
    this.timePicker = createTimePicker({
      state: this.time,
      onChange: (change) => this.changeTime(change),
      onRefresh: () => { this.refreshVariables(0, true).then(() => this.reloadPanels()); },
    });
    this.liveButton = el("button", { type: "button", class: "dash-live-toggle", "aria-pressed": String(this.live), dataset: { testid: "live-toggle" },
      title: "Live mode: panels update by themselves every few seconds", onclick: () => this.setLive(!this.live) }, "● Live");
    this.modeBadge = el("span", { class: "dash-live-mode", role: "status", "aria-live": "polite", dataset: { testid: "live-mode" } });
    this.editBar = el("div", { class: "dash-editbar", dataset: { testid: "edit-bar" } });
    this.dirtyBadge = el("span", { class: "badge warn", hidden: true, dataset: { testid: "dirty" } }, "Unsaved changes");
    this.variablesBar = el("div", { class: "dash-vars-slot" });
    this.grid = new DashboardGrid({ onLayoutChange: () => this.changed() });
    const headActions = el("div", { class: "dash-head-actions" },
      this.dirtyBadge,
      el("button", { type: "button", "aria-label": "Export dashboard JSON", title: "Export JSON",
        onclick: async () => (await import("./download.js")).downloadDashboard(documentForSave(this.doc)) }, "Export"),
      this.editToggle = el("button", { type: "button", dataset: { testid: "edit-toggle" }, onclick: () => this.setEditing(!this.editing) }));
    this.root.replaceChildren(
      el("nav", { class: "dash-breadcrumb", "aria-label": "Breadcrumb" }, el("a", { href: "/dashboards" }, "Dashboards"), " / "),
      el("div", { class: "dash-head" }, this.title, this.tags, el("span", { class: "spacer" }), headActions),
      // Controls and the edit bar stay in view while scrolling a long dashboard.
      el("div", { class: "dash-sticky" },
        el("div", { class: "toolbar dash-toolbar" }, this.variablesBar, el("span", { class: "spacer" }), this.modeBadge, this.liveButton, this.timePicker.element),
        this.editBar),
      this.message,
      this.grid.element);
    this.renderEditBar();
    this.renderVariables();
    this.renderMode(this.live ? "connecting" : null);
  }

  renderTags() {
    this.tags.replaceChildren(...(this.doc.tags || []).map((t) => el("a", { class: "dash-tag", href: `/dashboards?tag=${encodeURIComponent(t)}` }, t)));
  }

  renderEditBar() {
    this.editToggle.textContent = this.editing ? "Exit edit" : "Edit";
    this.editToggle.classList.toggle("primary", !this.editing);
    this.editBar.hidden = !this.editing;
    if (!this.editing) { this.editBar.replaceChildren(); return; }
    const addMenu = createMenu({ label: "+ Add panel", ariaLabel: "Add panel", className: "primary", testid: "add-panel",
      items: PANEL_TYPES.map((t) => ({ label: t.label, testid: `add-${t.value}`, onSelect: () => this.addPanel(t.value) })) });
    this.editBar.replaceChildren(
      el("span", { class: "dash-editbar-label" }, "Editing"),
      addMenu.element,
      el("button", { type: "button", onclick: () => this.editVariables(), dataset: { testid: "edit-variables" } }, "Variables"),
      el("button", { type: "button", onclick: () => this.editSettings(), dataset: { testid: "edit-settings" } }, "Settings"),
      el("span", { class: "spacer" }),
      el("button", { type: "button", onclick: () => this.discard(), dataset: { testid: "discard" } }, "Discard"),
      el("button", { type: "button", onclick: () => this.saveAsCopy(), dataset: { testid: "save-copy" } }, "Save as copy"),
      el("button", { type: "button", class: "primary", onclick: () => this.save(), dataset: { testid: "save" } }, "Save"));
  }

  renderVariables() {
    this.variablesBar.replaceChildren(renderVariablesBar(this.doc.variables, {
      loading: this.loadingVars,
      errors: this.optionErrors,
      onChange: (variable) => this.variableChanged(variable),
    }));
  }

  showMessage(text, kind = "", { testid, actions = [] } = {}) {
    const box = el("div", { class: `message ${kind} dash-message`, dataset: testid ? { testid } : undefined }, el("span", {}, text), ...actions,
      el("button", { type: "button", class: "icon", "aria-label": "Dismiss", onclick: () => box.remove() }, "✕"));
    this.message.replaceChildren(box);
    return box;
  }

  // ---- Variables ------------------------------------------------------------------------------

  range() {
    return resolveRange(this.time.from, this.time.to) || resolveRange("now-1h", "now");
  }

  scope(step) {
    const { start, end } = this.range();
    return scopeFor(this.doc.variables, builtins({ start, end, step: step || autoStep(start, end, 300) }));
  }

  /** Loads options of variables from index `from` on, in order (later ones may use earlier ones). */
  async refreshVariables(from = 0) {
    const mine = ++this.varGeneration;
    const list = this.doc.variables.slice(from);
    for (const v of list) this.loadingVars.add(v.name);
    this.renderVariables();
    for (const variable of list) {
      if (this.destroyed || mine !== this.varGeneration) return;
      try {
        variable.options = await loadOptions(variable, this.scope(), this.range());
        this.optionErrors.delete(variable.name);
      } catch (error) {
        variable.options = variable.options || [];
        this.optionErrors.set(variable.name, error.message);
      }
      variable.current = reconcileSelection(variable, variable.options);
      this.loadingVars.delete(variable.name);
    }
    // The latest run finished: anything an abandoned earlier run marked as loading is done too.
    this.loadingVars.clear();
    this.renderVariables();
    this.writeURL();
  }

  async variableChanged(variable) {
    this.writeURL();
    const index = this.doc.variables.indexOf(variable);
    await this.refreshVariables(index + 1);
    this.updateTitles();
    this.reloadPanels();
  }

  updateTitles() {
    for (const panelView of this.views.values()) {
      if (panelView.updateHeader) panelView.updateHeader();
      if (panelView.panel.type === "text") panelView.renderText();
    }
  }

  // ---- URL ------------------------------------------------------------------------------------

  writeURL() {
    const url = new URL(window.location.href);
    const p = url.searchParams;
    const set = (k, v, fallback) => { if (v === undefined || v === null || v === "" || v === fallback) p.delete(k); else p.set(k, v); };
    set("from", this.time.from, this.doc.time.from);
    set("to", this.time.to, this.doc.time.to);
    if ((this.time.refresh || "") !== (this.doc.refresh || "")) p.set("refresh", this.time.refresh || ""); else p.delete("refresh");
    set("live", this.live ? "1" : "");
    set("edit", this.editing ? "1" : "");
    for (const key of [...p.keys()]) if (key.startsWith("var-")) p.delete(key);
    for (const v of this.doc.variables) {
      if (v.type === "constant") continue;
      const values = Array.isArray(v.current) ? v.current : v.current === undefined || v.current === "" ? [] : [v.current];
      for (const value of values) p.append(`var-${v.name}`, value);
    }
    history.replaceState(null, "", url.pathname + (p.toString() ? `?${p}` : "") + url.hash);
  }

  // ---- Panels ---------------------------------------------------------------------------------

  makeView(panel) {
    const title = (text) => interpolate(text, this.scope(), { textFormat: true });
    let view;
    if (panel.type === "row") {
      const layout = displayLayout(this.doc.panels);
      const hiddenCount = [...layout.entries()].filter(([p, g]) => g.hidden && rowOf(this.doc.panels, p) === panel).length;
      view = new RowView(panel, { editing: this.editing, title, hiddenCount, onToggle: (row) => this.toggleRow(row), onAction: (a, p) => this.panelAction(a, p) });
    } else {
      view = new PanelView(panel, { editing: this.editing, title, onAction: (a, p) => this.panelAction(a, p), onZoom: (start, end) => this.zoom(start, end) });
    }
    view.element.__panelView = view;
    return view;
  }

  /** (Re)creates every panel view and places them; data is loaded by reloadPanels. */
  buildPanels() {
    for (const v of this.views.values()) { this.intersection.unobserve(v.element); v.destroy(); }
    this.views.clear();
    this.visible.clear();
    const layout = displayLayout(this.doc.panels);
    for (const panel of this.doc.panels) {
      if (layout.get(panel).hidden) continue;
      const view = this.makeView(panel);
      this.views.set(panel, view);
    }
    this.grid.place(this.doc.panels, this.views, this.editing);
    for (const v of this.views.values()) {
      if (v instanceof PanelView) this.intersection.observe(v.element);
    }
    const counted = [...this.views.values()].filter((v) => v instanceof PanelView);
    this.stats.expect(counted.length);
    for (const v of counted) if (v.panel.type === "text") v.textDrawn.then(() => this.stats.rendered(v.panel.id));
    if (!this.doc.panels.length) {
      this.grid.element.append(el("div", { class: "dash-empty card" },
        el("p", {}, "This dashboard has no panels yet."),
        this.editing ? el("button", { type: "button", class: "primary", onclick: () => this.addPanel("timeseries") }, "Add a panel")
          : el("button", { type: "button", class: "primary", onclick: () => this.setEditing(true) }, "Edit to add panels")));
    }
  }

  /** The step a panel's queries use: about one point per 2 px of its width. */
  stepFor(view, start, end) {
    const width = view.width || view.element.clientWidth || 600;
    return autoStep(start, end, Math.max(60, Math.min(1000, Math.round(width / 2))));
  }

  /** Loads every panel's data: the visible ones first, all in parallel, then the others. With
   *  `visibleOnly` (auto-refresh), panels off screen are only marked stale and load when they
   *  scroll into view. */
  async reloadPanels({ visibleOnly = false } = {}) {
    if (this.destroyed) return;
    if (this.controller) this.controller.abort();
    const controller = new AbortController();
    this.controller = controller;
    // Live mode streams chart panels; only logs panels still load by fetch.
    const all = [...this.views.values()].filter((v) => v instanceof PanelView && v.needsData && !(this.live && CHART_TYPES.has(v.panel.type)));
    if (this.live && !visibleOnly) this.startLive();
    // Read every panel's place and width in one go, before anything is written (a loading class
    // set between two reads would force a layout per panel), and without waiting a frame for the
    // observer's first report.
    const viewport = window.innerHeight;
    const first = [];
    const rest = [];
    for (const v of all) {
      const r = v.element.getBoundingClientRect();
      v.width = r.width;
      (this.visible.has(v) || (r.bottom > -100 && r.top < viewport + 100) ? first : rest).push(v);
    }
    for (const v of rest) v.stale = visibleOnly;
    // Queued in this order, the visible panels' queries go out (and draw) first; the others
    // follow in the same queue, so the server is never left idle between the two.
    const queue = visibleOnly ? first : [...first, ...rest];
    await Promise.all(queue.map((v) => this.loadPanel(v, controller.signal)));
  }

  async loadPanel(view, signal) {
    const panel = view.panel;
    view.stale = false;
    const { start, end } = this.range();
    const step = this.stepFor(view, start, end);
    const scope = this.scope(step);
    const targets = activeTargets(panel);
    const queries = targets.map((t) => ({ refId: t.refId, expr: interpolate(t.expr, scope), legend: interpolate(t.legend || t.legendFormat || "", scope), logql: isLogQL(t, panel) }));
    view.setLoading(true);
    try {
      if (panel.type === "logs") {
        const { lines, errors } = await fetchLogs(queries, { start, end, signal });
        if (signal.aborted || this.destroyed) return;
        view.setLogs(lines);
        view.setErrors(errors, lines.length > 0);
        view.lastErrors = errors;
      } else {
        const { series, errors } = await fetchSeries(queries, { start, end, step, signal });
        if (signal.aborted || this.destroyed) return;
        if (!queries.length) errors.push({ refId: "", error: "No query yet: edit the panel to add one." });
        await view.setSeries({ series, start, end, step });
        if (signal.aborted || this.destroyed) return;
        view.setErrors(errors.filter((e) => !(e.error && e.error.name === "AbortError")), series.length > 0);
        view.lastErrors = errors;
      }
      view.lastQueries = queries;
      this.stats.rendered(panel.id);
    } catch (error) {
      if (signal.aborted || this.destroyed) return;
      view.setErrors([{ refId: "", error }], false);
      this.stats.rendered(panel.id);
    } finally {
      if (!signal.aborted) view.setLoading(false);
    }
  }

  scheduleRefresh() {
    clearInterval(this.refreshTimer);
    this.refreshTimer = null;
    const seconds = parseDuration(this.time.refresh || "");
    if (!seconds || this.live) return;
    this.refreshTimer = setInterval(() => {
      // A hidden tab does not poll; it catches up when shown again.
      if (document.hidden) { this.staleWhileHidden = true; return; }
      this.reloadPanels({ visibleOnly: true });
    }, Math.max(1, seconds) * 1000);
  }

  // ---- Time range -----------------------------------------------------------------------------

  changeTime(change) {
    this.time = { ...this.time, ...change };
    this.timePicker.update(this.time);
    if (this.live && relativeSpan(this.time.from, this.time.to) === null) this.setLive(false, { reload: false });
    this.writeURL();
    this.scheduleRefresh();
    if ("from" in change || "to" in change) {
      this.stopLive();
      this.reloadPanels();
    }
  }

  zoom(start, end) {
    if (!(end > start)) return;
    this.changeTime({ from: String(Math.floor(start)), to: String(Math.ceil(end)) });
  }

  // ---- Live mode ------------------------------------------------------------------------------

  setLive(on, { reload = true } = {}) {
    if (on && relativeSpan(this.time.from, this.time.to) === null) {
      // Live needs a window that ends now: keep the same length, ending now.
      const r = this.range();
      this.time = { ...this.time, from: `now-${durationText(Math.round(r.end - r.start))}`, to: "now" };
      this.timePicker.update(this.time);
    }
    this.live = on;
    this.liveButton.setAttribute("aria-pressed", String(on));
    this.writeURL();
    this.scheduleRefresh();
    if (!on) { this.stopLive(); this.renderMode(null); if (reload) this.reloadPanels(); return; }
    this.reloadPanels();
  }

  liveInterval() {
    const refresh = parseDuration(this.time.refresh || "");
    return refresh ? Math.min(30, Math.max(1, refresh)) : 5;
  }

  /** (Re)starts the one live stream for the panels now on the grid. */
  async startLive() {
    this.stopLive();
    const range = relativeSpan(this.time.from, this.time.to);
    if (range === null) return;
    const mine = ++this.liveGeneration;
    const { LivePanels } = await import("./live-panels.js");
    if (mine !== this.liveGeneration || this.destroyed || !this.live) return;
    this.livePanels = new LivePanels(this, { range, interval: this.liveInterval() });
    await this.livePanels.start();
  }

  stopLive() {
    this.liveGeneration++;
    if (this.livePanels) this.livePanels.stop();
    this.livePanels = null;
  }

  renderMode(mode, detail) {
    const interval = this.liveInterval();
    const text = {
      connecting: "Live: connecting…",
      sse: `Live: streaming (server-sent events, every ${interval}s)`,
      reconnecting: "Live: reconnecting…",
      poll: `Live: polling every ${interval}s${detail ? ` (${detail})` : ""}`,
    }[mode];
    this.modeBadge.textContent = text || "";
    this.modeBadge.hidden = !text;
    this.modeBadge.dataset.mode = mode || "off";
    this.modeBadge.className = `dash-live-mode ${mode === "sse" ? "ok" : mode === "poll" ? "warn" : ""}`;
    this.stats.setLive(Boolean(mode) && this.live, mode === "sse" ? "sse" : mode === "poll" ? "poll" : mode || "static");
  }

  // ---- Rows and panel actions -----------------------------------------------------------------

  toggleRow(row) {
    row.collapsed = !row.collapsed;
    this.rebuild();
    const again = this.views.get(row);
    if (again) again.element.querySelector(".dash-row-toggle").focus();
  }

  rebuild() {
    this.buildPanels();
    this.reloadPanels();
    this.changed();
  }

  async panelAction(action, panel) {
    if (action === "view" || action === "inspect") {
      const { openPanelViewer, openInspector } = await import("./inspect.js");
      if (action === "view") {
        this.context.setParams({ viewPanel: panel.id });
        openPanelViewer({ panel, makeView: (p) => this.makeDetachedView(p), load: (v, s) => this.loadPanel(v, s),
          onClose: () => { if (!this.destroyed) this.context.setParams({ viewPanel: "" }); } });
      }
      else {
        const view = this.views.get(panel);
        openInspector({ panel, queries: view && view.lastQueries, errors: view && view.lastErrors, range: this.range(), scope: this.scope() });
      }
      return;
    }
    if (!this.editing) await this.setEditing(true);
    if (action === "edit") this.editPanel(panel);
    else this.edits((m) => m.panelAction(this, action, panel));
  }

  /** A panel view outside the grid (the View dialog, the editor preview). */
  makeDetachedView(panel) {
    return new PanelView(panel, { editing: false, menu: false, title: (t) => interpolate(t, this.scope(), { textFormat: true }), onAction: () => {}, onZoom: (s, e) => this.zoom(s, e) });
  }


  /** Runs `use(module)` with the edit-mode module, loaded on first use (viewers never pay for it). */
  async edits(use) {
    let module;
    try {
      module = await import("./edit-actions.js");
    } catch (error) {
      console.error(error);
      this.showMessage(`The editor failed to load: ${error.message}`, "error");
      return undefined;
    }
    return use(module);
  }

  addPanel(type) { this.edits((m) => m.addPanel(this, type)); }

  editPanel(panel) { this.edits((m) => m.editPanel(this, panel)); }

  editVariables() { this.edits((m) => m.editVariables(this)); }

  editSettings() { this.edits((m) => m.editSettings(this)); }


  // ---- Edit mode, saving ----------------------------------------------------------------------

  isDirty() { return Boolean(this.doc) && editFingerprint(this.doc) !== this.savedFingerprint; }

  changed() {
    // Outside edit mode (a row folded while reading) nothing is flagged: there is no Save button.
    if (this.dirtyBadge) this.dirtyBadge.hidden = !(this.editing && this.isDirty());
  }

  async setEditing(on) {
    if (!on && this.isDirty()) {
      const choice = await this.edits((m) => m.askLeaveEditing(this));
      if (choice === "cancel") return;
      if (choice === "save" && !(await this.save())) return;
      if (choice === "discard") { this.editing = false; this.restore(this.saved); return; }
    }
    this.editing = on;
    this.writeURL();
    this.renderEditBar();
    this.changed();
    this.buildPanels();
    this.reloadPanels();
  }

  /** Saves with the version we loaded; resolves true when stored. */
  save() { return this.edits((m) => m.save(this)); }

  async reloadFromServer() {
    try {
      const doc = await getDashboard(this.uid);
      this.restore(doc);
      this.showMessage(`Reloaded version ${doc.version}.`);
    } catch (error) {
      this.showMessage(`Could not reload: ${error.message}`, "error");
    }
  }

  restore(doc) {
    this.stopLive();
    if (this.controller) this.controller.abort();
    this.load(doc);
    this.writeURL();
  }

  /** The view's state in the URL's terms, for load() to keep it across a restore. */
  stateParams() {
    const p = new URLSearchParams();
    p.set("from", this.time.from);
    p.set("to", this.time.to);
    p.set("refresh", this.time.refresh || "");
    if (this.live) p.set("live", "1");
    for (const v of this.doc.variables) {
      const values = Array.isArray(v.current) ? v.current : v.current === undefined || v.current === "" ? [] : [v.current];
      for (const value of values) p.append(`var-${v.name}`, value);
    }
    return p;
  }

  discard() { this.edits((m) => m.discard(this)); }

  saveAsCopy() { this.edits((m) => m.saveAsCopy(this)); }

  destroy() {
    this.destroyed = true;
    this.stopLive();
    if (this.controller) this.controller.abort();
    clearInterval(this.refreshTimer);
    this.intersection.disconnect();
    for (const v of this.views.values()) v.destroy();
    this.views.clear();
    window.removeEventListener("beforeunload", this.onBeforeUnload);
    document.removeEventListener("visibilitychange", this.onVisibility);
    this.stats.detach();
    document.title = "Warden";
    // Dialogs live on <body>; one left open (Back pressed while viewing a panel) goes with the page.
    for (const dialog of document.querySelectorAll("dialog.dash-dialog")) { dialog.close(); dialog.remove(); }
  }
}

