// The variables editor: add, remove, reorder and edit template variables (query, custom,
// interval, constant, textbox), with a preview of the values a definition yields. Works on a
// copy; Apply hands the list back.
import { el, parseDuration } from "../util.js";
import { setChildren } from "./dom.js";
import { openDialog } from "./dialog.js";
import { field, textInput, selectInput, checkbox } from "./form.js";
import { newVariable } from "./defaults.js";

const TYPES = [["query", "Query"], ["custom", "Custom"], ["interval", "Interval"], ["constant", "Constant"], ["textbox", "Text box"]];
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** variables: the dashboard's list; preview(variable) -> Promise<string[]>; onApply(list). */
export function openVariablesEditor({ variables, preview, onApply }) {
  const draft = structuredClone(variables).map((v) => { delete v.options; return v; });
  const list = el("div", { class: "dash-var-editor-list" });
  const error = el("div", { role: "alert" });
  const fail = (text) => { error.replaceChildren(el("div", { class: "message error" }, text)); return false; };

  const render = () => {
    setChildren(list, ...draft.map((v, i) => {
      const values = el("div", { class: "dash-var-preview muted", "aria-live": "polite" });
      const definition = v.type === "query"
        ? field("Query", textInput(v, "query", { placeholder: "label_values(node_uname_info, instance)" }), "label_values(metric, label), label_values(label), query_result(expr), metrics(regex)")
        : v.type === "custom" || v.type === "interval"
          ? field("Values (comma-separated)", (() => {
            const input = el("input", { type: "text", value: (v.values || []).join(", "), placeholder: v.type === "interval" ? "1m, 5m, 1h" : "a, b, c" });
            input.addEventListener("input", () => { v.values = input.value.split(",").map((s) => s.trim()).filter(Boolean); });
            return input;
          })())
          : field("Value", textInput(v, "current"));
      return el("fieldset", { class: "dash-var-edit", dataset: { testid: "variable-row" } },
        el("legend", {}, `$${v.name || "?"}`),
        el("div", { class: "dash-var-edit-grid" },
          field("Name", textInput(v, "name", { testid: "variable-name", onChange: () => { list.querySelectorAll("legend")[i].textContent = `$${v.name}`; } })),
          field("Label", textInput(v, "label")),
          field("Type", selectInput(v, "type", TYPES, { onChange: render })),
          definition,
          v.type === "query" || v.type === "custom" ? el("div", { class: "dash-var-flags" },
            checkbox(v, "multi", "Multi-value"), checkbox(v, "includeAll", "Include All")) : null),
        el("div", { class: "dash-var-edit-actions" },
          v.type === "query" ? el("button", { type: "button", onclick: async () => {
            values.textContent = "Loading…";
            try {
              const found = await preview(v);
              values.textContent = found.length ? `${found.length} values: ${found.slice(0, 20).join(", ")}${found.length > 20 ? ", …" : ""}` : "No values.";
            } catch (e) { values.textContent = `Error: ${e.message}`; }
          } }, "Preview values") : null,
          el("button", { type: "button", "aria-label": `Move ${v.name} up`, disabled: i === 0, onclick: () => { draft.splice(i - 1, 0, ...draft.splice(i, 1)); render(); } }, "↑"),
          el("button", { type: "button", "aria-label": `Move ${v.name} down`, disabled: i === draft.length - 1, onclick: () => { draft.splice(i + 1, 0, ...draft.splice(i, 1)); render(); } }, "↓"),
          el("button", { type: "button", class: "danger", onclick: () => { draft.splice(i, 1); render(); } }, "Remove")),
        values);
    }), draft.length ? null : el("p", { class: "muted" }, "No variables. Variables are used in queries as $name, ${name} or [[name]]."));
  };
  render();

  return openDialog({
    title: "Variables",
    wide: true,
    testid: "variables-editor",
    body: [list, el("button", { type: "button", dataset: { testid: "add-variable" }, onclick: () => { draft.push(newVariable(draft)); render(); } }, "+ Add variable"), error],
    actions: [{ label: "Cancel" }, { label: "Apply", primary: true, testid: "variables-apply", onClick: () => {
      const names = new Set();
      for (const v of draft) {
        if (!NAME.test(v.name || "")) return fail(`“${v.name}” is not a valid variable name (letters, digits, _; not starting with a digit).`);
        if (names.has(v.name)) return fail(`Two variables are called “${v.name}”.`);
        names.add(v.name);
        // The same rules the dashboards API applies, said here before Save would be refused.
        if (v.type === "query" && !String(v.query || "").trim()) return fail(`$${v.name}: a query variable needs a query, e.g. label_values(up, job).`);
        const badInterval = v.type === "interval" && (v.values || []).find((d) => parseDuration(d) === null);
        if (badInterval) return fail(`$${v.name}: “${badInterval}” is not a duration such as 1m.`);
        if (v.multi && !Array.isArray(v.current)) v.current = v.current ? [v.current] : [];
        if (!v.multi && Array.isArray(v.current)) v.current = v.current[0] ?? "";
      }
      onApply(draft);
      return true;
    } }],
  });
}
