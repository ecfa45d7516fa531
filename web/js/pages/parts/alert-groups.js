// The alerts tab of /alerts: firing alerts grouped exactly as the notifier's route groups them
// (GET /api/v2/alerts/groups, Alertmanager's API), with the pending alerts of the rule engine
// (GET /api/v1/alerts) above them. Each alert shows its state, labels, summary and description,
// since when it is active, and what silences or inhibits it; "Silence" opens the silence editor
// with the alert's labels prefilled as matchers.
import { el, debounce } from "../../util.js";
import { get } from "../../api.js";
import { createPoller } from "./poller.js";
import { stateBadge } from "./badge.js";
import { labelChips } from "./labels.js";
import { timeElement, relativeTime, toMillis } from "./time.js";
import { openSilenceForm } from "./silence-form.js";

const MATCHER = /([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g;

/** The filter box: `alertname="X", severity=~"crit.*"` filters by labels; other text searches. */
function parseFilter(text) {
  const trimmed = text.trim();
  if (!trimmed) return { matchers: [], text: "" };
  const matchers = [];
  let rest = trimmed;
  for (const m of trimmed.matchAll(MATCHER)) {
    matchers.push({ name: m[1], op: m[2], value: JSON.parse(`"${m[3]}"`) });
    rest = rest.replace(m[0], "");
  }
  if (matchers.length && !rest.replace(/[\s,{}]/g, "")) return { matchers, text: "" };
  return { matchers: [], text: trimmed.toLowerCase() };
}

function matches(alert, filter) {
  for (const m of filter.matchers) {
    const value = alert.labels[m.name] ?? "";
    let ok;
    if (m.op === "=" || m.op === "!=") ok = value === m.value;
    else {
      try { ok = new RegExp(`^(?:${m.value})$`).test(value); } catch (e) { ok = false; }
    }
    if (m.op.startsWith("!") ? ok : !ok) return false;
  }
  if (filter.text) {
    const hay = JSON.stringify([alert.labels, alert.annotations]).toLowerCase();
    if (!hay.includes(filter.text)) return false;
  }
  return true;
}

/** The rule's expression, from the Prometheus-style generatorURL (/graph?g0.expr=...). */
function queryOf(alert) {
  if (alert.query) return alert.query;
  if (!alert.generatorURL) return null;
  try { return new URL(alert.generatorURL, window.location.origin).searchParams.get("g0.expr"); } catch (e) { return null; }
}

function stateOf(alert) {
  const status = alert.status || {};
  if ((status.silencedBy || []).length) return "silenced";
  if ((status.inhibitedBy || []).length) return "inhibited";
  if (status.state === "active") return "firing";
  return status.state || "unprocessed";
}

/** mountAlertGroups(panel, {params, setParams, setCount, notify, showSilence(id)}) -> unmount */
export function mountAlertGroups(panel, ctx) {
  let destroyed = false;
  const filterInput = el("input", { type: "search", placeholder: 'Filter: text, or alertname="X", severity=~"crit.*"', "aria-label": "Filter alerts", value: ctx.params.get("filter") || "", "data-testid": "alert-filter" });
  const check = (key, label) => {
    const input = el("input", { type: "checkbox", checked: ctx.params.get(key) !== "0" });
    input.addEventListener("change", () => { ctx.setParams({ [key]: input.checked ? null : "0" }); render(); });
    return { input, label: el("label", { class: "check" }, input, label) };
  };
  const showSilenced = check("silenced", "Silenced");
  const showInhibited = check("inhibited", "Inhibited");
  const showPending = check("pending", "Pending");
  const summary = el("span", { class: "muted", "aria-live": "polite" });
  const content = el("div", { "data-testid": "alert-groups", "aria-live": "off" }, el("p", { class: "muted" }, "Loading…"));
  panel.append(
    el("div", { class: "filter-bar" }, filterInput,
      el("span", { class: "muted" }, "Show:"), showPending.label, showSilenced.label, showInhibited.label,
      el("span", { class: "spacer" }), summary),
    content);
  filterInput.addEventListener("input", debounce(() => { ctx.setParams({ filter: filterInput.value }); render(); }, 200));

  let groups = null;
  let pending = [];
  let error = null;
  let lastKey = "";

  async function load() {
    const [groupsR, rulesR] = await Promise.allSettled([get("/api/v2/alerts/groups"), get("/api/v1/alerts")]);
    if (destroyed) return;
    error = groupsR.status === "rejected" ? groupsR.reason : null;
    groups = groupsR.status === "fulfilled" ? groupsR.value || [] : groups;
    pending = rulesR.status === "fulfilled" ? (rulesR.value.alerts || []).filter((a) => a.state === "pending") : [];
    const key = JSON.stringify([error && error.message, groups, pending]);
    if (key === lastKey) { refreshTimes(); return; }
    lastKey = key;
    render();
  }

  function refreshTimes() {
    for (const t of content.querySelectorAll("time[datetime]")) t.textContent = (t.dataset.prefix || "") + relativeTime(t.getAttribute("datetime"));
  }

  function alertRow(alert, state) {
    const labels = alert.labels || {};
    const annotations = alert.annotations || {};
    const status = alert.status || {};
    const silenceLinks = (status.silencedBy || []).map((id) => el("a", { href: `/alerts?tab=silences&silence=${encodeURIComponent(id)}`, class: "mono", title: id,
      onclick: (event) => { event.preventDefault(); ctx.showSilence(id); } }, id.slice(0, 8)));
    const since = timeElement(alert.startsAt || alert.activeAt);
    return el("div", { class: `alert-row ${state}`, "data-testid": "alert", dataset: { alertname: labels.alertname || "", state, fingerprint: alert.fingerprint || "" } },
      el("div", { class: "alert-main" },
        el("div", { class: "alert-title" },
          stateBadge(state),
          el("strong", {}, labels.alertname || "(no alertname)"),
          labels.severity ? stateBadge(labels.severity, labels.severity) : null),
        annotations.summary ? el("div", { class: "alert-summary" }, annotations.summary) : null,
        annotations.description ? el("div", { class: "alert-description" }, annotations.description) : null,
        labelChips(labels, { omit: ["alertname"] }),
        el("div", { class: "alert-meta" },
          el("span", {}, state === "pending" ? "Pending since " : "Active since ", since),
          alert.value !== undefined ? el("span", {}, `Value ${Number.isFinite(Number(alert.value)) ? Number(alert.value).toLocaleString(undefined, { maximumSignificantDigits: 6 }) : alert.value}`) : null,
          silenceLinks.length ? el("span", {}, "Silenced by ", silenceLinks) : null,
          (status.inhibitedBy || []).length ? el("span", {}, `Inhibited by ${status.inhibitedBy.length} alert${status.inhibitedBy.length === 1 ? "" : "s"}`) : null,
          queryOf(alert) ? el("a", { href: `/explore?q=${encodeURIComponent(queryOf(alert))}` }, "Query") : null,
          annotations.runbook_url ? el("a", { href: annotations.runbook_url, target: "_blank", rel: "noopener" }, "Runbook") : null)),
      el("div", { class: "alert-actions" },
        el("button", { type: "button", "data-testid": "silence-alert", "aria-label": `Silence ${labels.alertname || "this alert"}`,
          onclick: () => openSilenceForm({ labels, onSaved: (id) => { ctx.notify(`Silence ${id ? id.slice(0, 8) + " " : ""}created.`, id); poller.refresh(); } }) },
          state === "silenced" ? "Silence again" : "Silence")));
  }

  function render() {
    if (destroyed) return;
    const filter = parseFilter(filterInput.value);
    const blocks = [];
    if (error) blocks.push(el("div", { class: "message error" }, `Could not load the alert groups: ${error.message}`));
    if (!groups) { if (!error) return; content.replaceChildren(...blocks); return; }
    const wantSilenced = showSilenced.input.checked;
    const wantInhibited = showInhibited.input.checked;
    let firingCount = 0;
    let shownCount = 0;

    const pendingShown = showPending.input.checked ? pending.filter((a) => matches(a, filter)) : [];
    if (pendingShown.length) {
      shownCount += pendingShown.length;
      blocks.push(el("section", { class: "card alert-group pending-group", "aria-label": "Pending alerts" },
        el("div", { class: "alert-group-head" }, stateBadge("pending", "Pending"),
          el("span", { class: "muted" }, "waiting out their rule's for: duration before they fire"),
          el("span", { class: "receiver" }, `${pendingShown.length} alert${pendingShown.length === 1 ? "" : "s"}`)),
        pendingShown.sort((a, b) => toMillis(a.activeAt) - toMillis(b.activeAt)).map((a) => alertRow(a, "pending"))));
    }

    for (const group of groups) {
      const alerts = (group.alerts || []).filter((a) => {
        const state = stateOf(a);
        if (state === "firing") firingCount++;
        if (state === "silenced" && !wantSilenced) return false;
        if (state === "inhibited" && !wantInhibited) return false;
        return matches(a, filter);
      });
      if (!alerts.length) continue;
      shownCount += alerts.length;
      alerts.sort((a, b) => toMillis(a.startsAt) - toMillis(b.startsAt));
      const groupLabels = group.labels || {};
      blocks.push(el("section", { class: "card alert-group", "data-testid": "alert-group", "aria-label": `Group ${Object.entries(groupLabels).map(([k, v]) => `${k}=${v}`).join(", ") || "all"}` },
        el("div", { class: "alert-group-head" },
          Object.keys(groupLabels).length ? labelChips(groupLabels) : el("span", { class: "muted" }, "(not grouped)"),
          el("span", { class: "receiver" }, `${alerts.length} alert${alerts.length === 1 ? "" : "s"} → receiver `, el("strong", {}, group.receiver ? group.receiver.name : "?"))),
        alerts.map((a) => alertRow(a, stateOf(a)))));
    }
    ctx.setCount(firingCount);
    summary.textContent = `${firingCount} firing, ${pending.length} pending`;
    if (!shownCount && !error) {
      const total = groups.reduce((n, g) => n + (g.alerts || []).length, 0) + pending.length;
      blocks.push(el("p", { class: "empty" }, total
        ? "No alert matches the filter."
        : "No alerts. Alerts appear here when a rule fires (rule_files) or when Prometheus sends them to /api/v2/alerts."));
    }
    content.replaceChildren(...blocks);
  }

  const poller = createPoller(load, 10000);
  return () => { destroyed = true; poller.stop(); };
}
