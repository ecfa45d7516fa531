// The status page (/status): scrape targets with their health and last error, the running
// configuration, build information and flags, store statistics (head series and chunks, the top
// cardinalities), the backup jobs (parts/backups.js), and links to the raw endpoints. Tabs keep
// the page short; ?tab= names the view.
import { el, formatValue, formatDuration, formatTime } from "../util.js";
import { get } from "../api.js";
import { createTabs } from "./parts/tabs.js";
import { createPoller } from "./parts/poller.js";
import { stateBadge } from "./parts/badge.js";
import { labelChips } from "./parts/labels.js";
import { timeElement, relativeTime } from "./parts/time.js";
import { mountBackups } from "./parts/backups.js";

const TABS = [
  { id: "targets", label: "Targets" },
  { id: "tsdb", label: "Store" },
  { id: "config", label: "Configuration" },
  { id: "backups", label: "Backups" },
  { id: "runtime", label: "Build & flags" },
];

const ENDPOINTS = [
  ["/metrics", "Warden's own metrics"],
  ["/metrics/host", "This host's metrics"],
  ["/-/healthy", "Health"],
  ["/-/ready", "Readiness"],
  ["/api/v1/status/buildinfo", "Build info (JSON)"],
  ["/api/v1/status/config", "Configuration (JSON)"],
  ["/api/v1/status/tsdb", "Store statistics (JSON)"],
  ["/api/v1/targets", "Targets (JSON)"],
  ["/api/v1/backups/jobs", "Backup jobs (JSON)"],
];

function failure(what, error) {
  return el("div", { class: "message error" }, `Could not load ${what}: ${error.message || error}`);
}

// ---- targets ------------------------------------------------------------------------------------
function mountTargets(panel, ctx) {
  let destroyed = false;
  let lastKey = "";
  const onlyUnhealthy = el("input", { type: "checkbox", checked: ctx.params.get("unhealthy") === "1" });
  const search = el("input", { type: "search", placeholder: "Filter by job, endpoint or label", "aria-label": "Filter targets", value: ctx.params.get("q") || "" });
  const summary = el("span", { class: "muted" });
  const content = el("div", { "data-testid": "targets", "aria-live": "off" }, el("p", { class: "muted" }, "Loading…"));
  panel.append(el("div", { class: "filter-bar" }, search, el("label", { class: "check" }, onlyUnhealthy, "Only unhealthy"), el("span", { class: "spacer" }), summary), content);
  let data = null;
  onlyUnhealthy.addEventListener("change", () => { ctx.setParams({ unhealthy: onlyUnhealthy.checked ? "1" : null }); render(); });
  search.addEventListener("input", () => { ctx.setParams({ q: search.value }); render(); });

  function render() {
    if (!data) return;
    const text = search.value.trim().toLowerCase();
    const targets = data.activeTargets || [];
    const pools = new Map();
    for (const t of targets) {
      if (onlyUnhealthy.checked && t.health === "up") continue;
      if (text && !JSON.stringify([t.scrapePool, t.scrapeUrl, t.labels]).toLowerCase().includes(text)) continue;
      if (!pools.has(t.scrapePool)) pools.set(t.scrapePool, []);
      pools.get(t.scrapePool).push(t);
    }
    const up = targets.filter((t) => t.health === "up").length;
    summary.textContent = `${up} of ${targets.length} up${(data.droppedTargets || []).length ? `, ${data.droppedTargets.length} dropped by relabelling` : ""}`;
    if (!targets.length) {
      content.replaceChildren(el("p", { class: "empty" }, "No scrape targets. Add jobs under scrape_configs: in the configuration. (This host's own metrics are collected without a target: see /metrics/host.)"));
      return;
    }
    if (!pools.size) { content.replaceChildren(el("p", { class: "empty" }, "No target matches the filter.")); return; }
    content.replaceChildren(...[...pools.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([pool, list]) => {
      const poolUp = list.filter((t) => t.health === "up").length;
      return el("section", { class: "card target-pool", "aria-label": `Job ${pool}` },
        el("div", { class: "alert-group-head" }, el("strong", {}, pool),
          stateBadge(poolUp === list.length ? "up" : poolUp === 0 ? "down" : "pending", `${poolUp}/${list.length} up`)),
        el("div", { class: "table-scroll" }, el("table", { class: "data" },
          el("thead", {}, el("tr", {}, ["Endpoint", "State", "Labels", "Last scrape", "Duration", "Error"].map((h, i) => el("th", { scope: "col", class: i === 4 ? "num" : "" }, h)))),
          el("tbody", {}, list.map((t) => el("tr", { "data-testid": "target", dataset: { health: t.health, job: t.labels.job || pool } },
            el("td", {}, el("a", { href: t.scrapeUrl, "data-external": "", target: "_blank", rel: "noopener", class: "mono" }, t.scrapeUrl)),
            el("td", {}, stateBadge(t.health)),
            el("td", {}, labelChips(t.labels)),
            el("td", { class: "nowrap" }, timeElement(t.lastScrape), el("div", { class: "muted small" }, `every ${t.scrapeInterval}`)),
            el("td", { class: "num nowrap" }, t.lastScrapeDuration ? formatDuration(t.lastScrapeDuration) : "–"),
            el("td", {}, t.lastError ? el("div", { class: "error-text small" }, t.lastError) : el("span", { class: "muted" }, "–"))))))));
    }));
  }

  const poller = createPoller(async () => {
    try {
      data = await get("/api/v1/targets");
    } catch (error) {
      if (!destroyed) content.replaceChildren(failure("the targets", error));
      lastKey = "";
      return;
    }
    if (destroyed) return;
    const key = JSON.stringify((data.activeTargets || []).map((t) => [t.scrapeUrl, t.health, t.lastError, t.labels]));
    if (key === lastKey) {
      for (const node of content.querySelectorAll("time[datetime]")) node.textContent = relativeTime(node.getAttribute("datetime"));
      return;
    }
    lastKey = key;
    render();
  }, 10000);
  return () => { destroyed = true; poller.stop(); };
}

// ---- store statistics -----------------------------------------------------------------------------
function mountTSDB(panel) {
  let destroyed = false;
  const content = el("div", { "data-testid": "tsdb" }, el("p", { class: "muted" }, "Loading…"));
  panel.append(content);
  const table = (title, rows, column) => {
    const max = Math.max(1, ...rows.map((r) => r.value));
    return el("section", { class: "card", "aria-label": title },
      el("h3", {}, title),
      rows.length
        ? el("table", { class: "data" },
            el("thead", {}, el("tr", {}, el("th", { scope: "col" }, column), el("th", { scope: "col", class: "num" }, title.startsWith("Memory") ? "Bytes" : "Count"))),
            el("tbody", {}, rows.map((r) => el("tr", {},
              el("td", { class: "mono" }, r.name),
              el("td", { class: "num bar-cell" }, el("div", { class: "bar", style: { width: `${(r.value / max) * 100}%` }, "aria-hidden": "true" }),
                el("span", {}, title.startsWith("Memory") ? formatValue(r.value, "bytes") : r.value.toLocaleString()))))))
        : el("p", { class: "empty" }, "Nothing yet."));
  };
  get("/api/v1/status/tsdb").then((d) => {
    if (destroyed) return;
    const head = d.headStats || {};
    const stat = (label, value) => el("div", { class: "stat" }, el("dt", {}, label), el("dd", {}, value));
    content.replaceChildren(
      el("section", { class: "card section-card", "aria-labelledby": "tsdb-head" },
        el("h2", { id: "tsdb-head", class: "card-title" }, "Head block"),
        el("dl", { class: "stats head-stats" },
          stat("Series", (head.numSeries ?? 0).toLocaleString()),
          stat("Chunks", (head.chunkCount ?? 0).toLocaleString()),
          stat("Label pairs", (head.numLabelPairs ?? 0).toLocaleString()),
          stat("From", head.minTime ? formatTime(head.minTime / 1000) : "–"),
          stat("To", head.maxTime ? formatTime(head.maxTime / 1000) : "–"))),
      el("h2", {}, "Top cardinalities"),
      el("div", { class: "stat-tables" },
        table("Series by metric name", d.seriesCountByMetricName || [], "Metric"),
        table("Series by label pair", d.seriesCountByLabelValuePair || [], "Label pair"),
        table("Values by label name", d.labelValueCountByLabelName || [], "Label"),
        table("Memory by label name", d.memoryInBytesByLabelName || [], "Label")));
  }).catch((error) => { if (!destroyed) content.replaceChildren(failure("the store statistics", error)); });
  return () => { destroyed = true; };
}

// ---- configuration ----------------------------------------------------------------------------------
function mountConfig(panel) {
  let destroyed = false;
  const content = el("div", { "data-testid": "config" }, el("p", { class: "muted" }, "Loading…"));
  panel.append(content);
  get("/api/v1/status/config").then((d) => {
    if (destroyed) return;
    const yaml = d.yaml || "";
    const pre = el("pre", { class: "config", tabindex: "0", "aria-label": "Configuration file", "data-testid": "config-yaml" }, yaml || "# (no configuration file: every field has its default)");
    const status = el("span", { class: "muted small", role: "status" });
    const copy = el("button", { type: "button", "data-testid": "copy-config", onclick: async () => {
      try {
        await navigator.clipboard.writeText(yaml);
        status.textContent = "Copied.";
      } catch (e) {
        // Clipboard refused (e.g. not a secure context): select the text so Ctrl+C works.
        const range = document.createRange();
        range.selectNodeContents(pre);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        status.textContent = "Selected: press Ctrl+C to copy.";
      }
      setTimeout(() => { status.textContent = ""; }, 3000);
    } }, "Copy");
    content.replaceChildren(
      el("div", { class: "copy-row" }, el("h2", { style: { margin: "0" } }, "Configuration"), el("span", { class: "muted small" }, `${yaml.split("\n").length} lines`), el("span", { class: "spacer", style: { flex: "1" } }), status, copy),
      pre,
      el("p", { class: "muted small" }, "Reload a changed file with SIGHUP or POST /-/reload; a file with a problem is refused and this one stays in force."));
  }).catch((error) => { if (!destroyed) content.replaceChildren(failure("the configuration", error)); });
  return () => { destroyed = true; };
}

// ---- build info, flags, endpoints -----------------------------------------------------------------
function mountRuntime(panel) {
  let destroyed = false;
  const build = el("section", { class: "card section-card", "aria-labelledby": "st-build" }, el("h2", { id: "st-build" }, "Build"), el("p", { class: "muted" }, "Loading…"));
  const flags = el("section", { class: "card section-card", "aria-labelledby": "st-flags" }, el("h2", { id: "st-flags" }, "Flags"), el("p", { class: "muted" }, "Loading…"));
  const endpoints = el("section", { class: "card section-card", "aria-labelledby": "st-endpoints" },
    el("h2", { id: "st-endpoints" }, "Raw endpoints"),
    el("ul", { class: "endpoint-list" }, ENDPOINTS.map(([href, text]) => el("li", {}, el("a", { href, "data-external": "", target: "_blank", rel: "noopener" }, el("code", {}, href), " ", el("span", { class: "muted small" }, text))))));
  panel.append(el("div", { class: "info-cards" }, build, flags), endpoints);
  const kv = (entries) => el("dl", { class: "kv" }, entries.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v === "" || v === undefined ? "–" : v)]));
  Promise.allSettled([get("/api/v1/status/buildinfo"), get("/api/v2/status")]).then(([info, am]) => {
    if (destroyed) return;
    if (info.status === "rejected") { build.replaceChildren(build.firstChild, failure("the build info", info.reason)); return; }
    const b = info.value;
    const started = am.status === "fulfilled" ? am.value.uptime : null;
    build.replaceChildren(build.firstChild, kv([
      ["Version", b.version], ["Revision", b.revision], ["Branch", b.branch], ["Toolchain", b.goVersion],
      ["Built", b.buildDate], ["Built by", b.buildUser],
      ["Started", started ? el("span", {}, formatTime(Date.parse(started) / 1000), " (", relativeTime(started), ")") : "–"],
    ]));
  });
  get("/api/v1/status/flags").then((f) => {
    if (destroyed) return;
    flags.replaceChildren(flags.firstChild, kv(Object.entries(f).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [`--${k}`, v])));
  }).catch((error) => { if (!destroyed) flags.replaceChildren(flags.firstChild, failure("the flags", error)); });
  return () => { destroyed = true; };
}

const MOUNTS = { targets: mountTargets, tsdb: mountTSDB, config: mountConfig, backups: mountBackups, runtime: mountRuntime };

export function mount(container, context) {
  document.title = "Status · Warden";
  let unmountTab = null;
  let shown = null;
  function showTab(id) {
    if (unmountTab) { unmountTab(); unmountTab = null; }
    if (shown !== null && id !== shown) context.setParams({ tab: id === "targets" ? null : id, q: null, unhealthy: null });
    shown = id;
    tabs.panel.replaceChildren();
    unmountTab = MOUNTS[id](tabs.panel, { params: new URLSearchParams(window.location.search), setParams: context.setParams });
  }
  const requested = context.params.get("tab");
  const tabs = createTabs({ tabs: TABS, selected: MOUNTS[requested] ? requested : "targets", label: "Status views", onSelect: showTab });
  container.append(el("div", { class: "page-header" }, el("h1", {}, "Status")), tabs.element, tabs.panel);
  showTab(tabs.selected);
  return () => { if (unmountTab) unmountTab(); };
}
