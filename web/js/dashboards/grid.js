// The 24-column grid the panels sit on (rows of 30 px, 8 px gaps, as Grafana's gridPos), drawn
// with CSS grid: each panel element carries its cell as CSS variables (--gx, --gy, --gw, --gh)
// so the stylesheet alone can stack panels one per row on narrow screens. While editing, panels
// move by dragging their handle and resize by their corner, or with the keyboard on the handle
// (arrows move, Shift+arrows resize); on drop, overlapping panels are pushed down.
import { el } from "../util.js";
import { COLUMNS, ROW_HEIGHT, GAP, MAX_HEIGHT, displayLayout, resolveCollisions } from "./layout.js";

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
      if (editing && !node.dataset.editBound) this.bindEditing(panel, view);
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

  /** Pixel size of one column step and one row step. */
  cellSize() {
    const width = this.element.clientWidth;
    return { x: (width + GAP) / COLUMNS, y: ROW_HEIGHT + GAP };
  }

  relayout() { this.place(this.panels, this.views, this.editing); }

  commit(panel, announce = true) {
    resolveCollisions(this.panels, panel);
    this.relayout();
    const g = panel.gridPos;
    if (announce) this.live.textContent = `${panel.title || "Panel"}: column ${g.x + 1}, row ${g.y + 1}, ${g.w} wide, ${g.h} high`;
    this.onLayoutChange(panel);
  }

  bindEditing(panel, view) {
    const node = view.element;
    node.dataset.editBound = "1";
    const drag = (event, mode) => {
      if (event.button !== 0 || !this.editing) return;
      event.preventDefault();
      const target = event.currentTarget;
      const cell = this.cellSize();
      const g = panel.gridPos;
      // The displayed row can differ from the stored one (collapsed rows above): keep the offset.
      const start = { px: event.clientX, py: event.clientY, x: g.x, y: g.y, w: g.w, h: g.h,
        shown: Number(node.style.getPropertyValue("--gy")) - 1 - g.y };
      node.classList.add(mode === "move" ? "dragging" : "resizing");
      target.setPointerCapture(event.pointerId);
      const move = (e) => {
        const dx = Math.round((e.clientX - start.px) / cell.x);
        const dy = Math.round((e.clientY - start.py) / cell.y);
        if (mode === "move") {
          g.x = Math.min(COLUMNS - g.w, Math.max(0, start.x + dx));
          g.y = Math.max(0, start.y + dy);
        } else {
          g.w = Math.min(COLUMNS - g.x, Math.max(1, start.w + dx));
          g.h = Math.min(MAX_HEIGHT, Math.max(2, start.h + dy));
        }
        node.style.setProperty("--gx", String(g.x + 1));
        node.style.setProperty("--gy", String(g.y + 1 + start.shown));
        node.style.setProperty("--gw", String(g.w));
        node.style.setProperty("--gh", String(g.h));
      };
      const up = () => {
        target.removeEventListener("pointermove", move);
        target.removeEventListener("pointerup", up);
        target.removeEventListener("pointercancel", up);
        node.classList.remove("dragging", "resizing");
        this.commit(panel, false);
      };
      target.addEventListener("pointermove", move);
      target.addEventListener("pointerup", up);
      target.addEventListener("pointercancel", up);
    };
    if (view.handle) {
      view.handle.addEventListener("pointerdown", (e) => drag(e, "move"));
      // The whole header is a drag handle too (as in Grafana), except its buttons.
      const header = view.header || view.element;
      header.addEventListener("pointerdown", (e) => { if (!e.target.closest("button, a, input, select")) drag(e, "move"); });
      view.handle.addEventListener("keydown", (event) => {
        const g = panel.gridPos;
        const step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[event.key];
        if (!step) return;
        event.preventDefault();
        if (event.shiftKey && panel.type !== "row") {
          g.w = Math.min(COLUMNS - g.x, Math.max(1, g.w + step[0]));
          g.h = Math.min(MAX_HEIGHT, Math.max(2, g.h + step[1]));
        } else {
          g.x = Math.min(COLUMNS - g.w, Math.max(0, g.x + step[0]));
          g.y = Math.max(0, g.y + step[1]);
          // Moving up past a panel: jump over it rather than being pushed back down.
          if (step[1] < 0) {
            const above = this.panels.find((p) => p !== panel && p.gridPos.y + p.gridPos.h === g.y + 1 && p.gridPos.x < g.x + g.w && g.x < p.gridPos.x + p.gridPos.w);
            if (above) { g.y = above.gridPos.y; above.gridPos.y = g.y + g.h; }
          }
        }
        this.commit(panel);
        view.handle.focus();
      });
    }
    if (view.resizeHandle) view.resizeHandle.addEventListener("pointerdown", (e) => drag(e, "resize"));
  }
}
