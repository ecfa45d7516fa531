// The template variables bar above the panels: a select per single-value variable, a checkbox
// drop-down for multi-value ones (with All), a text box for textbox variables; constants and
// hidden variables are not shown. It edits `variable.current` and reports the change.
import { el } from "../util.js";
import { setChildren } from "./dom.js";
import { ALL } from "./interpolate.js";

const SHOWN = new Set(["query", "custom", "interval", "textbox"]);

function displayOf(variable) {
  const values = Array.isArray(variable.current) ? variable.current : [variable.current ?? ""];
  if (values.includes(ALL)) return "All";
  if (!values.length || (values.length === 1 && values[0] === "")) return "None";
  return values.join(" + ");
}

function multiControl(variable, onChange, id) {
  const button = el("button", { type: "button", id, class: "dash-var-multi", "aria-haspopup": "true", "aria-expanded": "false" }, displayOf(variable));
  const panel = el("div", { class: "dash-var-popover", hidden: true });
  const wrap = el("span", { class: "dash-var-multi-wrap" }, button, panel);
  const outside = (event) => { if (!wrap.contains(event.target)) close(false); };
  let draft = [];
  function close(refocus = true) {
    if (panel.hidden) return;
    panel.hidden = true;
    button.setAttribute("aria-expanded", "false");
    document.removeEventListener("pointerdown", outside, true);
    const before = JSON.stringify(variable.current);
    variable.current = draft.length ? draft : (variable.includeAll ? [ALL] : []);
    button.textContent = displayOf(variable);
    if (JSON.stringify(variable.current) !== before) onChange(variable);
    if (refocus) button.focus();
  }
  function open() {
    draft = Array.isArray(variable.current) ? [...variable.current] : variable.current ? [variable.current] : [];
    const boxes = [];
    const row = (value, label) => {
      const box = el("input", { type: "checkbox", value, checked: draft.includes(value) });
      box.addEventListener("change", () => {
        if (value === ALL) draft = box.checked ? [ALL] : [];
        else {
          draft = draft.filter((v) => v !== ALL && v !== value);
          if (box.checked) draft.push(value);
        }
        for (const b of boxes) b.checked = draft.includes(b.value);
      });
      boxes.push(box);
      return el("label", { class: "dash-var-option" }, box, label);
    };
    const options = variable.options || [];
    const filter = el("input", { type: "search", placeholder: "Filter", "aria-label": `Filter ${variable.name} values` });
    const list = el("div", { class: "dash-var-options" },
      variable.includeAll ? row(ALL, "All") : null,
      options.map((o) => row(o, o)));
    filter.addEventListener("input", () => {
      const needle = filter.value.toLowerCase();
      for (const label of list.children) label.hidden = needle && !label.textContent.toLowerCase().includes(needle);
    });
    setChildren(panel, options.length > 8 ? filter : null, list,
      el("div", { class: "dash-var-actions" }, el("button", { type: "button", class: "primary", onclick: () => close() }, "Done")));
    panel.hidden = false;
    button.setAttribute("aria-expanded", "true");
    document.addEventListener("pointerdown", outside, true);
    (panel.querySelector("input") || panel.querySelector("button")).focus();
  }
  button.addEventListener("click", () => (panel.hidden ? open() : close()));
  panel.addEventListener("keydown", (e) => { if (e.key === "Escape") { e.preventDefault(); close(); } });
  return wrap;
}

function singleControl(variable, onChange, id) {
  const options = variable.options || [];
  const current = Array.isArray(variable.current) ? variable.current[0] : variable.current;
  const values = [...(variable.includeAll ? [[ALL, "All"]] : []), ...options.map((o) => [o, o])];
  if (current && current !== ALL && !options.includes(current)) values.push([current, current]);
  const select = el("select", { id }, values.map(([value, label]) => el("option", { value, selected: value === current }, label)));
  if (!values.length) select.append(el("option", { value: "" }, "No values"));
  select.addEventListener("change", () => { variable.current = select.value; onChange(variable); });
  return select;
}

function textControl(variable, onChange, id) {
  const input = el("input", { type: "text", id, value: variable.current ?? "", size: 14 });
  input.addEventListener("change", () => { variable.current = input.value; onChange(variable); });
  return input;
}

/** Renders the bar for `variables` (each with .options loaded); returns the element (empty when
 *  nothing is shown). `loading`: names whose options are still loading. */
export function renderVariablesBar(variables, { onChange, loading = new Set(), errors = new Map() }) {
  const bar = el("div", { class: "dash-vars", role: "group", "aria-label": "Dashboard variables", dataset: { testid: "variables-bar" } });
  for (const variable of variables) {
    // Constants, hidden variables and kinds we cannot offer (e.g. Grafana's datasource) stay out.
    if (!SHOWN.has(variable.type) || variable.hide === 2 || variable.hide === "variable") continue;
    const id = `var-${variable.name}`;
    const control = variable.type === "textbox" ? textControl(variable, onChange, id)
      : variable.multi ? multiControl(variable, onChange, id) : singleControl(variable, onChange, id);
    const error = errors.get(variable.name);
    bar.append(el("div", { class: "dash-var" + (loading.has(variable.name) ? " loading" : ""), dataset: { variable: variable.name } },
      variable.hide === 1 || variable.hide === "label" ? null : el("label", { for: id, class: "dash-var-label" }, variable.label || variable.name),
      control,
      error ? el("span", { class: "badge bad", title: error }, "!") : null));
  }
  return bar;
}
