// Min/max decimation per pixel column. A million samples across an 800 px plot would draw 1250
// line segments per pixel; what the eye sees is, per column, the first, lowest, highest and last
// value (the "M4" reduction), which keeps every spike. The loop works on the typed arrays directly
// and writes vertices into buffers owned by the Decimator, reused from draw to draw, so a redraw
// allocates nothing per point. A NaN vertex marks a gap (missing or non-finite sample, or a time
// jump wider than `gap` seconds); the renderer lifts the pen there.

export class Decimator {
  constructor(capacity = 8192) {
    this.xs = new Float64Array(capacity);
    this.ys = new Float64Array(capacity);
    this.n = 0;
  }

  grow() {
    const xs = new Float64Array(this.xs.length * 2);
    const ys = new Float64Array(this.ys.length * 2);
    xs.set(this.xs);
    ys.set(this.ys);
    this.xs = xs;
    this.ys = ys;
  }

  /**
   * Decimates samples i0..i1-1 of (times, values) into pixel-space vertices.
   * x = px0 + (t - t0) * sx; y = py0 - (v - v0) * sy. Returns the number of vertices (this.n).
   * The hot path per sample is two subtractions and three comparisons: the column test compares
   * the time with the column's end time, and min/max are kept in value space, converted to pixels
   * only when the column is written.
   */
  run(times, values, i0, i1, t0, sx, px0, v0, sy, py0, gap) {
    let xs = this.xs;
    let ys = this.ys;
    let n = 0;
    let count = 0;
    let colX = 0; // the column's centre pixel
    let colEnd = -Infinity; // time where the current column ends
    let firstT = 0, firstV = 0, lastT = 0, lastV = 0, minV = 0, maxV = 0, minI = 0, maxI = 0;
    let prevT = -Infinity;
    for (let i = i0; i < i1; i++) {
      const v = values[i];
      const t = times[i];
      const bad = v - v !== 0; // NaN and +-Inf: nothing to draw
      const jump = t - prevT > gap;
      prevT = t;
      if (count > 0 && (bad || jump || t >= colEnd)) {
        if (n + 8 > xs.length) { this.n = n; this.grow(); xs = this.xs; ys = this.ys; }
        xs[n] = px0 + (firstT - t0) * sx; ys[n] = py0 - (firstV - v0) * sy; n++;
        if (count > 2) {
          const lo = py0 - (minV - v0) * sy, hi = py0 - (maxV - v0) * sy;
          if (minI < maxI) { xs[n] = colX; ys[n] = lo; n++; xs[n] = colX; ys[n] = hi; n++; }
          else { xs[n] = colX; ys[n] = hi; n++; xs[n] = colX; ys[n] = lo; n++; }
        }
        if (count > 1) { xs[n] = px0 + (lastT - t0) * sx; ys[n] = py0 - (lastV - v0) * sy; n++; }
        count = 0;
      }
      if (bad || jump) {
        if (n > 0 && xs[n - 1] === xs[n - 1]) {
          if (n + 8 > xs.length) { this.n = n; this.grow(); xs = this.xs; ys = this.ys; }
          xs[n] = NaN; ys[n] = NaN; n++;
        }
        if (bad) continue;
      }
      if (count === 0) {
        const c = Math.floor(px0 + (t - t0) * sx);
        colX = c + 0.5;
        colEnd = t0 + (c + 1 - px0) / sx;
        firstT = lastT = t; firstV = lastV = minV = maxV = v; minI = maxI = i; count = 1;
      } else {
        lastT = t; lastV = v; count++;
        if (v < minV) { minV = v; minI = i; } else if (v > maxV) { maxV = v; maxI = i; }
      }
    }
    if (count > 0) {
      if (n + 8 > xs.length) { this.n = n; this.grow(); xs = this.xs; ys = this.ys; }
      xs[n] = px0 + (firstT - t0) * sx; ys[n] = py0 - (firstV - v0) * sy; n++;
      if (count > 2) {
        const lo = py0 - (minV - v0) * sy, hi = py0 - (maxV - v0) * sy;
        if (minI < maxI) { xs[n] = colX; ys[n] = lo; n++; xs[n] = colX; ys[n] = hi; n++; }
        else { xs[n] = colX; ys[n] = hi; n++; xs[n] = colX; ys[n] = lo; n++; }
      }
      if (count > 1) { xs[n] = px0 + (lastT - t0) * sx; ys[n] = py0 - (lastV - v0) * sy; n++; }
    }
    this.n = n;
    return n;
  }
}

/** First index whose time is >= t (times ascending). */
export function lowerBound(times, t, from = 0, to = times.length) {
  let lo = from, hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < t) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Index of the sample nearest to time t, or -1 for an empty series. */
export function nearestIndex(times, t) {
  const n = times.length;
  if (n === 0) return -1;
  const i = lowerBound(times, t);
  if (i <= 0) return 0;
  if (i >= n) return n - 1;
  return t - times[i - 1] <= times[i] - t ? i - 1 : i;
}
