// What the tooltip lists for time-series and bar charts: snap the hovered time to the nearest
// sample of any visible series, then take every visible series' sample at that time (within half
// a step), sorted by value, largest first, with its colour and unit-formatted text.
// The series nearest to the pointer is marked for emphasis.

import { formatNumber } from "./format.js";
import { nearestIndex } from "./decimate.js";

/**
 * `entries`: [{ series, color, yValues? }] for the visible series (yValues: the stacked tops on a
 * grid with `gridTimes`, so the dot sits on the drawn line). Returns the hover or null.
 */
export function seriesHover(entries, t, frame, { unit, decimals, step, pointerY = NaN }) {
  let snapped = NaN;
  let best = Infinity;
  for (const entry of entries) {
    const times = entry.series.times;
    const i = nearestIndex(times, t);
    if (i < 0) continue;
    const d = Math.abs(times[i] - t);
    if (d < best) { best = d; snapped = times[i]; }
  }
  if (!(snapped === snapped) || snapped < frame.t0 - (step || 0) || snapped > frame.t1 + (step || 0)) return null;
  const tolerance = step > 0 ? step / 2 : 1e-6;
  const rows = [];
  for (const entry of entries) {
    const times = entry.series.times;
    const i = nearestIndex(times, snapped);
    if (i < 0 || Math.abs(times[i] - snapped) > tolerance) continue;
    const value = entry.series.values[i];
    let yValue = value;
    if (entry.yValues) {
      const k = Math.round((snapped - entry.gridStart) / entry.gridStep);
      yValue = k >= 0 && k < entry.yValues.length ? entry.yValues[k] : NaN;
    }
    rows.push({ name: entry.series.name, color: entry.color, value, text: formatNumber(value, unit, decimals), y: frame.yOf(yValue) });
  }
  if (!rows.length) return null;
  // The series drawn nearest to the pointer is emphasised, so with many lines the one under the
  // mouse is easy to find in the list.
  let nearest = null;
  for (const row of rows) {
    const d = Math.abs(row.y - pointerY);
    if (d === d && (!nearest || d < nearest.d)) nearest = { row, d };
  }
  if (nearest && rows.length > 1 && nearest.d < 40) nearest.row.emphasis = true;
  rows.sort((a, b) => (b.value === b.value ? b.value : -Infinity) - (a.value === a.value ? a.value : -Infinity));
  return { time: snapped, rows };
}
