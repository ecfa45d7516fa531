// Fetching a panel's data over HTTP: PromQL range queries (and LogQL metric queries through the
// Loki API) for chart panels, log lines for `logs` panels. Queries arrive already interpolated;
// all targets of a panel run in parallel and one failing target does not hide the others.
import { get, queryRange } from "../api.js";
import { loadChart, chartIfLoaded } from "./chart-loader.js";

/** Targets that should run: those with an expression and not hidden. */
export function activeTargets(panel) {
  return (panel.targets || []).filter((t) => t && !t.hide && String(t.expr || "").trim());
}

export function isLogQL(target, panel) {
  return target.language === "logql" || panel.type === "logs";
}

const ns = (seconds) => `${Math.round(seconds * 1000)}000000`;

// At most this many queries in flight from one page. A dashboard's dozen panels sent at once
// share the server's cores and all finish late; a few at a time, the visible panels (sent
// first) finish early and the whole takes no longer. The page starts with one query in flight
// and allows one more per answer (so the very first panel has the server to itself), up to
// MAX_IN_FLIGHT.
const MAX_IN_FLIGHT = 3;
let inFlight = 0;
let answered = 0;
const waiting = [];
const allowed = () => Math.min(MAX_IN_FLIGHT, 1 + answered);

/** Runs `task()` when a slot is free; `signal` aborting while it waits drops it. */
function limited(task, signal) {
  return new Promise((resolve, reject) => {
    const run = () => {
      if (signal && signal.aborted) { reject(new DOMException("aborted", "AbortError")); next(); return; }
      inFlight++;
      task().then(resolve, reject).finally(() => { inFlight--; answered++; next(); });
    };
    if (inFlight < allowed()) run(); else waiting.push(run);
  });
}
function next() {
  while (inFlight < allowed() && waiting.length) waiting.shift()();
}

/** Runs `queries` ([{expr, legend, logql}]) over [start, end] at `step`; resolves to
 *  {series, errors: [{refId, error}]}. */
export async function fetchSeries(queries, { start, end, step, signal }) {
  const results = await Promise.allSettled(queries.map((q) => limited(() => (q.logql
    ? get("/loki/api/v1/query_range", { query: q.expr, start: ns(start), end: ns(end), step }, { signal })
    : queryRange(q.expr, start, end, step, { signal })), signal)));
  await loadChart(); // series are built by the renderer's converters
  const series = [];
  const errors = [];
  results.forEach((r, i) => {
    if (r.status === "rejected") { errors.push({ refId: queries[i].refId, error: r.reason }); return; }
    series.push(...resultToSeries(r.value, queries[i].legend));
  });
  return { series, errors };
}

/** A query API `data` object (matrix, vector or scalar) as chart series. The renderer must have
 *  loaded (fetchSeries and live mode wait for it). */
export function resultToSeries(data, legend) {
  const { seriesFromMatrix } = chartIfLoaded();
  if (!data) return [];
  if (data.resultType === "matrix") return seriesFromMatrix(data.result, legend);
  if (data.resultType === "vector") {
    // Present instants as one-point matrices so every chart type accepts them.
    return seriesFromMatrix(data.result.map((r) => ({ metric: r.metric, values: [r.value] })), legend);
  }
  if (data.resultType === "scalar") return seriesFromMatrix([{ metric: {}, values: [data.result] }], legend || "scalar");
  return [];
}

/** Log lines for a logs panel, newest first: [{time (s), line, labels}]. */
export async function fetchLogs(queries, { start, end, limit = 200, signal }) {
  const results = await Promise.allSettled(queries.map((q) => limited(() =>
    get("/loki/api/v1/query_range", { query: q.expr, start: ns(start), end: ns(end), limit, direction: "backward" }, { signal }), signal)));
  const lines = [];
  const errors = [];
  results.forEach((r, i) => {
    if (r.status === "rejected") { errors.push({ refId: queries[i].refId, error: r.reason }); return; }
    const data = r.value;
    if (!data || data.resultType !== "streams") return;
    for (const stream of data.result) {
      for (const [t, line] of stream.values) lines.push({ time: Number(t) / 1e9, line, labels: stream.stream || {} });
    }
  });
  lines.sort((a, b) => b.time - a.time);
  return { lines: lines.slice(0, limit), errors };
}
