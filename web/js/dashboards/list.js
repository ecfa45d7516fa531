// The dashboards list (/dashboards): search by title or tag, filter by a tag, create, import,
// export, duplicate and delete. The search and tag live in the URL (?q=&tag=) so a filtered list
// can be shared.
import { el, formatTime } from "../util.js";
import { listDashboards, createDashboard, deleteDashboard, duplicateDashboard, getDashboard } from "./store.js";
import { confirmDialog, openDialog } from "./dialog.js";
import { openImportDialog } from "./import-dialog.js";
import { downloadDashboard } from "./download.js";
import { newDashboard } from "./defaults.js";

export function mountList(container, context) {
  let dashboards = [];
  let query = context.params.get("q") || "";
  let tag = context.params.get("tag") || "";
  const href = (uid) => `/dashboards/${encodeURIComponent(uid)}`;

  const search = el("input", { type: "search", value: query, placeholder: "Search by title or tag", "aria-label": "Search dashboards", class: "dash-search", dataset: { testid: "dashboard-search" } });
  const tagSelect = el("select", { "aria-label": "Filter by tag", dataset: { testid: "dashboard-tag" } });
  const body = el("div", { class: "dash-list", dataset: { testid: "dashboard-list" } }, el("p", { class: "muted" }, "Loading dashboards…"));
  const message = el("div", { role: "status", "aria-live": "polite" });

  const notify = (text, kind = "") => {
    message.replaceChildren(el("div", { class: `message ${kind}` }, text));
  };

  const update = () => {
    context.setParams({ q: query, tag });
    render();
  };
  search.addEventListener("input", () => { query = search.value; update(); });
  tagSelect.addEventListener("change", () => { tag = tagSelect.value; update(); });

  const createNew = () => {
    const title = el("input", { type: "text", value: "New dashboard", "aria-label": "Title", dataset: { testid: "new-title" } });
    const dialog = openDialog({
      title: "New dashboard",
      body: el("label", { class: "dash-field" }, "Title", title),
      actions: [{ label: "Cancel" }, {
        label: "Create", primary: true, testid: "create-submit", onClick: async () => {
          try {
            const stored = await createDashboard(newDashboard(title.value.trim() || "New dashboard"));
            context.navigate(`${href(stored.uid)}?edit=1`);
          } catch (error) {
            notify(`Could not create the dashboard: ${error.message}`, "error");
          }
        },
      }],
    });
    title.addEventListener("keydown", (e) => { if (e.key === "Enter") dialog.element.querySelector("[data-testid=create-submit]").click(); });
    title.select();
  };

  const actionsFor = (d) => el("div", { class: "dash-row-actions" },
    el("button", { type: "button", "aria-label": `Duplicate ${d.title}`, onclick: async () => {
      try {
        const copy = await duplicateDashboard(d.uid);
        notify(`Created “${copy.title}”.`);
        await refresh();
      } catch (error) { notify(`Could not duplicate: ${error.message}`, "error"); }
    } }, "Duplicate"),
    el("button", { type: "button", "aria-label": `Export ${d.title} as JSON`, onclick: async () => {
      try { downloadDashboard(await getDashboard(d.uid)); } catch (error) { notify(`Could not export: ${error.message}`, "error"); }
    } }, "Export"),
    el("button", { type: "button", class: "danger", "aria-label": `Delete ${d.title}`, dataset: { testid: "delete-dashboard" }, onclick: async () => {
      const sure = await confirmDialog(`Delete the dashboard “${d.title}”? This cannot be undone (export it first to keep a copy).`, { title: "Delete dashboard", confirmLabel: "Delete", danger: true });
      if (!sure) return;
      try {
        await deleteDashboard(d.uid);
        notify(`Deleted “${d.title}”.`);
        await refresh();
      } catch (error) { notify(`Could not delete: ${error.message}`, "error"); }
    } }, "Delete"));

  const render = () => {
    const tags = [...new Set(dashboards.flatMap((d) => d.tags || []))].sort();
    tagSelect.replaceChildren(el("option", { value: "" }, "All tags"), ...tags.map((t) => el("option", { value: t, selected: t === tag }, t)));
    const needle = query.trim().toLowerCase();
    const shown = dashboards.filter((d) => (!tag || (d.tags || []).includes(tag))
      && (!needle || d.title.toLowerCase().includes(needle) || (d.tags || []).some((t) => t.toLowerCase().includes(needle))));
    if (!dashboards.length) {
      body.replaceChildren(el("div", { class: "dash-empty card" }, el("p", {}, "No dashboards yet."),
        el("p", {}, el("button", { type: "button", class: "primary", onclick: createNew }, "Create a dashboard"), " or ",
          el("button", { type: "button", onclick: () => openImportDialog({ onImported: refresh, navigate: context.navigate }) }, "import one"))));
      return;
    }
    if (!shown.length) {
      body.replaceChildren(el("p", { class: "muted" }, "No dashboard matches this search."));
      return;
    }
    body.replaceChildren(el("table", { class: "data dash-table" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Title"), el("th", { scope: "col" }, "Tags"),
        el("th", { scope: "col", class: "num" }, "Panels"), el("th", { scope: "col" }, "Updated"), el("th", { scope: "col" }, el("span", { class: "visually-hidden" }, "Actions")))),
      el("tbody", {}, shown.map((d) => el("tr", { dataset: { uid: d.uid, testid: "dashboard-row" } },
        el("td", {}, el("a", { href: href(d.uid), class: "dash-title-link" }, d.title || d.uid)),
        el("td", {}, el("span", { class: "labels" }, (d.tags || []).map((t) => el("button", { type: "button", class: "dash-tag", "aria-label": `Filter by tag ${t}`,
          onclick: () => { tag = t; update(); } }, t)))),
        el("td", { class: "num" }, String(d.panelCount ?? "")),
        el("td", { class: "muted" }, d.updated ? formatTime(d.updated) : ""),
        el("td", {}, actionsFor(d)))))));
  };

  const refresh = async () => {
    try {
      dashboards = (await listDashboards()).sort((a, b) => (a.title || "").localeCompare(b.title || ""));
      render();
    } catch (error) {
      body.replaceChildren(el("div", { class: "message error" }, `Could not load dashboards: ${error.message}`));
    }
  };

  container.append(
    el("div", { class: "dash-list-page" },
      el("div", { class: "dash-head" }, el("h1", {}, "Dashboards")),
      el("div", { class: "toolbar" }, search, tagSelect, el("span", { class: "spacer" }),
        el("button", { type: "button", onclick: () => openImportDialog({ onImported: refresh, navigate: context.navigate }), dataset: { testid: "import-button" } }, "Import"),
        el("button", { type: "button", class: "primary", onclick: createNew, dataset: { testid: "new-dashboard" } }, "New dashboard")),
      message, body));
  refresh();
  return () => {};
}
