// What to offer at the caret: reads the query before the caret (tokenizer.js) to find the context
// (a label name inside `{...}`, a label value after `name=`, label names after `by (`, a range
// inside `[...]`, a LogQL pipeline stage after `|`, or a metric/function anywhere else) and asks
// the API for names and values. Answers are cached briefly per URL so typing does not flood the
// server; a later request always wins over an earlier one (the editor checks a sequence number).
import { get } from "../api.js";
import { tokenize, isWord } from "./tokenizer.js";
import { vocabulary, DURATIONS } from "./language.js";

const CACHE_MS = 30_000;
const cache = new Map(); // url -> {time, promise}

/** GET with a short-lived cache; failures are not cached (and complete to nothing). */
function cached(path, params) {
  const key = path + "?" + new URLSearchParams(Object.entries(params || {}).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString();
  const hit = cache.get(key);
  const now = Date.now();
  if (hit && now - hit.time < CACHE_MS) return hit.promise;
  const promise = get(path, params).then((data) => (Array.isArray(data) || (data && typeof data === "object") ? data : []), () => {
    cache.delete(key);
    return [];
  });
  cache.set(key, { time: now, promise });
  return promise;
}

/** Forgets cached names, e.g. after new data was pushed. */
export function clearCompletionCache() { cache.clear(); }

/** The significant (not space or comment) token before index `k`. */
function before(tokens, k) {
  for (let j = k - 1; j >= 0; j--) if (tokens[j].type !== "space" && tokens[j].type !== "comment") return { token: tokens[j], index: j };
  return { token: null, index: -1 };
}

/** The matchers typed so far in the selector that opens at `braceStart` (for narrowing values). */
function selectorMatchers(text, brace) {
  if (!brace) return "";
  const close = text.indexOf("}", brace.start);
  const inner = text.slice(brace.start + 1, close < 0 ? text.length : close);
  // Only complete matchers: name op "value", joined back into a selector.
  const parts = [];
  const re = /([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)/g;
  let m;
  while ((m = re.exec(inner)) !== null) parts.push(`${m[1]}${m[2]}${m[3]}`);
  return parts;
}

/**
 * The context at `offset` in `text`: `{kind, from, to, prefix, ...}` where [from, to) is the text
 * an accepted completion replaces. kinds: "value" (label, quoted), "label" (in braces), "grouping"
 * (label names in by/without/on/ignoring), "duration", "stage" (LogQL after `|`), "pipeline-label",
 * "top" (metric names, functions, aggregations, keywords), or "none".
 */
export function contextAt(text, offset, language = "promql") {
  const head = tokenize(text.slice(0, offset), language);
  const last = head.length ? head[head.length - 1] : null;
  let word = null;
  let scope = head.scope;
  let k = head.length;
  if (last && last.end === offset && (isWord(last.type) || (last.type === "string" && !last.closed))) {
    word = last;
    scope = last.scope;
    k = head.length - 1;
  }
  const prev = before(head, k).token;

  // Inside a string: a label value when the string follows `name op` in a selector.
  if (word && word.type === "string") {
    const op = prev;
    const label = op ? before(head, before(head, k).index).token : null;
    if (scope && scope.kind === "brace" && op && op.type === "operator" && /^(=|!=|=~|!~)$/.test(op.text) && label && label.type === "label") {
      let to = offset;
      while (to < text.length && text[to] !== word.quote && text[to] !== "\n") to++;
      return { kind: "value", label: label.text, from: word.start + 1, to, prefix: text.slice(word.start + 1, offset), quoted: true, quote: word.quote, brace: scope, regex: op.text.includes("~") };
    }
    return { kind: "none" };
  }

  // The rest of the word after the caret is replaced too.
  let to = offset;
  if (word) while (to < text.length && /[A-Za-z0-9_:]/.test(text[to])) to++;
  const from = word ? word.start : offset;
  const prefix = word ? text.slice(word.start, offset) : "";
  const base = { from, to, prefix };

  if (scope && scope.kind === "brace") {
    if (!word && prev && prev.type === "operator" && /^(=|!=|=~|!~)$/.test(prev.text)) {
      const label = before(head, before(head, k).index).token;
      if (label && label.type === "label") return { kind: "value", label: label.text, quoted: false, brace: scope, regex: prev.text.includes("~"), ...base };
    }
    if (!prev || prev.text === "{" || prev.text === ",") return { kind: "label", brace: scope, ...base };
    return { kind: "none" };
  }
  if (scope && scope.kind === "paren" && scope.grouping) {
    if (!prev || prev.text === "(" || prev.text === ",") return { kind: "grouping", ...base };
    return { kind: "none" };
  }
  if (scope && scope.kind === "bracket") return { kind: "duration", ...base };
  if (language === "logql" && head.pipeline) {
    if (prev && prev.type === "operator" && prev.text === "|") return { kind: "stage", ...base };
    if (prev && prev.type === "stage" && /^(drop|keep|unwrap|label_format)$/.test(prev.text)) return { kind: "pipeline-label", ...base };
    if (prev && prev.text === "," ) return { kind: "pipeline-label", ...base };
    return { kind: "none" };
  }
  if (word && (word.type === "number" || word.type === "duration" || word.type === "variable")) return { kind: "none" };
  if (prev && prev.type === "operator" && /^(\|=|\|~|!=|!~|\|>|!>)$/.test(prev.text) && language === "logql") return { kind: "none" };
  return { kind: "top", ...base };
}

function item(label, kind, detail, insert, extra) {
  return { label, kind, detail: detail || "", insert: insert ?? label, ...extra };
}

/** Metric names in the whole query, used as match[] to narrow label names. */
function metricsIn(text) {
  return [...new Set(tokenize(text, "promql").filter((t) => t.type === "metric").map((t) => t.text))];
}

function quoteValue(value, quote, regex) {
  let v = regex ? value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : value;
  if (quote === "`") return v;
  v = v.replace(/\\/g, "\\\\").replace(new RegExp(quote, "g"), "\\" + quote);
  return v;
}

/**
 * Candidate completions for a context, before filtering by prefix: [{label, kind, detail, insert,
 * caret?, retrigger?}]. `caret` is where the caret goes relative to the inserted text's start.
 */
export async function candidates(ctx, text, language) {
  const vocab = vocabulary(language);
  const logql = language === "logql";
  switch (ctx.kind) {
    case "value": {
      let values;
      if (logql) {
        const matchers = selectorMatchers(text, ctx.brace).filter((m) => !m.startsWith(ctx.label));
        values = await cached(`/loki/api/v1/label/${encodeURIComponent(ctx.label)}/values`, matchers.length ? { query: `{${matchers.join(",")}}` } : undefined);
      } else {
        const metric = ctx.brace && ctx.brace.metric;
        values = await cached(`/api/v1/label/${encodeURIComponent(ctx.label)}/values`, metric ? { "match[]": metric } : undefined);
      }
      return (Array.isArray(values) ? values : []).map((v) => {
        if (ctx.quoted) return item(v, "value", ctx.label, quoteValue(v, ctx.quote, ctx.regex));
        const text = '"' + quoteValue(v, '"', ctx.regex) + '"';
        return item(v, "value", ctx.label, text);
      });
    }
    case "label": case "grouping": case "pipeline-label": {
      let names;
      if (logql) names = await cached("/loki/api/v1/labels");
      else {
        const metrics = ctx.kind === "label" ? (ctx.brace && ctx.brace.metric ? [ctx.brace.metric] : []) : metricsIn(text);
        names = await cached("/api/v1/labels", metrics.length ? { "match[]": metrics } : undefined);
      }
      names = (Array.isArray(names) ? names : []).filter((n) => n !== "__name__" || ctx.kind === "label");
      if (ctx.kind === "label") return names.map((n) => item(n, "label", "label", n + "=", { retrigger: true }));
      return names.map((n) => item(n, "label", "label"));
    }
    case "duration":
      return DURATIONS.map((d) => item(d, "duration", "range"));
    case "stage":
      return Object.entries(vocab.stages).map(([name, sig]) => item(name, "stage", sig, name + " "));
    case "top": {
      const out = [];
      if (!logql) {
        // Metadata (type and help, when the source sent them) makes the detail column useful.
        const [metrics, metadata] = await Promise.all([cached("/api/v1/label/__name__/values"), cached("/api/v1/metadata")]);
        for (const m of Array.isArray(metrics) ? metrics : []) {
          const meta = metadata && !Array.isArray(metadata) && Array.isArray(metadata[m]) ? metadata[m][0] : null;
          out.push(item(m, "metric", meta ? [meta.type, meta.help].filter(Boolean).join(": ") : "metric"));
        }
      }
      for (const [name, sig] of Object.entries(vocab.aggregations)) out.push(item(name, "aggregation", sig, name + "(", { caret: name.length + 1 }));
      for (const [name, sig] of Object.entries(vocab.functions)) {
        if (vocab.aggregations[name]) continue;
        out.push(item(name, "function", sig, name + "(", { caret: name.length + 1 }));
      }
      for (const [name, sig] of Object.entries(vocab.keywords)) out.push(item(name, "keyword", sig, name + " "));
      if (logql) {
        const labels = await cached("/loki/api/v1/labels");
        for (const l of Array.isArray(labels) ? labels : []) out.push(item(`{${l}=…}`, "selector", "stream selector", `{${l}="`, { retrigger: true, match: l }));
      }
      return out;
    }
    default:
      return [];
  }
}

/** Filters and ranks candidates by the typed prefix: the exact word, prefix matches, then substring matches. */
export function rank(items, prefix, limit = 200) {
  const p = prefix.toLowerCase();
  const exact = [];
  const starts = [];
  const contains = [];
  for (const it of items) {
    const key = (it.match || it.label).toLowerCase();
    if (!p) starts.push(it);
    else if (key === p) exact.push(it);
    else if (key.startsWith(p)) starts.push(it);
    else if (key.includes(p)) contains.push(it);
    if (starts.length >= limit) break;
  }
  return exact.concat(starts, contains).slice(0, limit);
}
