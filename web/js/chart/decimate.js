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
   */
  run(times, values, i0, i1, t0, sx, px0, v0, sy, py0, gap) {
    let xs = this.xs;
    let ys = this.ys;
    let n = 0;
    let count = 0;
    let col = 0;
    let firstX = 0, firstY = 0, lastX = 0, lastY = 0, minY = 0, maxY = 0, minI = 0, maxI = 0;
    let prevT = -Infinity;
    for (let i = i0; i < i1; i++) {
      const v = values[i];
      const t = times[i];
      const bad = v - v !== 0; // NaN and +-Inf: nothing to draw
      const jump = t - prevT > gap;
      prevT = t;
      let x = 0, y = 0, c = 0;
      if (!bad) {
        x = px0 + (t - t0) * sx;
        y = py0 - (v - v0) * sy;
        c = Math.floor(x);
      }
      if (count > 0 && (bad || jump || c !== col)) {
        if (n + 8 > xs.length) { this.n = n; this.grow(); xs = this.xs; ys = this.ys; }
        xs[n] = firstX; ys[n] = firstY; n++;
        if (count > 2) {
          if (minI < maxI) { xs[n] = col + 0.5; ys[n] = minY; n++; xs[n] = col + 0.5; ys[n] = maxY; n++; }
          else { xs[n] = col + 0.5; ys[n] = maxY; n++; xs[n] = col + 0.5; ys[n] = minY; n++; }
        }
        if (count > 1) { xs[n] = lastX; ys[n] = lastY; n++; }
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
        col = c; firstX = lastX = x; firstY = lastY = minY = maxY = y; minI = maxI = i; count = 1;
      } else {
        lastX = x; lastY = y; count++;
        if (y < minY) { minY = y; minI = i; }
        if (y > maxY) { maxY = y; maxI = i; }
      }
    }
    if (count > 0) {
      if (n + 8 > xs.length) { this.n = n; this.grow(); xs = this.xs; ys = this.ys; }
      xs[n] = firstX; ys[n] = firstY; n++;
      if (count > 2) {
        if (minI < maxI) { xs[n] = col + 0.5; ys[n] = minY; n++; xs[n] = col + 0.5; ys[n] = maxY; n++; }
        else { xs[n] = col + 0.5; ys[n] = maxY; n++; xs[n] = col + 0.5; ys[n] = minY; n++; }
      }
      if (count > 1) { xs[n] = lastX; ys[n] = lastY; n++; }
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
