// Label chips: a set of labels (or silence matchers) as small monospace pairs that wrap.
import { el } from "../../util.js";

/** Sorted `name="value"` chips; names in `omit` are left out (e.g. alertname, shown as a title). */
export function labelChips(labels, { omit = [] } = {}) {
  const entries = Object.entries(labels || {})
    .filter(([name]) => !omit.includes(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return el("span", { class: "labels" }, entries.map(([name, value]) =>
    el("span", { class: "label-pair", title: `${name}="${value}"` },
      el("span", { class: "label-name" }, name), "=", el("span", { class: "label-value" }, `"${value}"`))));
}

/** The operator of an Alertmanager matcher {name, value, isRegex, isEqual}. */
export function matcherOperator(matcher) {
  const equal = matcher.isEqual !== false;
  return matcher.isRegex ? (equal ? "=~" : "!~") : (equal ? "=" : "!=");
}

/** Alertmanager matchers as chips: `severity=~"crit.*"`. */
export function matcherChips(matchers) {
  return el("span", { class: "labels" }, (matchers || []).map((m) =>
    el("span", { class: "label-pair" },
      el("span", { class: "label-name" }, m.name), matcherOperator(m), el("span", { class: "label-value" }, JSON.stringify(m.value)))));
}

/** A matcher as Alertmanager's filter syntax, for `?filter=` parameters. */
export function matcherText(matcher) {
  return `${matcher.name}${matcherOperator(matcher)}${JSON.stringify(matcher.value)}`;
}
