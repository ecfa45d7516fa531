// Dashboard settings: title, description, tags, default time range and refresh, and the JSON
// model itself for edits the forms do not cover. Works on a copy; Apply hands it back.
import { el } from "../util.js";
import { resolveExpr } from "./timepicker.js";
import { openDialog } from "./dialog.js";
import { field, textInput, selectInput } from "./form.js";
import { REFRESH_CHOICES } from "./defaults.js";
import { parseJSON } from "./json-text.js";

/** doc: the dashboard as stored; onApply(doc). */
export function openSettingsEditor({ doc, onApply }) {
  const draft = structuredClone(doc);
  draft.time = { from: "now-1h", to: "now", ...(draft.time || {}) };
  const tags = el("input", { type: "text", value: (draft.tags || []).join(", "), placeholder: "linux, host", dataset: { testid: "settings-tags" } });
  const json = el("textarea", { rows: 16, class: "mono dash-json", spellcheck: "false", "aria-label": "JSON model" }, JSON.stringify(doc, null, 2));
  const error = el("div", { role: "alert" });
  const fail = (text) => { error.replaceChildren(el("div", { class: "message error" }, text)); return false; };
  const original = json.value;

  return openDialog({
    title: "Dashboard settings",
    wide: true,
    testid: "settings-editor",
    body: [
      el("div", { class: "dash-settings-grid" },
        field("Title", textInput(draft, "title", { testid: "settings-title" })),
        field("Tags (comma-separated)", tags),
        field("Description", textInput(draft, "description")),
        field("Default from", textInput(draft.time, "from", { placeholder: "now-6h" })),
        field("Default to", textInput(draft.time, "to", { placeholder: "now" })),
        field("Default refresh", selectInput(draft, "refresh", REFRESH_CHOICES.map((r) => [r, r || "Off"])))),
      el("details", { class: "dash-json-model" }, el("summary", {}, "JSON model"),
        el("p", { class: "muted" }, "Edits here replace the whole dashboard when applied (the fields above are ignored then)."), json),
      error,
    ],
    actions: [{ label: "Cancel" }, { label: "Apply", primary: true, testid: "settings-apply", onClick: () => {
      let result = draft;
      if (json.value !== original) {
        try { result = parseJSON(json.value); } catch (e) { return fail(e.message); }
        if (!result || typeof result !== "object" || Array.isArray(result)) return fail("The JSON model must be an object.");
        result.uid = doc.uid;
        result.version = doc.version;
      } else {
        result.tags = tags.value.split(",").map((t) => t.trim()).filter(Boolean);
      }
      if (!String(result.title || "").trim()) return fail("The title cannot be empty.");
      result.time = result.time || { from: "now-1h", to: "now" };
      if (resolveExpr(result.time.from) === null || resolveExpr(result.time.to, true) === null) return fail("The default time range is not valid (use now-6h, now, now/d, or a date).");
      onApply(result);
      return true;
    } }],
  });
}
