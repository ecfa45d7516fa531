// How the backups tab words a run: its kind, its result as a badge, the snapshot's short id, the
// deduplication ratio, and a run's errors as plain text (the server's own words, never trimmed).
import { el } from "../../util.js";
import { stateBadge } from "./badge.js";

export const KINDS = ["backup", "check", "drill"];

export const KIND_NAMES = { backup: "Backup", check: "Check", drill: "Restore drill" };

/** The result of a run as a badge; no run at all is "Never run". */
export function resultBadge(run) {
  return stateBadge(run ? run.result : "never");
}

/** The first 8 hex digits, as `warden backup` prints snapshot ids; the full id on hover. */
export function shortSnapshot(id) {
  if (!id) return el("span", { class: "muted" }, "–");
  return el("code", { class: "mono", title: id, "data-testid": "snapshot-id" }, id.slice(0, 8));
}

/** Source bytes per byte added: "3.4×"; none when nothing was added (an unchanged backup). */
export function formatRatio(ratio) {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "–";
  return `${ratio >= 100 ? Math.round(ratio) : Number(ratio.toFixed(2))}×`;
}

/** A run's errors, one per line; nothing when it has none. */
export function runErrors(run) {
  const errors = (run && run.errors) || [];
  if (!errors.length) return null;
  return el("ul", { class: "run-errors error-text", "data-testid": "run-errors" }, errors.map((e) => el("li", {}, e)));
}
