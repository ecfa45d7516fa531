// Template variable substitution in queries, legends and titles: `$name`, `${name}`,
// `${name:format}`, `[[name]]` and `[[name:format]]`, plus the built-ins `$__interval`,
// `$__interval_ms`, `$__rate_interval`, `$__range`, `$__range_s`, `$__range_ms`. Multi-value and
// "All" selections become a regex alternation (`a|b`) by default, because they nearly always sit
// inside `=~"..."` matchers in PromQL; other formats are asked for explicitly as in Grafana.
import { durationText } from "../util.js";

/** The value a variable holds when "All" is selected (Grafana's marker, kept for compatibility). */
export const ALL = "$__all";

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z]+))?\}|\[\[([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z]+))?\]\]|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Escapes regex metacharacters, as a value inside `=~` must match literally. */
export function escapeRegex(text) {
  return String(text).replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}

function format(values, how, multi) {
  switch (how) {
    case "raw": case "text": return values.join(",");
    case "csv": return values.join(",");
    case "pipe": return values.join("|");
    case "json": return JSON.stringify(values.length === 1 && !multi ? values[0] : values);
    case "doublequote": return values.map((v) => `"${v}"`).join(",");
    case "singlequote": return values.map((v) => `'${v}'`).join(",");
    case "glob": return values.length > 1 ? `{${values.join(",")}}` : values.join("");
    case "queryparam": return values.map((v) => `var=${encodeURIComponent(v)}`).join("&");
    case "regex": return values.length > 1 ? `(${values.map(escapeRegex).join("|")})` : escapeRegex(values[0] ?? "");
    default:
      // Single values go in as typed (they may be durations, numbers or whole expressions);
      // several values only make sense as a regex alternation.
      return values.length > 1 || multi ? values.map(escapeRegex).join("|") : (values[0] ?? "");
  }
}

/** Built-in variables for a time range and step (all in seconds). `scrapeInterval` defaults to
 *  15 s: $__rate_interval = max(4 * scrape interval, $__interval), as Grafana computes it. */
export function builtins({ start, end, step, scrapeInterval = 15 }) {
  const range = Math.max(0, end - start);
  const interval = Math.max(1, step || 1);
  return {
    __interval: durationText(interval),
    __interval_ms: String(Math.round(interval * 1000)),
    __rate_interval: durationText(Math.max(4 * scrapeInterval, interval)),
    __range: durationText(range),
    __range_s: String(Math.round(range)),
    __range_ms: String(Math.round(range * 1000)),
  };
}

/** The values a variable stands for: its selection, or every option when "All" is selected. */
export function selectedValues(variable) {
  const current = variable.current;
  const list = Array.isArray(current) ? current : current === undefined || current === null ? [] : [current];
  if (list.includes(ALL)) {
    if (variable.allValue) return [variable.allValue];
    return (variable.options || []).map((o) => (typeof o === "string" ? o : o.value));
  }
  return list.map(String);
}

/** A lookup for `interpolate`: name -> {values, multi, raw} from variables and built-ins. */
export function scopeFor(variables, builtinValues = {}) {
  const scope = new Map();
  for (const [name, value] of Object.entries(builtinValues)) scope.set(name, { values: [value], multi: false });
  for (const variable of variables || []) {
    if (!variable || !variable.name) continue;
    const all = Array.isArray(variable.current) ? variable.current.includes(ALL) : variable.current === ALL;
    // A custom allValue (".*" typically) is itself a regex: insert it unescaped.
    if (all && variable.allValue) scope.set(variable.name, { values: [variable.allValue], multi: false, raw: true });
    // An interval variable set to "auto" follows the panel's own step, as $__interval does.
    else if (variable.type === "interval" && variable.current === "auto" && builtinValues.__interval) scope.set(variable.name, { values: [builtinValues.__interval], multi: false });
    else scope.set(variable.name, { values: selectedValues(variable), multi: Boolean(variable.multi || all) });
  }
  return scope;
}

/** Replaces every known variable reference in `text`; unknown ones are left as written.
 *  `textFormat`: for titles and Markdown, several values read "a + b" rather than a regex. */
export function interpolate(text, scope, { textFormat = false } = {}) {
  if (typeof text !== "string" || text.indexOf("$") < 0 && text.indexOf("[[") < 0) return text;
  return text.replace(REFERENCE, (match, braced, bracedFormat, bracket, bracketFormat, bare) => {
    const name = braced || bracket || bare;
    const entry = scope.get(name);
    if (!entry) return match;
    if (entry.raw) return entry.values[0];
    const how = bracedFormat || bracketFormat;
    if (!how && textFormat) return entry.values.join(" + ");
    return format(entry.values, how, entry.multi);
  });
}
