// Linear value scales: the y range a chart shows (from the data, the panel's min and max, and
// whether the chart type needs zero on screen) and "nice" ticks (1, 2, 2.5, 5 x 10^n, or powers of
// two for byte units so an axis reads 256 MiB, 512 MiB rather than 488 MiB, 977 MiB), and the
// range a gauge spans.

const DECIMAL_STEPS = [1, 2, 2.5, 5, 10];
const BINARY_UNITS = new Set(["bytes", "Bps"]);

/** The smallest nice step that is at least `raw`. */
export function niceStep(raw, unit) {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  if (BINARY_UNITS.has(unit) && raw >= 1024) {
    // Steps of 1, 2, 4, ... 512 times a power of 1024, so labels land on whole KiB, MiB, GiB.
    const power = 1024 ** Math.floor(Math.log(raw) / Math.log(1024));
    let step = power;
    while (step < raw) step *= 2;
    return step;
  }
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const n of DECIMAL_STEPS) if (n * magnitude >= raw * (1 - 1e-9)) return n * magnitude;
  return 10 * magnitude;
}

/**
 * The y range and ticks for data spanning [dataMin, dataMax] on an axis `pixels` tall.
 * `min`/`max` (the panel's fixed bounds, or null) win over the data; otherwise the range is widened
 * to whole ticks so the top gridline sits above the highest point. `includeZero` is for areas and
 * bars, whose height means something only from zero.
 */
export function valueAxis(dataMin, dataMax, pixels, { min = null, max = null, includeZero = false, unit } = {}) {
  let lo = min ?? dataMin;
  let hi = max ?? dataMax;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) { lo = 0; hi = 1; }
  if (includeZero) {
    if (min === null || min === undefined) lo = Math.min(lo, 0);
    if (max === null || max === undefined) hi = Math.max(hi, 0);
  }
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    if (min === null || min === undefined) lo -= lo === 0 && includeZero ? 0 : pad;
    if (max === null || max === undefined) hi += pad;
    if (hi === lo) hi = lo + 1;
  }
  const count = Math.max(2, Math.floor(pixels / 45));
  const step = niceStep((hi - lo) / count, unit);
  if (min === null || min === undefined) lo = Math.floor(lo / step + 1e-9) * step;
  if (max === null || max === undefined) hi = Math.ceil(hi / step - 1e-9) * step;
  const ticks = [];
  const first = Math.ceil(lo / step - 1e-9);
  for (let i = first; i * step <= hi + step * 1e-9 && ticks.length < 100; i++) {
    ticks.push(Number((i * step).toPrecision(12)));
  }
  return { min: lo, max: hi, step, ticks };
}

/** The range a gauge spans: the panel's min/max, 0-100 for percent, else 0 up to a nice maximum. */
export function gaugeRange(options, values, steps) {
  let min = options.min ?? null, max = options.max ?? null;
  if (min === null) min = Math.min(0, ...values.filter((v) => v - v === 0));
  if (max === null) {
    if (options.unit === "percent") max = 100;
    else if (options.unit === "percentunit") max = 1;
    else {
      let top = Math.max(...values.filter((v) => v - v === 0), ...steps.filter((s) => Number.isFinite(s.value)).map((s) => s.value));
      if (!Number.isFinite(top) || top <= min) top = min + 1;
      max = valueAxis(min, top, 100).max;
    }
  }
  if (!(max > min)) max = min + 1;
  return [min, max];
}
