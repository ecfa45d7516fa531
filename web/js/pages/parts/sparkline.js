// Small inline trends for tables and cards. Drawn by the chart renderer's `sparkline` (chart.js);
// the module is imported lazily so a page still shows its numbers if the renderer fails to load,
// and a minimal canvas line stands in until then.

let renderer = null;
const loading = import("../../chart/chart.js")
  .then((module) => { if (typeof module.sparkline === "function") renderer = module.sparkline; })
  .catch(() => { /* the numbers still show; the fallback below draws the trend */ });

/** Resolves once the chart renderer has loaded (or failed to). */
export function sparklineReady() { return loading; }

/** Draws `values` (Float64Array, NaN for gaps) into `canvas` in `color`. */
export function drawSparkline(canvas, values, color) {
  if (renderer) {
    try { renderer(canvas, values, color); return; } catch (error) { console.warn("sparkline", error); }
  }
  fallback(canvas, values, color);
}

function fallback(canvas, values, color) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 120;
  const height = canvas.clientHeight || 28;
  if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
  if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
  const g = canvas.getContext("2d");
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) { if (v < min) min = v; if (v > max) max = v; }
  }
  if (min === Infinity) return;
  if (max === min) { max += 1; min -= 1; }
  const dx = values.length > 1 ? (width - 2) / (values.length - 1) : 0;
  const y = (v) => 1 + (height - 2) * (1 - (v - min) / (max - min));
  g.strokeStyle = color;
  g.lineWidth = 1.5;
  g.beginPath();
  let pen = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) { pen = false; continue; }
    if (pen) g.lineTo(1 + i * dx, y(v)); else g.moveTo(1 + i * dx, y(v));
    pen = true;
  }
  g.stroke();
}
