// Where a template variable's choices come from: `label_values(metric, label)` and
// `label_values(label)` through the label values API (with match[] narrowing to the metric),
// `query_result(expr)` and `metrics(regex)` through the query APIs, and fixed lists for custom
// and interval variables. An optional `regex` on the variable filters (and with a capture group,
// extracts) the choices, as Grafana does.
import { get, queryInstant } from "../api.js";
import { interpolate, ALL } from "./interpolate.js";

/** Parses a query variable's definition; returns {kind, ...} or null when it is not understood. */
export function parseVariableQuery(text) {
  const q = String(text || "").trim();
  let m = /^label_values\(\s*(.+?)\s*,\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)$/s.exec(q);
  if (m) return { kind: "label_values", match: m[1], label: m[2] };
  m = /^label_values\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)$/.exec(q);
  if (m) return { kind: "label_values", match: null, label: m[1] };
  m = /^label_names\(\s*(.*?)\s*\)$/s.exec(q);
  if (m) return { kind: "label_names", match: m[1] || null };
  m = /^metrics\(\s*(.*?)\s*\)$/s.exec(q);
  if (m) return { kind: "metrics", regex: m[1] };
  m = /^query_result\(\s*(.+)\s*\)$/s.exec(q);
  if (m) return { kind: "query_result", expr: m[1] };
  return q ? { kind: "query_result", expr: q } : null;
}

/** A variable's `regex` ("/pattern/flags" or bare pattern) as a RegExp, or null. */
function regexOf(variable) {
  const text = variable.regex;
  if (!text) return null;
  const m = /^\/(.*)\/([gimsuy]*)$/s.exec(text);
  try { return m ? new RegExp(m[1], m[2].replace("g", "")) : new RegExp(text); } catch (e) { return null; }
}

function applyRegex(values, variable) {
  const re = regexOf(variable);
  if (!re) return values;
  const out = [];
  for (const v of values) {
    const m = re.exec(v);
    if (!m) continue;
    out.push(m.groups && m.groups.value !== undefined ? m.groups.value : m[1] !== undefined ? m[1] : v);
  }
  return out;
}

function seriesLine(sample) {
  const metric = sample.metric || {};
  const labels = Object.entries(metric).filter(([k]) => k !== "__name__").map(([k, v]) => `${k}="${v}"`).join(", ");
  const value = sample.value ? sample.value[1] : "";
  return `${metric.__name__ || ""}{${labels}} ${value} ${sample.value ? Math.round(sample.value[0] * 1000) : ""}`.trim();
}

/** Loads the choices of `variable` (strings), interpolating other variables in its query via
 *  `scope`; `range` {start, end} bounds label lookups to the dashboard's time range. */
export async function loadOptions(variable, scope, range, { signal } = {}) {
  let values;
  switch (variable.type) {
    case "custom":
    case "interval":
      values = Array.isArray(variable.values) ? variable.values.map(String)
        : String(variable.query || "").split(/\s*,\s*/).filter(Boolean);
      break;
    case "constant":
    case "textbox":
      return [String(variable.current ?? variable.query ?? "")];
    case "query": {
      const parsed = parseVariableQuery(interpolate(variable.query || "", scope));
      if (!parsed) { values = []; break; }
      const params = range ? { start: Math.floor(range.start), end: Math.ceil(range.end) } : {};
      if (parsed.kind === "label_values") {
        if (parsed.match) params["match[]"] = parsed.match;
        values = await get(`/api/v1/label/${encodeURIComponent(parsed.label)}/values`, params, { signal });
      } else if (parsed.kind === "label_names") {
        if (parsed.match) params["match[]"] = parsed.match;
        values = await get("/api/v1/labels", params, { signal });
      } else if (parsed.kind === "metrics") {
        const names = await get("/api/v1/label/__name__/values", params, { signal });
        let re = null;
        try { re = parsed.regex ? new RegExp(parsed.regex) : null; } catch (e) { re = null; }
        values = re ? names.filter((n) => re.test(n)) : names;
      } else {
        const data = await queryInstant(parsed.expr, range ? range.end : undefined, { signal });
        if (data.resultType === "vector") values = data.result.map(seriesLine);
        else if (data.resultType === "scalar" || data.resultType === "string") values = [String(data.result[1])];
        else values = [];
      }
      break;
    }
    default:
      values = [];
  }
  values = applyRegex((values || []).map(String), variable);
  const unique = [...new Set(values)];
  if (variable.sort) unique.sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  return unique;
}

/** Keeps the current selection when it is still offered, else falls back to the first choice
 *  (or All when the variable offers it). Returns the value to store in `current`. */
export function reconcileSelection(variable, options) {
  if (variable.type === "constant" || variable.type === "textbox") return variable.current ?? options[0] ?? "";
  const current = Array.isArray(variable.current) ? variable.current : variable.current ? [variable.current] : [];
  if (current.includes(ALL) && variable.includeAll) return variable.multi ? [ALL] : ALL;
  const kept = current.filter((v) => options.includes(v));
  if (kept.length) return variable.multi ? kept : kept[0];
  // Nothing to pick from yet: keep what was typed/saved rather than blanking it.
  if (!options.length) return variable.current ?? "";
  if (variable.includeAll) return variable.multi ? [ALL] : ALL;
  return variable.multi ? [options[0]] : options[0];
}
