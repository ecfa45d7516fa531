// The UI's one way to talk to Warden's HTTP APIs: JSON in, the `data` of Prometheus's
// {"status":"success","data":...} envelope out, and an APIError carrying the server's own message
// (and, for query errors, the position it names) when anything fails.

/** A failed API call: HTTP status, Prometheus errorType, the server's message. */
export class APIError extends Error {
  constructor(status, errorType, message) {
    super(message);
    this.name = "APIError";
    this.status = status;
    this.errorType = errorType;
    // PromQL/LogQL parse errors name a position: "1:14: parse error: ..." or "at position 13".
    this.position = APIError.positionOf(message);
  }

  /** The 0-based character offset a query error points at, or null. */
  static positionOf(message) {
    if (typeof message !== "string") return null;
    let m = /(?:^|\s)(\d+):(\d+):/.exec(message);
    if (m) return { line: Number(m[1]), column: Number(m[2]) };
    m = /position (\d+)/.exec(message);
    if (m) return { line: 1, column: Number(m[1]) + 1 };
    return null;
  }
}

function url(path, params) {
  const u = new URL(path, window.location.origin);
  if (params) {
    for (const [key, value] of Object.entries(params)) {
      if (value === undefined || value === null || value === "") continue;
      if (Array.isArray(value)) value.forEach((v) => u.searchParams.append(key, String(v)));
      else u.searchParams.set(key, String(value));
    }
  }
  return u;
}

async function decode(response) {
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
  if (!response.ok || (body && body.status === "error")) {
    const message = body && (body.error || body.message) ? (body.error || body.message) : (text.trim() || response.statusText);
    throw new APIError(response.status, body && body.errorType ? body.errorType : "http", message);
  }
  if (body && typeof body === "object" && "status" in body && "data" in body) return body.data;
  return body;
}

/** GET `path` with query `params`; resolves to the envelope's data (or the bare JSON). */
export async function get(path, params, { signal } = {}) {
  const response = await fetch(url(path, params), { signal, headers: { Accept: "application/json" } });
  return decode(response);
}

/** POST form-encoded `params` (as Prometheus's query API takes them). */
export async function postForm(path, params, { signal } = {}) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) value.forEach((v) => body.append(key, String(v)));
    else body.set(key, String(value));
  }
  const response = await fetch(url(path), { method: "POST", body, signal, headers: { Accept: "application/json" } });
  return decode(response);
}

/** Sends `value` as JSON with `method`; resolves to the envelope's data. */
export async function sendJSON(method, path, value, { signal, params } = {}) {
  const response = await fetch(url(path, params), {
    method,
    signal,
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: value === undefined ? undefined : JSON.stringify(value),
  });
  return decode(response);
}

export async function del(path, params) {
  const response = await fetch(url(path, params), { method: "DELETE", headers: { Accept: "application/json" } });
  return decode(response);
}

/** PromQL range query; times in seconds (floats allowed), step in seconds. */
export function queryRange(query, start, end, step, options) {
  return postForm("/api/v1/query_range", { query, start, end, step }, options);
}

/** PromQL instant query at `time` seconds (now when omitted). */
export function queryInstant(query, time, options) {
  return postForm("/api/v1/query", { query, time }, options);
}
