// The legend under time charts: one button per series (colour swatch and name), so it works from
// the keyboard (Tab, Enter, Space) and reads well in a screen reader (aria-pressed tells whether
// the series is shown). A click toggles a series; Shift-, Ctrl- or Cmd-click isolates it (or, on
// the only series shown, shows all again), as in Grafana.

import { el } from "../util.js";
import { gradientCSS } from "./colormap.js";

const MAX_ITEMS = 300; // beyond this a legend is unreadable anyway; the tooltip still lists all

export class Legend {
  constructor(element, onToggle) {
    this.element = element;
    this.onToggle = onToggle;
    this.signature = "";
    this.element.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-series]");
      if (!button) return;
      onToggle(button.dataset.series, event.shiftKey || event.ctrlKey || event.metaKey);
    });
  }

  /** Shows one button per series; rebuilds the DOM only when names or colours changed. */
  render(series, colors, hidden) {
    const signature = series.length + "\u0000" + series.map((s, i) => s.name + "\u0001" + colors[i]).join("\u0000");
    if (signature !== this.signature) {
      this.signature = signature;
      const items = series.slice(0, MAX_ITEMS).map((s, i) =>
        el("button", { type: "button", class: "wchart-legend-item", dataset: { series: s.name }, title: s.name },
          el("span", { class: "wchart-swatch", style: { background: colors[i] }, "aria-hidden": "true" }),
          el("span", { class: "wchart-legend-name" }, s.name)));
      if (series.length > MAX_ITEMS) items.push(el("span", { class: "wchart-legend-more muted" }, `+${series.length - MAX_ITEMS} more`));
      this.element.replaceChildren(...items);
    }
    for (const button of this.element.querySelectorAll("button[data-series]")) {
      const off = hidden.has(button.dataset.series);
      button.setAttribute("aria-pressed", off ? "false" : "true");
      button.classList.toggle("off", off);
    }
    this.element.hidden = series.length === 0;
  }

  /** The heatmap's legend: its colour scale from 0 to the largest cell value. */
  renderScale(minText, maxText, caption) {
    const signature = "scale\u0000" + minText + "\u0000" + maxText + "\u0000" + caption;
    if (signature === this.signature) return;
    this.signature = signature;
    this.element.replaceChildren(
      el("span", { class: "wchart-scale-caption muted" }, caption),
      el("span", { class: "wchart-scale-label" }, minText),
      el("span", { class: "wchart-scale", style: { background: gradientCSS() }, "aria-hidden": "true" }),
      el("span", { class: "wchart-scale-label" }, maxText));
    this.element.hidden = false;
  }

  clear() {
    this.signature = "";
    this.element.replaceChildren();
    this.element.hidden = true;
  }
}
