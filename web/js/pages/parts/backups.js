// The Backups tab of /status: one card per backup job of `warden serve` (GET
// /api/v1/backups/jobs), polled every 5 s while the page is visible so runs started here or by
// the schedule show up as they queue, run and finish. Cards are kept by job name and updated in
// place; a job that left the configuration loses its card.
import { el } from "../../util.js";
import { get } from "../../api.js";
import { createPoller } from "./poller.js";
import { createJobCard } from "./backup-card.js";

const POLL_MS = 5000;

/** mountBackups(panel, {params, setParams}) -> unmount */
export function mountBackups(panel) {
  let destroyed = false;
  const cards = new Map();
  const summary = el("p", { class: "muted small", "aria-live": "off" });
  const content = el("div", { "data-testid": "backups" }, el("p", { class: "muted" }, "Loading…"));
  panel.append(summary, content);

  function empty() {
    return el("div", { class: "card empty-state", "data-testid": "backups-empty" },
      el("p", {}, "No backup jobs are configured."),
      el("p", { class: "muted small" }, "Add a job under ", el("code", {}, "backup_jobs:"),
        " in the configuration file (a name, a repository, a password file, sources and a schedule; see BACKUP.md in the documentation), then reload it with SIGHUP or POST /-/reload."));
  }

  const poller = createPoller(async () => {
    let jobs;
    try {
      jobs = await get("/api/v1/backups/jobs");
    } catch (error) {
      if (!destroyed) {
        cards.clear();
        summary.textContent = "";
        content.replaceChildren(el("div", { class: "message error" }, `Could not load the backup jobs: ${error.message || error}`));
      }
      return;
    }
    if (destroyed) return;
    jobs = jobs || [];
    if (!jobs.length) {
      cards.clear();
      summary.textContent = "";
      content.replaceChildren(empty());
      return;
    }
    const names = new Set(jobs.map((j) => j.name));
    for (const name of [...cards.keys()]) if (!names.has(name)) cards.delete(name);
    const ordered = jobs.map((job) => {
      const card = cards.get(job.name);
      if (card) { card.update(job); return card.element; }
      const created = createJobCard(job, { onChange: () => poller.refresh() });
      cards.set(job.name, created);
      return created.element;
    });
    // Only re-attach when the set or order changed: moving a node would blur a focused button.
    const current = [...content.children];
    if (current.length !== ordered.length || current.some((node, i) => node !== ordered[i])) content.replaceChildren(...ordered);
    const failing = jobs.filter((j) => ["failed", "partial", "interrupted"].includes(j.latest?.backup?.result)).length;
    summary.textContent = `${jobs.length} job${jobs.length === 1 ? "" : "s"}${failing ? `, ${failing} whose newest backup did not succeed` : ""}. Refreshes every 5 s.`;
  }, POLL_MS);
  return () => { destroyed = true; poller.stop(); };
}
