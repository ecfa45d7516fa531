// The silences tab of /alerts: active, pending and expired silences (GET /api/v2/silences), each
// with its matchers, times, creator and comment; create, edit (posted with its id), recreate an
// expired one, and expire (DELETE /api/v2/silence/<id>) after a confirmation.
import { el, debounce } from "../../util.js";
import { get, del } from "../../api.js";
import { createPoller } from "./poller.js";
import { stateBadge } from "./badge.js";
import { matcherChips, matcherText } from "./labels.js";
import { timeElement, relativeTime, durationSpan, toMillis } from "./time.js";
import { openSilenceForm } from "./silence-form.js";
import { openModal } from "./modal.js";

const STATES = ["active", "pending", "expired"];

/** mountSilences(panel, {params, setParams, setCount, notify}) -> unmount */
export function mountSilences(panel, ctx) {
  let destroyed = false;
  let state = STATES.includes(ctx.params.get("state")) ? ctx.params.get("state") : "active";
  let highlight = ctx.params.get("silence") || "";
  let silences = null;
  let error = null;
  let lastKey = "";

  const segButtons = new Map();
  const segmented = el("div", { class: "segmented", role: "group", "aria-label": "Silence state" },
    STATES.map((s) => {
      const button = el("button", { type: "button", "aria-pressed": String(s === state), dataset: { state: s }, onclick: () => { state = s; highlight = ""; ctx.setParams({ state: s === "active" ? null : s, silence: null }); render(); } }, s[0].toUpperCase() + s.slice(1));
      segButtons.set(s, button);
      return button;
    }));
  const search = el("input", { type: "search", placeholder: "Filter by matcher, creator or comment", "aria-label": "Filter silences", value: ctx.params.get("q") || "" });
  search.addEventListener("input", debounce(() => { ctx.setParams({ q: search.value }); render(); }, 200));
  const content = el("div", { "data-testid": "silences", "aria-live": "off" }, el("p", { class: "muted" }, "Loading…"));
  panel.append(el("div", { class: "filter-bar" }, segmented, search), content);

  function saved(id) {
    ctx.notify(`Silence ${id ? id.slice(0, 8) + " " : ""}saved.`, id);
    if (id) { highlight = id; state = "active"; ctx.setParams({ silence: id, state: null }); }
    poller.refresh();
  }

  async function load() {
    try {
      silences = await get("/api/v2/silences");
      error = null;
    } catch (e) {
      error = e;
    }
    if (destroyed) return;
    const key = JSON.stringify([error && error.message, silences]);
    if (key === lastKey) { refreshTimes(); return; }
    lastKey = key;
    render();
  }

  function refreshTimes() {
    for (const t of content.querySelectorAll("time[datetime]")) t.textContent = (t.dataset.prefix || "") + relativeTime(t.getAttribute("datetime"));
  }

  function confirmExpire(silence) {
    const expire = el("button", { type: "button", class: "danger", "data-testid": "confirm-expire" }, "Expire silence");
    const cancel = el("button", { type: "button" }, "Cancel");
    const problem = el("div", { class: "message error", role: "alert", hidden: true });
    const dialog = openModal({
      title: "Expire this silence?",
      body: el("div", { class: "form-grid" },
        el("p", {}, "Alerts it matches will notify again at their group's next flush."),
        matcherChips(silence.matchers),
        el("p", { class: "muted small" }, `Created by ${silence.createdBy}: ${silence.comment}`), problem),
      footer: el("div", {}, cancel, " ", expire),
      initialFocus: cancel,
    });
    cancel.addEventListener("click", () => dialog.close());
    expire.addEventListener("click", async () => {
      expire.disabled = true;
      try {
        await del(`/api/v2/silence/${encodeURIComponent(silence.id)}`);
        dialog.close();
        ctx.notify(`Silence ${silence.id.slice(0, 8)} expired.`);
        poller.refresh();
      } catch (e) {
        problem.hidden = false;
        problem.textContent = `Could not expire the silence: ${e.message}`;
        expire.disabled = false;
      }
    });
  }

  function row(silence) {
    const s = silence.status ? silence.status.state : "active";
    const starts = toMillis(silence.startsAt);
    const ends = toMillis(silence.endsAt);
    const when = s === "pending"
      ? [el("div", {}, "Starts ", timeElement(silence.startsAt)), el("div", { class: "muted small" }, `for ${durationSpan((ends - starts) / 1000)}`)]
      : s === "active"
        ? [el("div", {}, "Ends ", timeElement(silence.endsAt)), el("div", { class: "muted small" }, "started ", timeElement(silence.startsAt))]
        : [el("div", {}, "Expired ", timeElement(silence.endsAt)), el("div", { class: "muted small" }, `lasted ${durationSpan((ends - starts) / 1000)}`)];
    const actions = s === "expired"
      ? [el("button", { type: "button", onclick: () => openSilenceForm({ silence, copy: true, onSaved: saved }) }, "Recreate")]
      : [el("button", { type: "button", "data-testid": "edit-silence", onclick: () => openSilenceForm({ silence, onSaved: saved }) }, "Edit"),
         el("button", { type: "button", class: "danger", "data-testid": "expire-silence", onclick: () => confirmExpire(silence) }, "Expire")];
    const tr = el("tr", { class: `silence-row${silence.id === highlight ? " highlight" : ""}`, "data-testid": "silence", dataset: { id: silence.id, state: s } },
      el("td", {}, stateBadge(s === "active" ? "silenced" : s, s === "active" ? "Active" : undefined)),
      el("td", {}, matcherChips(silence.matchers)),
      el("td", { class: "nowrap" }, when),
      el("td", {}, el("div", {}, el("strong", {}, silence.createdBy)), el("div", { class: "small" }, silence.comment)),
      el("td", {}, el("span", { class: "mono small", title: silence.id }, silence.id.slice(0, 8))),
      el("td", {}, el("div", { class: "row-actions" }, actions)));
    return tr;
  }

  function render() {
    if (destroyed) return;
    const blocks = [];
    if (error) blocks.push(el("div", { class: "message error" }, `Could not load the silences: ${error.message}`));
    if (!silences) { content.replaceChildren(...blocks); return; }
    const counts = { active: 0, pending: 0, expired: 0 };
    for (const s of silences) counts[s.status ? s.status.state : "active"] = (counts[s.status ? s.status.state : "active"] || 0) + 1;
    // A linked silence (?silence=<id>) shows in whichever state list it is in.
    if (highlight) {
      const target = silences.find((s) => s.id === highlight);
      if (target && target.status && target.status.state !== state) { state = target.status.state; }
    }
    for (const [s, button] of segButtons) {
      button.setAttribute("aria-pressed", String(s === state));
      button.textContent = `${s[0].toUpperCase() + s.slice(1)} (${counts[s] || 0})`;
    }
    ctx.setCount(counts.active || 0);
    const text = search.value.trim().toLowerCase();
    const shown = silences
      .filter((s) => (s.status ? s.status.state : "active") === state)
      .filter((s) => !text || [s.createdBy, s.comment, s.id, ...s.matchers.map(matcherText)].join(" ").toLowerCase().includes(text))
      .sort((a, b) => (state === "expired" ? toMillis(b.endsAt) - toMillis(a.endsAt) : toMillis(a.endsAt) - toMillis(b.endsAt)));
    if (!shown.length) {
      blocks.push(el("p", { class: "empty" }, text ? "No silence matches the filter." : `No ${state} silences.`));
    } else {
      blocks.push(el("div", { class: "table-scroll card", style: { padding: "0" } }, el("table", { class: "data silences-table" },
        el("thead", {}, el("tr", {}, ["State", "Matchers", "When", "Created by / comment", "ID", "Actions"].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, shown.map(row)))));
    }
    content.replaceChildren(...blocks);
    const marked = content.querySelector(".silence-row.highlight");
    if (marked) marked.scrollIntoView({ block: "nearest" });
  }

  const poller = createPoller(load, 15000);
  return () => { destroyed = true; poller.stop(); };
}
