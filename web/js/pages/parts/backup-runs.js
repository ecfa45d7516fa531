// The two disclosures under each backup job: its last 10 runs as a table, and its recovery
// runbook. Both load when opened (a closed one costs nothing) and the runs reload while open
// whenever the job's state changes, so a run started from the card shows up there too.
import { el, formatDuration, formatTime } from "../../util.js";
import { get } from "../../api.js";
import { timeElement } from "./time.js";
import { KIND_NAMES, resultBadge, shortSnapshot, runErrors } from "./backup-format.js";

const RUN_LIMIT = 10;

function jobPath(name) {
  return `/api/v1/backups/jobs/${encodeURIComponent(name)}`;
}

function failure(what, error) {
  return el("div", { class: "message error" }, `Could not load ${what}: ${error.message || error}`);
}

function runsTable(runs) {
  if (!runs.length) return el("p", { class: "empty" }, "No runs yet.");
  const head = ["Kind", "Trigger", "Started", "Duration", "Result", "Snapshot", "Errors"];
  return el("div", { class: "table-scroll" }, el("table", { class: "data runs-table" },
    el("caption", { class: "visually-hidden" }, `Last ${runs.length} runs, newest first`),
    el("thead", {}, el("tr", {}, head.map((h) => el("th", { scope: "col", class: h === "Duration" ? "num" : "" }, h)))),
    el("tbody", {}, runs.map((run) => el("tr", { "data-testid": "run", dataset: { kind: run.kind, result: run.result } },
      el("td", {}, KIND_NAMES[run.kind] || run.kind),
      el("td", {}, run.trigger || "–"),
      el("td", { class: "nowrap" }, formatTime(Date.parse(run.startedAt) / 1000), el("div", { class: "muted small" }, timeElement(run.startedAt))),
      el("td", { class: "num nowrap" }, run.result === "running" ? "–" : formatDuration(run.durationSeconds || 0)),
      el("td", {}, resultBadge(run)),
      el("td", {}, shortSnapshot(run.snapshotId)),
      el("td", {}, runErrors(run) || el("span", { class: "muted" }, "–")))))));
}

/** The recent-runs disclosure: `update(key)` reloads it when open and the job's state changed. */
export function createRecentRuns(name) {
  const content = el("div", { "aria-live": "off" }, el("p", { class: "muted" }, "Loading…"));
  const details = el("details", { class: "job-disclosure", "data-testid": "recent-runs" }, el("summary", {}, "Recent runs"), content);
  let loadedKey = null;
  let currentKey = "";
  let loading = false;

  async function load() {
    if (loading) return;
    loading = true;
    const key = currentKey;
    try {
      const runs = await get(`${jobPath(name)}/runs`, { limit: RUN_LIMIT });
      content.replaceChildren(runsTable(runs || []));
      loadedKey = key;
    } catch (error) {
      content.replaceChildren(failure("the runs", error));
      loadedKey = null;
    } finally {
      loading = false;
    }
    if (details.open && loadedKey !== currentKey) load();
  }

  details.addEventListener("toggle", () => { if (details.open && loadedKey !== currentKey) load(); });
  return {
    element: details,
    update(key) {
      currentKey = key;
      if (details.open && key !== loadedKey) load();
    },
  };
}

/** The runbook disclosure: the Markdown as the server writes it, fetched fresh on every opening. */
export function createRunbook(name) {
  const pre = el("pre", { class: "config runbook", tabindex: "0", "aria-label": `Recovery runbook of ${name}`, "data-testid": "runbook-text" }, "Loading…");
  const content = el("div", {}, pre);
  const raw = el("a", { href: `${jobPath(name)}/runbook`, "data-external": "", target: "_blank", rel: "noopener", class: "small" }, "Open as Markdown");
  const details = el("details", { class: "job-disclosure", "data-testid": "runbook" },
    el("summary", {}, "Recovery runbook"),
    el("p", { class: "muted small" }, "What is backed up and where, the newest verified restore, and the exact commands to restore it. ", raw),
    content);
  details.addEventListener("toggle", async () => {
    if (!details.open) return;
    try {
      const data = await get(`${jobPath(name)}/runbook`, { format: "json" });
      pre.textContent = data.runbook || "";
      content.replaceChildren(pre);
    } catch (error) {
      content.replaceChildren(failure("the runbook", error));
    }
  });
  return { element: details };
}
