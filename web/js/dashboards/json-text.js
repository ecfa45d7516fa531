// Parsing JSON an operator pasted or picked, with errors that say where: a small recursive-descent
// scanner finds the offset and the reason, because browsers' JSON.parse messages do not always
// include a position, and someone pasting a 3000-line dashboard needs the line and column.

/** JSON.parse with an error that says what is wrong with the text, and where. */
export function parseJSON(text) {
  if (!String(text || "").trim()) throw new Error("Nothing to import: the JSON is empty.");
  try {
    return JSON.parse(text);
  } catch (error) {
    const found = findJSONError(text);
    const where = found ? ` at line ${found.line}, column ${found.column}: ${found.reason}` : `: ${error.message}`;
    throw new Error(`This is not valid JSON${where}.`);
  }
}

/** Returns null when `text` is valid JSON, else {offset, line, column, reason}. */
export function findJSONError(text) {
  let i = 0;
  const n = text.length;
  const fail = (reason) => { throw { offset: i, reason }; };
  const ws = () => { while (i < n && " \t\n\r".includes(text[i])) i++; };
  const literal = (word) => { if (text.startsWith(word, i)) i += word.length; else fail(`expected ${word}`); };
  const string = () => {
    i++; // opening quote
    while (i < n) {
      const c = text[i];
      if (c === '"') { i++; return; }
      if (c === "\\") {
        const e = text[i + 1];
        if (e === "u") { if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail("bad \\u escape"); i += 6; continue; }
        if (!'"\\/bfnrt'.includes(e)) fail("bad escape in string");
        i += 2;
        continue;
      }
      if (c < " ") fail("control character in string (a raw newline?)");
      i++;
    }
    fail("unterminated string");
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail("bad number");
    i += m[0].length;
  };
  const value = (depth) => {
    if (depth > 500) fail("nested too deeply");
    ws();
    const c = text[i];
    if (c === "{") {
      i++; ws();
      if (text[i] === "}") { i++; return; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail("expected a property name in double quotes");
        string(); ws();
        if (text[i] !== ":") fail("expected ':' after the property name");
        i++;
        value(depth + 1); ws();
        if (text[i] === ",") { i++; continue; }
        if (text[i] === "}") { i++; return; }
        fail("expected ',' or '}'");
      }
    } else if (c === "[") {
      i++; ws();
      if (text[i] === "]") { i++; return; }
      for (;;) {
        value(depth + 1); ws();
        if (text[i] === ",") { i++; continue; }
        if (text[i] === "]") { i++; return; }
        fail("expected ',' or ']'");
      }
    } else if (c === '"') string();
    else if (c === "t") literal("true");
    else if (c === "f") literal("false");
    else if (c === "n") literal("null");
    else if (c === "-" || (c >= "0" && c <= "9")) number();
    else fail(i >= n ? "unexpected end of the text" : `unexpected character ${JSON.stringify(c)}`);
  };
  try {
    value(0); ws();
    if (i < n) fail("unexpected text after the end of the JSON value");
    return null;
  } catch (error) {
    if (!error || typeof error.offset !== "number") throw error;
    const before = text.slice(0, error.offset);
    const line = before.split("\n").length;
    return { offset: error.offset, line, column: error.offset - before.lastIndexOf("\n"), reason: error.reason };
  }
}
