// A forgiving tokenizer for PromQL and LogQL, used twice: to colour the query (every character of
// the text lands in exactly one token, so the highlighted copy lines up with the textarea) and to
// tell the completion code where the caret is (inside `{...}`, after `by (`, after `|`, in a
// string). It never throws: half-typed queries are the normal case while editing.
import { vocabulary } from "./language.js";

const DURATION = /^\d+(?:\.\d+)?(?:ms|s|m|h|d|w|y)(?:\d+(?:ms|s|m|h|d|w|y))*(?![A-Za-z0-9_])/;
const NUMBER = /^(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/;
const IDENT = /^[A-Za-z_:][A-Za-z0-9_:]*/;
const LOG_IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;
const VARIABLE = /^(?:\$\{[A-Za-z0-9_:.]*\}?|\$[A-Za-z0-9_]+|\[\[[A-Za-z0-9_]*\]\])/;
const OPERATORS = ["|=", "|~", "|>", "!>", "!=", "!~", "=~", "==", "<=", ">=", "|", "=", "<", ">", "+", "-", "*", "/", "%", "^", "@", ","];
const GROUPING = new Set(["by", "without", "on", "ignoring", "group_left", "group_right"]);
const WORDS = new Set(["metric", "label", "function", "aggregation", "keyword", "stage", "ident", "variable", "number", "duration"]);

/** Is this token type a word the caret can be "in" for completion? */
export function isWord(type) { return WORDS.has(type); }

/**
 * Splits `text` into tokens `{type, start, end, text, scope, pipeline}`. `scope` is the innermost
 * open bracket before the token (`{kind: "brace"|"paren"|"bracket", grouping, metric}` or null);
 * `pipeline` is true for LogQL tokens after a `|` of a log pipeline. Types: comment, string,
 * number, duration, metric, label, function, aggregation, keyword, stage, ident, variable,
 * operator, punct, space, error.
 */
export function tokenize(text, language = "promql") {
  const vocab = vocabulary(language);
  const logql = language === "logql";
  const tokens = [];
  const stack = [];
  let pipeline = false;
  let i = 0;
  const top = () => (stack.length ? stack[stack.length - 1] : null);
  const lastSignificant = () => {
    for (let k = tokens.length - 1; k >= 0; k--) if (tokens[k].type !== "space" && tokens[k].type !== "comment") return tokens[k];
    return null;
  };
  const push = (type, end, extra) => {
    const token = { type, start: i, end, text: text.slice(i, end), scope: top(), pipeline, ...extra };
    tokens.push(token);
    i = end;
    return token;
  };

  while (i < text.length) {
    const rest = text.slice(i, i + 256);
    const c = text[i];
    let m;
    if (/\s/.test(c)) {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j])) j++;
      push("space", j);
    } else if (c === "#") {
      let j = text.indexOf("\n", i);
      if (j < 0) j = text.length;
      push("comment", j);
    } else if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      let closed = false;
      while (j < text.length) {
        if (c !== "`" && text[j] === "\\") { j += 2; continue; }
        if (text[j] === c) { closed = true; j++; break; }
        if (c !== "`" && text[j] === "\n") break;
        j++;
      }
      push("string", Math.min(j, text.length), { closed, quote: c });
    } else if ((m = VARIABLE.exec(rest))) {
      push("variable", i + m[0].length);
    } else if ((m = DURATION.exec(rest))) {
      push("duration", i + m[0].length);
    } else if ((m = NUMBER.exec(rest)) && !(c === "." && !/\d/.test(text[i + 1] || ""))) {
      push("number", i + m[0].length);
    } else if ((m = (logql ? LOG_IDENT : IDENT).exec(rest))) {
      const word = m[0];
      const scope = top();
      let j = i + word.length;
      while (j < text.length && /[ \t]/.test(text[j])) j++;
      const beforeParen = text[j] === "(";
      const prev = lastSignificant();
      let type;
      if (scope && scope.kind === "brace") type = "label";
      else if (scope && scope.kind === "paren" && scope.grouping) type = "label";
      else if (/^(?:Inf|NaN)$/i.test(word) && !beforeParen) type = "number";
      else if (logql && prev && prev.type === "operator" && prev.text === "|" && vocab.stages[word]) type = "stage";
      else if (vocab.keywords[word] && !(beforeParen && vocab.functions[word])) type = "keyword";
      else if (vocab.aggregations[word] && (beforeParen || /^\s*(by|without)\b/.test(text.slice(i + word.length, i + word.length + 12)))) type = "aggregation";
      else if (beforeParen) type = "function";
      else if (logql && pipeline) type = "label";
      else type = logql ? "ident" : "metric";
      push(type, i + word.length);
    } else if (c === "{" || c === "(" || c === "[") {
      const prev = lastSignificant();
      const entry = { kind: c === "{" ? "brace" : c === "(" ? "paren" : "bracket", start: i, grouping: false, metric: null };
      if (c === "(" && prev && prev.type === "keyword" && GROUPING.has(prev.text)) entry.grouping = true;
      if (c === "{" && prev && prev.type === "metric" && prev.end === i) entry.metric = prev.text;
      if (c === "[") pipeline = false;
      push("punct", i + 1);
      stack.push(entry);
    } else if (c === "}" || c === ")" || c === "]") {
      const want = c === "}" ? "brace" : c === ")" ? "paren" : "bracket";
      const open = top();
      if (open && open.kind === want) {
        stack.pop();
        if (c === ")") pipeline = false;
        push("punct", i + 1);
      } else {
        push("error", i + 1);
      }
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (op) {
        // In LogQL a `|` (or a line filter) outside braces starts or continues a log pipeline.
        if (logql && !(top() && top().kind === "brace") && (op === "|" || op === "|=" || op === "|~" || op === "!=" || op === "!~" || op === "|>" || op === "!>")) {
          const prev = lastSignificant();
          if (op === "|" || (prev && (prev.text === "}" || prev.type === "string" || pipeline))) pipeline = true;
        }
        push("operator", i + op.length);
      } else {
        push("error", i + 1);
      }
    }
  }
  // The state at the end of the text, for the completion code (it tokenizes the text before the caret).
  tokens.scope = top();
  tokens.stack = stack;
  tokens.pipeline = pipeline;
  return tokens;
}

/** The 0-based character offset of a 1-based (line, column) position in `text`. */
export function offsetOf(text, line, column) {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}
