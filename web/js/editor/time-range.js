// The explorers' time-range picker: a button naming the range ("Last 1 hour") that opens a panel
// with relative presets (5 minutes to 30 days) and absolute From/To inputs. Times stay as text the
// URL can carry: "now-1h" and "now" for relative ranges, epoch seconds for absolute ones (a zoom
// or typed dates), resolved with util.resolveTime at query time.
import { el, resolveTime, formatTime, parseDuration } from "../util.js";

export const PRESETS = [
  ["5m", "Last 5 minutes"], ["15m", "Last 15 minutes"], ["30m", "Last 30 minutes"], ["1h", "Last 1 hour"],
  ["3h", "Last 3 hours"], ["6h", "Last 6 hours"], ["12h", "Last 12 hours"], ["24h", "Last 24 hours"],
  ["2d", "Last 2 days"], ["7d", "Last 7 days"], ["30d", "Last 30 days"],
];


/** A short human name for a range. */
export function describeRange(from, to) {
  if (!to || to === "now") {
    const m = /^now-(.+)$/.exec(from || "");
    if (m) {
      const preset = PRESETS.find(([d]) => d === m[1]);
      if (preset) return preset[1];
      return `Last ${m[1]}`;
    }
  }
  const a = resolveTime(from);
  const b = resolveTime(to);
  if (a === null || b === null) return `${from} to ${to}`;
  const fa = formatTime(a);
  const fb = formatTime(b);
  // Same day: show the day once.
  return fa.slice(0, 10) === fb.slice(0, 10) ? `${fa.slice(0, 16)} to ${fb.slice(11, 16)}` : `${fa.slice(0, 16)} to ${fb.slice(0, 16)}`;
}

/** What an input shows for a time: relative text as is, absolute as local date and time. */
function inputText(value) {
  if (!value || String(value).startsWith("now")) return value || "now";
  const t = resolveTime(value);
  return t === null ? String(value) : formatTime(t);
}

/** Normalizes typed text for the URL: "now-2h" stays, dates become epoch seconds; null if invalid. */
export function normalizeTime(text) {
  const value = String(text || "").trim();
  if (value === "now") return "now";
  if (value.startsWith("now-")) return parseDuration(value.slice(4)) === null ? null : value;
  const t = resolveTime(value);
  return t === null ? null : String(Math.round(t));
}

export function createTimeRangePicker(container, { from = "now-1h", to = "now", onChange } = {}) {
  let current = { from, to };
  const button = el("button", { type: "button", class: "trp-button", "aria-haspopup": "dialog", "aria-expanded": "false", "data-testid": "time-range" });
  const fromInput = el("input", { type: "text", name: "from", "data-testid": "time-from", autocomplete: "off" });
  const toInput = el("input", { type: "text", name: "to", "data-testid": "time-to", autocomplete: "off" });
  const problem = el("p", { class: "trp-hint", role: "status" });
  const apply = el("button", { type: "submit", class: "primary" }, "Apply time range");
  const absolute = el("form", { class: "trp-absolute" },
    el("h3", {}, "Absolute time range"),
    el("label", {}, "From", fromInput),
    el("label", {}, "To", toInput),
    el("p", { class: "trp-hint" }, "Dates as YYYY-MM-DD HH:MM:SS (local time), or now-2h."),
    problem,
    el("div", {}, apply));
  const presetButtons = PRESETS.map(([d, name]) => el("button", { type: "button", "data-range": d }, name));
  const presets = el("div", { class: "trp-presets" }, el("h3", {}, "Relative"), el("ul", {}, presetButtons.map((b) => el("li", {}, b))));
  const panel = el("div", { class: "trp-panel", role: "dialog", "aria-label": "Time range", hidden: true }, absolute, presets);
  const root = el("div", { class: "trp" }, button, panel);
  container.append(root);

  function paint() {
    button.textContent = describeRange(current.from, current.to);
    button.title = `${inputText(current.from)} to ${inputText(current.to)}`;
    const relative = /^now-(.+)$/.exec(current.from || "");
    for (const b of presetButtons) b.setAttribute("aria-pressed", String(!!relative && current.to === "now" && b.dataset.range === relative[1]));
  }

  function open() {
    fromInput.value = inputText(current.from);
    toInput.value = inputText(current.to);
    fromInput.removeAttribute("aria-invalid");
    toInput.removeAttribute("aria-invalid");
    problem.textContent = "";
    panel.hidden = false;
    button.setAttribute("aria-expanded", "true");
    const pressed = presetButtons.find((b) => b.getAttribute("aria-pressed") === "true");
    (pressed || presetButtons[3]).focus();
    document.addEventListener("mousedown", outside, true);
  }
  function close(focusButton) {
    if (panel.hidden) return;
    panel.hidden = true;
    button.setAttribute("aria-expanded", "false");
    document.removeEventListener("mousedown", outside, true);
    if (focusButton) button.focus();
  }
  function outside(event) { if (!root.contains(event.target)) close(false); }
  function choose(from, to) {
    current = { from, to };
    paint();
    close(true);
    if (onChange) onChange(from, to);
  }

  button.addEventListener("click", () => (panel.hidden ? open() : close(true)));
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { event.preventDefault(); close(true); }
    // Arrow keys walk the preset list.
    const at = presetButtons.indexOf(document.activeElement);
    if (at >= 0 && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      presetButtons[(at + (event.key === "ArrowDown" ? 1 : presetButtons.length - 1)) % presetButtons.length].focus();
    }
  });
  for (const b of presetButtons) b.addEventListener("click", () => choose(`now-${b.dataset.range}`, "now"));
  absolute.addEventListener("submit", (event) => {
    event.preventDefault();
    const f = normalizeTime(fromInput.value);
    const t = normalizeTime(toInput.value);
    fromInput.setAttribute("aria-invalid", String(f === null));
    toInput.setAttribute("aria-invalid", String(t === null));
    if (f === null || t === null) { problem.textContent = "Not a time: use YYYY-MM-DD HH:MM:SS, epoch seconds, or now-<duration>."; return; }
    if (resolveTime(f) >= resolveTime(t)) { problem.textContent = "From must be before To."; return; }
    choose(f, t);
  });
  paint();

  return {
    element: root,
    get value() { return { ...current }; },
    set(from, to) { current = { from, to }; paint(); },
    destroy() { document.removeEventListener("mousedown", outside, true); root.remove(); },
  };
}
