// Number text for charts, on top of util.js formatValue: values too small for its default two
// decimals ("0.0012" would print as "0") get enough decimals to show their first significant
// digits, and axis labels get as many decimals as it takes for neighbouring ticks to read
// differently (0.0005, 0.001, 0.0015 rather than 0, 0, 0).

import { formatValue } from "../util.js";

const ZERO = /^-?0(\.0*)?(?![\d.])/;

/** formatValue, but a small non-zero value never reads as zero. */
export function formatNumber(value, unit, decimals) {
  const text = formatValue(value, unit, decimals);
  if (decimals !== undefined && decimals !== null) return text;
  if (!(value !== 0 && Number.isFinite(value) && ZERO.test(text))) return text;
  const digits = Math.min(12, Math.max(2, 1 - Math.floor(Math.log10(Math.abs(value))) + 1));
  return formatValue(value, unit, digits);
}

/** Labels for axis ticks: the fewest decimals (from the default up to 10) that keep them distinct. */
export function tickLabels(ticks, unit) {
  let labels = ticks.map((v) => formatValue(v, unit));
  if (new Set(labels).size === labels.length) return labels;
  for (let decimals = 1; decimals <= 10; decimals++) {
    labels = ticks.map((v) => formatValue(v, unit, decimals));
    if (new Set(labels).size === labels.length) break;
  }
  // formatValue keeps trailing zeros out ("0.5", "1"), so a fixed decimal count stays tidy.
  return labels;
}
