// The Logs explorer: a LogQL editor, a time range, a volume histogram by level (stacked bars of
// `sum by (level, detected_level) (count_over_time(<query>[step]))`), the matching lines with
// their time, labels and the line filter's matches marked, per-line details (stream labels, then
// structured metadata and parsed labels), context lines around a line from the same stream, and
// live tail over Loki's WebSocket. A metric query (`rate({...}[5m])`) is drawn as a graph instead.
// State in the URL: `?q=...&from=now-1h&to=now&limit=100&dir=backward&tail=1`.
import { el, escapeHTML, resolveTime, autoStep, durationText, formatTime, debounce } from "../util.js";
import { get } from "../api.js";
import { createQueryEditor } from "../editor/query-editor.js";
import { remember } from "../editor/history.js";
import { createTimeRangePicker } from "../editor/time-range.js";
import { highlighter, markMatches } from "../editor/log-filters.js";
import { tokenize } from "../editor/tokenizer.js";

const LIMITS = [100, 500, 1000, 5000];
const MAX_ROWS = 5000;
const CONTEXT_LINES = 10;
const LEVEL_ORDER = ["critical", "fatal", "error", "err", "warning", "warn", "info", "debug", "trace", "unknown"];
const LEVEL_COLORS = { critical: "#CC79A7", fatal: "#CC79A7", error: "#D55E00", err: "#D55E00", warning: "#E69F00", warn: "#E69F00", info: "#0072B2", debug: "#999999", trace: "#56B4E9", unknown: "#88CCEE" };

/** "1732190000123456789" -> "2024-11-21 12:33:20.123" (local time). */
export function formatNs(ns) {
  const ms = Number(String(ns).slice(0, -6) || "0");
  return formatTime(ms / 1000) + "." + String(ms % 1000).padStart(3, "0");
}
function compareNs(a, b) { return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0; }
const levelOf = (labels) => String(labels.level || labels.detected_level || labels.severity || "").toLowerCase();

/** A selector that picks exactly this stream: {a="1", b="2"}. */
function exactSelector(labels) {
  return "{" + Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ") + "}";
}

/** The query without `# comments` (one would swallow the range wrapped around it). */
function withoutComments(text) {
  return tokenize(text, "logql").filter((t) => t.type !== "comment").map((t) => t.text).join("").trim();
}

/** Is this LogQL a log query (selector first) rather than a metric query? */
function isLogQuery(text) {
  return withoutComments(text).startsWith("{");
}

export async function mount(container, context) {
  const params = context.params;
  const state = {
    from: params.get("from") || "now-1h",
    to: params.get("to") || "now",
    limit: LIMITS.includes(Number(params.get("limit"))) ? Number(params.get("limit")) : 100,
    dir: params.get("dir") === "forward" ? "forward" : "backward",
    tail: params.get("tail") === "1",
    wrap: params.get("wrap") !== "0",
  };
  let destroyed = false;
  let controller = null;
  let chart = null;
  let chartModule = null;
  let socket = null;
  let entries = []; // [{ns, line, labels, level}]
  const byId = new Map(); // row id (data-row) -> entry, for the details of a clicked row
  let rowCount = 0;
  let streamLabelNames = new Set();
  let marker = null;
  const debug = { runs: 0, lines: 0, volumeSeries: 0, tail: { state: "off", received: 0 }, errors: [] };
  window.warden.logs = debug;

  // ---- layout ----
  const picker = createTimeRangePicker(document.createElement("div"), { from: state.from, to: state.to, onChange: (f, t) => { state.from = f; state.to = t; writeURL(); run(); } });
  const limitSelect = el("select", { "aria-label": "Line limit", "data-testid": "limit" }, LIMITS.map((n) => el("option", { value: n, selected: n === state.limit }, `${n} lines`)));
  const dirSelect = el("select", { "aria-label": "Order", "data-testid": "direction" },
    el("option", { value: "backward", selected: state.dir === "backward" }, "Newest first"),
    el("option", { value: "forward", selected: state.dir === "forward" }, "Oldest first"));
  const liveButton = el("button", { type: "button", class: "live-button", "aria-pressed": "false", "data-testid": "live-tail", title: "Stream new lines as they arrive" }, "Live tail");
  const runButton = el("button", { type: "button", class: "primary", "data-testid": "run" }, "Run query");
  const head = el("div", { class: "explorer-head toolbar logs-controls" }, el("h1", {}, "Logs explorer"), picker.element, limitSelect, dirSelect, liveButton, runButton);
  const editorRow = el("div", { class: "query-row" });
  const editor = createQueryEditor(editorRow, { language: "logql", value: params.get("q") || "", onRun: () => run(), onChange: debounce(writeURL, 300) });
  const hint = el("div", { class: "explorer-actions" }, el("span", { class: "hint muted" },
    el("kbd", {}, "Enter"), " runs · ", el("code", {}, '|= "text"'), " and ", el("code", {}, '|~ "regex"'), " filters are highlighted in the results · ",
    el("kbd", {}, "Ctrl"), "+", el("kbd", {}, "Space"), " completes · ", el("kbd", {}, "↓"), " recent queries"));
  const message = el("div", {});
  const volumeTotal = el("span", { class: "muted", "data-testid": "volume-total" });
  const volumeTitle = el("span", {}, "Log volume");
  const volumeBox = el("div", { class: "volume-box", "data-testid": "volume" });
  const volumeCard = el("section", { class: "card volume-card", "aria-label": "Log volume" }, el("h2", {}, volumeTitle, volumeTotal), volumeBox);
  const stats = el("span", { class: "ex-stats", "data-testid": "result-stats", "aria-live": "polite" });
  const wrapBox = el("input", { type: "checkbox", checked: state.wrap, "data-testid": "wrap-lines" });
  const wrapLabel = el("label", { class: "wrap-toggle" }, wrapBox, "Wrap lines");
  const list = el("ol", { class: "log-list", "data-testid": "log-lines", "aria-label": "Log lines" });
  const logsCard = el("section", { class: "card logs-card", "aria-label": "Log lines" },
    el("div", { class: "ex-tabs" }, el("strong", {}, "Lines"), stats, wrapLabel), list);
  container.append(head, editorRow, hint, message, volumeCard, logsCard);

  // ---- URL ----
  function writeURL() {
    if (destroyed) return;
    const search = new URLSearchParams();
    if (editor.value.trim()) search.set("q", editor.value);
    search.set("from", state.from);
    search.set("to", state.to);
    search.set("limit", String(state.limit));
    search.set("dir", state.dir);
    if (state.tail) search.set("tail", "1");
    if (!state.wrap) search.set("wrap", "0");
    history.replaceState(null, "", window.location.pathname + "?" + search.toString());
  }

  list.classList.toggle("nowrap", !state.wrap);
  wrapBox.addEventListener("change", () => { state.wrap = wrapBox.checked; list.classList.toggle("nowrap", !state.wrap); writeURL(); });
  limitSelect.addEventListener("change", () => { state.limit = Number(limitSelect.value); writeURL(); run(); });
  dirSelect.addEventListener("change", () => { state.dir = dirSelect.value; writeURL(); run(); });
  runButton.addEventListener("click", () => run());
  liveButton.addEventListener("click", () => (socket ? stopTail("") : startTail()));

  function showMessage(kind, text) {
    message.replaceChildren();
    if (text) message.append(el("div", { class: `message ${kind}`, role: kind === "error" ? "alert" : "status" }, text));
  }

  async function ensureChart() {
    if (chart) return chart;
    if (!chartModule) {
      try { chartModule = await import("../chart/chart.js"); } catch (error) {
        volumeBox.replaceChildren(el("p", { class: "muted" }, `The chart renderer did not load (${error.message}).`));
        return null;
      }
    }
    if (destroyed) return null;
    chart = chartModule.createChart(volumeBox, {
      type: "bars", stack: true, legend: true, unit: "short",
      onZoom: (start, end) => { state.from = String(Math.floor(start)); state.to = String(Math.ceil(end)); picker.set(state.from, state.to); writeURL(); run(); },
    });
    return chart;
  }

  // ---- the stream labels (indexed) vs. everything else on a line ----
  async function loadLabelNames(startNs, endNs) {
    const range = startNs ? { start: String(startNs), end: String(endNs) } : undefined;
    try { streamLabelNames = new Set(await get("/loki/api/v1/labels", range)); } catch (e) { streamLabelNames = new Set(); }
  }

  // ---- running ----
  async function run() {
    if (destroyed) return;
    if (controller) controller.abort();
    controller = new AbortController();
    const signal = controller.signal;
    const mine = ++debug.runs;
    // A new query restarts the tail with it (after its results, so the tail starts where they end).
    if (socket) stopTail();
    writeURL();
    const query = editor.value.trim();
    const now = Date.now() / 1000;
    const start = resolveTime(state.from, now);
    const end = resolveTime(state.to, now);
    if (start === null || end === null || start >= end) { showMessage("error", `The time range ${state.from} to ${state.to} is not valid.`); return; }
    showMessage("", "");
    if (!query) { showEmpty(); return; }
    stats.replaceChildren(el("span", { class: "busy" }, "Running…"));
    volumeCard.hidden = false;
    remember("logql", query);
    const began = performance.now();
    const logQuery = isLogQuery(query);
    const step = autoStep(start, end, logQuery ? 80 : 250);
    const startNs = BigInt(Math.floor(start * 1000)) * 1000000n;
    const endNs = BigInt(Math.ceil(end * 1000)) * 1000000n;
    const main = get("/loki/api/v1/query_range", logQuery
      ? { query, start: String(startNs), end: String(endNs), limit: state.limit, direction: state.dir }
      : { query, start: String(startNs), end: String(endNs), step: `${step}s` }, { signal });
    const volume = logQuery
      ? get("/loki/api/v1/query_range", { query: `sum by (level, detected_level) (count_over_time(${withoutComments(query)} [${durationText(step)}]))`, start: String(startNs), end: String(endNs), step: `${step}s` }, { signal })
      : null;
    const [result, volumeResult] = await Promise.allSettled([main, volume, logQuery ? loadLabelNames(startNs, endNs) : null]);
    if (signal.aborted || destroyed || mine !== debug.runs) return;
    const ms = performance.now() - began;
    if (result.status === "rejected") {
      editor.showError(explain(result.reason));
      debug.errors.push(String(result.reason && result.reason.message));
      stats.textContent = "Query failed";
      volumeCard.hidden = true; // an old result next to the error would read as this query's
      list.replaceChildren(el("li", { class: "log-empty" }, "The query failed; see the error above."));
      return;
    }
    editor.clearError();
    const data = result.value;
    if (data.resultType === "streams") {
      volumeTitle.textContent = "Log volume";
      await drawVolume(volumeResult, start, end, step);
      entries = flatten(data.result);
      marker = highlighter(query);
      const drawn = performance.now();
      renderList();
      debug.renderMs = performance.now() - drawn;
      const processed = data.stats && data.stats.summary ? data.stats.summary.totalLinesProcessed : null;
      stats.replaceChildren(
        el("span", { "data-testid": "line-count" }, `${entries.length.toLocaleString()} lines`),
        entries.length >= state.limit ? ` (limit ${state.limit})` : "",
        processed !== null ? ` · ${processed.toLocaleString()} scanned` : "",
        " · ", el("span", { "data-testid": "query-time" }, `${Math.round(ms)} ms`));
    } else {
      // A metric query: draw it where the volume goes, list nothing.
      volumeTitle.textContent = "Metric query result";
      const c = await ensureChart();
      const series = data.resultType === "matrix" && chartModule ? chartModule.seriesFromMatrix(data.result, "") : data.resultType === "vector" && chartModule ? chartModule.seriesFromVector(data.result, "") : [];
      volumeBox.className = "metric-box";
      if (c) { c.setOptions({ type: "timeseries", stack: false }); c.resize(); c.setData({ series, start, end, step }); }
      debug.volumeSeries = series.length;
      volumeTotal.textContent = `${series.length} series`;
      entries = [];
      list.replaceChildren(el("li", { class: "log-empty" }, "This is a metric query: its result is drawn above."));
      stats.replaceChildren(`${series.length} series · `, el("span", { "data-testid": "query-time" }, `${Math.round(ms)} ms`));
    }
    debug.lines = entries.length;
    if (state.tail && !socket) startTail();
  }

  async function drawVolume(volumeResult, start, end, step) {
    volumeBox.className = "volume-box";
    const c = await ensureChart();
    if (!c) return;
    c.setOptions({ type: "bars", stack: true });
    c.resize();
    if (!volumeResult || volumeResult.status !== "fulfilled" || volumeResult.value.resultType !== "matrix") {
      c.setData({ series: [], start, end, step });
      volumeTotal.textContent = volumeResult && volumeResult.status === "rejected" ? `volume unavailable: ${volumeResult.reason.message}` : "";
      return;
    }
    // By level when the streams have one (level or detected_level); otherwise one total series.
    const byLevel = volumeResult.value.result.some((s) => levelOf(s.metric));
    const matrix = volumeResult.value.result.map((s) => ({ ...s, metric: { level: levelOf(s.metric) || (byLevel ? "unknown" : "all lines") } }));
    volumeTitle.textContent = byLevel ? "Log volume by level" : "Log volume";
    matrix.sort((a, b) => rankLevel(a.metric.level) - rankLevel(b.metric.level));
    const series = chartModule.seriesFromMatrix(matrix, "{{level}}");
    series.forEach((s) => { s.color = LEVEL_COLORS[s.labels && s.labels.level] || undefined; });
    let total = 0;
    for (const s of series) for (let i = 0; i < s.values.length; i++) total += s.values[i] || 0;
    c.setData({ series, start, end, step });
    debug.volumeSeries = series.length;
    volumeTotal.textContent = `${Math.round(total).toLocaleString()} lines in range · ${durationText(step)} bars`;
  }
  const rankLevel = (level) => { const i = LEVEL_ORDER.indexOf(level); return i < 0 ? LEVEL_ORDER.length : i; };

  function flatten(streams) {
    const out = [];
    for (const s of streams) for (const [ns, line] of s.values) out.push({ ns, line, labels: s.stream, level: levelOf(s.stream) });
    out.sort((a, b) => (state.dir === "forward" ? compareNs(a.ns, b.ns) : compareNs(b.ns, a.ns)));
    return out;
  }

  /** Labels worth showing on every row: those whose values differ between the rows. */
  function varyingLabels(rows) {
    const seen = new Map();
    for (const r of rows) for (const [k, v] of Object.entries(r.labels)) {
      if (!seen.has(k)) seen.set(k, new Set());
      seen.get(k).add(v);
    }
    const names = [];
    for (const [k, values] of seen) if (k !== "level" && k !== "detected_level" && (values.size > 1 || rows.some((r) => !(k in r.labels)))) names.push(k);
    return names.sort();
  }

  function showEmpty() {
    entries = [];
    volumeCard.hidden = true;
    stats.textContent = "";
    volumeTotal.textContent = "";
    if (chart) chart.setData({ series: [], start: resolveTime(state.from), end: resolveTime(state.to), step: 60 });
    const box = el("li", { class: "log-empty" }, el("p", {}, "Enter a LogQL query above, for example a stream selector, and press Enter."));
    list.replaceChildren(box);
    // Offer the streams this server has, so the first query is one click.
    get("/loki/api/v1/label/job/values").then((jobs) => {
      if (destroyed || !jobs || !jobs.length || editor.value.trim()) return;
      const buttons = el("div", { class: "labels", style: { justifyContent: "center" } });
      for (const job of jobs.slice(0, 8)) {
        const q = `{job=${JSON.stringify(job)}}`;
        buttons.append(el("button", { type: "button", onclick: () => { editor.value = q; run(); } }, el("code", {}, q)));
      }
      box.append(buttons);
    }, () => {});
  }

  function renderList() {
    const show = entries.slice(0, MAX_ROWS);
    const shown = varyingLabels(show);
    byId.clear();
    // One HTML string and one parse: thousands of rows built node by node cost seconds.
    let html = "";
    for (const entry of show) html += rowHTML(entry, shown, false);
    list.innerHTML = html;
    alignLabels();
    if (!show.length) list.append(el("li", { class: "log-empty" }, "No lines match in this time range."));
    if (entries.length > MAX_ROWS) list.append(el("li", { class: "log-empty" }, `Showing the first ${MAX_ROWS} lines.`));
    list.scrollTop = 0;
  }

  /** One width for the labels column of every row (each row is its own grid). Only the row with
   *  the most label text is measured: measuring all would lay out rows the browser is skipping
   *  (content-visibility), which costs seconds for thousands of lines. */
  function alignLabels() {
    let widest = null;
    let most = -1;
    for (const box of list.querySelectorAll(".log-labels")) {
      const length = box.textContent.length + box.childElementCount * 3;
      if (length > most) { most = length; widest = box; }
    }
    const width = widest && most > 0 ? widest.scrollWidth : 0;
    list.style.setProperty("--labels-w", width ? `${Math.min(width, 352) + 2}px` : "0px");
    list.classList.toggle("no-labels", !width);
  }

  function rowHTML(entry, shownLabels, fresh) {
    const id = ++rowCount;
    byId.set(id, entry);
    let labels = "";
    for (const name of shownLabels) {
      if (entry.labels[name] !== undefined) labels += `<span class="label-pair">${escapeHTML(name)}=${escapeHTML(entry.labels[name])}</span>`;
    }
    const level = `<span class="log-level">${entry.level ? escapeHTML(entry.level) : ""}</span>`;
    return `<li class="log-row${fresh ? " fresh" : ""}" data-testid="log-row" data-row="${id}"${entry.level ? ` data-level="${escapeHTML(entry.level)}"` : ""}>` +
      `<button type="button" class="log-summary" aria-expanded="false"><span class="chevron" aria-hidden="true">▸</span>` +
      `<span class="log-time">${formatNs(entry.ns)}</span>${level}<span class="log-labels">${labels}</span>` +
      `<span class="log-line" data-testid="log-line">${markMatches(entry.line, marker)}</span></button></li>`;
  }

  /** Rows open and close through one listener on the list (rows come and go by the thousand). */
  list.addEventListener("click", (event) => {
    const summary = event.target.closest(".log-summary");
    if (!summary || !list.contains(summary)) return;
    const li = summary.parentElement;
    const open = summary.getAttribute("aria-expanded") !== "true";
    summary.setAttribute("aria-expanded", String(open));
    li.classList.toggle("open", open);
    let details = li.querySelector(".log-details");
    if (!details) {
      const entry = byId.get(Number(li.dataset.row));
      if (!entry) return;
      details = detailsFor(entry);
      li.append(details);
    }
    details.hidden = !open;
  });

  function detailsFor(entry) {
    const streamRows = [];
    const otherRows = [];
    for (const [k, v] of Object.entries(entry.labels).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const filter = (op, word) => el("button", {
        type: "button", class: "filter-button", title: `${word} ${k}=${v}`, "aria-label": `${word} ${k}=${JSON.stringify(v)}`,
        onclick: () => addLabelFilter(k, op, v),
      }, op === "=" ? "+" : "−");
      const tr = el("tr", {}, el("td", { class: "filters" }, filter("=", "Show only lines with"), filter("!=", "Hide lines with")), el("td", { class: "key" }, k), el("td", {}, v));
      (streamLabelNames.size === 0 || streamLabelNames.has(k) ? streamRows : otherRows).push(tr);
    }
    const table = el("table", { "data-testid": "log-metadata" });
    table.append(el("tr", {}, el("th", { colspan: 3 }, "Stream labels")), ...streamRows);
    if (otherRows.length) table.append(el("tr", {}, el("th", { colspan: 3 }, "Structured metadata and parsed labels")), ...otherRows);
    table.append(el("tr", {}, el("th", { colspan: 3 }, "Entry")),
      el("tr", {}, el("td", {}), el("td", { class: "key" }, "timestamp"), el("td", {}, `${entry.ns} (${formatNs(entry.ns)})`)),
      el("tr", {}, el("td", {}), el("td", { class: "key" }, "bytes"), el("td", {}, String(new TextEncoder().encode(entry.line).length))));
    const contextBox = el("div", {});
    const contextButton = el("button", { type: "button", "data-testid": "show-context" }, "Show context");
    const streamButton = el("button", { type: "button", title: "Query only this stream" }, "Show this stream only");
    contextButton.addEventListener("click", () => loadContext(entry, contextBox, contextButton));
    streamButton.addEventListener("click", () => { editor.value = exactSelector(streamOnly(entry.labels)); run(); });
    return el("div", { class: "log-details" }, table, el("div", { class: "detail-actions" }, contextButton, streamButton), contextBox);
  }

  /** Narrows (or widens) the query by one label, as a pipeline label filter, and runs it. */
  function addLabelFilter(name, op, value) {
    const query = editor.value.trim();
    if (!isLogQuery(query)) return;
    editor.value = `${query} | ${name}${op}${JSON.stringify(value)}`;
    run();
  }

  function streamOnly(labels) {
    if (!streamLabelNames.size) return labels;
    return Object.fromEntries(Object.entries(labels).filter(([k]) => streamLabelNames.has(k)));
  }

  /** Lines just before and after `entry` in its own stream (without the query's filters). */
  async function loadContext(entry, box, button) {
    button.disabled = true;
    box.replaceChildren(el("p", { class: "muted" }, "Loading context…"));
    const selector = exactSelector(streamOnly(entry.labels));
    const ns = BigInt(entry.ns);
    const hour = 3600n * 1000000000n;
    try {
      const [before, after] = await Promise.all([
        get("/loki/api/v1/query_range", { query: selector, start: String(ns - hour), end: String(ns), limit: CONTEXT_LINES, direction: "backward" }),
        get("/loki/api/v1/query_range", { query: selector, start: String(ns + 1n), end: String(ns + hour), limit: CONTEXT_LINES, direction: "forward" }),
      ]);
      const lines = (data) => data.result.flatMap((s) => s.values.map(([t, line]) => ({ ns: t, line })));
      const older = lines(before).filter((x) => x.ns !== entry.ns).sort((a, b) => compareNs(a.ns, b.ns));
      const newer = lines(after).sort((a, b) => compareNs(a.ns, b.ns));
      const ol = el("ol", { class: "log-context", "data-testid": "log-context", "aria-label": `Context of the line at ${formatNs(entry.ns)}` });
      const item = (x, cls) => {
        const li = el("li", { class: cls || "" }, el("span", { class: "log-time" }, formatNs(x.ns)), el("span", {}));
        li.lastChild.innerHTML = markMatches(x.line, marker);
        return li;
      };
      if (!older.length) ol.append(el("li", { class: "context-note" }, "No earlier lines in this stream within an hour."));
      for (const x of older) ol.append(item(x, "context-before"));
      ol.append(item(entry, "context-self"));
      for (const x of newer) ol.append(item(x, "context-after"));
      if (!newer.length) ol.append(el("li", { class: "context-note" }, "No later lines in this stream within an hour."));
      box.replaceChildren(ol);
      button.textContent = "Refresh context";
    } catch (error) {
      box.replaceChildren(el("div", { class: "message error" }, `Context failed: ${error.message}`));
    } finally {
      button.disabled = false;
    }
  }

  // ---- live tail ----
  function startTail() {
    const query = editor.value.trim();
    if (!query) { showMessage("warn", "Enter a log query to tail."); return; }
    if (!isLogQuery(query)) { stopTail("Live tail takes a log query (a stream selector and pipeline), not a metric query."); return; }
    stopTail();
    const latest = entries.reduce((max, e) => (compareNs(e.ns, max) > 0 ? e.ns : max), "0");
    const start = latest !== "0" ? String(BigInt(latest) + 1n) : String(BigInt(Date.now() - 5000) * 1000000n);
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    const url = `${scheme}//${window.location.host}/loki/api/v1/tail?` + new URLSearchParams({ query, limit: String(Math.min(state.limit, 1000)), start });
    state.tail = true;
    writeURL();
    liveButton.setAttribute("aria-pressed", "true");
    liveButton.textContent = "Stop live tail";
    debug.tail.state = "connecting";
    let ws;
    try { ws = new WebSocket(url); } catch (error) { stopTail(`Live tail failed: ${error.message}`); return; }
    socket = ws;
    ws.addEventListener("open", () => {
      if (socket !== ws) return;
      debug.tail.state = "open";
      showMessage("", "");
      stats.replaceChildren(el("span", { class: "busy" }, "Live: waiting for new lines…"));
    });
    ws.addEventListener("message", (event) => {
      if (socket !== ws) return;
      let frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      // The tail starts just after the newest line shown, so nothing it sends is already listed.
      const fresh = flatten(frame.streams || []);
      if (!fresh.length) return;
      debug.tail.received += fresh.length;
      addLive(fresh);
    });
    ws.addEventListener("close", (event) => {
      if (socket !== ws) return;
      socket = null;
      const why = event.reason ? `: ${event.reason}` : event.code === 1006 ? " (the connection was lost)" : "";
      stopTail(`Live tail ended${why}.`, event.code === 1000 ? "warn" : "error");
    });
  }

  function addLive(fresh) {
    if (list.querySelector(".log-empty")) list.replaceChildren();
    const shown = varyingLabels(entries.slice(0, 200).concat(fresh));
    const newestFirst = state.dir !== "forward";
    fresh.sort((a, b) => (newestFirst ? compareNs(b.ns, a.ns) : compareNs(a.ns, b.ns)));
    let html = "";
    for (const e of fresh) html += rowHTML(e, shown, true);
    if (newestFirst) { entries = fresh.concat(entries); list.insertAdjacentHTML("afterbegin", html); } else { entries = entries.concat(fresh); list.insertAdjacentHTML("beforeend", html); }
    alignLabels();
    // Keep the page bounded while tailing a busy stream.
    while (entries.length > MAX_ROWS) {
      entries = newestFirst ? entries.slice(0, MAX_ROWS) : entries.slice(entries.length - MAX_ROWS);
      const extra = list.children.length - MAX_ROWS;
      for (let i = 0; i < extra; i++) {
        const gone = newestFirst ? list.lastElementChild : list.firstElementChild;
        byId.delete(Number(gone.dataset.row));
        gone.remove();
      }
    }
    debug.lines = entries.length;
    stats.replaceChildren(el("span", { class: "busy" }, `Live: ${debug.tail.received.toLocaleString()} new lines`), ` · ${entries.length.toLocaleString()} shown`);
    if (!newestFirst) list.scrollTop = list.scrollHeight;
  }

  function stopTail(note, kind = "warn") {
    const ws = socket;
    socket = null;
    if (ws) { try { ws.close(1000, "stopped"); } catch (e) { /* already closing */ } }
    liveButton.setAttribute("aria-pressed", "false");
    liveButton.textContent = "Live tail";
    if (note !== undefined) {
      state.tail = false;
      debug.tail.state = "off";
      writeURL();
      if (note) showMessage(kind, note);
      if (!destroyed) stats.textContent = `${entries.length.toLocaleString()} lines`;
    }
  }

  const onResize = debounce(() => { if (chart) chart.resize(); }, 100);
  window.addEventListener("resize", onResize);
  loadLabelNames();
  if (editor.value.trim()) run(); else showEmpty();
  editor.focus();

  return () => {
    destroyed = true;
    if (controller) controller.abort();
    if (socket) { const ws = socket; socket = null; try { ws.close(1000, "page closed"); } catch (e) { /* closing */ } }
    window.removeEventListener("resize", onResize);
    editor.destroy();
    picker.destroy();
    if (chart) chart.destroy();
    if (window.warden.logs === debug) delete window.warden.logs;
  };
}

/** A server's error as it is; a failed request (no answer at all) as a sentence that says so. */
function explain(error) {
  if (error && error.name === "APIError") return error;
  return new Error(`Could not reach Warden (${error && error.message ? error.message : error}). Is the server running?`);
}
