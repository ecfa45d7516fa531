// The silence editor, in a modal dialog: matchers (name, operator, value), start, duration or end,
// creator and comment. Used to create a silence, to create one from an alert (its labels prefilled
// as equality matchers, which the user can loosen or remove), and to edit one: editing posts the
// silence WITH its id, as Alertmanager's UI does (the server updates it, or expires it and creates
// a new one when the change cannot be made in place).
import { el, debounce, parseDuration, durationText } from "../../util.js";
import { get, sendJSON, APIError } from "../../api.js";
import { openModal } from "./modal.js";
import { toLocalInput, fromLocalInput } from "./time.js";
import { matcherOperator, matcherText } from "./labels.js";

const PRESETS = ["1h", "2h", "4h", "8h", "1d", "3d", "1w"];
const OPERATORS = ["=", "!=", "=~", "!~"];
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const CREATOR_KEY = "warden.silence.creator";

function rememberedCreator() {
  try { return localStorage.getItem(CREATOR_KEY) || ""; } catch (e) { return ""; }
}

/**
 * openSilenceForm({ silence, labels, onSaved(silenceID) })
 * `silence`: an existing silence to edit (or, with `copy: true`, to recreate as a new one);
 * `labels`: an alert's labels to prefill as equality matchers.
 */
export function openSilenceForm({ silence = null, copy = false, labels = null, onSaved } = {}) {
  const editing = silence && !copy;
  const now = Date.now();
  let matchers;
  if (silence) matchers = silence.matchers.map((m) => ({ name: m.name, op: matcherOperator(m), value: m.value }));
  else if (labels) matchers = Object.keys(labels).sort((a, b) => (a === "alertname" ? -1 : b === "alertname" ? 1 : a.localeCompare(b)))
    .map((name) => ({ name, op: "=", value: labels[name] }));
  else matchers = [{ name: "", op: "=", value: "" }];

  let startMs = editing ? Math.max(Date.parse(silence.startsAt), 0) : now;
  let endMs = editing ? Date.parse(silence.endsAt) : now + 2 * 3600 * 1000;
  if (!editing && silence) endMs = now + Math.max(3600e3, Date.parse(silence.endsAt) - Date.parse(silence.startsAt));

  // ---- matchers ----
  const rows = el("div", { class: "matcher-rows", role: "group", "aria-label": "Matchers" });
  const matcherError = el("div", { class: "field-error", role: "alert" });
  function renderMatchers(focusIndex) {
    rows.replaceChildren(...matchers.map((m, i) => {
      const name = el("input", { type: "text", value: m.name, placeholder: "label name", "aria-label": `Matcher ${i + 1} label name`, autocomplete: "off", spellcheck: "false", "data-testid": "matcher-name" });
      const op = el("select", { "aria-label": `Matcher ${i + 1} operator`, "data-testid": "matcher-op" }, OPERATORS.map((o) => el("option", { value: o, selected: o === m.op }, o)));
      const value = el("input", { type: "text", value: m.value, placeholder: "value", "aria-label": `Matcher ${i + 1} value`, autocomplete: "off", spellcheck: "false", "data-testid": "matcher-value" });
      name.addEventListener("input", () => { m.name = name.value; changed(); });
      op.addEventListener("change", () => { m.op = op.value; changed(); });
      value.addEventListener("input", () => { m.value = value.value; changed(); });
      const remove = el("button", { type: "button", class: "icon-button", "aria-label": `Remove matcher ${i + 1}`, title: "Remove matcher", disabled: matchers.length === 1,
        onclick: () => { matchers.splice(i, 1); renderMatchers(Math.min(i, matchers.length - 1)); changed(); } }, "✕");
      const row = el("div", { class: "matcher-row", "data-testid": "matcher-row" }, name, op, value, remove);
      if (i === focusIndex) queueMicrotask(() => name.focus());
      return row;
    }));
  }
  const addMatcher = el("button", { type: "button", onclick: () => { matchers.push({ name: "", op: "=", value: "" }); renderMatchers(matchers.length - 1); } }, "+ Add matcher");

  // ---- time ----
  const startInput = el("input", { type: "datetime-local", id: "silence-start", value: toLocalInput(startMs), "data-testid": "silence-start" });
  const endInput = el("input", { type: "datetime-local", id: "silence-end", value: toLocalInput(endMs), "data-testid": "silence-end" });
  const durationInput = el("input", { type: "text", id: "silence-duration", value: durationText((endMs - startMs) / 1000), placeholder: "2h", "data-testid": "silence-duration", "aria-describedby": "silence-duration-hint", spellcheck: "false" });
  const presetButtons = PRESETS.map((p) => el("button", { type: "button", "aria-pressed": "false", dataset: { preset: p },
    onclick: () => { durationInput.value = p; applyDuration(); } }, p));
  const timeError = el("div", { class: "field-error", role: "alert" });

  function markPresets() {
    const seconds = (endMs - startMs) / 1000;
    for (const b of presetButtons) b.setAttribute("aria-pressed", parseDuration(b.dataset.preset) === seconds ? "true" : "false");
  }
  function applyDuration() {
    const seconds = parseDuration(durationInput.value.trim());
    if (seconds === null || seconds <= 0) {
      durationInput.setAttribute("aria-invalid", "true");
      timeError.textContent = "Duration: write it like 2h, 90m or 1d12h.";
      return;
    }
    durationInput.removeAttribute("aria-invalid");
    timeError.textContent = "";
    endMs = startMs + seconds * 1000;
    endInput.value = toLocalInput(endMs);
    markPresets();
  }
  durationInput.addEventListener("input", applyDuration);
  startInput.addEventListener("change", () => {
    const value = fromLocalInput(startInput.value);
    if (!Number.isFinite(value)) return;
    const length = endMs - startMs;
    startMs = value;
    endMs = startMs + length; // moving the start keeps the length, as the duration field says
    endInput.value = toLocalInput(endMs);
  });
  endInput.addEventListener("change", () => {
    const value = fromLocalInput(endInput.value);
    if (!Number.isFinite(value)) return;
    endMs = value;
    durationInput.value = endMs > startMs ? durationText(Math.round((endMs - startMs) / 60000) * 60) : "";
    markPresets();
  });

  // ---- creator and comment ----
  const creator = el("input", { type: "text", id: "silence-creator", value: editing ? silence.createdBy : rememberedCreator(), autocomplete: "username", required: true, "data-testid": "silence-creator" });
  const comment = el("textarea", { id: "silence-comment", rows: "3", required: true, "data-testid": "silence-comment", placeholder: "Why, and what is being done about it" });
  comment.value = silence ? silence.comment : "";
  const creatorError = el("div", { class: "field-error", role: "alert" });
  const commentError = el("div", { class: "field-error", role: "alert" });
  // Once a field was flagged, its message goes away as soon as it is filled in.
  for (const [input, error] of [[creator, creatorError], [comment, commentError]]) {
    input.addEventListener("input", () => {
      if (input.getAttribute("aria-invalid") === "true" && input.value.trim()) { input.setAttribute("aria-invalid", "false"); error.textContent = ""; }
    });
  }

  // ---- affected alerts preview ----
  const affected = el("div", { class: "affected muted", "aria-live": "polite", "data-testid": "silence-affected" });
  const preview = debounce(async () => {
    const valid = matchers.filter((m) => m.name && LABEL_NAME.test(m.name));
    if (!valid.length) { affected.textContent = ""; return; }
    try {
      const alerts = await get("/api/v2/alerts", { filter: valid.map((m) => matcherText({ name: m.name, value: m.value, isRegex: m.op.includes("~"), isEqual: !m.op.startsWith("!") })) });
      if (!dialog.element.isConnected) return;
      const names = [...new Set(alerts.map((a) => a.labels.alertname))].slice(0, 5);
      affected.textContent = alerts.length
        ? `Matches ${alerts.length} alert${alerts.length === 1 ? "" : "s"} now: ${names.join(", ")}${alerts.length > names.length ? ", …" : ""}`
        : "Matches no alert right now.";
    } catch (error) {
      affected.textContent = error instanceof APIError ? `Matchers: ${error.message}` : "";
    }
  }, 300);
  function changed() { matcherError.textContent = ""; preview(); }

  const formError = el("div", { class: "message error", role: "alert", hidden: true, "data-testid": "silence-error" });
  const submit = el("button", { type: "submit", class: "primary", "data-testid": "silence-submit" }, editing ? "Save silence" : "Create silence");
  const cancel = el("button", { type: "button", onclick: () => dialog.close() }, "Cancel");

  function validate() {
    let ok = true;
    const problems = [];
    matchers.forEach((m, i) => {
      if (!LABEL_NAME.test(m.name)) problems.push(`Matcher ${i + 1}: a label name starts with a letter or _ and has only letters, digits and _.`);
      if (m.op.includes("~")) {
        try { new RegExp(`^(?:${m.value})$`); } catch (e) { problems.push(`Matcher ${i + 1}: not a valid regular expression (${e.message}).`); }
      }
    });
    if (!matchers.length) problems.push("Add at least one matcher.");
    matcherError.textContent = problems.join(" ");
    if (problems.length) ok = false;
    timeError.textContent = "";
    if (!(endMs > startMs)) { timeError.textContent = "The end must be after the start."; ok = false; }
    else if (endMs <= Date.now()) { timeError.textContent = "The end must be in the future."; ok = false; }
    creatorError.textContent = creator.value.trim() ? "" : "Say who creates this silence.";
    commentError.textContent = comment.value.trim() ? "" : "A comment is required: why is this silenced?";
    creator.setAttribute("aria-invalid", creator.value.trim() ? "false" : "true");
    comment.setAttribute("aria-invalid", comment.value.trim() ? "false" : "true");
    return ok && creator.value.trim() && comment.value.trim();
  }

  async function save(event) {
    event.preventDefault();
    formError.hidden = true;
    if (!validate()) {
      const first = form.querySelector('[aria-invalid="true"]') || form.querySelector(".matcher-row input");
      if (first) first.focus();
      return;
    }
    const body = {
      matchers: matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.op.includes("~"), isEqual: !m.op.startsWith("!") })),
      startsAt: new Date(startMs).toISOString(),
      endsAt: new Date(endMs).toISOString(),
      createdBy: creator.value.trim(),
      comment: comment.value.trim(),
    };
    if (editing) body.id = silence.id;
    try { localStorage.setItem(CREATOR_KEY, body.createdBy); } catch (e) { /* not kept: fine */ }
    submit.disabled = true;
    try {
      const answer = await sendJSON("POST", "/api/v2/silences", body);
      dialog.close();
      if (onSaved) onSaved(answer && answer.silenceID ? answer.silenceID : null);
    } catch (error) {
      formError.hidden = false;
      formError.textContent = `The server refused the silence: ${error.message}`;
      submit.disabled = false;
    }
  }

  const field = (labelFor, label, control, error, hint) => el("div", { class: "field" },
    el("label", { for: labelFor }, label), control, hint ? el("span", { class: "hint", id: `${labelFor}-hint` }, hint) : null, error);

  const form = el("form", { class: "form-grid", novalidate: true, onsubmit: save, "data-testid": "silence-form" },
    el("div", { class: "field" },
      el("span", { class: "field-label" }, "Matchers"),
      el("span", { class: "hint" }, "Alerts whose labels match all of these are silenced. = and != compare exactly, =~ and !~ match a regular expression."),
      rows, el("div", {}, addMatcher), matcherError),
    el("div", { class: "field-row" },
      field("silence-start", "Starts", startInput),
      field("silence-end", "Ends", endInput)),
    el("div", { class: "field" },
      el("label", { for: "silence-duration" }, "Duration"),
      el("div", { class: "preset-row" }, durationInput, presetButtons),
      el("span", { class: "hint", id: "silence-duration-hint" }, "Changing the duration moves the end; changing the end updates the duration."),
      timeError),
    el("div", { class: "field-row" },
      field("silence-creator", "Created by", creator, creatorError),
      el("div")),
    field("silence-comment", "Comment", comment, commentError),
    affected,
    formError,
  );
  durationInput.style.width = "7rem";
  renderMatchers(-1);
  markPresets();

  const title = editing ? "Edit silence" : labels ? "Silence alert" : silence ? "Recreate silence" : "New silence";
  const dialog = openModal({
    title,
    body: form,
    footer: el("div", { class: "modal-actions" }, cancel, " ", submit),
    initialFocus: labels ? comment : undefined,
    wide: true,
  });
  // The submit button lives in the footer, outside the <form>: associate it.
  form.id = `silence-form-${Math.random().toString(36).slice(2, 8)}`;
  submit.setAttribute("form", form.id);
  if (!creator.value && labels) queueMicrotask(() => creator.focus());
  preview();
  return dialog;
}
