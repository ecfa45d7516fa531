// Series from Prometheus API results, and the few whole-dataset facts the renderers need: the
// sample step, value extents over a time window, and a step-aligned grid for stacking and bars.
// A series is { name, labels, times: Float64Array (seconds), values: Float64Array }.

import { legendFor } from "../util.js";
import { lowerBound } from "./decimate.js";

/** A sample value string from the API as a number ("+Inf", "-Inf" and "NaN" included). */
export function parseSampleValue(text) {
  if (typeof text === "number") return text;
  if (text === "+Inf" || text === "Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  return parseFloat(text); // "NaN" parses to NaN
}

function displayName(template, metric) {
  const name = legendFor(template, metric || {});
  return name && name.trim() ? name : legendFor("", metric || {});
}

/** A matrix result ([{metric, values: [[t, "v"], ...]}]) as series. */
export function seriesFromMatrix(result, legendTemplate) {
  if (!Array.isArray(result)) return [];
  return result.map((entry) => {
    const samples = entry.values || [];
    const times = new Float64Array(samples.length);
    const values = new Float64Array(samples.length);
    for (let i = 0; i < samples.length; i++) {
      times[i] = Number(samples[i][0]);
      values[i] = parseSampleValue(samples[i][1]);
    }
    return { name: displayName(legendTemplate, entry.metric), labels: entry.metric || {}, times, values };
  });
}

/** A vector result ([{metric, value: [t, "v"]}]) as series of one point each. */
export function seriesFromVector(result, legendTemplate) {
  if (!Array.isArray(result)) return [];
  return result.map((entry) => {
    const sample = entry.value || [NaN, "NaN"];
    return {
      name: displayName(legendTemplate, entry.metric),
      labels: entry.metric || {},
      times: Float64Array.of(Number(sample[0])),
      values: Float64Array.of(parseSampleValue(sample[1])),
    };
  });
}

/** The sampling step: the one given, else the smallest gap between the first few hundred samples. */
export function inferStep(series, step) {
  if (step > 0) return step;
  let best = Infinity;
  for (const s of series) {
    const n = Math.min(s.times.length, 500);
    for (let i = 1; i < n; i++) {
      const d = s.times[i] - s.times[i - 1];
      if (d > 0 && d < best) best = d;
    }
  }
  return Number.isFinite(best) ? best : 0;
}

/** The last finite value of a series (what stat, gauge, bargauge and table show), or NaN. */
export function lastValue(series) {
  const v = series.values;
  for (let i = v.length - 1; i >= 0; i--) if (v[i] - v[i] === 0) return v[i];
  return NaN;
}

/** Min and max of the finite values with times in [t0, t1] across `series` (skipping hidden). */
export function valueExtent(series, hidden, t0, t1) {
  let min = Infinity, max = -Infinity;
  for (const s of series) {
    if (hidden.has(s.name)) continue;
    const times = s.times, values = s.values;
    const i1 = lowerBound(times, t1 + 1e-9);
    for (let i = lowerBound(times, t0 - 1e-9); i < i1; i++) {
      const v = values[i];
      if (v < min) min = v;
      if (v > max) max = v; // NaN compares false both ways; +-Inf are filtered below
    }
  }
  if (min === -Infinity || max === Infinity) {
    // Rare: an infinite sample. Recompute over finite values only rather than slow the common path.
    min = Infinity; max = -Infinity;
    for (const s of series) {
      if (hidden.has(s.name)) continue;
      for (const v of s.values) if (v - v === 0) { if (v < min) min = v; if (v > max) max = v; }
    }
  }
  return { min, max };
}

/**
 * Aligns series onto one time grid (start + k*step) for stacking, bars and heatmaps: Prometheus
 * range results already sit on that grid, so this is an index computation per sample. Returns
 * { times, columns: Float64Array[] (NaN where a series has no sample) }.
 */
export function alignToGrid(series, start, end, step) {
  if (!(step > 0)) return { times: new Float64Array(0), columns: series.map(() => new Float64Array(0)) };
  let lo = start, hi = end;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = Infinity; hi = -Infinity;
    for (const s of series) if (s.times.length) { lo = Math.min(lo, s.times[0]); hi = Math.max(hi, s.times[s.times.length - 1]); }
  }
  if (!Number.isFinite(lo)) return { times: new Float64Array(0), columns: series.map(() => new Float64Array(0)) };
  const count = Math.min(4_000_000, Math.floor((hi - lo) / step + 1e-6) + 1);
  const times = new Float64Array(count);
  for (let k = 0; k < count; k++) times[k] = lo + k * step;
  const columns = series.map((s) => {
    const column = new Float64Array(count).fill(NaN);
    for (let i = 0; i < s.times.length; i++) {
      const k = Math.round((s.times[i] - lo) / step);
      if (k >= 0 && k < count) column[k] = s.values[i];
    }
    return column;
  });
  return { times, columns };
}
