// Status badges: colour AND a symbol and a word, so a state never depends on colour alone
// (the badge colours come from --ok/--warn/--bad, which both themes define).
import { el } from "../../util.js";

const STATES = {
  firing: ["bad", "▲", "Firing"],
  active: ["bad", "▲", "Firing"],
  pending: ["warn", "◷", "Pending"],
  inactive: ["ok", "✓", "Inactive"],
  resolved: ["ok", "✓", "Resolved"],
  silenced: ["muted", "⊘", "Silenced"],
  suppressed: ["muted", "⊘", "Suppressed"],
  inhibited: ["muted", "⊘", "Inhibited"],
  unprocessed: ["muted", "…", "Unprocessed"],
  expired: ["muted", "■", "Expired"],
  up: ["ok", "✓", "Up"],
  down: ["bad", "✕", "Down"],
  unknown: ["muted", "?", "Unknown"],
  ok: ["ok", "✓", "OK"],
  err: ["bad", "✕", "Error"],
  error: ["bad", "✕", "Error"],
  delivered: ["ok", "✓", "Delivered"],
  retryable: ["warn", "↻", "Failed, retrying"],
  failed: ["bad", "✕", "Failed"],
  critical: ["bad", "▲", "critical"],
  page: ["bad", "▲", "page"],
  warning: ["warn", "!", "warning"],
  info: ["info", "i", "info"],
  success: ["ok", "✓", "Success"],
  partial: ["warn", "!", "Partial"],
  interrupted: ["warn", "■", "Interrupted"],
  running: ["info", "◷", "Running"],
  queued: ["muted", "…", "Queued"],
  never: ["muted", "–", "Never run"],
};

/** Severity or state names map onto the three status colours; anything else is neutral. */
export function stateClass(state) {
  const entry = STATES[String(state || "").toLowerCase()];
  return entry ? entry[0] : "muted";
}

/** A badge for a state ("firing", "up", "delivered", "critical", ...); `text` overrides the word. */
export function stateBadge(state, text) {
  const key = String(state || "unknown").toLowerCase();
  const [kind, symbol, word] = STATES[key] || ["muted", "•", state || "unknown"];
  return el("span", { class: `badge state ${kind}`, dataset: { state: key } },
    el("span", { class: "badge-icon", "aria-hidden": "true" }, symbol), " ", text || word);
}
