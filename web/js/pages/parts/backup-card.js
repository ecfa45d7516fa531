// One backup job on the status page's Backups tab: where it backs up what and when, the newest
// backup, check and restore drill with their numbers and errors, buttons that run a step now, and
// the recent-runs and runbook disclosures. The card is built once and updated in place, so a poll
// never closes an open disclosure or takes the focus from a button.
import { el, formatValue, formatDuration, formatTime } from "../../util.js";
import { sendJSON } from "../../api.js";
import { stateBadge } from "./badge.js";
import { timeElement, relativeTime } from "./time.js";
import { KINDS, KIND_NAMES, resultBadge, shortSnapshot, formatRatio, runErrors } from "./backup-format.js";
import { createRecentRuns, createRunbook } from "./backup-runs.js";

const BUTTONS = { backup: "Back up now", check: "Check now", drill: "Drill now" };
const SCHEDULE_KEYS = { backup: "schedule", check: "checkSchedule", drill: "drillSchedule" };

let counter = 0;

function when(value) {
  if (!value) return el("span", { class: "muted" }, "never");
  return el("span", { class: "nowrap" }, formatTime(Date.parse(value) / 1000), " ", el("span", { class: "muted" }, "(", timeElement(value), ")"));
}

const stat = (label, value, testid) => el("div", { class: "stat" }, el("dt", {}, label), el("dd", { "data-testid": testid }, value));

/** The numbers that matter for each kind of run. */
function runStats(kind, run) {
  // A run that failed before it read anything has no numbers worth showing, only its errors.
  if (run.result === "failed" && !run.snapshotId && !run.files) return [stat("Duration", formatDuration(run.durationSeconds || 0))];
  if (kind === "backup") {
    return [
      stat("Files", (run.files ?? 0).toLocaleString()),
      stat("Source size", formatValue(run.totalBytes ?? 0, "bytes")),
      stat("Added", formatValue(run.bytesAdded ?? 0, "bytes")),
      stat("Dedup ratio", formatRatio(run.dedupRatio), "dedup-ratio"),
      stat("Duration", formatDuration(run.durationSeconds || 0)),
      stat("Snapshot", shortSnapshot(run.snapshotId)),
    ];
  }
  if (kind === "drill") {
    return [
      stat("Recovery time", run.recoverySeconds !== undefined ? formatDuration(run.recoverySeconds) : "–", "recovery-time"),
      stat("Files compared", (run.files ?? 0).toLocaleString()),
      stat("Duration", formatDuration(run.durationSeconds || 0)),
      stat("Snapshot", shortSnapshot(run.snapshotId)),
    ];
  }
  const details = run.details || {};
  return [
    stat("Duration", formatDuration(run.durationSeconds || 0)),
    stat("Snapshots", details.snapshots ?? "–"),
    stat("Packs", details.packs ?? "–"),
    stat("Data read", details.read_data || "–"),
  ];
}

/** The newest run of one kind, with the newest success when that is an older one. */
function latestPanel(kind, job) {
  const run = (job.latest || {})[kind];
  const success = (job.latestSuccess || {})[kind];
  const running = job.running === kind;
  const titleId = `backup-${kind}-${++counter}`;
  return el("section", { class: "latest-run", "aria-labelledby": titleId, "data-testid": `latest-${kind}`, dataset: { result: run ? run.result : "never", running: running ? "true" : "false" } },
    el("div", { class: "latest-run-head" }, el("h4", { id: titleId }, `Newest ${KIND_NAMES[kind].toLowerCase()}`), resultBadge(run),
      running ? stateBadge("running", "Running now") : null),
    run ? el("p", { class: "latest-run-when small" }, "Started ", when(run.startedAt), run.trigger ? el("span", { class: "muted" }, ` · ${run.trigger}`) : null) : el("p", { class: "empty small" }, `No ${KIND_NAMES[kind].toLowerCase()} has run yet.`),
    run && run.result !== "running" ? el("dl", { class: "stats run-stats" }, runStats(kind, run)) : null,
    runErrors(run),
    run && run.result !== "success" && success ? el("p", { class: "muted small" }, "Newest success: ", when(success.startedAt)) : null);
}

function scheduleLine(kind, job) {
  const schedule = job[SCHEDULE_KEYS[kind]];
  const next = (job.nextRun || {})[kind];
  return el("li", {}, el("span", { class: "schedule-kind" }, `${KIND_NAMES[kind]}: `),
    schedule ? [el("code", {}, schedule), " UTC", next ? [" · next ", when(next)] : null] : el("span", { class: "muted" }, "on demand only"));
}

function sourceItem(source) {
  return el("li", {}, el("span", { class: "muted" }, `${source.kind}: `), el("code", {}, source.target));
}

/** createJobCard(job, {onChange}) -> { element, update(job) }; onChange asks for a fresh poll. */
export function createJobCard(job, { onChange }) {
  const name = job.name;
  const headingId = `backup-job-${++counter}`;
  // Always in the tree (empty when idle) so screen readers announce what a button started.
  const status = el("span", { class: "action-status small", role: "status", id: `${headingId}-status`, "data-testid": "action-status" });
  const requested = new Set();
  let message = "";
  let busy = new Set();
  let lastKey = "";

  const buttons = Object.fromEntries(KINDS.map((kind) => [kind, el("button", {
    type: "button", class: kind === "backup" ? "primary" : "", dataset: { action: kind },
    "aria-describedby": status.id,
    onclick: () => trigger(kind),
  }, BUTTONS[kind])]));
  const badge = el("span", {});
  const meta = el("div", { class: "job-meta" });
  const latest = el("div", { class: "job-latest" });
  const runs = createRecentRuns(name);
  const runbook = createRunbook(name);
  const element = el("section", { class: "card backup-job", "aria-labelledby": headingId, "data-testid": "backup-job", dataset: { job: name } },
    el("div", { class: "job-head" }, el("h3", { id: headingId }, name), badge, el("span", { class: "spacer" }), status,
      el("div", { class: "job-actions", role: "group", "aria-label": `Run ${name} now` }, KINDS.map((k) => buttons[k]))),
    el("div", { class: "job-body" }, meta, latest, runs.element, runbook.element));

  async function trigger(kind) {
    buttons[kind].disabled = true;
    try {
      await sendJSON("POST", `/api/v1/backups/jobs/${encodeURIComponent(name)}/run`, undefined, { params: { kind } });
      requested.add(kind);
      message = `${KIND_NAMES[kind]} queued.`;
    } catch (error) {
      message = error.status === 409
        ? `A ${KIND_NAMES[kind].toLowerCase()} of ${name} is already queued or running.`
        : `Could not start the ${KIND_NAMES[kind].toLowerCase()}: ${error.message || error}`;
    }
    showStatus();
    onChange();
  }

  function showStatus() {
    const parts = KINDS.filter((k) => busy.has(k)).map((k) => `${KIND_NAMES[k]} ${job.running === k ? "running…" : "queued, waiting for the repository."}`);
    status.textContent = parts.length ? parts.join(" ") : message;
  }

  function update(next) {
    job = next;
    busy = new Set([job.running, ...(job.queued || [])].filter(Boolean));
    for (const kind of KINDS) {
      buttons[kind].disabled = busy.has(kind);
      if (requested.has(kind) && !busy.has(kind)) {
        requested.delete(kind);
        const run = (job.latest || {})[kind];
        message = `${KIND_NAMES[kind]} finished${run ? `: ${run.result}` : ""}.`;
      }
    }
    showStatus();
    const key = JSON.stringify([job.latest, job.latestSuccess, job.running, job.queued, job.nextRun, job.sources, job.schedule, job.checkSchedule, job.drillSchedule, job.repository]);
    runs.update(key);
    if (key === lastKey) {
      for (const node of element.querySelectorAll("time[datetime]")) node.textContent = relativeTime(node.getAttribute("datetime"));
      return;
    }
    lastKey = key;
    const backup = (job.latest || {}).backup;
    badge.replaceChildren(job.running === "backup" ? stateBadge("running") : resultBadge(backup));
    element.dataset.result = backup ? backup.result : "never";
    meta.replaceChildren(el("dl", { class: "kv job-kv" },
      el("dt", {}, "Repository"), el("dd", {}, el("code", {}, job.repository)),
      el("dt", {}, "Sources"), el("dd", {}, el("ul", { class: "plain-list" }, (job.sources || []).map(sourceItem))),
      el("dt", {}, "Schedule"), el("dd", {}, el("ul", { class: "plain-list" }, KINDS.map((k) => scheduleLine(k, job)))),
      el("dt", {}, "Snapshot tag"), el("dd", {}, el("code", {}, job.tag || "–"))));
    latest.replaceChildren(...KINDS.map((k) => latestPanel(k, job)));
  }

  update(job);
  return { element, update };
}
