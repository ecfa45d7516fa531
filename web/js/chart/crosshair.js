// The overlay canvas above a time plot: the hover crosshair (a vertical line at the hovered sample
// time and a dot on each series there) and the zoom selection. It has its own canvas so hovering
// redraws a line and a few dots, never the million-point series underneath.

import { sizeCanvas, crisp } from "./canvas.js";
import { withAlpha } from "./colors.js";

/** Clears and sizes the overlay; returns its context. */
export function clearOverlay(canvas, width, height) {
  return sizeCanvas(canvas, width, height);
}

/** Draws the crosshair at x with dots at `points` ([{y, color}]) inside `plot`. */
export function drawCrosshair(ctx, plot, x, points, theme) {
  ctx.save();
  ctx.strokeStyle = theme.muted;
  ctx.globalAlpha = 0.7;
  ctx.lineWidth = 1;
  ctx.setLineDash([3, 3]);
  const cx = crisp(x);
  ctx.beginPath();
  ctx.moveTo(cx, plot.top);
  ctx.lineTo(cx, plot.top + plot.height);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
  for (const p of points) {
    if (!(p.y >= plot.top - 1 && p.y <= plot.top + plot.height + 1)) continue;
    ctx.beginPath();
    ctx.arc(x, p.y, 3.5, 0, Math.PI * 2);
    ctx.fillStyle = p.color;
    ctx.fill();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = theme.bg;
    ctx.stroke();
  }
  ctx.restore();
}

/** Outlines one heatmap cell. */
export function drawCell(ctx, x, y, w, h, theme) {
  ctx.save();
  ctx.strokeStyle = theme.fg;
  ctx.lineWidth = 1.5;
  ctx.strokeRect(x, y, w, h);
  ctx.restore();
}

/** Shades the zoom selection between x0 and x1. */
export function drawSelection(ctx, plot, x0, x1, theme) {
  const left = Math.max(plot.left, Math.min(x0, x1));
  const right = Math.min(plot.left + plot.width, Math.max(x0, x1));
  if (right <= left) return;
  ctx.save();
  ctx.fillStyle = withAlpha(theme.accent.startsWith("#") ? theme.accent : "#0072B2", 0.14);
  ctx.fillRect(left, plot.top, right - left, plot.height);
  ctx.strokeStyle = theme.accent;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(crisp(left), plot.top);
  ctx.lineTo(crisp(left), plot.top + plot.height);
  ctx.moveTo(crisp(right), plot.top);
  ctx.lineTo(crisp(right), plot.top + plot.height);
  ctx.stroke();
  ctx.restore();
}
