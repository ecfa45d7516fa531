// Small inline trends (stat panels, the overview page's host cards): values drawn evenly spaced
// across the canvas with min/max per pixel column and a soft fill, no axes. The canvas keeps the
// CSS size the page gave it; it is sized in device pixels here for a crisp line.

import { sizeCanvas } from "./canvas.js";
import { withAlpha, resolveColor } from "./colors.js";

/** Draws `values` (Float64Array, NaN = gap) into `canvas` in `color`. Returns the columns drawn. */
export function sparkline(canvas, values, color = "#0072B2", { fill = true, lineWidth = 1.5 } = {}) {
  const width = canvas.clientWidth || canvas.width || 100;
  const height = canvas.clientHeight || canvas.height || 30;
  const ctx = sizeCanvas(canvas, width, height);
  const n = values ? values.length : 0;
  if (n === 0) return 0;
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < n; i++) { const v = values[i]; if (v - v === 0) { if (v < min) min = v; if (v > max) max = v; } }
  if (min > max) return 0;
  if (min === max) { min -= 1; max += 1; }
  const pad = lineWidth;
  const h = height - pad * 2;
  const yOf = (v) => pad + h - ((v - min) / (max - min)) * h;
  const xScale = n > 1 ? (width - 1) / (n - 1) : 0;
  const stroke = resolveColor(color);
  ctx.lineWidth = lineWidth;
  ctx.lineJoin = "round";
  ctx.lineCap = "round";
  ctx.strokeStyle = stroke;
  // One vertex pair (min, max) per pixel column; with fewer points than pixels, every point.
  const line = new Path2D();
  const area = new Path2D();
  let pen = false, firstX = 0, lastX = 0, columns = 0;
  const closeArea = () => { if (pen) { area.lineTo(lastX, height); area.lineTo(firstX, height); area.closePath(); } };
  let i = 0;
  while (i < n) {
    const col = Math.floor(i * xScale);
    let lo = Infinity, hi = -Infinity, first = NaN, last = NaN;
    let j = i;
    for (; j < n && Math.floor(j * xScale) === col; j++) {
      const v = values[j];
      if (v - v !== 0) continue;
      if (first !== first) first = v;
      last = v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const x = n > 1 ? i * xScale : width / 2;
    if (first !== first) {
      closeArea();
      pen = false;
    } else {
      if (!pen) { line.moveTo(x, yOf(first)); area.moveTo(x, height); area.lineTo(x, yOf(first)); firstX = x; pen = true; }
      line.lineTo(x, yOf(first));
      if (hi > lo) { line.lineTo(x, yOf(lo)); line.lineTo(x, yOf(hi)); }
      line.lineTo(x, yOf(last));
      area.lineTo(x, yOf(last));
      lastX = x;
      columns++;
    }
    i = j;
  }
  closeArea();
  if (fill) {
    const gradient = ctx.createLinearGradient(0, 0, 0, height);
    gradient.addColorStop(0, withAlpha(stroke, 0.3));
    gradient.addColorStop(1, withAlpha(stroke, 0.02));
    ctx.fillStyle = gradient;
    ctx.fill(area);
  }
  ctx.stroke(line);
  return columns;
}
