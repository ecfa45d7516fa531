// Small helpers every page shares: DOM building, HTML escaping, number formatting by unit, time
// ranges ("now-6h" or absolute), durations, and the colour palette (Okabe-Ito first, which stays
// distinguishable for the common forms of colour blindness, then Paul Tol's muted set).

/** Creates an element: el("div", {class: "x", onclick: f}, child, "text", ...). */
export function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "style" && typeof value === "object") Object.assign(node.style, value);
    else if (value === true) node.setAttribute(key, "");
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function escapeHTML(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

export const PALETTE = [
  "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999",
  "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499",
];
export function seriesColor(index) { return PALETTE[index % PALETTE.length]; }

/** A stable display name for a series: `{__name__="x", a="b"}` as `x{a="b"}`. */
export function seriesName(metric) {
  const labels = Object.entries(metric || {}).filter(([k]) => k !== "__name__").sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const name = metric && metric.__name__ ? metric.__name__ : "";
  if (!labels.length) return name || "{}";
  return name + "{" + labels.map(([k, v]) => `${k}="${v}"`).join(", ") + "}";
}

/** Expands a legend template: "{{instance}} {{ mode }}" with the series' labels. */
export function legendFor(template, metric) {
  if (!template) return seriesName(metric);
  return template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, name) => (metric && metric[name] !== undefined ? metric[name] : ""));
}

const SI = [[1e15, "P"], [1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"]];
const IEC = [[2 ** 50, "PiB"], [2 ** 40, "TiB"], [2 ** 30, "GiB"], [2 ** 20, "MiB"], [2 ** 10, "KiB"]];

function trim(value, decimals) {
  const d = decimals ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return Number(value.toFixed(d)).toString();
}

/** Formats `value` in `unit`: bytes, decbytes, bits, bps, Bps, seconds (s), ms, percent (0-100),
 *  percentunit (0-1), short (SI suffixes), reqps, ops, none. */
export function formatValue(value, unit, decimals) {
  if (value === null || value === undefined) return "–";
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  const sign = value < 0 ? "-" : "";
  const abs = Math.abs(value);
  const scaled = (table, base, suffix = "") => {
    for (const [size, name] of table) if (abs >= size) return sign + trim(abs / size, decimals) + " " + name + suffix;
    return sign + trim(abs, decimals) + (base ? " " + base : "") + (base ? "" : suffix);
  };
  switch (unit) {
    case "bytes": return scaled(IEC, "B");
    case "decbytes": return scaled(SI.map(([s, p]) => [s, p.toUpperCase() === "K" ? "kB" : p + "B"]), "B");
    case "bits": return scaled(SI.map(([s, p]) => [s, p + "b"]), "b");
    case "bps": return scaled(SI.map(([s, p]) => [s, p + "b/s"]), "b/s");
    case "Bps": return scaled(IEC.map(([s, p]) => [s, p + "/s"]), "B/s");
    case "percent": return trim(value, decimals) + "%";
    case "percentunit": return trim(value * 100, decimals) + "%";
    case "s": case "seconds": return formatDuration(value, decimals);
    case "ms": return formatDuration(value / 1000, decimals);
    case "reqps": return scaled(SI, "", " req/s");
    case "ops": return scaled(SI, "", " ops/s");
    case "short": return scaled(SI, "");
    case "none": case "": case undefined: case null:
      return scaled(SI, "");
    default: return scaled(SI, "") + " " + unit;
  }
}

/** Seconds as the largest sensible unit: 950 ms, 12.5 s, 3.2 min, 5.1 h, 2.3 d. */
export function formatDuration(seconds, decimals) {
  const abs = Math.abs(seconds);
  if (abs === 0) return "0 s";
  if (abs < 1e-6) return trim(seconds * 1e9, decimals) + " ns";
  if (abs < 1e-3) return trim(seconds * 1e6, decimals) + " µs";
  if (abs < 1) return trim(seconds * 1e3, decimals) + " ms";
  if (abs < 60) return trim(seconds, decimals) + " s";
  if (abs < 3600) return trim(seconds / 60, decimals) + " min";
  if (abs < 86400) return trim(seconds / 3600, decimals) + " h";
  return trim(seconds / 86400, decimals) + " d";
}

const DURATION_UNITS = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/** Parses a Prometheus duration ("90s", "1h30m", "5m") to seconds, or null. */
export function parseDuration(text) {
  if (typeof text !== "string" || !text) return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const re = /(\d+)(ms|s|m|h|d|w|y)/g;
  let total = 0;
  let consumed = 0;
  let m;
  while ((m = re.exec(text)) !== null) {
    if (m.index !== consumed) return null;
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    consumed = re.lastIndex;
  }
  return consumed === text.length && consumed > 0 ? total : null;
}

/** Seconds as a Prometheus duration: 3600 -> "1h", 90 -> "1m30s". */
export function durationText(seconds) {
  let rest = Math.max(0, Math.round(seconds * 1000));
  if (rest === 0) return "0s";
  let out = "";
  for (const [unit, size] of [["d", 86400000], ["h", 3600000], ["m", 60000], ["s", 1000], ["ms", 1]]) {
    if (rest >= size) { out += Math.floor(rest / size) + unit; rest %= size; }
  }
  return out;
}

/** Resolves a time expression to epoch seconds: "now", "now-6h", an ISO date, or epoch seconds/ms. */
export function resolveTime(text, now = Date.now() / 1000) {
  if (text === undefined || text === null || text === "" || text === "now") return now;
  if (typeof text === "number") return text > 1e12 ? text / 1000 : text;
  const relative = /^now-(.+)$/.exec(text);
  if (relative) {
    const d = parseDuration(relative[1]);
    return d === null ? null : now - d;
  }
  if (/^\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    return n > 1e12 ? n / 1000 : n;
  }
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? null : parsed / 1000;
}

/** A step that gives about `points` points over [start, end], rounded to a whole second or more. */
export function autoStep(start, end, points = 250) {
  const raw = Math.max(1, (end - start) / points);
  const nice = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];
  for (const n of nice) if (n >= raw) return n;
  return Math.ceil(raw / 86400) * 86400;
}

/** Epoch seconds as local "YYYY-MM-DD HH:MM:SS". */
export function formatTime(seconds) {
  const d = new Date(seconds * 1000);
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Delays `fn` until `ms` have passed without another call. */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
