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

function channels(color) {
  let m = /^#([0-9a-f]{6})$/i.exec(color);
  if (m) { const n = parseInt(m[1], 16); return [(n >> 16) & 255, (n >> 8) & 255, n & 255]; }
  m = /^#([0-9a-f]{3})$/i.exec(color);
  if (m) return m[1].split("").map((c) => parseInt(c + c, 16));
  return null;
}

function luminance([r, g, b]) {
  const lin = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** A series colour adjusted to stay visible on the theme's background: the palette's darkest
 *  colours (indigo, wine) are lifted towards white on the dark theme, its lightest (yellow) taken
 *  towards black on the light theme. Hue stays, so legend, tooltip and line still agree. */
export function legible(color, dark) {
  const key = color + (dark ? "|d" : "|l");
  const hit = legibleCache.get(key);
  if (hit) return hit;
  const c = channels(color);
  let out = color;
  if (c) {
    const l = luminance(c);
    const mix = (target, f) => "#" + c.map((x) => Math.round(x + (target - x) * f).toString(16).padStart(2, "0")).join("");
    if (dark && l < 0.08) out = mix(255, 0.45);
    else if (!dark && l > 0.7) out = mix(0, 0.22);
  }
  legibleCache.set(key, out);
  return out;
}
const legibleCache = new Map();
