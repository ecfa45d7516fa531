// Live mode's data feed: ONE EventSource on /api/v1/live/query_range carrying every panel query
// of the dashboard (the server re-evaluates them each `interval` and pushes `result` events, then
// a `tick`). If the stream cannot be opened at all, it falls back to fetching the same queries
// periodically, and says so through onMode, so the page can show which mode is active.
import { get, queryRange } from "../api.js";
import { durationText } from "../util.js";

const MAX_QUERIES = 50;

/** queries: [{expr, logql}]; range, step, interval in seconds. Callbacks:
 *  onResult(index, {status, data} | {status: "error", error}), onTick(timeSeconds),
 *  onMode("connecting" | "sse" | "reconnecting" | "poll", detail). */
export class LiveFeed {
  constructor({ queries, range, step, interval, onResult, onTick, onMode }) {
    this.queries = queries.slice(0, MAX_QUERIES);
    this.range = range;
    this.step = step;
    this.interval = Math.max(1, interval);
    this.onResult = onResult;
    this.onTick = onTick;
    this.onMode = onMode;
    this.source = null;
    this.timer = null;
    this.received = 0;
    this.closed = false;
    this.polling = false;
  }

  url() {
    const u = new URL("/api/v1/live/query_range", window.location.origin);
    for (const q of this.queries) u.searchParams.append("query", q.logql ? `logql:${q.expr}` : q.expr);
    u.searchParams.set("range", durationText(this.range));
    u.searchParams.set("step", durationText(this.step));
    u.searchParams.set("interval", durationText(this.interval));
    return u.href;
  }

  start() {
    if (!this.queries.length) { this.onMode("sse", "no queries"); return; }
    if (typeof EventSource !== "function") { this.fallBack("EventSource is not available"); return; }
    this.onMode("connecting");
    const source = new EventSource(this.url());
    this.source = source;
    source.addEventListener("open", () => { if (!this.closed) this.onMode("sse"); });
    source.addEventListener("result", (event) => {
      if (this.closed) return;
      this.received++;
      let payload;
      try { payload = JSON.parse(event.data); } catch (e) { return; }
      if (payload && typeof payload.index === "number") this.onResult(payload.index, payload);
    });
    source.addEventListener("tick", (event) => {
      if (this.closed) return;
      let time = Date.now() / 1000;
      try { time = JSON.parse(event.data).time ?? time; } catch (e) { /* keep the local clock */ }
      this.onTick(time);
    });
    source.addEventListener("error", () => {
      if (this.closed) return;
      // Never connected (404, 400, server without live support): poll instead. A stream that
      // worked and dropped is retried by EventSource itself; say that we are reconnecting.
      if (source.readyState === EventSource.CLOSED || this.received === 0) this.fallBack("the live stream could not be opened");
      else this.onMode("reconnecting");
    });
  }

  fallBack(reason) {
    if (this.source) { this.source.close(); this.source = null; }
    if (this.polling || this.closed) return;
    this.polling = true;
    this.onMode("poll", reason);
    const run = async () => {
      if (this.closed) return;
      const end = Date.now() / 1000;
      const start = end - this.range;
      await Promise.all(this.queries.map(async (q, index) => {
        try {
          const data = q.logql
            ? await get("/loki/api/v1/query_range", { query: q.expr, start: `${Math.round(start * 1e3)}000000`, end: `${Math.round(end * 1e3)}000000`, step: this.step })
            : await queryRange(q.expr, start, end, this.step);
          if (!this.closed) this.onResult(index, { index, status: "success", data });
        } catch (error) {
          if (!this.closed) this.onResult(index, { index, status: "error", errorType: error.errorType, error: error.message });
        }
      }));
      if (this.closed) return;
      this.onTick(end);
      this.timer = setTimeout(run, this.interval * 1000);
    };
    run();
  }

  close() {
    this.closed = true;
    if (this.source) this.source.close();
    this.source = null;
    clearTimeout(this.timer);
  }
}
