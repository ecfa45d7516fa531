// The Metrics explorer: PromQL queries (several rows, drawn on one chart), a time range (presets
// or absolute), step (auto or typed), auto-refresh, a graph tab (range queries through the chart
// renderer) and a table tab (instant queries: labels and value). All of it lives in the URL,
// `?q=...&q=...&from=now-1h&to=now&step=&tab=graph&refresh=`, so a view can be shared or reloaded.
import { el, resolveTime, autoStep, parseDuration, formatValue, formatTime, debounce, durationText } from "../util.js";
import { queryRange, queryInstant } from "../api.js";
import { createQueryEditor } from "../editor/query-editor.js";
import { remember } from "../editor/history.js";
import { createTimeRangePicker } from "../editor/time-range.js";

const REFRESH = [["", "Off"], ["5s", "5s"], ["10s", "10s"], ["30s", "30s"], ["1m", "1m"]];
const EXAMPLES = [
  "sum by (mode) (rate(node_cpu_seconds_total[5m]))",
  "node_memory_MemAvailable_bytes",
  "rate(node_network_receive_bytes_total[5m])",
  "node_load1",
];
const MAX_TABLE_ROWS = 2000;
const letter = (i) => String.fromCharCode(65 + (i % 26));

export async function mount(container, context) {
  const params = context.params;
  const state = {
    from: params.get("from") || "now-1h",
    to: params.get("to") || "now",
    step: params.get("step") || "",
    tab: params.get("tab") === "table" ? "table" : "graph",
    refresh: REFRESH.some(([v]) => v === params.get("refresh")) ? params.get("refresh") : "",
  };
  const rows = []; // [{editor, element}]
  let chart = null;
  let chartModule = null;
  let controller = null;
  let refreshTimer = null;
  let running = false;
  let destroyed = false;
  const debug = { runs: 0, busy: false, lastSeries: 0, lastPoints: 0, lastMs: 0, errors: [] };
  window.warden.explore = debug;

  // ---- layout ----
  const picker = createTimeRangePicker(document.createElement("div"), { from: state.from, to: state.to, onChange: (f, t) => { state.from = f; state.to = t; writeURL(); run(); } });
  const stepInput = el("input", { type: "text", id: "explore-step", placeholder: "auto", value: state.step, "data-testid": "step", spellcheck: "false" });
  const refreshSelect = el("select", { id: "explore-refresh", "data-testid": "refresh", "aria-label": "Auto-refresh" },
    REFRESH.map(([v, name]) => el("option", { value: v, selected: v === state.refresh }, v ? `Every ${name}` : "Auto-refresh off")));
  const runButton = el("button", { type: "button", class: "primary", "data-testid": "run" }, "Run query");
  const head = el("div", { class: "explorer-head toolbar" },
    el("h1", {}, "Metrics explorer"),
    picker.element,
    el("label", { class: "ex-field", for: "explore-step", title: "Resolution: seconds between points (e.g. 15s, 1m); empty picks one from the range and chart width" }, "Step", stepInput),
    refreshSelect,
    runButton);
  const queryList = el("div", { class: "explorer-queries" });
  const addButton = el("button", { type: "button", "data-testid": "add-query" }, "+ Add query");
  const actions = el("div", { class: "explorer-actions" }, addButton,
    el("span", { class: "hint muted" }, el("kbd", {}, "Enter"), " runs, ", el("kbd", {}, "Shift"), "+", el("kbd", {}, "Enter"), " new line, ",
      el("kbd", {}, "Ctrl"), "+", el("kbd", {}, "Space"), " completes, ", el("kbd", {}, "↓"), " in an empty editor lists recent queries"));

  const graphTab = el("button", { type: "button", role: "tab", id: "tab-graph", "aria-controls": "panel-graph", "data-testid": "tab-graph" }, "Graph");
  const tableTab = el("button", { type: "button", role: "tab", id: "tab-table", "aria-controls": "panel-table", "data-testid": "tab-table" }, "Table");
  const stats = el("span", { class: "ex-stats", "data-testid": "result-stats", "aria-live": "polite" });
  const graphBox = el("div", { class: "graph-box", "data-testid": "graph" });
  const graphEmpty = el("div", { class: "graph-empty" });
  graphBox.append(graphEmpty);
  const graphPanel = el("div", { class: "ex-panel", role: "tabpanel", id: "panel-graph", "aria-labelledby": "tab-graph" }, graphBox);
  const tableWrap = el("div", { class: "instant-table-wrap", "data-testid": "table" });
  const tablePanel = el("div", { class: "ex-panel", role: "tabpanel", id: "panel-table", "aria-labelledby": "tab-table" }, tableWrap);
  const message = el("div", { class: "explore-message" });
  const card = el("section", { class: "card result-card", "aria-label": "Query result" },
    el("div", { class: "ex-tabs", role: "tablist", "aria-label": "Result view" }, graphTab, tableTab, stats), graphPanel, tablePanel);
  container.append(head, queryList, actions, message, card);

  // ---- query rows ----
  function renumber() {
    rows.forEach((row, i) => {
      row.tag.textContent = letter(i);
      row.remove.disabled = rows.length === 1;
      row.remove.setAttribute("aria-label", `Remove query ${letter(i)}`);
    });
  }
  function addRow(value, focus) {
    const tag = el("span", { class: "query-tag", "aria-hidden": "true" });
    const remove = el("button", { type: "button", class: "ex-icon-button", title: "Remove this query", "data-testid": "remove-query" }, "×");
    const element = el("div", { class: "query-row", "data-testid": "query-row" }, tag);
    queryList.append(element);
    const editor = createQueryEditor(element, { language: "promql", value, onRun: () => run(), onChange: debounce(writeURL, 300) });
    element.append(remove);
    const row = { editor, element, tag, remove };
    remove.addEventListener("click", () => {
      if (rows.length === 1) return;
      const at = rows.indexOf(row);
      rows.splice(at, 1);
      editor.destroy();
      element.remove();
      renumber();
      writeURL();
      rows[Math.max(0, at - 1)].editor.focus();
      run();
    });
    rows.push(row);
    renumber();
    if (focus) editor.focus();
    return row;
  }
  const initial = params.getAll("q");
  (initial.length ? initial : [""]).forEach((q) => addRow(q, false));
  addButton.addEventListener("click", () => { addRow("", true); writeURL(); });

  // ---- URL ----
  function writeURL() {
    if (destroyed) return;
    const search = new URLSearchParams();
    for (const row of rows) if (row.editor.value.trim()) search.append("q", row.editor.value);
    search.set("from", state.from);
    search.set("to", state.to);
    if (state.step) search.set("step", state.step);
    search.set("tab", state.tab);
    if (state.refresh) search.set("refresh", state.refresh);
    history.replaceState(null, "", window.location.pathname + "?" + search.toString());
  }

  // ---- tabs ----
  function showTab(tab, focus) {
    state.tab = tab;
    graphTab.setAttribute("aria-selected", String(tab === "graph"));
    tableTab.setAttribute("aria-selected", String(tab === "table"));
    graphTab.tabIndex = tab === "graph" ? 0 : -1;
    tableTab.tabIndex = tab === "table" ? 0 : -1;
    graphPanel.hidden = tab !== "graph";
    tablePanel.hidden = tab !== "table";
    if (focus) (tab === "graph" ? graphTab : tableTab).focus();
    if (tab === "graph" && chart) chart.resize();
  }
  graphTab.addEventListener("click", () => { showTab("graph"); writeURL(); run(); });
  tableTab.addEventListener("click", () => { showTab("table"); writeURL(); run(); });
  for (const tab of [graphTab, tableTab]) {
    tab.addEventListener("keydown", (event) => {
      if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
        event.preventDefault();
        const next = state.tab === "graph" ? "table" : "graph";
        showTab(next, true);
        writeURL();
        run();
      }
    });
  }
  showTab(state.tab);

  // ---- controls ----
  stepInput.addEventListener("change", () => {
    const text = stepInput.value.trim();
    const ok = text === "" || (parseDuration(text) !== null && parseDuration(text) > 0);
    stepInput.setAttribute("aria-invalid", String(!ok));
    if (!ok) return;
    state.step = text;
    writeURL();
    run();
  });
  stepInput.addEventListener("keydown", (event) => { if (event.key === "Enter") stepInput.dispatchEvent(new Event("change")); });
  refreshSelect.addEventListener("change", () => { state.refresh = refreshSelect.value; writeURL(); schedule(); });
  runButton.addEventListener("click", () => run());

  function schedule() {
    clearInterval(refreshTimer);
    refreshTimer = null;
    const seconds = parseDuration(state.refresh);
    if (!seconds) return;
    refreshTimer = setInterval(() => { if (!document.hidden && !running) run({ quiet: true }); }, seconds * 1000);
  }

  // ---- chart ----
  async function ensureChart() {
    if (chart) return chart;
    if (!chartModule) {
      try {
        chartModule = await import("../chart/chart.js");
      } catch (error) {
        showMessage("warn", `The chart renderer did not load (${error.message}); the table view still works.`);
        return null;
      }
    }
    if (destroyed) return null;
    chart = chartModule.createChart(graphBox, {
      type: "timeseries", legend: true, fill: "line",
      onZoom: (start, end) => {
        state.from = String(Math.floor(start));
        state.to = String(Math.ceil(end));
        picker.set(state.from, state.to);
        writeURL();
        run();
      },
    });
    return chart;
  }

  function showMessage(kind, text) {
    message.replaceChildren();
    if (text) message.append(el("div", { class: `message ${kind}`, role: kind === "error" ? "alert" : "status" }, text));
  }

  function setEmpty(text, withExamples) {
    graphEmpty.replaceChildren();
    graphEmpty.hidden = !text;
    if (!text) return;
    const box = el("div", {}, el("p", {}, text));
    if (withExamples) {
      box.append(el("p", { class: "muted" }, "Try one of these:"));
      const list = el("div", { class: "labels", style: { justifyContent: "center" } });
      for (const q of EXAMPLES) {
        list.append(el("button", { type: "button", class: "example-query", onclick: () => { rows[0].editor.value = q; writeURL(); run(); } }, el("code", {}, q)));
      }
      box.append(list);
    }
    graphEmpty.append(box);
  }

  function stepFor(start, end) {
    const typed = parseDuration(state.step);
    if (typed && typed > 0) return typed;
    const width = graphBox.clientWidth || 900;
    // About one point per 4 CSS pixels, but never more than Prometheus's 11,000 points.
    return Math.max(autoStep(start, end, Math.max(100, Math.min(1000, Math.round(width / 4)))), Math.ceil((end - start) / 11000));
  }

  // ---- running ----
  async function run({ quiet = false } = {}) {
    if (destroyed) return;
    if (controller) controller.abort();
    controller = new AbortController();
    const signal = controller.signal;
    const mine = ++debug.runs;
    writeURL();
    const now = Date.now() / 1000;
    const start = resolveTime(state.from, now);
    const end = resolveTime(state.to, now);
    if (start === null || end === null || start >= end) {
      showMessage("error", `The time range ${state.from} to ${state.to} is not valid.`);
      return;
    }
    showMessage("", "");
    const active = rows.filter((row) => row.editor.value.trim());
    if (!active.length) {
      stats.textContent = "";
      if (chart) chart.setData({ series: [], start, end, step: 60 });
      setEmpty("Enter a PromQL expression above and press Enter.", true);
      tableWrap.replaceChildren(el("p", { class: "muted" }, "No query yet."));
      return;
    }
    running = true;
    debug.busy = true;
    if (!quiet) for (const row of active) remember("promql", row.editor.value);
    if (!quiet) stats.replaceChildren(el("span", { class: "busy" }, "Running…"));
    const began = performance.now();
    try {
      if (state.tab === "graph") await runGraph(active, start, end, signal, began);
      else await runTable(active, end, signal, began);
    } finally {
      if (mine === debug.runs) { running = false; debug.busy = false; }
    }
  }

  function reportErrors(active, results) {
    let failed = 0;
    results.forEach((result, i) => {
      if (result.status === "rejected") {
        if (result.reason && result.reason.name === "AbortError") return;
        failed++;
        active[i].editor.showError(explain(result.reason));
        debug.errors.push(String(result.reason && result.reason.message));
      } else active[i].editor.clearError();
    });
    return failed;
  }

  async function runGraph(active, start, end, signal, began) {
    const step = stepFor(start, end);
    const results = await Promise.allSettled(active.map((row) => queryRange(row.editor.value, start, end, step, { signal })));
    if (signal.aborted || destroyed) return;
    const ms = performance.now() - began;
    const failed = reportErrors(active, results);
    const c = await ensureChart();
    const series = [];
    let warnings = [];
    results.forEach((result, i) => {
      if (result.status !== "fulfilled" || !result.value) return;
      const data = result.value;
      if (!c) return;
      const list = data.resultType === "matrix" ? chartModule.seriesFromMatrix(data.result, "") : data.resultType === "vector" ? chartModule.seriesFromVector(data.result, "") : [];
      if (active.length > 1) for (const s of list) s.name = `${letter(rows.indexOf(active[i]))}: ${s.name}`;
      series.push(...list);
      if (data.warnings) warnings = warnings.concat(data.warnings);
    });
    let points = 0;
    for (const s of series) points += s.times.length;
    if (c) c.setData({ series, start, end, step });
    debug.lastSeries = series.length;
    debug.lastPoints = points;
    debug.lastMs = ms;
    // The chart says "No data" itself; without a chart, say it here.
    if (!c && failed < active.length && !series.length) setEmpty("The query returned no data in this time range.", false);
    else setEmpty("");
    if (failed === active.length) {
      stats.textContent = failed > 1 ? "The queries failed" : "The query failed";
      return;
    }
    stats.replaceChildren(
      el("span", { "data-testid": "series-count" }, `${series.length} series`), " · ",
      failed ? `${failed} failed · ` : "",
      `${points.toLocaleString()} points`, " · ",
      `step ${durationText(step)}`, " · ",
      el("span", { "data-testid": "query-time" }, `${Math.round(ms)} ms`));
    if (warnings.length) showMessage("warn", warnings.join("\n"));
  }

  async function runTable(active, time, signal, began) {
    const results = await Promise.allSettled(active.map((row) => queryInstant(row.editor.value, time, { signal })));
    if (signal.aborted || destroyed) return;
    const ms = performance.now() - began;
    reportErrors(active, results);
    // Rows as data first, so the Value header can sort them without asking the server again.
    const found = [];
    results.forEach((result, i) => {
      if (result.status !== "fulfilled") return;
      const data = result.value;
      const add = (metric, pair, text) => found.push({ i, metric: metric || {}, text: text ?? formatSample(pair), value: pair ? Number(pair[1]) : NaN });
      if (data.resultType === "vector") for (const s of data.result) add(s.metric, s.value);
      else if (data.resultType === "matrix") for (const s of data.result) { const last = s.values[s.values.length - 1]; add(s.metric, last, `${s.values.length} samples, last ${formatSample(last)}`); }
      else if (data.resultType === "scalar" || data.resultType === "string") add({}, data.result);
    });
    const count = found.length;
    const multi = active.length > 1;
    const body = el("tbody");
    const sortButton = el("button", { type: "button", class: "sort-button", "data-testid": "sort-value", title: "Sort by value" }, "Value");
    const valueHead = el("th", { class: "num", scope: "col", "aria-sort": "none" }, sortButton);
    let order = "none";
    const fill = () => {
      const shown = order === "none" ? found : [...found].sort((a, b) => {
        const x = Number.isNaN(a.value) ? -Infinity : a.value;
        const y = Number.isNaN(b.value) ? -Infinity : b.value;
        return order === "descending" ? y - x : x - y;
      });
      const fragment = document.createDocumentFragment();
      for (const row of shown.slice(0, MAX_TABLE_ROWS)) {
        const labels = el("span", { class: "labels" });
        const name = row.metric.__name__;
        for (const [k, v] of Object.entries(row.metric)) if (k !== "__name__") labels.append(el("span", { class: "label-pair" }, `${k}="${v}"`));
        fragment.append(el("tr", {},
          multi ? el("td", { class: "query-col" }, el("span", { class: "badge" }, letter(rows.indexOf(active[row.i])))) : null,
          el("td", {}, name ? el("span", { class: "metric-name" }, name) : null, labels, !name && !labels.childNodes.length ? el("span", { class: "muted" }, "{}") : null),
          el("td", { class: "value" }, row.text)));
      }
      body.replaceChildren(fragment);
      valueHead.setAttribute("aria-sort", order);
      sortButton.textContent = order === "descending" ? "Value ↓" : order === "ascending" ? "Value ↑" : "Value";
    };
    sortButton.addEventListener("click", () => { order = order === "descending" ? "ascending" : order === "ascending" ? "none" : "descending"; fill(); });
    fill();
    const table = el("table", { class: "data instant-table" },
      el("thead", {}, el("tr", {}, multi ? el("th", { class: "query-col", scope: "col" }, "Query") : null, el("th", { scope: "col" }, "Series"), valueHead)), body);
    tableWrap.replaceChildren();
    if (count) tableWrap.append(table);
    else tableWrap.append(el("p", { class: "muted" }, results.every((r) => r.status === "rejected") ? "The query failed; see the error above." : `No data at ${formatTime(time)}.`));
    if (count > MAX_TABLE_ROWS) tableWrap.append(el("p", { class: "muted" }, `Showing ${MAX_TABLE_ROWS} of ${count} rows.`));
    debug.lastSeries = count;
    debug.lastMs = ms;
    stats.replaceChildren(el("span", { "data-testid": "series-count" }, `${count} series`), " · ", `at ${formatTime(time)}`, " · ",
      el("span", { "data-testid": "query-time" }, `${Math.round(ms)} ms`));
  }

  function formatSample(pair) {
    if (!pair) return "";
    const v = Number(pair[1]);
    return Number.isFinite(v) && Math.abs(v) < 1e15 && String(pair[1]).length > 12 ? formatValue(v, "none") + `  (${pair[1]})` : String(pair[1]);
  }

  const onResize = debounce(() => { if (chart) chart.resize(); }, 100);
  window.addEventListener("resize", onResize);

  schedule();
  if (rows.some((row) => row.editor.value.trim())) run();
  else {
    setEmpty("Enter a PromQL expression above and press Enter.", true);
    tableWrap.replaceChildren(el("p", { class: "muted" }, "No query yet."));
  }
  rows[0].editor.focus();

  return () => {
    destroyed = true;
    if (controller) controller.abort();
    clearInterval(refreshTimer);
    window.removeEventListener("resize", onResize);
    for (const row of rows) row.editor.destroy();
    picker.destroy();
    if (chart) chart.destroy();
    if (window.warden.explore === debug) delete window.warden.explore;
  };
}

/** A server's error as it is; a failed request (no answer at all) as a sentence that says so. */
function explain(error) {
  if (error && error.name === "APIError") return error;
  return new Error(`Could not reach Warden (${error && error.message ? error.message : error}). Is the server running?`);
}
