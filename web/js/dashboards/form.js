// Small form builders the editors share: labelled fields whose inputs write straight into an
// object, so each editor reads as a list of fields rather than event plumbing.
import { el } from "../util.js";

let counter = 0;
const nextId = () => `dash-f${++counter}`;

/** A labelled control; `control` gets an id tying the label to it. */
export function field(label, control, hint) {
  if (!control.id) control.id = nextId();
  return el("div", { class: "dash-field" }, el("label", { for: control.id }, label), control, hint ? el("small", { class: "muted" }, hint) : null);
}

/** A text input bound to `object[key]`. `parse` turns the text into the stored value. */
export function textInput(object, key, { onChange, parse = (v) => v, type = "text", placeholder, testid, size } = {}) {
  const value = object[key];
  const input = el("input", { type, value: value === null || value === undefined ? "" : String(value), placeholder, size, dataset: testid ? { testid } : undefined });
  input.addEventListener("input", () => { object[key] = parse(input.value); if (onChange) onChange(); });
  return input;
}

/** A number input bound to `object[key]`; empty stores null. */
export function numberInput(object, key, options = {}) {
  const input = textInput(object, key, { ...options, type: "number", parse: (v) => (v.trim() === "" ? null : Number(v)) });
  if (options.min !== undefined) input.min = options.min;
  if (options.max !== undefined) input.max = options.max;
  if (options.step !== undefined) input.step = options.step;
  return input;
}

/** A select bound to `object[key]` from [[value, label]]. */
export function selectInput(object, key, choices, { onChange, testid } = {}) {
  const current = object[key] ?? "";
  const list = choices.some(([v]) => v === current) ? choices : [...choices, [current, String(current)]];
  const select = el("select", { dataset: testid ? { testid } : undefined }, list.map(([v, label]) => el("option", { value: v, selected: v === current }, label)));
  select.addEventListener("change", () => { object[key] = select.value; if (onChange) onChange(); });
  return select;
}

/** A checkbox bound to `object[key]`, with its label after it. */
export function checkbox(object, key, label, { onChange, testid } = {}) {
  const box = el("input", { type: "checkbox", checked: Boolean(object[key]), id: nextId(), dataset: testid ? { testid } : undefined });
  box.addEventListener("change", () => { object[key] = box.checked; if (onChange) onChange(); });
  return el("div", { class: "dash-check" }, box, el("label", { for: box.id }, label));
}
