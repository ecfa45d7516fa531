// The shared time range and refresh controls of a dashboard: quick relative ranges, absolute
// from/to, shift back/forward, zoom out, a refresh button and an auto-refresh interval. It only
// edits {from, to, refresh}; the dashboard view decides what a change means.
import { el, resolveTime, formatTime, parseDuration, durationText } from "../util.js";
import { QUICK_RANGES, REFRESH_CHOICES } from "./defaults.js";

/** A time expression as epoch seconds, with Grafana's rounding on top of util's resolveTime:
 *  "now/d" is the start of today (the end of it when `end`), "now-1d/d" yesterday, likewise /h,
 *  /w (weeks from Monday), /M and /y, in local time. Null when it is not understood. */
export function resolveExpr(text, end = false) {
  const m = /^(.*)\/([smhdwMy])$/.exec(String(text || "").trim());
  if (!m) return resolveTime(text);
  const base = resolveTime(m[1] || "now");
  if (base === null) return null;
  const d = new Date(base * 1000);
  const unit = m[2];
  if (unit === "s") d.setMilliseconds(0);
  else if (unit === "m") d.setSeconds(0, 0);
  else if (unit === "h") d.setMinutes(0, 0, 0);
  else {
    d.setHours(0, 0, 0, 0);
    if (unit === "w") d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
    if (unit === "M" || unit === "y") d.setDate(1);
    if (unit === "y") d.setMonth(0);
  }
  if (end) {
    if (unit === "s") d.setSeconds(d.getSeconds() + 1);
    else if (unit === "m") d.setMinutes(d.getMinutes() + 1);
    else if (unit === "h") d.setHours(d.getHours() + 1);
    else if (unit === "d") d.setDate(d.getDate() + 1);
    else if (unit === "w") d.setDate(d.getDate() + 7);
    else if (unit === "M") d.setMonth(d.getMonth() + 1);
    else d.setFullYear(d.getFullYear() + 1);
    return d.getTime() / 1000 - 0.001;
  }
  return d.getTime() / 1000;
}

/** Human text for a range: "Last 1 hour" or "2026-11-21 10:00:00 to 2026-11-21 11:00:00". */
export function rangeText(from, to) {
  const quick = QUICK_RANGES.find(([value]) => value === from);
  if (quick && (to === "now" || !to)) return quick[1];
  const rel = /^now-(.+)$/.exec(from);
  if (rel && (to === "now" || !to)) return `Last ${rel[1]}`;
  if (from === "now/d" && to === "now/d") return "Today";
  if (from === "now-1d/d" && to === "now-1d/d") return "Yesterday";
  const f = resolveExpr(from);
  const t = resolveExpr(to, true);
  return `${f === null ? from : formatTime(f)} to ${t === null ? to : formatTime(t)}`;
}

/** Creates the controls. `state` = {from, to, refresh}; onChange(partial) when the user edits;
 *  onRefresh() for the refresh button. Returns {element, update(state)}. */
export function createTimePicker({ state, onChange, onRefresh }) {
  const rangeButton = el("button", { type: "button", class: "dash-range-button", "aria-haspopup": "dialog", "aria-expanded": "false", dataset: { testid: "time-range" } });
  const fromInput = el("input", { type: "text", "aria-label": "From (now-6h, 2026-11-21 10:00, or epoch seconds)", dataset: { testid: "time-from" } });
  const toInput = el("input", { type: "text", "aria-label": "To", dataset: { testid: "time-to" } });
  const error = el("p", { class: "dash-range-error", role: "alert" });
  const apply = () => {
    const f = resolveExpr(fromInput.value.trim());
    const t = resolveExpr(toInput.value.trim(), true);
    if (f === null || t === null) { error.textContent = "Use now-1h, an ISO date (2026-11-21 10:00) or epoch seconds."; return; }
    if (f >= t) { error.textContent = "From must be before To."; return; }
    error.textContent = "";
    close();
    onChange({ from: fromInput.value.trim(), to: toInput.value.trim() || "now" });
  };
  const popover = el("div", { class: "dash-range-popover", role: "dialog", "aria-label": "Time range", hidden: true },
    el("div", { class: "dash-range-quick" }, QUICK_RANGES.map(([value, label]) =>
      el("button", { type: "button", dataset: { from: value }, onclick: () => { close(); onChange({ from: value, to: "now" }); } }, label))),
    el("form", { class: "dash-range-absolute", onsubmit: (e) => { e.preventDefault(); apply(); } },
      el("label", {}, "From", fromInput), el("label", {}, "To", toInput), error,
      el("button", { type: "submit", class: "primary" }, "Apply")));
  const wrap = el("div", { class: "dash-range" }, rangeButton, popover);
  const outside = (event) => { if (!wrap.contains(event.target)) close(false); };
  function close(refocus = true) {
    if (popover.hidden) return;
    popover.hidden = true;
    rangeButton.setAttribute("aria-expanded", "false");
    document.removeEventListener("pointerdown", outside, true);
    if (refocus) rangeButton.focus();
  }
  rangeButton.addEventListener("click", () => {
    if (!popover.hidden) { close(); return; }
    fromInput.value = current.from;
    toInput.value = current.to;
    for (const button of popover.querySelectorAll(".dash-range-quick button")) {
      if (button.dataset.from === current.from && current.to === "now") button.setAttribute("aria-current", "true");
      else button.removeAttribute("aria-current");
    }
    error.textContent = "";
    popover.hidden = false;
    rangeButton.setAttribute("aria-expanded", "true");
    document.addEventListener("pointerdown", outside, true);
    (popover.querySelector(".dash-range-quick [aria-current]") || popover.querySelector("button")).focus();
  });
  popover.addEventListener("keydown", (e) => { if (e.key === "Escape") { e.preventDefault(); close(); } });

  // Shifting or zooming out turns the range absolute, except zoom-out of a range ending now.
  const shift = (direction) => {
    const f = resolveExpr(current.from);
    const t = resolveExpr(current.to, true);
    const span = t - f;
    onChange({ from: String(Math.round(f + direction * span / 2)), to: String(Math.round(t + direction * span / 2)) });
  };
  const zoomOut = () => {
    const f = resolveExpr(current.from);
    const t = resolveExpr(current.to, true);
    const span = t - f;
    if (current.to === "now") onChange({ from: `now-${durationText(span * 2)}`, to: "now" });
    else onChange({ from: String(Math.round(f - span / 2)), to: String(Math.round(t + span / 2)) });
  };

  const refreshSelect = el("select", { "aria-label": "Auto-refresh interval", dataset: { testid: "refresh-interval" },
    onchange: () => onChange({ refresh: refreshSelect.value }) });
  const element = el("div", { class: "dash-timecontrols" },
    el("button", { type: "button", class: "icon", "aria-label": "Shift time range back", title: "Shift back", onclick: () => shift(-1) }, "‹"),
    wrap,
    el("button", { type: "button", class: "icon", "aria-label": "Shift time range forward", title: "Shift forward", onclick: () => shift(1) }, "›"),
    el("button", { type: "button", class: "icon", "aria-label": "Zoom out time range", title: "Zoom out", onclick: zoomOut }, "⊖"),
    el("span", { class: "dash-refresh-group" },
      el("button", { type: "button", "aria-label": "Refresh now", title: "Refresh now", onclick: () => onRefresh(), dataset: { testid: "refresh-now" } }, "↻ Refresh"),
      refreshSelect));

  let current = { ...state };
  const update = (next) => {
    current = { ...current, ...next };
    rangeButton.textContent = rangeText(current.from, current.to);
    const choices = REFRESH_CHOICES.includes(current.refresh || "") ? REFRESH_CHOICES : [...REFRESH_CHOICES, current.refresh];
    refreshSelect.replaceChildren(...choices.map((r) => el("option", { value: r, selected: (current.refresh || "") === r }, r ? `every ${r}` : "Auto-refresh off")));
  };
  update(state);
  return { element, update };
}

/** The range as epoch seconds {start, end} (end clamped after start), or null when invalid. */
export function resolveRange(from, to) {
  const end = resolveExpr(to || "now", true);
  const start = resolveExpr(from || "now-1h");
  if (start === null || end === null || start >= end) return null;
  return { start, end };
}

/** A relative range's length ("now-1h" -> 3600), or null when the range does not end now. */
export function relativeSpan(from, to) {
  if (to && to !== "now") return null;
  const m = /^now-(.+)$/.exec(from || "");
  return m ? parseDuration(m[1]) : null;
}
