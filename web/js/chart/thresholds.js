// Thresholds: an ordered list of steps, the first (value null) the base colour. A value takes the
// colour of the highest step it reaches. On time charts every step above the base is drawn as a
// translucent band up to the next step, with a dashed line where it starts; the base region is left
// untinted because it is the normal case (tinting every panel green would only add noise).

import { resolveColor, withAlpha } from "./colors.js";

/** The steps sorted by value, base first, colours resolved; [] when there are none. */
export function normalizeThresholds(thresholds) {
  if (!Array.isArray(thresholds) || thresholds.length === 0) return [];
  const steps = thresholds
    .filter((s) => s && (s.value === null || s.value === undefined || Number.isFinite(Number(s.value))))
    .map((s) => ({
      value: s.value === null || s.value === undefined ? -Infinity : Number(s.value),
      color: resolveColor(s.color),
    }));
  steps.sort((a, b) => a.value - b.value);
  return steps;
}

/** The colour for `value` under `steps`, or `fallback` when there are no steps or no value. */
export function thresholdColor(steps, value, fallback) {
  if (!steps.length || !(value === value)) return fallback;
  let color = steps[0].value <= value ? steps[0].color : fallback;
  for (const step of steps) if (value >= step.value) color = step.color;
  return color;
}

/** Draws bands and dashed step lines inside `plot` ({left, top, width, height}) for a y scale. */
export function drawThresholds(ctx, steps, plot, yOf) {
  if (steps.length < 2 && !(steps.length === 1 && steps[0].value > -Infinity)) return;
  const top = plot.top;
  const bottom = plot.top + plot.height;
  ctx.save();
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (step.value === -Infinity) continue;
    const next = i + 1 < steps.length ? steps[i + 1].value : Infinity;
    const y0 = Math.min(bottom, Math.max(top, yOf(step.value)));
    const y1 = next === Infinity ? top : Math.min(bottom, Math.max(top, yOf(next)));
    if (y0 > y1) {
      ctx.fillStyle = withAlpha(step.color, 0.09);
      ctx.fillRect(plot.left, y1, plot.width, y0 - y1);
    }
    const y = yOf(step.value);
    if (y >= top && y <= bottom) {
      ctx.strokeStyle = withAlpha(step.color, 0.8);
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      ctx.moveTo(plot.left, Math.round(y) + 0.5);
      ctx.lineTo(plot.left + plot.width, Math.round(y) + 0.5);
      ctx.stroke();
    }
  }
  ctx.restore();
}
