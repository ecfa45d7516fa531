// Histogram buckets for heatmaps. Prometheus histograms are cumulative: the series with le="0.5"
// counts every observation <= 0.5, so each bucket's own count is its cumulative value minus the
// next lower bucket's. Series are grouped by their le bound (summed across any other labels, as
// `sum by (le)` would) and converted to rows of per-bucket values on the time grid. Series without
// an le label become one row each, as they are.

import { alignToGrid } from "./series.js";

function parseBound(text) {
  if (text === "+Inf" || text === "Inf" || text === "inf") return Infinity;
  return parseFloat(text);
}

/**
 * Heatmap rows from series: { times, rows: [{ label, lower, upper, values: Float64Array }], buckets }
 * where `buckets` tells whether rows are histogram buckets (true) or plain series (false).
 */
export function heatmapRows(series, start, end, step) {
  const isBuckets = series.length > 0 && series.every((s) => s.labels && s.labels.le !== undefined);
  const grid = alignToGrid(series, start, end, step);
  if (!isBuckets) {
    return {
      buckets: false,
      times: grid.times,
      rows: series.map((s, i) => ({ label: s.name, lower: NaN, upper: NaN, values: grid.columns[i] })),
    };
  }
  const byBound = new Map();
  series.forEach((s, i) => {
    const bound = parseBound(s.labels.le);
    if (Number.isNaN(bound)) return;
    const column = grid.columns[i];
    const sum = byBound.get(bound);
    if (!sum) { byBound.set(bound, Float64Array.from(column)); return; }
    for (let k = 0; k < sum.length; k++) {
      const v = column[k];
      if (v === v) sum[k] = sum[k] === sum[k] ? sum[k] + v : v;
    }
  });
  const bounds = [...byBound.keys()].sort((a, b) => a - b);
  const rows = [];
  let previous = null;
  let lower = 0;
  for (const bound of bounds) {
    const cumulative = byBound.get(bound);
    const values = new Float64Array(cumulative.length);
    for (let k = 0; k < values.length; k++) {
      const below = previous ? previous[k] : 0;
      const own = cumulative[k] - (below === below ? below : 0);
      // A counter reset between buckets' scrapes can make a difference slightly negative.
      values[k] = own === own ? Math.max(0, own) : NaN;
    }
    rows.push({ label: bound === Infinity ? "+Inf" : String(bound), lower, upper: bound, values });
    previous = cumulative;
    lower = bound;
  }
  return { buckets: true, times: grid.times, rows };
}
