// Relative times ("3 min ago", "in 2 h") for the pages that list events, alerts and silences.
// A <time> element carries the exact instant in its title, so hovering shows what "3 min ago" means.
import { el, formatTime } from "../../util.js";

/** Milliseconds since the epoch of an RFC 3339 string, a Date, or epoch seconds/milliseconds. */
export function toMillis(value) {
  if (value === null || value === undefined || value === "") return NaN;
  if (value instanceof Date) return value.getTime();
  if (typeof value === "number") return value > 1e12 ? value : value * 1000;
  return Date.parse(value);
}

/** Go's zero time ("0001-01-01T00:00:00Z") and missing values mean "never". */
export function isNever(value) {
  const ms = toMillis(value);
  return !Number.isFinite(ms) || ms <= 0;
}

function span(seconds) {
  if (seconds < 45) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}

/** "just now", "12 s ago", "3 min ago", "in 2 h": the distance from `now` in the largest unit. */
export function relativeTime(value, now = Date.now()) {
  const ms = toMillis(value);
  if (!Number.isFinite(ms) || ms <= 0) return "never";
  const delta = (now - ms) / 1000;
  if (Math.abs(delta) < 2) return "just now";
  return delta > 0 ? `${span(delta)} ago` : `in ${span(-delta)}`;
}

/** A plain length of time: "3 min", "2 h" (for "active for" and silence durations). */
export function durationSpan(seconds) {
  return seconds <= 0 ? "0 s" : span(seconds);
}

/** A <time> element showing the relative time, the absolute local time on hover. */
export function timeElement(value, { prefix = "", now } = {}) {
  const ms = toMillis(value);
  if (!Number.isFinite(ms) || ms <= 0) return el("span", { class: "muted" }, "never");
  return el("time", { datetime: new Date(ms).toISOString(), title: formatTime(ms / 1000) }, prefix + relativeTime(ms, now));
}

/** A Date as the value of an <input type="datetime-local"> (local time, minutes). */
export function toLocalInput(ms) {
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The value of an <input type="datetime-local"> as epoch milliseconds (NaN when empty). */
export function fromLocalInput(text) {
  if (!text) return NaN;
  return new Date(text).getTime(); // a string without zone is read as local time, as the input shows it
}
