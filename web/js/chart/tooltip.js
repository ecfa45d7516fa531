// The hover tooltip: the time, then one row per visible series (colour marker, name, value),
// positioned beside the pointer and flipped to stay on screen. Fixed positioning so a panel's
// overflow:hidden never clips it; pointer-events off so it never steals the hover.

import { el } from "../util.js";

const MAX_ROWS = 24;

export class Tooltip {
  constructor(parent) {
    this.element = el("div", { class: "wchart-tooltip", role: "tooltip", hidden: true });
    parent.append(this.element);
  }

  /** rows: [{ name, color, text, emphasis }] (already sorted). */
  show(clientX, clientY, title, rows) {
    const children = [el("div", { class: "wchart-tooltip-time" }, title)];
    for (const row of rows.slice(0, MAX_ROWS)) {
      children.push(el("div", { class: "wchart-tooltip-row" + (row.emphasis ? " emphasis" : "") },
        el("span", { class: "wchart-swatch", style: { background: row.color } }),
        el("span", { class: "wchart-tooltip-name" }, row.name),
        el("span", { class: "wchart-tooltip-value" }, row.text)));
    }
    if (rows.length > MAX_ROWS) children.push(el("div", { class: "wchart-tooltip-more" }, `+${rows.length - MAX_ROWS} more`));
    this.element.replaceChildren(...children);
    this.element.hidden = false;
    const box = this.element.getBoundingClientRect();
    const gap = 14;
    let left = clientX + gap;
    if (left + box.width > window.innerWidth - 4) left = Math.max(4, clientX - gap - box.width);
    let top = clientY + gap;
    if (top + box.height > window.innerHeight - 4) top = Math.max(4, clientY - gap - box.height);
    this.element.style.left = left + "px";
    this.element.style.top = top + "px";
  }

  hide() { this.element.hidden = true; }

  destroy() { this.element.remove(); }
}
