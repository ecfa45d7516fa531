// Finds the line filters of a LogQL query (`|= "text"`, `|~ "regex"`, and their `or` chains) and
// turns them into one regular expression that marks what matched in each result line. Negative
// filters (`!=`, `!~`) match nothing shown, so they are left out.
import { tokenize } from "./tokenizer.js";
import { escapeHTML } from "../util.js";

/** The text of a LogQL string token: "..." with escapes, or `...` raw. */
export function unquote(token) {
  const body = token.text;
  if (token.quote === "`") return body.slice(1, token.closed ? -1 : undefined);
  try {
    return JSON.parse(token.quote === '"' ? body : '"' + body.slice(1, -1).replace(/"/g, '\\"') + '"');
  } catch (e) {
    return body.slice(1, token.closed ? -1 : undefined);
  }
}

/** The positive line filters: [{regex: boolean, text}]. */
export function lineFilters(query) {
  const tokens = tokenize(query || "", "logql").filter((t) => t.type !== "space" && t.type !== "comment");
  const out = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type !== "operator" || (t.text !== "|=" && t.text !== "|~")) continue;
    if (t.scope && t.scope.kind === "brace") continue; // a label matcher's `!=`, never a line filter
    const regex = t.text === "|~";
    let j = i + 1;
    while (j < tokens.length && tokens[j].type === "string") {
      const text = unquote(tokens[j]);
      if (text) out.push({ regex, text });
      // `|= "a" or "b"` chains alternatives of the same filter.
      if (tokens[j + 1] && tokens[j + 1].text === "or" && tokens[j + 2] && tokens[j + 2].type === "string") j += 2;
      else break;
    }
  }
  return out;
}

/** One RegExp (global) matching any positive filter, or null. Invalid regexes are skipped. */
export function highlighter(query) {
  const parts = [];
  let insensitive = false;
  for (const f of lineFilters(query)) {
    let source = f.regex ? f.text : f.text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    if (f.regex && source.startsWith("(?i)")) { insensitive = true; source = source.slice(4); }
    try { new RegExp(source); } catch (e) { continue; }
    parts.push(`(?:${source})`);
  }
  if (!parts.length) return null;
  try { return new RegExp(parts.join("|"), insensitive ? "gi" : "g"); } catch (e) { return null; }
}

/** `line` as HTML with every match of `re` in <mark>. */
export function markMatches(line, re) {
  if (!re) return escapeHTML(line);
  re.lastIndex = 0;
  let html = "";
  let last = 0;
  let m;
  let guard = 0;
  while ((m = re.exec(line)) !== null && guard++ < 1000) {
    if (m[0].length === 0) { re.lastIndex++; continue; }
    html += escapeHTML(line.slice(last, m.index)) + "<mark>" + escapeHTML(m[0]) + "</mark>";
    last = m.index + m[0].length;
  }
  return html + escapeHTML(line.slice(last));
}
