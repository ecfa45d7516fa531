// The panel editor: type, title, description, queries (with the explorer's query editor, its
// completion and error positions), legend, unit, decimals, min/max, thresholds, stack/fill, text
// content, and the panel's position and size. It edits a copy and shows a live preview; Apply
// hands the copy back, Cancel drops it.
import { el, debounce } from "../util.js";
import { setChildren } from "./dom.js";
import { createQueryEditor } from "../editor/query-editor.js";
import { openDialog } from "./dialog.js";
import { field, textInput, numberInput, selectInput, checkbox } from "./form.js";
import { PANEL_TYPES, UNITS, CHART_TYPES, DEFAULT_THRESHOLDS, nextRefId } from "./defaults.js";
import { COLUMNS, MAX_HEIGHT } from "./layout.js";

/** panel: the panel to edit; makeView(panel) -> a detached PanelView; load(view, signal) loads
 *  its data; onApply(updatedPanel). */
export function openPanelEditor({ panel, makeView, load, onApply }) {
  const draft = structuredClone(panel);
  draft.gridPos = { ...draft.gridPos };
  const editors = [];
  const formError = el("div", { role: "alert" });
  const previewBox = el("div", { class: "dash-editor-preview", dataset: { testid: "panel-preview" } });
  let previewView = null;
  let previewController = null;

  const refreshPreview = () => {
    if (draft.type === "row") { previewBox.replaceChildren(el("p", { class: "muted" }, "Rows have no preview.")); return; }
    if (previewController) previewController.abort();
    if (previewView) previewView.destroy();
    previewView = makeView(structuredClone(draft));
    previewBox.replaceChildren(previewView.element);
    previewController = new AbortController();
    if (draft.type === "text") previewView.renderText();
    else load(previewView, previewController.signal);
  };
  const schedulePreview = debounce(refreshPreview, 400);

  // ---- Queries
  const queriesBox = el("div", { class: "dash-queries" });
  const renderQueries = () => {
    for (const e of editors.splice(0)) e.destroy();
    draft.targets = Array.isArray(draft.targets) ? draft.targets : [];
    setChildren(queriesBox, ...draft.targets.map((target, index) => {
      if (!target.language) target.language = draft.type === "logs" ? "logql" : "promql";
      const language = target.language;
      const editorSlot = el("div", { class: "dash-query-editor" });
      const editor = createQueryEditor(editorSlot, {
        language,
        value: target.expr || "",
        placeholder: language === "logql" ? '{job="app"} |= "error"' : "rate(http_requests_total[$__rate_interval])",
        onChange: (text) => { target.expr = text; schedulePreview(); },
        onRun: (text) => { target.expr = text; refreshPreview(); },
      });
      editors.push(editor);
      return el("fieldset", { class: "dash-query", dataset: { testid: "query-row" } },
        el("legend", {}, `Query ${target.refId}`),
        editorSlot,
        el("div", { class: "dash-query-options" },
          // Log lines have no legend; everything else names its series with this template.
          draft.type === "logs" ? el("span") : field("Legend", textInput(target, "legend", { placeholder: "{{instance}}", onChange: schedulePreview, testid: "legend-input" })),
          field("Language", selectInput(target, "language", [["promql", "PromQL"], ["logql", "LogQL"]], { onChange: () => { renderQueries(); schedulePreview(); } })),
          el("button", { type: "button", class: "danger", "aria-label": `Remove query ${target.refId}`,
            onclick: () => { draft.targets.splice(index, 1); renderQueries(); schedulePreview(); } }, "Remove")));
    }), draft.targets.length >= 20 ? null : el("button", { type: "button", dataset: { testid: "add-query" }, onclick: () => {
      draft.targets.push({ refId: nextRefId(draft.targets), expr: "", legend: "", language: draft.type === "logs" ? "logql" : "promql" });
      renderQueries();
      editors[editors.length - 1].focus();
    } }, "+ Add query"));
  };

  // ---- Thresholds
  const thresholdsBox = el("div", { class: "dash-thresholds" });
  const renderThresholds = () => {
    draft.thresholds = Array.isArray(draft.thresholds) ? draft.thresholds : [];
    setChildren(thresholdsBox, ...draft.thresholds.map((t, i) => {
      const color = el("input", { type: "color", value: t.color || "#009E73", "aria-label": `Threshold ${i + 1} colour` });
      color.addEventListener("input", () => { t.color = color.value; schedulePreview(); });
      const value = i === 0 && (t.value === null || t.value === undefined)
        ? el("span", { class: "muted dash-threshold-base" }, "Base")
        : numberInput(t, "value", { onChange: schedulePreview, step: "any" });
      if (value.tagName === "INPUT") value.setAttribute("aria-label", `Threshold ${i + 1} value`);
      return el("div", { class: "dash-threshold" }, color, value,
        i === 0 ? null : el("button", { type: "button", class: "icon", "aria-label": `Remove threshold ${i + 1}`, onclick: () => { draft.thresholds.splice(i, 1); renderThresholds(); schedulePreview(); } }, "✕"));
    }), el("button", { type: "button", onclick: () => {
      if (!draft.thresholds.length) draft.thresholds = DEFAULT_THRESHOLDS.map((t) => ({ ...t }));
      else {
        const last = draft.thresholds[draft.thresholds.length - 1];
        draft.thresholds.push({ value: (Number(last.value) || 0) + 10, color: "#E69F00" });
        draft.thresholds.sort((a, b) => (a.value ?? -Infinity) - (b.value ?? -Infinity));
      }
      renderThresholds(); schedulePreview();
    } }, "+ Add threshold"));
  };

  // ---- Layout of the form: sections shown by type
  const typeSelect = selectInput(draft, "type", PANEL_TYPES.map((t) => [t.value, t.label]), { testid: "panel-type", onChange: () => { renderSections(); schedulePreview(); } });
  const titleInput = textInput(draft, "title", { onChange: schedulePreview, testid: "panel-title" });
  const position = el("div", { class: "dash-position" },
    ...["x", "y", "w", "h"].map((k) => field(k.toUpperCase(), numberInput(draft.gridPos, k, {
      min: k === "w" || k === "h" ? 1 : 0, max: k === "x" ? COLUMNS - 1 : k === "w" ? COLUMNS : k === "h" ? MAX_HEIGHT : undefined, step: 1, testid: `grid-${k}`,
      onChange: () => { const v = draft.gridPos[k]; draft.gridPos[k] = v === null ? 0 : Math.round(v); },
    }))));
  const sections = el("div", { class: "dash-editor-sections" });
  const renderSections = () => {
    const type = draft.type;
    const chart = CHART_TYPES.has(type);
    setChildren(sections,
      type === "row" ? null : field("Description", textInput(draft, "description", { onChange: schedulePreview })),
      type === "text" ? field("Content (Markdown)", (() => {
        const area = el("textarea", { rows: 10, class: "mono", dataset: { testid: "text-content" } }, draft.content || "");
        area.addEventListener("input", () => { draft.content = area.value; schedulePreview(); });
        return area;
      })()) : null,
      chart || type === "logs" ? el("h3", {}, "Queries") : null,
      chart || type === "logs" ? queriesBox : null,
      chart ? el("h3", {}, "Display") : null,
      chart ? el("div", { class: "dash-display-options" },
        field("Unit", selectInput(draft, "unit", UNITS, { onChange: schedulePreview, testid: "panel-unit" })),
        field("Decimals", numberInput(draft, "decimals", { min: 0, max: 10, step: 1, onChange: schedulePreview })),
        field("Min", numberInput(draft, "min", { step: "any", onChange: schedulePreview })),
        field("Max", numberInput(draft, "max", { step: "any", onChange: schedulePreview })),
        type === "timeseries" || type === "bars" ? field("Fill", selectInput(draft, "fill", [["line", "Lines"], ["area", "Area"]], { onChange: schedulePreview })) : null,
        type === "timeseries" || type === "bars" ? checkbox(draft, "stack", "Stack series", { onChange: schedulePreview }) : null,
        ) : null,
      chart ? el("h3", {}, "Thresholds") : null,
      chart ? thresholdsBox : null,
      el("h3", {}, "Position (24 columns; height in rows of 30 px)"),
      position);
  };
  renderQueries();
  renderThresholds();
  renderSections();

  const dialog = openDialog({
    title: `Edit panel: ${panel.title || panel.id}`,
    wide: true,
    testid: "panel-editor",
    body: el("div", { class: "dash-editor" },
      previewBox,
      el("div", { class: "dash-editor-form" },
        formError,
        el("div", { class: "dash-editor-basics" }, field("Title", titleInput), field("Type", typeSelect)),
        sections)),
    actions: [
      { label: "Cancel" },
      { label: "Apply", primary: true, testid: "panel-apply", onClick: () => {
        const min = draft.min === null || draft.min === undefined || draft.min === "" ? null : Number(draft.min);
        const max = draft.max === null || draft.max === undefined || draft.max === "" ? null : Number(draft.max);
        if (min !== null && max !== null && min > max) {
          formError.replaceChildren(el("div", { class: "message error" }, `Min (${min}) is above Max (${max}).`));
          return false;
        }
        const g = draft.gridPos;
        g.w = Math.min(COLUMNS, Math.max(1, Math.round(Number(g.w) || 12)));
        g.x = Math.min(COLUMNS - g.w, Math.max(0, Math.round(Number(g.x) || 0)));
        g.y = Math.max(0, Math.round(Number(g.y) || 0));
        g.h = draft.type === "row" ? 1 : Math.min(MAX_HEIGHT, Math.max(1, Math.round(Number(g.h) || 8)));
        onApply(draft);
      } },
    ],
    onClose: () => {
      if (previewController) previewController.abort();
      if (previewView) previewView.destroy();
      for (const e of editors) e.destroy();
    },
  });
  refreshPreview();
  titleInput.focus();
  titleInput.select();
  return dialog;
}
