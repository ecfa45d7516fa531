// The history tab of /alerts: Warden's durable record of every delivery attempt (receiver,
// integration, attempt number, outcome, error text) and every alert state change, from
// GET /api/v1/alerts/history, filtered by alert name, receiver and time window (kept in the URL).
import { el, debounce, formatTime, formatDuration } from "../../util.js";
import { get } from "../../api.js";
import { stateBadge } from "./badge.js";
import { labelChips } from "./labels.js";
import { timeElement } from "./time.js";

const LIMIT = 200; // rows per list; the API returns the newest first
const WINDOWS = [["1h", "Last hour"], ["6h", "Last 6 hours"], ["24h", "Last 24 hours"], ["7d", "Last 7 days"], ["30d", "Last 30 days"]];

/** mountAlertHistory(panel, {params, setParams}) -> unmount */
export function mountAlertHistory(panel, ctx) {
  let destroyed = false;
  let request = 0;
  const alertname = el("input", { type: "text", id: "history-alertname", list: "history-alertnames", value: ctx.params.get("alertname") || "", placeholder: "any", autocomplete: "off", "data-testid": "history-alertname" });
  const receiver = el("input", { type: "text", id: "history-receiver", list: "history-receivers", value: ctx.params.get("receiver") || "", placeholder: "any", autocomplete: "off", "data-testid": "history-receiver" });
  const since = el("select", { id: "history-since", "aria-label": "Time window" }, WINDOWS.map(([v, t]) => el("option", { value: v, selected: (ctx.params.get("since") || "24h") === v }, t)));
  const alertnames = el("datalist", { id: "history-alertnames" });
  const receivers = el("datalist", { id: "history-receivers" });
  const refresh = el("button", { type: "button", onclick: () => load() }, "Refresh");
  const status = el("span", { class: "muted", "aria-live": "polite" });
  const content = el("div", { "data-testid": "history" }, el("p", { class: "muted" }, "Loading…"));
  panel.append(
    el("form", { class: "filter-bar", onsubmit: (e) => { e.preventDefault(); apply(); } },
      el("label", { for: "history-alertname" }, "Alert"), alertname,
      el("label", { for: "history-receiver" }, "Receiver"), receiver,
      since, refresh, el("span", { class: "spacer" }), status, alertnames, receivers),
    content);

  const apply = () => {
    ctx.setParams({ alertname: alertname.value.trim(), receiver: receiver.value.trim(), since: since.value === "24h" ? null : since.value });
    load();
  };
  const applySoon = debounce(apply, 400);
  alertname.addEventListener("input", applySoon);
  receiver.addEventListener("input", applySoon);
  since.addEventListener("change", apply);

  // Suggestions for the two filters: alert names from the rules, receivers from the notifier.
  Promise.allSettled([get("/api/v1/rules", { type: "alert" }), get("/api/v2/receivers")]).then(([rules, recv]) => {
    if (destroyed) return;
    if (rules.status === "fulfilled") {
      const names = new Set();
      for (const g of rules.value.groups || []) for (const r of g.rules) if (r.type === "alerting") names.add(r.name);
      alertnames.replaceChildren(...[...names].sort().map((n) => el("option", { value: n })));
    }
    if (recv.status === "fulfilled") receivers.replaceChildren(...(recv.value || []).map((r) => el("option", { value: r.name })));
  });

  async function load() {
    const mine = ++request;
    status.textContent = "Loading…";
    let history;
    try {
      history = await get("/api/v1/alerts/history", { since: since.value, alertname: alertname.value.trim(), receiver: receiver.value.trim(), limit: LIMIT });
    } catch (error) {
      if (destroyed || mine !== request) return;
      status.textContent = "";
      content.replaceChildren(el("div", { class: "message error" }, `Could not load the history: ${error.message}`));
      return;
    }
    if (destroyed || mine !== request) return;
    status.textContent = `Updated ${new Date().toLocaleTimeString()}`;
    render(history);
  }

  function render(history) {
    const notifications = history.notifications || [];
    const events = history.events || [];
    const failed = notifications.filter((n) => n.outcome !== "delivered").length;
    // A delivery names its alerts by fingerprint; the state changes tell which alert that is.
    const names = new Map(events.map((e) => [e.fingerprint, (e.labels && e.labels.alertname) || ""]));
    const alertsOf = (n) => {
      const list = (n.fingerprints || []).map((f) => names.get(f)).filter(Boolean);
      const unique = [...new Set(list)];
      const count = (n.fingerprints || []).length;
      return unique.length ? `${unique.slice(0, 3).join(", ")}${unique.length > 3 ? ", …" : ""}${count > unique.length ? ` (${count} alerts)` : ""}` : `${count} alert${count === 1 ? "" : "s"}`;
    };
    content.replaceChildren(
      el("section", { class: "card section-card", "aria-labelledby": "history-deliveries" },
        el("div", { class: "section-title" }, el("h2", { id: "history-deliveries" }, "Delivery attempts"),
          el("span", { class: "muted" }, `${notifications.length >= LIMIT ? `newest ${LIMIT}` : notifications.length} attempt${notifications.length === 1 ? "" : "s"}${failed ? `, ${failed} not delivered` : ""}`)),
        notifications.length
          ? el("div", { class: "table-scroll tall-scroll", tabindex: "0", "aria-label": "Delivery attempts" }, el("table", { class: "data", "data-testid": "history-notifications" },
              el("thead", {}, el("tr", {}, ["Time", "Outcome", "Receiver", "Integration", "Notification", "Attempt", "Took", "Detail"].map((h, i) => el("th", { scope: "col", class: i === 5 || i === 6 ? "num" : "" }, h)))),
              el("tbody", {}, notifications.map((n) => el("tr", { "data-testid": "history-notification", dataset: { outcome: n.outcome } },
                el("td", { class: "nowrap", title: formatTime(Date.parse(n.time) / 1000) }, timeElement(n.time)),
                el("td", {}, stateBadge(n.outcome)),
                el("td", {}, n.receiver),
                el("td", {}, `${n.integration}[${n.index}]`),
                el("td", {}, stateBadge(n.status), " ", el("span", { class: "small" }, alertsOf(n))),
                el("td", { class: "num" }, String(n.attempt)),
                el("td", { class: "num nowrap" }, n.durationMs !== undefined ? formatDuration(n.durationMs / 1000) : "–"),
                el("td", {}, n.detail ? el("div", { class: n.outcome === "delivered" ? "small" : "error-text small" }, n.detail) : "–"))))))
          : el("p", { class: "empty" }, "No delivery attempts in this window.")),
      el("section", { class: "card section-card", "aria-labelledby": "history-events" },
        el("div", { class: "section-title" }, el("h2", { id: "history-events" }, "State changes"),
          el("span", { class: "muted" }, `${events.length >= LIMIT ? `newest ${LIMIT}` : events.length} change${events.length === 1 ? "" : "s"}`)),
        events.length
          ? el("div", { class: "table-scroll tall-scroll", tabindex: "0", "aria-label": "State changes" }, el("table", { class: "data", "data-testid": "history-events" },
              el("thead", {}, el("tr", {}, ["Time", "State", "Alert", "Source", "Value", "Detail"].map((h) => el("th", { scope: "col" }, h)))),
              el("tbody", {}, events.map((e) => el("tr", {},
                el("td", { class: "nowrap", title: formatTime(Date.parse(e.time) / 1000) }, timeElement(e.time)),
                el("td", {}, stateBadge(e.state)),
                el("td", {}, el("div", {}, el("strong", {}, (e.labels && e.labels.alertname) || "(alert)")), labelChips(e.labels, { omit: ["alertname"] })),
                el("td", {}, e.source || "–"),
                el("td", { class: "num" }, e.value !== undefined && e.value !== null ? String(e.value) : "–"),
                el("td", { class: "small" }, e.detail || "–"))))))
          : el("p", { class: "empty" }, "No state changes in this window.")));
  }

  load();
  return () => { destroyed = true; };
}
