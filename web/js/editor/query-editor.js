// The query editor used by the explorers (and anyone else): a plain <textarea> for input, under a
// highlighted copy of its text (<pre> of coloured spans; the textarea's own text is transparent)
// kept in sync on every input and scroll, an autocompletion list, and the server's error shown
// at the position it names. A textarea keeps native editing (undo, selection, IME, mobile) that a
// contenteditable would have to re-implement.
//
//   const editor = createQueryEditor(container, { language: "promql" | "logql", value, placeholder,
//     onRun: (text) => {}, onChange: (text) => {} });
//   editor.value; editor.value = "..."; editor.focus(); editor.showError(apiError);
//   editor.clearError(); editor.destroy();
//
// Keys: Enter or Ctrl+Enter runs (Shift+Enter is a newline); with the list open, Up/Down move,
// Enter/Tab accept, Escape closes; Ctrl+Space opens the list; Down in an empty editor lists the
// queries run recently.
import { escapeHTML } from "../util.js";
import { tokenize, offsetOf } from "./tokenizer.js";
import { contextAt, candidates, rank } from "./completions.js";
import { recall } from "./history.js";

let nextId = 0;

/** The 1-based line and column a server error names: PromQL's "1:14:" or Loki's "line 1, col 30". */
export function errorPosition(error) {
  if (!error) return null;
  if (error.position) return error.position;
  const m = /line (\d+), col(?:umn)? (\d+)/.exec(String(error.message || ""));
  return m ? { line: Number(m[1]), column: Number(m[2]) } : null;
}

export function createQueryEditor(container, options = {}) {
  const language = options.language === "logql" ? "logql" : "promql";
  const id = `qe-${++nextId}`;
  const maxRows = options.maxRows || 12;

  const root = document.createElement("div");
  root.className = "qe";
  root.dataset.testid = "query-editor";
  root.dataset.language = language;
  root.innerHTML = `
    <div class="qe-field">
      <pre class="qe-highlight" aria-hidden="true"></pre>
      <textarea class="qe-input" data-testid="query-input" rows="1" spellcheck="false" autocomplete="off"
        autocapitalize="off" autocorrect="off" role="combobox" aria-autocomplete="list" aria-expanded="false"
        aria-controls="${id}-list" aria-describedby="${id}-error"></textarea>
      <div class="qe-mirror" aria-hidden="true"></div>
    </div>
    <ul class="qe-completions" id="${id}-list" role="listbox" data-testid="completions" hidden
      aria-label="Completions"></ul>
    <div class="qe-error" id="${id}-error" data-testid="query-error" role="alert" hidden></div>`;
  const field = root.querySelector(".qe-field");
  const pre = root.querySelector(".qe-highlight");
  const input = root.querySelector(".qe-input");
  const mirror = root.querySelector(".qe-mirror");
  const list = root.querySelector(".qe-completions");
  const errorBox = root.querySelector(".qe-error");
  input.placeholder = options.placeholder || (language === "logql" ? '{job="app"} |= "error"' : "Type a PromQL expression, e.g. rate(node_cpu_seconds_total[5m])");
  input.setAttribute("aria-label", options.ariaLabel || (language === "logql" ? "LogQL query" : "PromQL query"));
  input.value = options.value || "";
  container.append(root);

  let errorOffset = null; // where the server's error points, while the text is unchanged
  let items = [];
  let active = 0;
  let ctx = null;
  let sequence = 0; // completion requests: only the newest one may open the list
  let blurTimer = null;

  function render() {
    const text = input.value;
    let html = "";
    for (const token of tokenize(text, language)) {
      const body = escapeHTML(token.text);
      const marked = errorOffset !== null && token.type !== "space" && errorOffset >= token.start && errorOffset < token.end;
      if (token.type === "space") {
        if (errorOffset !== null && errorOffset >= token.start && errorOffset < token.end) {
          const at = errorOffset - token.start;
          html += escapeHTML(token.text.slice(0, at)) + `<span class="qe-error-mark">${escapeHTML(token.text[at])}</span>` + escapeHTML(token.text.slice(at + 1));
        } else html += body;
      } else {
        const span = `<span class="tk-${token.type}">${body}</span>`;
        html += marked ? `<span class="qe-error-mark">${span}</span>` : span;
      }
    }
    if (errorOffset !== null && errorOffset >= text.length) html += `<span class="qe-error-mark qe-error-end"> </span>`;
    // A trailing newline needs a character after it, or the <pre> is one line shorter than the textarea.
    pre.innerHTML = html + " ";
    resize();
  }

  function resize() {
    const style = getComputedStyle(input);
    const line = parseFloat(style.lineHeight) || 20;
    const chrome = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom) + parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
    input.style.height = "auto";
    const wanted = Math.min(input.scrollHeight + parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth), line * maxRows + chrome);
    input.style.height = Math.max(wanted, line + chrome) + "px";
    syncScroll();
  }

  function syncScroll() {
    pre.scrollTop = input.scrollTop;
    pre.scrollLeft = input.scrollLeft;
  }

  /** The caret's position inside the field, measured on a hidden copy of the text before it. */
  function caretPoint(offset = input.selectionStart) {
    mirror.textContent = input.value.slice(0, offset);
    const marker = document.createElement("span");
    marker.textContent = "\u200b";
    mirror.append(marker);
    const point = { left: marker.offsetLeft - input.scrollLeft, top: marker.offsetTop - input.scrollTop, height: marker.offsetHeight };
    mirror.textContent = "";
    return point;
  }

  function closeList() {
    sequence++;
    items = [];
    ctx = null;
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlightMatch(label, prefix) {
    if (!prefix) return escapeHTML(label);
    const at = label.toLowerCase().indexOf(prefix.toLowerCase());
    if (at < 0) return escapeHTML(label);
    return escapeHTML(label.slice(0, at)) + "<mark>" + escapeHTML(label.slice(at, at + prefix.length)) + "</mark>" + escapeHTML(label.slice(at + prefix.length));
  }

  function showList() {
    list.replaceChildren();
    items.forEach((it, index) => {
      const li = document.createElement("li");
      li.id = `${id}-opt-${index}`;
      li.setAttribute("role", "option");
      li.className = "qe-option";
      li.dataset.kind = it.kind;
      li.dataset.value = it.label;
      li.innerHTML = `<span class="qe-kind qe-kind-${it.kind}" aria-hidden="true">${KIND_ICON[it.kind] || "•"}</span>` +
        `<span class="qe-label">${highlightMatch(it.label, ctx ? ctx.prefix : "")}</span>` +
        (it.detail ? `<span class="qe-detail">${escapeHTML(it.detail)}</span>` : "");
      li.addEventListener("mousedown", (event) => { event.preventDefault(); accept(index); });
      li.addEventListener("mousemove", () => { if (active !== index) setActive(index); });
      list.append(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    setActive(0);
    // Fixed to the viewport, so a scrolling container (a dialog's body) cannot clip the list;
    // below the word, or above it when the viewport has no room below.
    const caret = caretPoint(ctx ? ctx.from : input.selectionStart);
    const box = field.getBoundingClientRect();
    const width = list.offsetWidth;
    const height = list.offsetHeight;
    let top = box.top + caret.top + caret.height + 4;
    if (top + height > window.innerHeight - 8 && box.top + caret.top - height - 4 > 8) top = box.top + caret.top - height - 4;
    const left = Math.max(8, Math.min(box.left + caret.left, window.innerWidth - width - 8));
    list.style.top = `${Math.round(top)}px`;
    list.style.left = `${Math.round(left)}px`;
  }

  // The list stays where it was put; when the page scrolls under it, it closes.
  function onScroll(event) {
    if (!list.hidden && event.target !== list && event.target !== input) closeList();
  }

  function setActive(index) {
    const options = list.children;
    if (!options.length) return;
    active = (index + options.length) % options.length;
    for (let i = 0; i < options.length; i++) options[i].setAttribute("aria-selected", i === active ? "true" : "false");
    const current = options[active];
    input.setAttribute("aria-activedescendant", current.id);
    // Keep the active option in view without scrolling the page.
    if (current.offsetTop < list.scrollTop) list.scrollTop = current.offsetTop;
    else if (current.offsetTop + current.offsetHeight > list.scrollTop + list.clientHeight) list.scrollTop = current.offsetTop + current.offsetHeight - list.clientHeight;
  }

  async function complete(explicit) {
    const mine = ++sequence;
    const text = input.value;
    const offset = input.selectionStart;
    if (input.selectionEnd !== offset) { closeList(); return; }
    if (explicit && !text.trim()) {
      // An empty editor: offer the queries run recently (history.js).
      const recent = recall(language).map((q) => ({ label: q.replace(/\s+/g, " "), kind: "history", detail: "recent", insert: q }));
      if (!recent.length) { closeList(); return; }
      ctx = { kind: "history", from: 0, to: text.length, prefix: "" };
      items = recent;
      showList();
      return;
    }
    const context = contextAt(text, offset, language);
    if (context.kind === "none" || (context.kind === "top" && !context.prefix && !explicit)) { closeList(); return; }
    const all = await candidates(context, text, language);
    if (mine !== sequence || input.value !== text || input.selectionStart !== offset) return;
    const ranked = rank(all, context.prefix);
    // Nothing to offer, or only what is already typed.
    if (!ranked.length || (ranked.length === 1 && unchanged(ranked[0], context, text))) { closeList(); sequence = mine; return; }
    ctx = context;
    items = ranked;
    sequence = mine;
    showList();
  }

  /** Would accepting `it` leave the text as it is? */
  function unchanged(it, context, text) {
    return !!it && !!context && text.slice(context.from, context.to) === it.insert;
  }

  function accept(index) {
    const it = items[index];
    if (!it || !ctx) return;
    const text = input.value;
    const from = ctx.from;
    const to = ctx.to;
    input.focus();
    input.setSelectionRange(from, to);
    // execCommand keeps the browser's undo stack; fall back to setRangeText where it is missing.
    const done = document.execCommand && document.execCommand("insertText", false, it.insert);
    if (!done || input.value === text) {
      input.setRangeText(it.insert, from, to, "end");
      afterInput();
    }
    const caret = from + (it.caret ?? it.insert.length);
    input.setSelectionRange(caret, caret);
    closeList();
    if (it.retrigger) complete(false);
  }

  function afterInput() {
    if (errorOffset !== null) clearError();
    render();
    if (options.onChange) options.onChange(input.value);
  }

  function onInput(event) {
    afterInput();
    // Open the list while typing words and the characters that start a context; not on deletes.
    const typed = event && event.data;
    if (event && event.inputType && event.inputType.startsWith("delete")) {
      if (!list.hidden) complete(false);
      return;
    }
    if (typed === undefined || typed === null || /[A-Za-z0-9_:{},=(|\["'`~ ]/.test(typed)) complete(false);
    else closeList();
  }

  function onKeyDown(event) {
    if (event.isComposing) return; // an IME is composing: its Enter is not ours
    const open = !list.hidden && items.length > 0;
    if (open && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      setActive(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (open && (event.key === "PageDown" || event.key === "PageUp")) {
      event.preventDefault();
      setActive(Math.max(0, Math.min(items.length - 1, active + (event.key === "PageDown" ? 8 : -8))));
    } else if (open && event.key === "Enter" && !event.shiftKey && unchanged(items[active], ctx, input.value)) {
      // The word is already complete (node_load1 typed, node_load15 also offered): Enter runs.
      event.preventDefault();
      closeList();
      if (options.onRun) options.onRun(input.value);
    } else if (open && (event.key === "Tab" || (event.key === "Enter" && !event.shiftKey && !event.ctrlKey && !event.metaKey))) {
      event.preventDefault();
      accept(active);
    } else if (open && event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      closeList();
    } else if (!open && event.key === "ArrowDown" && !input.value.trim()) {
      event.preventDefault();
      complete(true);
    } else if (event.key === " " && event.ctrlKey) {
      event.preventDefault();
      complete(true);
    } else if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      closeList();
      if (options.onRun) options.onRun(input.value);
    }
  }

  function onBlur() { blurTimer = setTimeout(closeList, 120); }
  function onFocus() { clearTimeout(blurTimer); }
  function onClickInput() { if (!list.hidden) complete(false); }

  input.addEventListener("input", onInput);
  input.addEventListener("keydown", onKeyDown);
  input.addEventListener("scroll", syncScroll);
  input.addEventListener("blur", onBlur);
  input.addEventListener("focus", onFocus);
  input.addEventListener("click", onClickInput);
  // Re-measure when the width changes (wrapping moves); height changes are our own doing.
  let lastWidth = 0;
  document.addEventListener("scroll", onScroll, true);
  window.addEventListener("resize", closeList);
  const observer = new ResizeObserver((records) => {
    const width = records[records.length - 1].contentRect.width;
    if (width !== lastWidth) { lastWidth = width; requestAnimationFrame(resize); }
  });
  observer.observe(field);

  function clearError() {
    errorOffset = null;
    errorBox.hidden = true;
    errorBox.replaceChildren();
    root.classList.remove("has-error");
    render();
  }

  function showError(error) {
    const message = String((error && error.message) || error || "error");
    const position = errorPosition(error);
    errorOffset = position ? offsetOf(input.value, position.line, position.column) : null;
    errorBox.replaceChildren();
    const text = document.createElement("span");
    text.className = "qe-error-text";
    text.textContent = message;
    errorBox.append(text);
    if (errorOffset !== null) {
      const go = document.createElement("button");
      go.type = "button";
      go.className = "qe-error-goto";
      go.textContent = `line ${position.line}, column ${position.column}`;
      go.title = "Move the cursor to the error";
      const at = errorOffset;
      go.addEventListener("click", () => { input.focus(); input.setSelectionRange(at, at); });
      errorBox.prepend(go);
      root.dataset.errorOffset = String(errorOffset);
    } else {
      delete root.dataset.errorOffset;
    }
    errorBox.hidden = false;
    root.classList.add("has-error");
    render();
  }

  render();

  return {
    element: root,
    textarea: input,
    get value() { return input.value; },
    set value(text) {
      input.value = text ?? "";
      errorOffset = null;
      errorBox.hidden = true;
      root.classList.remove("has-error");
      closeList();
      render();
    },
    get language() { return language; },
    focus() { input.focus(); },
    showError,
    clearError,
    complete: () => complete(true),
    destroy() {
      closeList();
      clearTimeout(blurTimer);
      observer.disconnect();
      document.removeEventListener("scroll", onScroll, true);
      window.removeEventListener("resize", closeList);
      input.removeEventListener("input", onInput);
      input.removeEventListener("keydown", onKeyDown);
      root.remove();
    },
  };
}

const KIND_ICON = { history: "↺", metric: "M", label: "L", value: "V", function: "ƒ", aggregation: "Σ", keyword: "K", duration: "⏱", stage: "|", selector: "{}" };
