// The import dialog: a file picker or pasted text, our JSON or Grafana's (plain or wrapped in
// {"dashboard": ...}). Bad JSON is reported before sending; the server's warnings (panel types it
// skipped, by name) are listed after a successful import, with a link to the new dashboard.
import { el } from "../util.js";
import { setChildren } from "./dom.js";
import { openDialog } from "./dialog.js";
import { importDashboard } from "./store.js";
import { parseJSON } from "./json-text.js";

/** Opens the dialog; `onImported(dashboard)` runs after a successful import. */
export function openImportDialog({ onImported, navigate }) {
  const text = el("textarea", { class: "dash-import-text mono", rows: 14, spellcheck: "false", "aria-label": "Dashboard JSON",
    placeholder: 'Paste (or drop a file with) dashboard JSON: Warden\'s format or a Grafana dashboard ({"panels": [...], "templating": ...})', dataset: { testid: "import-text" } });
  const file = el("input", { type: "file", accept: "application/json,.json", dataset: { testid: "import-file" } });
  const status = el("div", { class: "dash-import-status", role: "status", "aria-live": "polite", dataset: { testid: "import-status" } });
  const load = async (chosen) => {
    if (!chosen) return;
    if (chosen.size > 2 * 1024 * 1024) { showError(`${chosen.name} is larger than 2 MiB, the most a dashboard may be.`); return; }
    text.value = await chosen.text();
    status.replaceChildren(el("p", { class: "muted" }, `Loaded ${chosen.name}. Press Import.`));
  };
  file.addEventListener("change", () => load(file.files && file.files[0]));
  // A file dropped on the text area loads like a picked one.
  text.addEventListener("dragover", (event) => { if (event.dataTransfer && [...event.dataTransfer.types].includes("Files")) event.preventDefault(); });
  text.addEventListener("drop", (event) => {
    const dropped = event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files[0];
    if (!dropped) return;
    event.preventDefault();
    load(dropped);
  });
  const showError = (message) => status.replaceChildren(el("div", { class: "message error", dataset: { testid: "import-error" } }, message));

  const warningList = (warnings) => (warnings.length ? el("div", { class: "message warn", dataset: { testid: "import-warnings" } },
    el("strong", {}, `${warnings.length} warning${warnings.length === 1 ? "" : "s"}:`),
    el("ul", {}, warnings.map((w) => el("li", {}, w)))) : null);

  // `dryRun`: convert and validate on the server without storing, to see the warnings first.
  let busy = false;
  const run = async (dryRun) => {
    if (busy) return false;
    busy = true;
    status.replaceChildren(el("p", { class: "muted" }, dryRun ? "Checking…" : "Importing…"));
    try {
      const { dashboard, warnings } = await importDashboard(parseJSON(text.value), { dryRun });
      const panels = `${(dashboard.panels || []).length} panels, ${(dashboard.variables || []).length} variables`;
      if (dryRun) {
        setChildren(status,
          el("div", { class: "message", dataset: { testid: "import-checked" } }, `“${dashboard.title}” can be imported (${panels}). Nothing is stored yet.`),
          warningList(warnings));
      } else {
        const href = `/dashboards/${encodeURIComponent(dashboard.uid)}`;
        setChildren(status,
          el("div", { class: "message", dataset: { testid: "import-done" } }, "Imported ",
            el("a", { href, onclick: (event) => { event.preventDefault(); dialog.close(); navigate(href); } }, dashboard.title || dashboard.uid),
            ` (${panels}).`),
          warningList(warnings));
        if (onImported) onImported(dashboard);
      }
    } catch (error) {
      showError(error.status ? `The server refused this dashboard: ${error.message}` : error.message);
    } finally {
      busy = false;
    }
    return false; // keep the dialog open to show the outcome
  };
  const dialog = openDialog({
    title: "Import dashboard",
    wide: true,
    testid: "import-dialog",
    body: [
      el("p", { class: "muted" }, "Warden dashboard JSON or Grafana dashboard JSON. Grafana timeseries, graph, stat, gauge, bargauge, table, text, heatmap and logs panels, rows and template variables are converted; other panel types are skipped and named below."),
      el("label", { class: "dash-field" }, "JSON file ", file),
      text,
      status,
    ],
    actions: [
      { label: "Close" },
      { label: "Check", testid: "import-check", onClick: () => run(true) },
      { label: "Import", primary: true, testid: "import-submit", onClick: () => run(false) },
    ],
  });
  text.focus();
  return dialog;
}
