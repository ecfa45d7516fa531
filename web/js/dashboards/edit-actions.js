// Edit mode's actions on an open dashboard (`dash`, the DashboardView): add, duplicate and remove
// panels, open the panel, variables and settings editors, save (with the version it loaded; a 409
// means someone else saved), discard, save as a copy, and the question asked when leaving edit
// mode with unsaved changes. Loaded only when someone edits.
import { el } from "../util.js";
import { saveDashboard, createDashboard } from "./store.js";
import { normalizePanels, nextFreeY, sortPanels, resolveCollisions, findSpace } from "./layout.js";
import { loadOptions } from "./variable-options.js";
import { newPanel, nextPanelId } from "./defaults.js";
import { openDialog, confirmDialog } from "./dialog.js";
import { documentForSave, editFingerprint } from "./document.js";

// The editors (and the query editor they pull in) load on first use.
const editors = {
  panel: () => import("./panel-editor.js"),
  variables: () => import("./variables-editor.js"),
  settings: () => import("./settings-editor.js"),
};

/** Duplicate or remove `panel` (the panel menu's edit actions other than Edit). */
export async function panelAction(dash, action, panel) {
  if (action === "duplicate") {
    const copy = structuredClone(panel);
    copy.id = nextPanelId(dash.doc.panels);
    copy.gridPos = { ...panel.gridPos, y: panel.gridPos.y + panel.gridPos.h };
    dash.doc.panels.push(copy);
    insertAt(dash, copy);
  } else if (action === "remove") {
    const sure = await confirmDialog(`Remove the ${panel.type === "row" ? "row" : "panel"} “${panel.title || panel.id}”?`, { title: "Remove panel", confirmLabel: "Remove", danger: true });
    if (!sure) return;
    dash.doc.panels = dash.doc.panels.filter((p) => p !== panel);
    dash.rebuild();
  }
}

/** Leaving edit mode with unsaved changes: resolves "cancel", "discard" or "save". */
export function askLeaveEditing() {
  return new Promise((resolve) => {
    let answer = "cancel";
    openDialog({
      title: "Unsaved changes",
      body: el("p", {}, "This dashboard has changes that are not saved."),
      actions: [
        { label: "Keep editing", onClick: () => { answer = "cancel"; } },
        { label: "Discard changes", danger: true, onClick: () => { answer = "discard"; } },
        { label: "Save", primary: true, onClick: () => { answer = "save"; } },
      ],
      onClose: () => resolve(answer),
    });
  });
}

export function insertAt(dash, panel) {
  // Make room below: push overlapping panels down, then rebuild and scroll to the new one.
  resolveCollisions(dash.doc.panels, panel);
  dash.rebuild();
  const view = dash.views.get(panel);
  if (view) view.element.scrollIntoView({ block: "nearest", behavior: "smooth" });
}

export function addPanel(dash, type) {
  const panel = newPanel(dash.doc.panels, type, 0);
  // Rows go at the bottom; panels into the first gap that fits them (beside others when there
  // is room), so adding several in a row builds a layout rather than a column.
  if (type === "row") panel.gridPos.y = nextFreeY(dash.doc.panels);
  else Object.assign(panel.gridPos, findSpace(dash.doc.panels, panel.gridPos.w, panel.gridPos.h));
  dash.doc.panels.push(panel);
  sortPanels(dash.doc.panels);
  insertAt(dash, panel);
  if (type !== "row") dash.editPanel(panel);
}

export async function editPanel(dash, panel) {
  const { openPanelEditor } = await loadEditor(dash, "panel");
  if (!openPanelEditor) return;
  openPanelEditor({
    panel,
    dashboardPanels: dash.doc.panels,
    makeView: (p) => dash.makeDetachedView(p),
    load: (v, s) => dash.loadPanel(v, s),
    onApply: (updated) => {
      const index = dash.doc.panels.indexOf(panel);
      if (index < 0) return;
      dash.doc.panels[index] = updated;
      resolveCollisions(dash.doc.panels, updated);
      dash.rebuild();
      // The editor's opener was replaced by the rebuild: put focus back on the edited panel.
      const view = dash.views.get(updated);
      const target = view && (view.handle || view.element.querySelector("button"));
      if (target) requestAnimationFrame(() => target.focus());
    },
  });
}

export async function editVariables(dash) {
  const { openVariablesEditor } = await loadEditor(dash, "variables");
  if (!openVariablesEditor) return;
  openVariablesEditor({
    variables: dash.doc.variables,
    preview: (variable) => loadOptions(variable, dash.scope(), dash.range()),
    onApply: (variables) => {
      dash.doc.variables = variables;
      dash.changed();
      dash.refreshVariables(0).then(() => { dash.updateTitles(); dash.reloadPanels(); });
    },
  });
}

export async function editSettings(dash) {
  const { openSettingsEditor } = await loadEditor(dash, "settings");
  if (!openSettingsEditor) return;
  openSettingsEditor({
    doc: documentForSave(dash.doc),
    onApply: (doc) => {
      const rebuildAll = JSON.stringify(doc.panels) !== JSON.stringify(documentForSave(dash.doc).panels) || JSON.stringify(doc.variables) !== JSON.stringify(documentForSave(dash.doc).variables);
      Object.assign(dash.doc, { title: doc.title, description: doc.description, tags: doc.tags, time: doc.time, refresh: doc.refresh });
      if (rebuildAll) { dash.doc.panels = normalizePanels(doc.panels || []); dash.doc.variables = doc.variables || []; }
      dash.title.textContent = dash.doc.title;
      document.title = `${dash.doc.title || "Dashboard"} · Warden`;
      dash.renderTags();
      dash.time = { from: dash.doc.time.from, to: dash.doc.time.to, refresh: dash.doc.refresh || "" };
      dash.timePicker.update(dash.time);
      dash.scheduleRefresh();
      dash.writeURL();
      if (rebuildAll) dash.refreshVariables(0).then(() => dash.rebuild());
      else dash.reloadPanels();
      dash.changed();
    },
  });
}

export async function loadEditor(dash, name) {
  try {
    return await editors[name]();
  } catch (error) {
    console.error(error);
    dash.showMessage(`The ${name} editor failed to load: ${error.message}`, "error");
    return {};
  }
}

/** Saves with the version we loaded; resolves true when stored. */
export async function save(dash) {
  const body = documentForSave(dash.doc);
  try {
    const stored = await saveDashboard(body);
    dash.saved = structuredClone(stored);
    dash.doc.version = stored.version;
    dash.doc.updated = stored.updated;
    dash.savedFingerprint = editFingerprint(dash.doc);
    dash.changed();
    dash.showMessage(`Saved (version ${stored.version}).`, "", { testid: "saved" });
    return true;
  } catch (error) {
    if (error.status === 409) {
      dash.showMessage("Someone else saved this dashboard since you opened it. Reload to see their version (your changes are lost), or save yours as a copy.", "warn", {
        testid: "conflict",
        actions: [
          el("button", { type: "button", onclick: () => dash.reloadFromServer() }, "Reload"),
          el("button", { type: "button", onclick: () => dash.saveAsCopy() }, "Save as copy"),
        ],
      });
    } else {
      dash.showMessage(`Could not save: ${error.message}`, "error", { testid: "save-error" });
    }
    return false;
  }
}

export async function discard(dash) {
  if (dash.isDirty() && !(await confirmDialog("Discard all changes since the last save?", { title: "Discard changes", confirmLabel: "Discard", danger: true }))) return;
  dash.restore(dash.saved);
}

export function saveAsCopy(dash) {
  const title = el("input", { type: "text", value: `Copy of ${dash.doc.title || "dashboard"}`, "aria-label": "Title of the copy" });
  openDialog({
    title: "Save as copy",
    body: el("label", { class: "dash-field" }, "Title", title),
    actions: [{ label: "Cancel" }, {
      label: "Save copy", primary: true, onClick: async () => {
        const body = documentForSave(dash.doc);
        delete body.uid; delete body.version; delete body.created; delete body.updated;
        body.title = title.value.trim() || body.title;
        body.tags = (body.tags || []).filter((t) => t !== "builtin");
        try {
          const stored = await createDashboard(body);
          dash.savedFingerprint = editFingerprint(dash.doc); // nothing to warn about when leaving
          dash.context.navigate(`/dashboards/${encodeURIComponent(stored.uid)}`);
        } catch (error) {
          dash.showMessage(`Could not save a copy: ${error.message}`, "error");
        }
      },
    }],
  });
  title.select();
}
