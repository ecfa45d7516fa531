// Colour helpers: Grafana's named colours (imported dashboards say "green", "semi-dark-red", ...)
// mapped onto our colour-blind-safe palette, and hex colours with an alpha channel for fills.

const NAMED = {
  green: "#009E73", red: "#D55E00", orange: "#E69F00", yellow: "#F0E442", blue: "#0072B2",
  purple: "#CC79A7", "light-blue": "#56B4E9", text: "#999999", grey: "#999999", gray: "#999999",
};

/** A threshold or series colour as a CSS colour the canvas understands. */
export function resolveColor(color, fallback = "#0072B2") {
  if (!color || typeof color !== "string") return fallback;
  const name = color.trim().toLowerCase();
  if (name.startsWith("#") || name.startsWith("rgb") || name.startsWith("hsl")) return color.trim();
  const base = name.replace(/^(super-light|light|semi-dark|dark)-/, "");
  return NAMED[name] || NAMED[base] || color;
}

const cache = new Map();

/** `color` with opacity `alpha` (hex colours become rgba(); anything else is returned as is). */
export function withAlpha(color, alpha) {
  const key = color + "|" + alpha;
  const hit = cache.get(key);
  if (hit) return hit;
  let out = color;
  let m = /^#([0-9a-f]{3})$/i.exec(color);
  if (m) {
    const [r, g, b] = m[1].split("").map((c) => parseInt(c + c, 16));
    out = `rgba(${r}, ${g}, ${b}, ${alpha})`;
  } else if ((m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(color))) {
    const n = parseInt(m[1], 16);
    out = `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  if (cache.size > 500) cache.clear();
  cache.set(key, out);
  return out;
}
