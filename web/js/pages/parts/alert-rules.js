// The rules tab of /alerts: every rule group (GET /api/v1/rules) with its rules' state, health,
// last evaluation, evaluation time and last error; filters by text, type and state.
import { el, debounce, formatDuration, durationText } from "../../util.js";
import { get } from "../../api.js";
import { createPoller } from "./poller.js";
import { stateBadge } from "./badge.js";
import { labelChips } from "./labels.js";
import { timeElement, relativeTime } from "./time.js";

/** mountAlertRules(panel, {params, setParams, setCount}) -> unmount */
export function mountAlertRules(panel, ctx) {
  let destroyed = false;
  let groups = null;
  let error = null;
  let lastKey = "";

  const search = el("input", { type: "search", placeholder: "Filter by name, expression or label", "aria-label": "Filter rules", value: ctx.params.get("q") || "" });
  const select = (key, label, options) => {
    const node = el("select", { "aria-label": label }, options.map(([value, text]) => el("option", { value, selected: (ctx.params.get(key) || "") === value }, text)));
    node.addEventListener("change", () => { ctx.setParams({ [key]: node.value }); render(); });
    return node;
  };
  const type = select("type", "Rule type", [["", "All types"], ["alerting", "Alerting"], ["recording", "Recording"]]);
  const state = select("state", "Rule state", [["", "Any state"], ["firing", "Firing"], ["pending", "Pending"], ["inactive", "Inactive"], ["err", "Unhealthy"]]);
  const summary = el("span", { class: "muted" });
  const content = el("div", { "data-testid": "rules", "aria-live": "off" }, el("p", { class: "muted" }, "Loading…"));
  search.addEventListener("input", debounce(() => { ctx.setParams({ q: search.value }); render(); }, 200));
  panel.append(el("div", { class: "filter-bar" }, search, type, state, el("span", { class: "spacer" }), summary), content);

  async function load() {
    try {
      const data = await get("/api/v1/rules");
      groups = data.groups || [];
      error = null;
    } catch (e) {
      error = e;
    }
    if (destroyed) return;
    const key = JSON.stringify([error && error.message, groups && groups.map((g) => [g.name, g.file, g.rules.map((r) => [r.name, r.state, r.health, r.lastError])])]);
    if (key === lastKey) { refreshTimes(); return; }
    lastKey = key;
    render();
  }

  function refreshTimes() {
    for (const t of content.querySelectorAll("time[datetime]")) t.textContent = relativeTime(t.getAttribute("datetime"));
  }

  function ruleRow(rule) {
    const alerting = rule.type === "alerting";
    return el("tr", { "data-testid": "rule", dataset: { name: rule.name, state: rule.state || "", health: rule.health || "" } },
      el("td", {},
        el("div", {}, el("strong", {}, rule.name)),
        el("div", { class: "muted small" }, alerting ? `alerting${rule.duration ? `, for ${durationText(rule.duration)}` : ""}${rule.keepFiringFor ? `, keep firing ${durationText(rule.keepFiringFor)}` : ""}` : "recording"),
        rule.labels && Object.keys(rule.labels).length ? labelChips(rule.labels) : null),
      el("td", {}, alerting ? stateBadge(rule.state || "inactive") : el("span", { class: "muted" }, "–"),
        alerting && rule.alerts && rule.alerts.length ? el("div", { class: "muted small" }, `${rule.alerts.length} alert${rule.alerts.length === 1 ? "" : "s"}`) : null),
      el("td", {}, stateBadge(rule.health === "ok" ? "ok" : rule.health === "err" ? "err" : "unknown")),
      el("td", { class: "nowrap" }, timeElement(rule.lastEvaluation)),
      el("td", { class: "num" }, rule.evaluationTime !== undefined ? formatDuration(rule.evaluationTime) : "–"),
      el("td", {}, el("a", { href: `/explore?q=${encodeURIComponent(rule.query)}`, class: "expr-link", title: "Run in Explore" }, el("code", { class: "expr" }, rule.query))),
      el("td", {}, rule.lastError ? el("div", { class: "error-text small" }, rule.lastError) : el("span", { class: "muted" }, "–")));
  }

  function render() {
    if (destroyed) return;
    const blocks = [];
    if (error) blocks.push(el("div", { class: "message error" }, `Could not load the rules: ${error.message}`));
    if (!groups) { content.replaceChildren(...blocks); return; }
    const text = search.value.trim().toLowerCase();
    let total = 0;
    let unhealthy = 0;
    let shown = 0;
    for (const group of groups) {
      const rules = group.rules.filter((rule) => {
        total++;
        if (rule.health === "err") unhealthy++;
        if (type.value && rule.type !== type.value) return false;
        if (state.value === "err" ? rule.health !== "err" : state.value && rule.state !== state.value) return false;
        if (text && !JSON.stringify([rule.name, rule.query, rule.labels]).toLowerCase().includes(text)) return false;
        return true;
      });
      if (!rules.length) continue;
      shown += rules.length;
      blocks.push(el("section", { class: "card rule-group", "aria-label": `Rule group ${group.name}` },
        el("div", { class: "alert-group-head" },
          el("strong", {}, group.name),
          el("span", { class: "muted mono small" }, group.file),
          el("span", { class: "receiver" },
            group.interval ? `every ${durationText(group.interval)} · ` : "",
            "last ", timeElement(group.lastEvaluation),
            group.evaluationTime !== undefined ? ` · took ${formatDuration(group.evaluationTime)}` : "")),
        el("div", { class: "table-scroll" }, el("table", { class: "data" },
          el("thead", {}, el("tr", {}, ["Rule", "State", "Health", "Last evaluation", "Took", "Expression", "Last error"].map((h, i) => el("th", { scope: "col", class: i === 4 ? "num" : "" }, h)))),
          el("tbody", {}, rules.map(ruleRow))))));
    }
    summary.textContent = `${total} rule${total === 1 ? "" : "s"} in ${groups.length} group${groups.length === 1 ? "" : "s"}${unhealthy ? `, ${unhealthy} unhealthy` : ""}`;
    ctx.setCount(unhealthy ? `${unhealthy} ✕` : null);
    if (!shown && !error) blocks.push(el("p", { class: "empty" }, total ? "No rule matches the filter." : "No rules loaded. List rule files under rule_files: in the configuration."));
    content.replaceChildren(...blocks);
  }

  const poller = createPoller(load, 10000);
  return () => { destroyed = true; poller.stop(); };
}
