// The stored dashboard document's shape (the dashboards API contract): the fields the server
// accepts, and nothing else. The server refuses unknown fields (so a typo never silently loses a
// setting); runtime state the UI hangs on the document (loaded variable options) and fields that
// only Grafana has are dropped here before saving or exporting.

const DOCUMENT = ["uid", "title", "description", "tags", "time", "refresh", "variables", "panels", "version", "created", "updated"];
const PANEL = ["id", "type", "title", "description", "gridPos", "targets", "unit", "decimals", "min", "max", "thresholds", "stack", "fill", "content", "collapsed"];
const VARIABLE = ["name", "label", "type", "query", "values", "multi", "includeAll", "current"];
const TARGET = ["refId", "expr", "legend", "language"];

function pick(object, keys) {
  const out = {};
  for (const key of keys) if (object && object[key] !== undefined) out[key] = object[key];
  return out;
}

const intOrNull = (v) => (v === null || v === undefined || v === "" || !Number.isFinite(Number(v)) ? null : Math.round(Number(v)));
const numberOrNull = (v) => (v === null || v === undefined || v === "" || !Number.isFinite(Number(v)) ? null : Number(v));

/** Thresholds as the API takes them: an optional base step (value null) first, then strictly
 *  rising values. Steps left without a value in the editor are dropped; equal values keep the
 *  last colour. */
function thresholdSteps(list) {
  const base = list.length && numberOrNull(list[0].value) === null ? [{ value: null, color: list[0].color }] : [];
  const byValue = new Map();
  for (const t of list) {
    const value = numberOrNull(t.value);
    if (value !== null) byValue.set(value, t.color);
  }
  return [...base, ...[...byValue.entries()].sort((a, b) => a[0] - b[0]).map(([value, color]) => ({ value, color }))];
}

/** A deep copy of `doc` holding only the contract's fields, with numbers as numbers. */
export function documentForSave(doc) {
  const out = pick(structuredClone(doc), DOCUMENT);
  if (out.time) out.time = pick(out.time, ["from", "to"]);
  out.variables = (out.variables || []).map((v) => pick(v, VARIABLE));
  out.panels = (out.panels || []).map((p) => {
    const panel = pick(p, PANEL);
    panel.gridPos = pick(p.gridPos, ["x", "y", "w", "h"]);
    if (panel.targets) panel.targets = panel.targets.map((t) => ({ ...pick(t, TARGET), legend: t.legend ?? t.legendFormat ?? "" }));
    if ("decimals" in panel) panel.decimals = intOrNull(panel.decimals);
    if ("min" in panel) panel.min = numberOrNull(panel.min);
    if ("max" in panel) panel.max = numberOrNull(panel.max);
    if (panel.thresholds) panel.thresholds = thresholdSteps(panel.thresholds);
    return panel;
  });
  return out;
}

/** What counts as an unsaved change: everything except the variables' current selections and
 *  the server's bookkeeping. */
export function editFingerprint(doc) {
  const copy = documentForSave(doc);
  for (const v of copy.variables || []) delete v.current;
  delete copy.version; delete copy.updated; delete copy.created;
  return JSON.stringify(copy);
}
