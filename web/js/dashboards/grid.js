// The 24-column grid the panels sit on (rows of 30 px, 8 px gaps, as Grafana's gridPos), drawn
// with CSS grid: each panel element carries its cell as CSS variables (--gx, --gy, --gw, --gh)
// so the stylesheet alone can stack panels one per row on narrow screens. Moving and resizing
// while editing is grid-editing.js.
import { el } from "../util.js";
import { displayLayout } from "./layout.js";

export class DashboardGrid {
  /** onLayoutChange(panel): after a move or resize is committed. */
  constructor({ onLayoutChange }) {
    this.onLayoutChange = onLayoutChange;
    this.element = el("div", { class: "dash-grid", dataset: { testid: "dashboard-grid" } });
    this.panels = [];
    this.views = new Map();
    this.editing = false;
    this.live = el("div", { class: "visually-hidden", "aria-live": "polite" });
    this.element.append(this.live);
  }

  /** Places `views` (Map panel -> view) for `panels` in display order. */
  place(panels, views, editing) {
    this.panels = panels;
    this.views = views;
    this.editing = editing;
    const layout = displayLayout(panels);
    const order = [...layout.entries()].filter(([, g]) => !g.hidden).sort(([, a], [, b]) => a.y - b.y || a.x - b.x);
    const wanted = [];
    for (const [panel, g] of order) {
      const view = views.get(panel);
      if (!view) continue;
      const node = view.element;
      node.style.setProperty("--gx", String(g.x + 1));
      node.style.setProperty("--gy", String(g.y + 1));
      node.style.setProperty("--gw", String(g.w));
      node.style.setProperty("--gh", String(g.h));
      wanted.push(node);
      if (editing && !node.dataset.editBound) {
        node.dataset.editBound = "1";
        // Dragging and keyboard moves load with the first edit, not with every dashboard view.
        import("./grid-editing.js").then(({ bindEditing }) => bindEditing(this, panel, view));
      }
    }
    // Reorder only what moved, so focus and canvases survive a re-layout.
    let anchor = this.live;
    for (const node of wanted) {
      if (anchor.nextSibling !== node) anchor.after(node);
      anchor = node;
    }
    for (const child of [...this.element.children]) {
      if (child !== this.live && !wanted.includes(child)) child.remove();
    }
    this.element.classList.toggle("editing", editing);
  }

  relayout() { this.place(this.panels, this.views, this.editing); }
}
