// A keyboard-reachable drop-down menu (the panel "⋮" menu, "Add" menus): a button with
// aria-haspopup that opens a role=menu list; arrows move, Enter/Space choose, Escape and Tab close
// and return focus to the button, a click outside closes.
import { el } from "../util.js";

/** `items`: [{label, onSelect, danger, testid}] or a function returning them (built on open). */
export function createMenu({ label, ariaLabel, items, className = "", testid }) {
  const button = el("button", { type: "button", class: `dash-menu-button ${className}`, "aria-haspopup": "menu", "aria-expanded": "false",
    "aria-label": ariaLabel || label, title: ariaLabel || label, dataset: testid ? { testid } : undefined }, label);
  const list = el("ul", { class: "dash-menu", role: "menu", hidden: true });
  const wrap = el("span", { class: "dash-menu-wrap" }, button, list);
  let open = false;

  const entries = () => [...list.querySelectorAll("[role=menuitem]")];
  const onDocument = (event) => { if (!wrap.contains(event.target)) close(false); };
  function close(refocus = true) {
    if (!open) return;
    open = false;
    list.hidden = true;
    button.setAttribute("aria-expanded", "false");
    wrap.classList.remove("open");
    document.removeEventListener("pointerdown", onDocument, true);
    if (refocus) button.focus();
  }
  function show(focusIndex = 0) {
    const current = typeof items === "function" ? items() : items;
    list.replaceChildren(...current.filter(Boolean).map((item) => el("li", { role: "none" },
      el("button", { type: "button", role: "menuitem", tabindex: "-1", class: item.danger ? "danger" : undefined, dataset: item.testid ? { testid: item.testid } : undefined,
        onclick: () => { close(true); item.onSelect(); } }, item.label))));
    open = true;
    list.hidden = false;
    wrap.classList.add("open");
    button.setAttribute("aria-expanded", "true");
    document.addEventListener("pointerdown", onDocument, true);
    const all = entries();
    if (all.length) all[(focusIndex + all.length) % all.length].focus();
  }
  button.addEventListener("click", () => (open ? close() : show(0)));
  button.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") { event.preventDefault(); show(0); }
    else if (event.key === "ArrowUp") { event.preventDefault(); show(-1); }
  });
  list.addEventListener("keydown", (event) => {
    const all = entries();
    const at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown") { event.preventDefault(); all[(at + 1) % all.length].focus(); }
    else if (event.key === "ArrowUp") { event.preventDefault(); all[(at - 1 + all.length) % all.length].focus(); }
    else if (event.key === "Home") { event.preventDefault(); all[0].focus(); }
    else if (event.key === "End") { event.preventDefault(); all[all.length - 1].focus(); }
    else if (event.key === "Escape") { event.preventDefault(); event.stopPropagation(); close(true); }
    else if (event.key === "Tab") close(false);
  });
  return { element: wrap, button, close };
}
