// The shared time range and refresh controls of a dashboard: quick relative ranges, absolute
// from/to, shift back/forward, zoom out, a refresh button and an auto-refresh interval. It only
// edits {from, to, refresh}; the dashboard view decides what a change means.
import { el, resolveTime, formatTime, parseDuration, durationText } from "../util.js";
import { QUICK_RANGES, REFRESH_CHOICES } from "./defaults.js";

/** Human text for a range: "Last 1 hour" or "2026-11-21 10:00:00 to 2026-11-21 11:00:00". */
export function rangeText(from, to) {
  const quick = QUICK_RANGES.find(([value]) => value === from);
  if (quick && (to === "now" || !to)) return quick[1];
  const rel = /^now-(.+)$/.exec(from);
  if (rel && (to === "now" || !to)) return `Last ${rel[1]}`;
  const f = resolveTime(from);
  const t = resolveTime(to);
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
    const f = resolveTime(fromInput.value.trim());
    const t = resolveTime(toInput.value.trim());
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
    const f = resolveTime(current.from);
    const t = resolveTime(current.to);
    const span = t - f;
    onChange({ from: String(Math.round(f + direction * span / 2)), to: String(Math.round(t + direction * span / 2)) });
  };
  const zoomOut = () => {
    const f = resolveTime(current.from);
    const t = resolveTime(current.to);
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
  const end = resolveTime(to || "now");
  const start = resolveTime(from || "now-1h");
  if (start === null || end === null || start >= end) return null;
  return { start, end };
}

/** A relative range's length ("now-1h" -> 3600), or null when the range does not end now. */
export function relativeSpan(from, to) {
  if (to && to !== "now") return null;
  const m = /^now-(.+)$/.exec(from || "");
  return m ? parseDuration(m[1]) : null;
}
