// The overview page (/): the health of every host Warden knows at a glance. One row per instance
// of the node_* metrics with CPU, memory, disk and network (current value and a one-hour trend),
// the firing alerts, ingestion rates, recent alert events and deliveries, and storage usage.
//
// Each host metric is ONE range query for all instances (grouped `by (instance)`), not one query per
// host, so the page costs the same number of queries for 1 host or 100. Everything refreshes every
// 10 s while the tab is visible; the ingestion counters are polled every 5 s and differenced.
import { el, formatValue, PALETTE, debounce } from "../util.js";
import { get, queryRange, queryInstant, APIError } from "../api.js";
import { createPoller } from "./parts/poller.js";
import { drawSparkline, sparklineReady } from "./parts/sparkline.js";
import { stateBadge } from "./parts/badge.js";
import { labelChips } from "./parts/labels.js";
import { timeElement, relativeTime, toMillis } from "./parts/time.js";

const RANGE = 3600; // the sparklines' window, seconds
const STEP = 30;
const REFRESH_MS = 10000;
const COUNTERS_MS = 5000;

// Filesystems and interfaces that are not "the host's disk" or "its network" (node_exporter's
// usual dashboard exclusions): pseudo filesystems, loopback, bridges and virtual links.
const FS = 'fstype!~"tmpfs|ramfs|devtmpfs|overlay|squashfs|nsfs|fuse.lxcfs|autofs",mountpoint!~"/(run|boot/efi|snap)($|/.*)"';
const NET = 'device!~"lo|veth.*|docker.*|br-.*|virbr.*|cni.*|flannel.*|ifb.*|tun.*|tap.*"';

/** The host metrics: a range query each, grouped by instance (disk also by mountpoint, so the row
 *  can name the fullest filesystem). `warn`/`bad` are the thresholds for a percentage. */
const METRICS = [
  { key: "cpu", title: "CPU busy", unit: "percent", warn: 75, bad: 90, color: PALETTE[0],
    query: '100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m])))' },
  { key: "memory", title: "Memory used", unit: "percent", warn: 80, bad: 90, color: PALETTE[2],
    query: "100 * (1 - max by (instance) (node_memory_MemAvailable_bytes) / max by (instance) (node_memory_MemTotal_bytes))" },
  { key: "disk", title: "Disk used", unit: "percent", warn: 80, bad: 90, color: PALETTE[3], pickBy: "mountpoint",
    query: `100 * (1 - max by (instance, mountpoint) (node_filesystem_avail_bytes{${FS}}) / max by (instance, mountpoint) (node_filesystem_size_bytes{${FS}}))` },
  { key: "netIn", title: "Network in", unit: "Bps", color: PALETTE[4],
    query: `sum by (instance) (rate(node_network_receive_bytes_total{${NET}}[5m]))` },
  { key: "netOut", title: "Network out", unit: "Bps", color: PALETTE[1],
    query: `sum by (instance) (rate(node_network_transmit_bytes_total{${NET}}[5m]))` },
];

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#888";
}

/** A series of a range result as values on the [start, end] step grid (NaN where there is none). */
function onGrid(series, start, count) {
  const out = new Float64Array(count).fill(NaN);
  for (const [t, v] of series.values || []) {
    const i = Math.round((t - start) / STEP);
    if (i >= 0 && i < count) out[i] = Number(v);
  }
  return out;
}

function lastFinite(values) {
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i])) return { value: values[i], index: i };
  return null;
}

function extent(values) {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v; // NaN compares false both ways, so gaps are skipped
    if (v > max) max = v;
  }
  return { min, max };
}

function level(metric, value) {
  if (metric.bad !== undefined && value >= metric.bad) return "bad";
  if (metric.warn !== undefined && value >= metric.warn) return "warn";
  return "ok";
}

function errorText(error) {
  if (error instanceof APIError) return `${error.message} (HTTP ${error.status})`;
  return error && error.message ? error.message : String(error);
}

export function mount(container) {
  document.title = "Overview · Warden";
  const controller = new AbortController();
  const signal = controller.signal;
  let destroyed = false;

  // ---- layout -----------------------------------------------------------------------------
  const updated = el("span", { class: "muted", "aria-live": "off" }, "Loading…");
  const refreshButton = el("button", { type: "button", onclick: () => poller.refresh() }, "Refresh");
  const alertsCard = el("section", { class: "card summary-card", "aria-labelledby": "ov-alerts", "data-testid": "overview-alerts" });
  const ingestCard = el("section", { class: "card summary-card", "aria-labelledby": "ov-ingest", "data-testid": "overview-ingestion" });
  const storageCard = el("section", { class: "card summary-card", "aria-labelledby": "ov-storage", "data-testid": "overview-storage" });
  const targetsCard = el("section", { class: "card summary-card", "aria-labelledby": "ov-targets", "data-testid": "overview-targets" });
  // Refreshed sections are aria-live="off": <main> is a polite live region (page changes are
  // announced), and a refresh every 10 s must not be read aloud each time.
  const hostsBody = el("div", { class: "hosts", "data-testid": "overview-hosts", "aria-live": "off" });
  const firingList = el("div", { "data-testid": "overview-firing", "aria-live": "off" });
  const eventsList = el("div", { class: "events-scroll", "data-testid": "overview-events", tabindex: "0", "aria-label": "Recent events", "aria-live": "off" });

  container.append(
    el("div", { class: "page-header" },
      el("h1", {}, "Overview"),
      el("div", { class: "page-header-actions" }, updated, refreshButton)),
    el("div", { class: "summary-grid", "aria-live": "off" }, alertsCard, ingestCard, storageCard, targetsCard),
    el("section", { class: "card section-card", "aria-labelledby": "ov-hosts" },
      el("div", { class: "section-title" },
        el("h2", { id: "ov-hosts" }, "Hosts"),
        el("span", { class: "muted" }, "last hour, refreshed every 10 s"),
        el("a", { href: "/dashboards/host", class: "section-link" }, "Host dashboard →")),
      hostsBody),
    el("div", { class: "two-columns" },
      el("section", { class: "card section-card", "aria-labelledby": "ov-firing" },
        el("div", { class: "section-title" }, el("h2", { id: "ov-firing" }, "Firing alerts"),
          el("a", { href: "/alerts", class: "section-link" }, "All alerts →")),
        firingList),
      el("section", { class: "card section-card", "aria-labelledby": "ov-events" },
        el("div", { class: "section-title" }, el("h2", { id: "ov-events" }, "Recent events"),
          el("a", { href: "/alerts?tab=history", class: "section-link" }, "History →")),
        eventsList)),
  );

  cardFrame(alertsCard, "ov-alerts", "Alerts", el("p", { class: "muted" }, "Loading…"));
  cardFrame(ingestCard, "ov-ingest", "Ingestion", el("p", { class: "muted" }, "Loading…"));
  cardFrame(storageCard, "ov-storage", "Storage", el("p", { class: "muted" }, "Loading…"));
  cardFrame(targetsCard, "ov-targets", "Scrape targets", el("p", { class: "muted" }, "Loading…"));

  // ---- host table (kept between refreshes: rows are updated in place, canvases redrawn) -----
  let hostData = null; // { instances: [...], metrics: {key: Map(instance -> {values, last, extra})}, errors }
  const rows = new Map();
  let table = null;

  function metricCell(metric) {
    const value = el("span", { class: "metric-value" });
    const sub = el("span", { class: "metric-sub muted" });
    const canvas = el("canvas", { class: "sparkline", role: "img", "aria-label": `${metric.title}, last hour` });
    return { td: el("td", { class: "metric-cell", dataset: { metric: metric.key } }, el("div", { class: "metric-line" }, value, sub), canvas), value, sub, canvas };
  }

  function ensureTable() {
    if (table) return;
    table = el("table", { class: "data hosts-table" },
      el("thead", {}, el("tr", {},
        el("th", { scope: "col" }, "Instance"),
        METRICS.map((m) => el("th", { scope: "col" }, m.title)))),
      el("tbody"));
    hostsBody.replaceChildren(el("div", { class: "table-scroll" }, table));
  }

  function renderHosts() {
    if (!hostData) return;
    const { instances, metrics, info, errors } = hostData;
    const problems = errors.length ? el("div", { class: "message warn" }, errors.join("\n")) : null;
    if (!instances.length) {
      table = null;
      rows.clear();
      hostsBody.replaceChildren(...[problems, el("p", { class: "empty" },
        "No host metrics yet. Warden stores its own host's node_* metrics every scrape interval; the first ones appear within a minute of starting.")].filter(Boolean));
      return;
    }
    ensureTable();
    const tbody = table.tBodies[0];
    for (const [instance, row] of rows) if (!instances.includes(instance)) { row.tr.remove(); rows.delete(instance); }
    const colors = { ok: null, warn: cssVar("--warn"), bad: cssVar("--bad") };
    instances.forEach((instance, index) => {
      let row = rows.get(instance);
      if (!row) {
        const name = el("div", { class: "host-name" });
        const details = el("div", { class: "host-details muted" });
        const cells = METRICS.map(metricCell);
        row = { tr: el("tr", { dataset: { instance } }, el("th", { scope: "row", class: "host-cell" }, name, details), cells.map((c) => c.td)), name, details, cells };
        rows.set(instance, row);
      }
      if (tbody.children[index] !== row.tr) tbody.insertBefore(row.tr, tbody.children[index] || null);
      row.name.replaceChildren(el("a", { href: `/dashboards/host?var-instance=${encodeURIComponent(instance)}`, title: `Open the Host dashboard for ${instance}` }, instance));
      const facts = info.get(instance) || {};
      row.details.textContent = [
        facts.cpus ? `${facts.cpus} CPU${facts.cpus === 1 ? "" : "s"}` : null,
        facts.memory ? formatValue(facts.memory, "bytes") + " RAM" : null,
        facts.uptime ? "up " + formatValue(facts.uptime, "s", 0) : null,
      ].filter(Boolean).join(" · ");
      METRICS.forEach((metric, i) => {
        const cell = row.cells[i];
        const data = metrics[metric.key] ? metrics[metric.key].get(instance) : null;
        cell.td.classList.remove("ok", "warn", "bad", "stale");
        if (!data || !data.last) {
          cell.value.replaceChildren("–");
          cell.sub.textContent = metrics[metric.key] ? "waiting for samples" : "query failed";
          cell.sub.title = metrics[metric.key] ? "Rates need two samples; host metrics are stored every scrape interval" : "";
          cell.value.title = "";
          drawSparkline(cell.canvas, new Float64Array(0), cssVar("--fg-muted"));
          return;
        }
        const value = data.last.value;
        const state = metric.unit === "percent" ? level(metric, value) : "ok";
        const stale = data.last.index < data.values.length - 10; // nothing for 5 min: say so
        cell.td.classList.add(state);
        if (stale) cell.td.classList.add("stale");
        const icon = state === "bad" ? "▲ " : state === "warn" ? "! " : "";
        cell.value.replaceChildren(icon ? el("span", { class: "level-icon", "aria-hidden": "true" }, icon) : "", formatValue(value, metric.unit));
        cell.value.title = state === "bad" ? "Critical" : state === "warn" ? "High" : "";
        cell.sub.textContent = stale ? "stale" : data.extra || "";
        cell.sub.title = stale ? "No sample in the last 5 minutes" : data.extra || "";
        drawSparkline(cell.canvas, data.values, colors[state] || metric.color);
        const range = extent(data.values);
        const summary = `${metric.title}, last hour: min ${formatValue(range.min, metric.unit)}, max ${formatValue(range.max, metric.unit)}`;
        cell.canvas.setAttribute("aria-label", summary);
        cell.canvas.title = summary;
      });
    });
  }

  // ---- data ---------------------------------------------------------------------------------
  async function loadHosts() {
    // End at now (not at a step boundary): a host whose first samples are seconds old shows them.
    const end = Math.floor(Date.now() / 1000);
    const start = end - RANGE;
    const count = RANGE / STEP + 1;
    const opts = { signal };
    const [instancesR, memoryR, bootR, ...metricResults] = await Promise.allSettled([
      queryInstant("count by (instance) (node_cpu_seconds_total{mode=\"idle\"})", undefined, opts),
      queryInstant("max by (instance) (node_memory_MemTotal_bytes)", undefined, opts),
      queryInstant("max by (instance) (node_time_seconds - node_boot_time_seconds)", undefined, opts),
      ...METRICS.map((m) => queryRange(m.query, start, end, STEP, opts)),
    ]);
    if (destroyed) return;
    const errors = [];
    const instanceSet = new Set();
    const info = new Map();
    const fact = (result, key) => {
      if (result.status !== "fulfilled") return;
      for (const s of result.value.result || []) {
        const name = s.metric.instance || "";
        instanceSet.add(name);
        const entry = info.get(name) || {};
        entry[key] = Number(s.value[1]);
        info.set(name, entry);
      }
    };
    if (instancesR.status === "rejected") errors.push("Instances: " + errorText(instancesR.reason));
    fact(instancesR, "cpus");
    fact(memoryR, "memory");
    fact(bootR, "uptime");
    const metrics = {};
    METRICS.forEach((metric, i) => {
      const result = metricResults[i];
      if (result.status !== "fulfilled") { errors.push(`${metric.title}: ${errorText(result.reason)}`); return; }
      const byInstance = new Map();
      for (const series of result.value.result || []) {
        const instance = series.metric.instance || "";
        instanceSet.add(instance);
        const values = onGrid(series, start, count);
        const last = lastFinite(values);
        const previous = byInstance.get(instance);
        // Disk: several filesystems per instance; the row shows the fullest one and names it.
        if (previous && (!last || (previous.last && previous.last.value >= last.value))) continue;
        byInstance.set(instance, { values, last, extra: metric.pickBy ? series.metric[metric.pickBy] : "" });
      }
      metrics[metric.key] = byInstance;
    });
    const instances = [...instanceSet].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    hostData = { instances, metrics, info, errors };
    renderHosts();
  }

  let lastAlertsKey = "";
  async function loadAlerts() {
    const [firingR, rulesR] = await Promise.allSettled([
      get("/api/v2/alerts", undefined, { signal }),
      get("/api/v1/alerts", undefined, { signal }),
    ]);
    if (destroyed) return;
    const key = JSON.stringify([firingR.status, firingR.value, rulesR.value && rulesR.value.alerts.map((a) => [a.labels, a.state])]);
    if (key === lastAlertsKey) return;
    lastAlertsKey = key;
    if (firingR.status === "rejected") {
      cardFrame(alertsCard, "ov-alerts", "Alerts", el("div", { class: "message error" }, "Could not load alerts: " + errorText(firingR.reason)));
      firingList.replaceChildren(el("div", { class: "message error" }, errorText(firingR.reason)));
      return;
    }
    const all = firingR.value || [];
    const firing = all.filter((a) => a.status && a.status.state === "active");
    const silenced = all.filter((a) => a.status && a.status.silencedBy && a.status.silencedBy.length).length;
    const inhibited = all.filter((a) => a.status && a.status.inhibitedBy && a.status.inhibitedBy.length && !(a.status.silencedBy || []).length).length;
    const pending = rulesR.status === "fulfilled" ? (rulesR.value.alerts || []).filter((a) => a.state === "pending").length : null;
    const bySeverity = new Map();
    for (const alert of firing) {
      const severity = alert.labels.severity || "none";
      bySeverity.set(severity, (bySeverity.get(severity) || 0) + 1);
    }
    const order = ["critical", "page", "error", "warning", "info", "none"];
    const severities = [...bySeverity.entries()].sort(([a], [b]) => (order.indexOf(a) >>> 0) - (order.indexOf(b) >>> 0) || a.localeCompare(b));
    cardFrame(alertsCard, "ov-alerts", "Alerts",
      el("a", { href: "/alerts", class: "big-number-link" },
        el("span", { class: `big-number ${firing.length ? "bad" : "ok"}`, "data-testid": "firing-count" }, String(firing.length)),
        el("span", { class: "big-label" }, firing.length === 1 ? "alert firing" : "alerts firing")),
      severities.length
        ? el("div", { class: "severity-row" }, severities.map(([severity, n]) => el("span", { class: "severity-count" }, stateBadge(severity === "none" ? "unknown" : severity, severity === "none" ? "no severity" : severity), " ", String(n))))
        : el("div", { class: "severity-row" }, stateBadge("ok", "All clear")),
      el("p", { class: "muted small" }, [
        pending === null ? null : `${pending} pending`,
        `${silenced} silenced`,
        inhibited ? `${inhibited} inhibited` : null,
      ].filter(Boolean).join(" · ")));

    if (!firing.length) {
      firingList.replaceChildren(el("p", { class: "empty" }, "Nothing is firing."));
      return;
    }
    const sorted = [...firing].sort((a, b) => (order.indexOf(a.labels.severity) >>> 0) - (order.indexOf(b.labels.severity) >>> 0) || toMillis(b.startsAt) - toMillis(a.startsAt));
    const shown = sorted.slice(0, 8);
    firingList.replaceChildren(
      el("ul", { class: "item-list" }, shown.map((alert) => el("li", { class: "item" },
        el("div", { class: "item-head" },
          stateBadge(alert.labels.severity || "firing", alert.labels.severity || "firing"),
          el("a", { href: `/alerts?filter=${encodeURIComponent(`alertname="${alert.labels.alertname || ""}"`)}`, class: "item-title" }, alert.labels.alertname || "(no alertname)"),
          el("span", { class: "muted small item-time" }, "since ", timeElement(alert.startsAt))),
        alert.annotations && alert.annotations.summary ? el("div", { class: "item-text" }, alert.annotations.summary) : null,
        labelChips(alert.labels, { omit: ["alertname", "severity"] })))),
      ...(sorted.length > shown.length ? [el("p", { class: "muted small" }, el("a", { href: "/alerts" }, `and ${sorted.length - shown.length} more…`))] : []));
  }

  let lastEventsKey = "";
  async function loadEvents() {
    let history;
    try {
      history = await get("/api/v1/alerts/history", { since: "24h", limit: 20 }, { signal });
    } catch (error) {
      if (destroyed || signal.aborted) return;
      eventsList.replaceChildren(el("div", { class: "message error" }, "Could not load the alert history: " + errorText(error)));
      lastEventsKey = "";
      return;
    }
    if (destroyed) return;
    const key = JSON.stringify(history);
    if (key === lastEventsKey) { refreshRelativeTimes(eventsList); return; }
    lastEventsKey = key;
    // Retries of one notification (same receiver, integration, group and status) collapse into
    // one line with a count, so a failing receiver does not push every state change off the list.
    const collapsed = new Map();
    for (const n of [...(history.notifications || [])].sort((a, b) => toMillis(b.time) - toMillis(a.time))) {
      const key = [n.receiver, n.integration, n.index, n.groupKey, n.status].join("|");
      const entry = collapsed.get(key);
      if (entry) { entry.count++; continue; }
      collapsed.set(key, { ...n, count: 1 });
    }
    const names = new Map((history.events || []).map((e) => [e.fingerprint, (e.labels && e.labels.alertname) || ""]));
    const items = [
      ...(history.events || []).map((e) => ({ kind: "event", time: toMillis(e.time), e })),
      ...[...collapsed.values()].map((n) => ({ kind: "notification", time: toMillis(n.time), n })),
    ].sort((a, b) => b.time - a.time).slice(0, 20);
    if (!items.length) {
      eventsList.replaceChildren(el("p", { class: "empty" }, "No alert state changes or notifications in the last 24 hours."));
      return;
    }
    eventsList.replaceChildren(el("ul", { class: "item-list events" }, items.map((item) => {
      if (item.kind === "event") {
        const e = item.e;
        return el("li", { class: "item event" },
          el("div", { class: "item-head" }, stateBadge(e.state),
            el("span", { class: "item-title" }, (e.labels && e.labels.alertname) || "(alert)"),
            el("span", { class: "muted small item-time" }, timeElement(e.time))),
          labelChips(e.labels, { omit: ["alertname"] }));
      }
      const n = item.n;
      const about = [...new Set((n.fingerprints || []).map((f) => names.get(f)).filter(Boolean))].join(", ");
      return el("li", { class: "item notification" },
        el("div", { class: "item-head" }, stateBadge(n.outcome),
          el("span", { class: "item-title" }, `${n.integration} → ${n.receiver}`),
          el("span", { class: "muted small" }, [about ? `${about} ${n.status}` : n.status, `attempt ${n.attempt}`, n.count > 1 ? `+${n.count - 1} earlier` : null].filter(Boolean).join(", ")),
          el("span", { class: "muted small item-time" }, timeElement(n.time))),
        n.outcome !== "delivered" && n.detail ? el("div", { class: "item-text error-text" }, n.detail) : null);
    })));
  }

  // Scrape targets from the targets API (it carries each target's health and last error; the
  // `up` series says the same but only once a scrape has been stored).
  async function loadTargets() {
    let answer;
    try {
      answer = await get("/api/v1/targets", { state: "active" }, { signal });
    } catch (error) {
      if (destroyed || signal.aborted) return;
      cardFrame(targetsCard, "ov-targets", "Scrape targets", el("div", { class: "message error" }, errorText(error)));
      return;
    }
    if (destroyed) return;
    const targets = answer.activeTargets || [];
    const down = targets.filter((t) => t.health !== "up");
    const up = targets.length - down.length;
    cardFrame(targetsCard, "ov-targets", "Scrape targets",
      targets.length
        ? el("a", { href: "/status?tab=targets", class: "big-number-link" },
            el("span", { class: `big-number ${down.length ? "bad" : "ok"}`, "data-testid": "targets-up" }, `${up}/${targets.length}`),
            el("span", { class: "big-label" }, "up"))
        : el("p", { class: "muted" }, "No scrape targets configured (scrape_configs). Host metrics are collected without one."),
      down.length
        ? el("ul", { class: "compact-list" }, down.slice(0, 3).map((t) => el("li", { title: t.lastError || "" },
            stateBadge(t.health), " ", el("span", { class: "mono" }, `${t.labels.job}: ${t.labels.instance}`))),
            down.length > 3 ? el("li", { class: "muted" }, `and ${down.length - 3} more`) : null)
        : targets.length ? el("div", { class: "severity-row" }, stateBadge("up", "All targets up")) : null);
  }

  // ---- ingestion rates and storage (GET /api/v1/status/overview, polled every 5 s) ----------
  let previous = null; // the last overview answer, for differencing the counters
  let rates = null;
  let overviewMissing = false;
  async function loadOverview() {
    let status;
    try {
      status = await get("/api/v1/status/overview", undefined, { signal });
    } catch (error) {
      if (destroyed || signal.aborted) return;
      if (error instanceof APIError && error.status === 404) {
        // An older server without the endpoint: say so once and fall back to the TSDB stats.
        overviewMissing = true;
        counterPoller.stop();
        renderIngestion(null, "This server does not report ingestion counters (/api/v1/status/overview).");
        await fallbackStorage();
        return;
      }
      renderIngestion(null, "Could not load the ingestion counters: " + errorText(error));
      return;
    }
    if (destroyed) return;
    if (previous && status.time > previous.time) {
      const dt = status.time - previous.time;
      const rate = (key) => Math.max(0, (status.counters[key] - previous.counters[key]) / dt);
      rates = {
        samples: rate("samplesAppended"), rejected: rate("samplesRejected"),
        lines: rate("logLinesAppended"), logBytes: rate("logBytesAppended"),
      };
    }
    previous = status;
    renderIngestion(status);
    renderStorage(status.storage);
  }

  function stat(label, value, testid) {
    return el("div", { class: "stat" }, el("dt", {}, label), el("dd", { "data-testid": testid }, value));
  }

  function renderIngestion(status, message) {
    if (!status) {
      cardFrame(ingestCard, "ov-ingest", "Ingestion", el("p", { class: "muted" }, message));
      return;
    }
    const c = status.counters || {};
    const r = rates;
    const measuring = el("span", { class: "muted" }, "measuring…");
    cardFrame(ingestCard, "ov-ingest", "Ingestion",
      el("dl", { class: "stats" },
        stat("Samples/s", r ? formatValue(r.samples, "short") : measuring.cloneNode(true), "samples-rate"),
        stat("Log lines/s", r ? formatValue(r.lines, "short") : measuring.cloneNode(true), "lines-rate"),
        stat("Log bytes/s", r ? formatValue(r.logBytes, "Bps") : measuring.cloneNode(true)),
        stat("Rejected/s", r ? el("span", { class: r.rejected > 0 ? "warn-text" : "" }, formatValue(r.rejected, "short")) : measuring.cloneNode(true))),
      el("p", { class: "muted small" },
        `Since start: ${formatValue(c.samplesAppended, "short")} samples, ${formatValue(c.logLinesAppended, "short")} log lines, `,
        `${formatValue(c.notificationsSent, "short")} notifications sent`,
        c.notificationsFailed ? el("span", { class: "warn-text" }, `, ${formatValue(c.notificationsFailed, "short")} failed`) : ""));
  }

  function renderStorage(s, note) {
    if (!s) return;
    const used = s.diskTotalBytes ? 1 - s.diskFreeBytes / s.diskTotalBytes : null;
    const diskState = used === null ? "ok" : used >= 0.9 ? "bad" : used >= 0.8 ? "warn" : "ok";
    cardFrame(storageCard, "ov-storage", "Storage",
      el("dl", { class: "stats" },
        stat("Metrics", formatValue(s.metricsBytes, "bytes")),
        stat("Logs", formatValue(s.logsBytes, "bytes")),
        stat("Catalog", formatValue(s.catalogBytes, "bytes")),
        stat("Head series", formatValue(s.headSeries, "short"), "head-series"),
        s.logStreams !== undefined ? stat("Log streams", formatValue(s.logStreams, "short")) : null),
      used === null ? null : el("div", { class: "disk-bar" },
        el("div", { class: "disk-bar-text small" },
          el("span", {}, "Data disk: ", el("strong", {}, formatValue(s.diskFreeBytes, "bytes")), ` free of ${formatValue(s.diskTotalBytes, "bytes")}`),
          el("span", { class: `${diskState}-text` }, diskState === "ok" ? "" : diskState === "bad" ? "▲ " : "! ", formatValue(used * 100, "percent", 0), " used")),
        el("div", { class: "meter", role: "meter", "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": String(Math.round(used * 100)), "aria-label": "Data disk used" },
          el("div", { class: `meter-fill ${diskState}`, style: { width: `${Math.min(100, used * 100)}%` } }))),
      note ? el("p", { class: "muted small" }, note) : null);
  }

  async function fallbackStorage() {
    try {
      const tsdb = await get("/api/v1/status/tsdb", undefined, { signal });
      if (destroyed) return;
      const head = tsdb.headStats || {};
      cardFrame(storageCard, "ov-storage", "Storage",
        el("dl", { class: "stats" }, stat("Head series", formatValue(head.numSeries, "short"), "head-series"), stat("Head chunks", formatValue(head.chunkCount, "short"))),
        el("p", { class: "muted small" }, "Sizes on disk need /api/v1/status/overview, which this server does not serve."));
    } catch (error) {
      if (!destroyed && !signal.aborted) cardFrame(storageCard, "ov-storage", "Storage", el("div", { class: "message error" }, errorText(error)));
    }
  }

  function refreshRelativeTimes(root) {
    for (const t of root.querySelectorAll("time[datetime]")) {
      const prefix = t.dataset.prefix || "";
      t.textContent = prefix + relativeTime(t.getAttribute("datetime"));
    }
  }

  async function refreshAll() {
    await Promise.allSettled([loadHosts(), loadAlerts(), loadEvents(), loadTargets()]);
    if (destroyed) return;
    refreshRelativeTimes(firingList);
    updated.textContent = `Updated ${new Date().toLocaleTimeString()}`;
  }

  const poller = createPoller(refreshAll, REFRESH_MS);
  const counterPoller = createPoller(() => (overviewMissing ? null : loadOverview()), COUNTERS_MS);
  // Once the chart renderer has loaded, draw the trends with it rather than the stand-in.
  sparklineReady().then(() => { if (!destroyed) renderHosts(); });
  const onTheme = () => renderHosts();
  window.addEventListener("warden-theme", onTheme);
  const onResize = debounce(() => { if (!destroyed) renderHosts(); }, 150);
  window.addEventListener("resize", onResize);

  return () => {
    destroyed = true;
    controller.abort();
    poller.stop();
    counterPoller.stop();
    window.removeEventListener("warden-theme", onTheme);
    window.removeEventListener("resize", onResize);
  };
}

/** Fills a summary card: its heading, then the content. */
function cardFrame(card, id, title, ...content) {
  card.replaceChildren(el("h2", { id, class: "card-title" }, title), ...content.flat().filter(Boolean));
}

