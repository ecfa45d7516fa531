// The alerts page (/alerts): firing and pending alerts as the route groups them, the rules, the
// silences and the notification history, as tabs. The tab and each tab's filters live in the URL
// (/alerts?tab=silences&state=expired), so every view can be shared and survives a reload.
// Each tab is its own module under ./parts/; this file is the frame: heading, tabs, notices.
import { el } from "../util.js";
import { createTabs } from "./parts/tabs.js";
import { openSilenceForm } from "./parts/silence-form.js";
import { mountAlertGroups } from "./parts/alert-groups.js";
import { mountAlertRules } from "./parts/alert-rules.js";
import { mountSilences } from "./parts/silences.js";
import { mountAlertHistory } from "./parts/alert-history.js";

const TABS = [
  { id: "groups", label: "Alerts", mount: mountAlertGroups },
  { id: "rules", label: "Rules", mount: mountAlertRules },
  { id: "silences", label: "Silences", mount: mountSilences },
  { id: "history", label: "History", mount: mountAlertHistory },
];

// Parameters each tab keeps in the URL; switching tabs drops the other tabs' ones.
const TAB_PARAMS = ["filter", "silenced", "inhibited", "pending", "q", "type", "state", "silence", "alertname", "receiver", "since"];

export function mount(container, context) {
  document.title = "Alerts · Warden";
  let unmountTab = null;
  let shown = null; // the tab whose view is mounted
  let params = new URLSearchParams(window.location.search);
  const notice = el("div", { class: "notice-area", role: "status", "aria-live": "polite" });

  function notify(message, silenceID) {
    const close = el("button", { type: "button", class: "icon-button", "aria-label": "Dismiss", onclick: () => notice.replaceChildren() }, "✕");
    notice.replaceChildren(el("div", { class: "message ok notice", "data-testid": "notice" },
      el("span", { "aria-hidden": "true" }, "✓ "), message,
      silenceID && tabs.selected !== "silences" ? el("a", { href: `/alerts?tab=silences&silence=${encodeURIComponent(silenceID)}`, onclick: (e) => { e.preventDefault(); showSilence(silenceID); } }, " View silence") : null,
      close));
  }

  function showTab(id, extra = {}) {
    if (unmountTab) { try { unmountTab(); } catch (e) { console.error(e); } unmountTab = null; }
    const reset = Object.fromEntries(TAB_PARAMS.map((k) => [k, null]));
    if (id !== shown || Object.keys(extra).length) context.setParams({ ...reset, tab: id === "groups" ? null : id, ...extra });
    shown = id;
    params = new URLSearchParams(window.location.search);
    tabs.panel.replaceChildren();
    const tab = TABS.find((t) => t.id === id);
    unmountTab = tab.mount(tabs.panel, {
      params,
      setParams: context.setParams,
      setCount: (count) => tabs.setCount(id, count),
      notify,
      showSilence,
    });
  }

  function showSilence(id) {
    notice.replaceChildren();
    tabs.select("silences", { notify: false });
    showTab("silences", { silence: id });
  }

  const requested = params.get("tab") || "groups";
  const tabs = createTabs({
    tabs: TABS,
    selected: TABS.some((t) => t.id === requested) ? requested : "groups",
    label: "Alert views",
    onSelect: (id) => { notice.replaceChildren(); showTab(id); },
  });
  const newSilence = el("button", { type: "button", class: "primary", "data-testid": "new-silence", onclick: () => openSilenceForm({ onSaved: (id) => { notify(`Silence ${id ? id.slice(0, 8) + " " : ""}created.`, id); if (tabs.selected === "silences") showTab("silences", { silence: id }); } }) }, "New silence");
  container.append(
    el("div", { class: "page-header" }, el("h1", {}, "Alerts"), el("div", { class: "page-header-actions" }, newSilence)),
    notice, tabs.element, tabs.panel);
  shown = tabs.selected;
  showTab(tabs.selected);
  return () => {
    if (unmountTab) unmountTab();
    for (const dialog of document.querySelectorAll("dialog.modal")) dialog.remove();
  };
}
