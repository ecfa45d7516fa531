// Two read-only looks at one panel: "Inspect query" (each target as sent, after variable
// substitution, with its last error and a link to run it in the explorer) and "View" (the panel
// alone in a large dialog, shareable as ?viewPanel=<id>).
import { el, formatTime } from "../util.js";
import { openDialog } from "./dialog.js";
import { activeTargets } from "./panel-data.js";
import { interpolate } from "./interpolate.js";

export function openInspector({ panel, queries, errors, range, scope }) {
  const targets = activeTargets(panel);
  const sent = queries && queries.length ? queries : targets.map((t) => ({ refId: t.refId, expr: interpolate(t.expr, scope), logql: t.language === "logql" }));
  const errorFor = (refId) => (errors || []).find((e) => e.refId === refId);
  const body = [
    el("p", { class: "muted" }, `Range ${formatTime(range.start)} to ${formatTime(range.end)}.`),
    sent.length ? el("div", { class: "dash-inspect" }, sent.map((q, i) => {
      const error = errorFor(q.refId);
      // The explorers read ?q= (and the same from/to as here), so the query opens as run here.
      const where = new URLSearchParams({ q: q.expr, from: String(Math.floor(range.start)), to: String(Math.ceil(range.end)) });
      const explore = `${q.logql ? "/logs" : "/explore"}?${where}`;
      return el("section", { class: "dash-inspect-query" },
        el("h3", {}, `Query ${q.refId || i + 1}`, q.logql ? el("span", { class: "badge" }, "LogQL") : null),
        targets[i] && targets[i].expr !== q.expr ? el("p", { class: "muted" }, "As written: ", el("code", {}, targets[i].expr)) : null,
        el("pre", { class: "dash-code", dataset: { testid: "inspect-query" } }, q.expr),
        error ? el("div", { class: "message error" }, error.error && error.error.message ? error.error.message : String(error.error)) : null,
        el("a", { href: explore }, q.logql ? "Open in Logs" : "Open in Explore"));
    })) : el("p", {}, panel.type === "text" ? "Text panels have no queries." : "This panel has no queries."),
  ];
  openDialog({ title: `Inspect: ${panel.title || `panel ${panel.id}`}`, body, wide: true, actions: [{ label: "Close", primary: true }] });
}

/** onClose() runs when the viewer closes (the page drops ?viewPanel= from the URL then). */
export function openPanelViewer({ panel, makeView, load, onClose }) {
  const view = makeView(panel);
  view.element.classList.add("dash-panel-viewer");
  const controller = new AbortController();
  openDialog({
    title: panel.title || `Panel ${panel.id}`,
    body: view.element,
    wide: true,
    actions: [{ label: "Close", primary: true }],
    testid: "panel-viewer",
    onClose: () => { controller.abort(); view.destroy(); if (onClose) onClose(); },
  });
  if (panel.type !== "text") load(view, controller.signal);
  else view.renderText();
}
