// The chart lab (/ui/chart-lab.html): draws every chart type with generated data, for looking at
// the renderer, for the browser tests (window.warden.chartLab) and for the UI benchmark. With
// ?points=N it also draws one N-point series repeatedly and publishes the draw times:
// window.warden.lab = { frameMs: [...], points } (the draw alone, timed with performance.now).

import { createChart } from "./chart.js";

const params = new URLSearchParams(location.search);
const grid = document.getElementById("lab");
const lab = { ready: false, charts: {}, zooms: [] };
window.warden = window.warden || {};
window.warden.chartLab = lab;

// Deterministic pseudo-random numbers, so screenshots are comparable from run to run.
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const now = Math.floor(Date.now() / 1000 / 60) * 60;
const STEP = 15;
const START = now - 3600;
const COUNT = 3600 / STEP + 1;

function makeSeries(name, labels, fn) {
  const times = new Float64Array(COUNT);
  const values = new Float64Array(COUNT);
  for (let i = 0; i < COUNT; i++) { times[i] = START + i * STEP; values[i] = fn(i, times[i]); }
  return { name, labels, times, values };
}

function panel(title, id, options, data, { wide = false } = {}) {
  const host = document.createElement("div");
  host.className = "lab-chart";
  const card = document.createElement("section");
  card.className = "card lab-panel" + (wide ? " wide" : "");
  card.dataset.testid = "lab-" + id;
  const heading = document.createElement("h2");
  heading.textContent = title;
  card.append(heading, host);
  grid.append(card);
  const chart = createChart(host, options);
  if (data) chart.setData(data);
  lab.charts[id] = chart;
  return chart;
}

const r = random(42);
const range = { start: START, end: now, step: STEP };

// CPU-like lines with a gap, thresholds at 70 and 90 percent.
const cpu = ["web-1", "web-2", "db-1"].map((host, k) =>
  makeSeries(`${host}:9100`, { instance: `${host}:9100`, job: "node" }, (i) => {
    if (k === 1 && i > 90 && i < 110) return NaN; // a scrape outage: the line breaks
    const base = 35 + k * 18 + 20 * Math.sin(i / 25 + k);
    return Math.max(0, Math.min(100, base + (r() - 0.5) * 8 + (k === 2 && i > 180 && i < 200 ? 30 : 0)));
  }));
const timeseriesData = { series: cpu, ...range };
const ts = panel("Timeseries: CPU (percent, thresholds 70/90)", "timeseries", {
  type: "timeseries", unit: "percent", min: 0, max: 100,
  thresholds: [{ value: null, color: "#009E73" }, { value: 70, color: "#E69F00" }, { value: 90, color: "#D55E00" }],
  onZoom: (t0, t1) => {
    lab.zooms.push(t0 === null ? null : [t0, t1]);
    ts.setData(t0 === null ? timeseriesData : { ...timeseriesData, start: t0, end: t1 });
  },
}, timeseriesData);

// Network traffic as stacked areas in bytes per second.
const net = ["eth0 rx", "eth0 tx", "eth1 rx", "eth1 tx"].map((name, k) =>
  makeSeries(name, { device: name.split(" ")[0], direction: name.split(" ")[1] }, (i) =>
    (2 + k) * 1024 * 1024 * (1 + 0.5 * Math.sin(i / (15 + k * 3)) + r() * 0.3)));
panel("Stacked areas: network (Bps)", "stacked", { type: "timeseries", unit: "Bps", stack: true, fill: "area" }, { series: net, ...range });

// Area (not stacked): memory in bytes.
const mem = [makeSeries("used", { state: "used" }, (i) => 6.2e9 + 1.1e9 * Math.sin(i / 40) + r() * 2e8)];
panel("Area: memory used (bytes)", "area", { type: "timeseries", unit: "bytes", fill: "area" }, { series: mem, ...range });

// Log volume by level as stacked bars, one bar per minute.
const minute = (fn) => (name) => {
  const count = 61;
  const times = new Float64Array(count), values = new Float64Array(count);
  for (let i = 0; i < count; i++) { times[i] = START + i * 60; values[i] = fn(name, i); }
  return { name, labels: { level: name }, times, values };
};
const levels = ["info", "warn", "error"].map(minute((level, i) =>
  Math.round((level === "info" ? 120 : level === "warn" ? 25 : 6) * (1 + 0.6 * Math.sin(i / 6)) * (0.7 + r() * 0.6))));
panel("Bars: log lines per minute by level (stacked)", "bars", { type: "bars", stack: true, unit: "short" },
  { series: levels, start: START, end: now, step: 60 });

// Request latency histogram: cumulative bucket rates, drawn as a heatmap.
const bounds = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "+Inf"];
const hist = (() => {
  const count = COUNT;
  const perBucket = bounds.map(() => new Float64Array(count));
  for (let i = 0; i < count; i++) {
    // A log-normal-ish bump whose centre drifts, plus a slow tail during an incident.
    const centre = 3.5 + 1.5 * Math.sin(i / 40) + (i > 150 && i < 190 ? 2 : 0);
    for (let b = 0; b < bounds.length; b++) perBucket[b][i] = Math.max(0, 40 * Math.exp(-((b - centre) ** 2) / 2.2) * (0.7 + r() * 0.6) - 0.4);
  }
  return bounds.map((le, b) => {
    const times = new Float64Array(count), values = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      times[i] = START + i * STEP;
      let cumulative = 0;
      for (let k = 0; k <= b; k++) cumulative += perBucket[k][i];
      values[i] = cumulative;
    }
    return { name: `le=${le}`, labels: { le }, times, values };
  });
})();
panel("Heatmap: request latency buckets (s)", "heatmap", { type: "heatmap", unit: "s" }, { series: hist, ...range });

const pctThresholds = [{ value: null, color: "#009E73" }, { value: 70, color: "#E69F00" }, { value: 90, color: "#D55E00" }];
panel("Stat: CPU", "stat", { type: "stat", unit: "percent", thresholds: pctThresholds }, { series: [cpu[0]], ...range });
panel("Stat: three hosts", "stats", { type: "stat", unit: "percent", thresholds: pctThresholds }, { series: cpu, ...range });
panel("Gauge: CPU per host", "gauge", { type: "gauge", unit: "percent", thresholds: pctThresholds }, { series: cpu, ...range });

const disks = ["/", "/home", "/var", "/srv/data", "/boot", "/tmp"].map((mount, k) =>
  makeSeries(mount, { mountpoint: mount, instance: "web-1:9100" }, () => [48, 73, 92, 61, 23, 8][k] + r()));
panel("Bar gauge: disk used", "bargauge", { type: "bargauge", unit: "percent", thresholds: pctThresholds }, { series: disks, ...range });

const rows = [];
for (const instance of ["web-1:9100", "web-2:9100", "db-1:9100"]) {
  for (const mode of ["user", "system", "iowait"]) {
    rows.push(makeSeries(`${instance} ${mode}`, { instance, mode }, () => r() * (mode === "user" ? 60 : 15)));
  }
}
panel("Table: last values", "table", { type: "table", unit: "percent", thresholds: pctThresholds }, { series: rows, ...range });

panel("Empty", "empty", { type: "timeseries" }, { series: [], ...range });

// The theme toggle, as the app's: store the choice and tell the charts.
const toggle = document.getElementById("theme-toggle");
const label = () => { toggle.textContent = document.documentElement.dataset.theme === "dark" ? "Light theme" : "Dark theme"; };
label();
window.addEventListener("warden-theme", label);
toggle.addEventListener("click", () => {
  const next = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
  document.documentElement.dataset.theme = next;
  try { localStorage.setItem("warden.theme", next); } catch (e) { /* private mode */ }
  window.dispatchEvent(new CustomEvent("warden-theme", { detail: next }));
});

// The million-point benchmark: one random-walk series, drawn `frames` times, one per animation frame.
const points = Number(params.get("points") || 0);
if (points > 0) {
  const walk = random(7);
  const times = new Float64Array(points);
  const values = new Float64Array(points);
  const end = now;
  const begin = end - points; // one sample per second
  let v = 50;
  for (let i = 0; i < points; i++) {
    times[i] = begin + i;
    v += (walk() - 0.5) * 2;
    values[i] = v;
  }
  const big = panel(`${points.toLocaleString("en")} points`, "million", { type: "timeseries", unit: "short" }, null, { wide: true });
  big.setData({ series: [{ name: "random walk", labels: {}, times, values }], start: begin, end, step: 1 });
  grid.prepend(grid.lastElementChild);
  const frames = Number(params.get("frames") || 30);
  const frameMs = [];
  const tick = () => {
    const t0 = performance.now();
    big.redraw();
    frameMs.push(performance.now() - t0);
    if (frameMs.length < frames) requestAnimationFrame(tick);
    else window.warden.lab = { frameMs, points, drawnPoints: big.state.drawnPoints };
  };
  requestAnimationFrame(tick);
}

lab.ready = true;
