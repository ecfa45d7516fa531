// High-DPI canvas sizing. A canvas is sized in device pixels (CSS size x devicePixelRatio) and its
// context scaled back, so every drawing call works in CSS pixels and still lands on real pixels:
// lines and text stay crisp on a 2x laptop screen instead of being upscaled and blurred.

/** Sizes `canvas` to `width` x `height` CSS pixels at the current devicePixelRatio and returns its
 *  2D context with the transform set so callers draw in CSS pixels. Only touches the canvas size
 *  when it changed (assigning width clears the canvas and costs a reallocation). */
export function sizeCanvas(canvas, width, height) {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(width * dpr));
  const h = Math.max(1, Math.round(height * dpr));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  canvas.style.width = width + "px";
  canvas.style.height = height + "px";
  const ctx = canvas.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

/** Snaps a coordinate so a line of `lineWidth` CSS pixels covers whole device pixels: a 1 px line
 *  at x = 10 would otherwise straddle two pixel columns and render as a grey 2 px smear. */
export function crisp(value, lineWidth = 1) {
  const dpr = window.devicePixelRatio || 1;
  const device = Math.round(lineWidth * dpr);
  const snapped = Math.round(value * dpr);
  return (device % 2 === 1 ? snapped + 0.5 : snapped) / dpr;
}
