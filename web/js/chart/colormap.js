// A sequential colour scale for heatmaps, viridis-like: perceptually even, readable in grey-scale
// and for the common colour-vision deficiencies, dark (low) to yellow (high). Written as nine
// anchors interpolated in RGB into a 256-entry table of CSS strings, so a heatmap cell picks its
// colour by index without building a string.

const ANCHORS = [
  [68, 1, 84], [71, 45, 123], [59, 82, 139], [44, 114, 142], [33, 145, 140],
  [40, 174, 128], [94, 201, 98], [173, 220, 48], [253, 231, 37],
];

export const VIRIDIS = (() => {
  const table = new Array(256);
  for (let i = 0; i < 256; i++) {
    const f = (i / 255) * (ANCHORS.length - 1);
    const k = Math.min(ANCHORS.length - 2, Math.floor(f));
    const u = f - k;
    const a = ANCHORS[k], b = ANCHORS[k + 1];
    const c = a.map((x, j) => Math.round(x + (b[j] - x) * u));
    table[i] = `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
  }
  return table;
})();

/** The colour for fraction `f` (0..1) of the scale. */
export function sequentialColor(f) {
  const i = f <= 0 ? 0 : f >= 1 ? 255 : Math.round(f * 255);
  return VIRIDIS[i];
}

/** A CSS linear-gradient of the scale, for the heatmap's colour legend. */
export function gradientCSS() {
  const stops = ANCHORS.map((c, i) => `rgb(${c.join(", ")}) ${Math.round((i / (ANCHORS.length - 1)) * 100)}%`);
  return `linear-gradient(to right, ${stops.join(", ")})`;
}
