// A tab strip with the WAI-ARIA tabs pattern: one tab in the Tab order (roving tabindex), the
// arrow keys, Home and End move between tabs and select them, and the panel is labelled by its tab.
import { el } from "../../util.js";

let counter = 0;

/**
 * createTabs({ tabs: [{id, label}], selected, onSelect(id), label })
 * -> { element (the tablist), panel (the tabpanel to fill), select(id), selected }
 */
export function createTabs({ tabs, selected, onSelect, label = "Sections" }) {
  const prefix = `tabs-${++counter}`;
  const list = el("div", { class: "tabs", role: "tablist", "aria-label": label });
  const panel = el("div", { class: "tab-panel", role: "tabpanel", id: `${prefix}-panel`, tabindex: "-1" });
  const buttons = new Map();
  let current = tabs.some((t) => t.id === selected) ? selected : tabs[0].id;

  function show(id, { focus = false, notify = true } = {}) {
    current = id;
    for (const [tabId, button] of buttons) {
      const on = tabId === id;
      button.setAttribute("aria-selected", on ? "true" : "false");
      button.tabIndex = on ? 0 : -1;
      if (on) panel.setAttribute("aria-labelledby", button.id);
      if (on && focus) button.focus();
    }
    if (notify && onSelect) onSelect(id);
  }

  for (const tab of tabs) {
    const button = el("button", {
      type: "button", role: "tab", class: "tab", id: `${prefix}-${tab.id}`,
      "aria-controls": panel.id, dataset: { tab: tab.id },
      onclick: () => { if (tab.id !== current) show(tab.id); },
    }, tab.label, el("span", { class: "tab-count", hidden: true }));
    buttons.set(tab.id, button);
    list.append(button);
  }

  list.addEventListener("keydown", (event) => {
    const ids = tabs.map((t) => t.id);
    const index = ids.indexOf(current);
    let next = null;
    if (event.key === "ArrowRight") next = ids[(index + 1) % ids.length];
    else if (event.key === "ArrowLeft") next = ids[(index - 1 + ids.length) % ids.length];
    else if (event.key === "Home") next = ids[0];
    else if (event.key === "End") next = ids[ids.length - 1];
    if (next === null) return;
    event.preventDefault();
    show(next, { focus: true });
  });

  show(current, { notify: false });
  return {
    element: list,
    panel,
    get selected() { return current; },
    /** Selects a tab; `notify: false` when the caller shows the panel itself. */
    select(id, { notify = true } = {}) { show(id, { notify }); },
    /** A small count after a tab's label ("Silences 3"); null hides it. */
    setCount(id, count) {
      const badge = buttons.get(id)?.querySelector(".tab-count");
      if (!badge) return;
      badge.hidden = count === null || count === undefined;
      badge.textContent = count ?? "";
    },
  };
}
