// Tiling for panels that show one item per series (stat, gauge): the column count that keeps
// tiles closest to a pleasant aspect ratio within the panel, so one stat fills the panel and eight
// gauges form a tidy grid.

/** The number of columns for `count` tiles in a width x height area; `aspect` is the ideal w/h. */
export function tileColumns(count, width, height, aspect = 1.6) {
  if (count <= 1) return 1;
  let best = 1, bestScore = -Infinity;
  for (let columns = 1; columns <= count; columns++) {
    const rows = Math.ceil(count / columns);
    const w = width / columns, h = height / rows;
    // The largest tile of the ideal aspect that fits in a w x h cell.
    const score = Math.min(w, h * aspect);
    if (score > bestScore + 1e-9) { bestScore = score; best = columns; }
  }
  return best;
}

/** A formatted value split into number and unit ("12.5 GiB" -> ["12.5", "GiB"]), for styling. */
export function splitValue(text) {
  const m = /^([-+]?[\d.,]+)\s*(.*)$/.exec(text);
  return m ? [m[1], m[2]] : [text, ""];
}
