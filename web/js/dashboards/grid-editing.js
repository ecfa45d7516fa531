// Moving and resizing panels on the dashboard grid while editing: drag a panel's handle or
// header to move it and its corner to resize it, or use the keyboard on the handle (arrows move,
// Shift+arrows resize). On drop, overlapping panels are pushed down and the rest float up, and a
// live region says where the panel went. Loaded the first time a dashboard is edited.
import { COLUMNS, ROW_HEIGHT, GAP, MAX_HEIGHT, resolveCollisions } from "./layout.js";

/** Pixel size of one column step and one row step. */
function cellSize(grid) {
  const width = grid.element.clientWidth;
  return { x: (width + GAP) / COLUMNS, y: ROW_HEIGHT + GAP };
}

/** After a move or resize: push overlapping panels down, lay out again, say where it went. */
function commit(grid, panel, announce = true) {
  resolveCollisions(grid.panels, panel);
  grid.relayout();
  const g = panel.gridPos;
  if (announce) grid.live.textContent = `${panel.title || "Panel"}: column ${g.x + 1}, row ${g.y + 1}, ${g.w} wide, ${g.h} high`;
  grid.onLayoutChange(panel);
}

/** Makes `view` (of `panel`) movable and resizable on `grid`, by pointer and keyboard. */
export function bindEditing(grid, panel, view) {
  const node = view.element;
  const drag = (event, mode) => {
    if (event.button !== 0 || !grid.editing) return;
    event.preventDefault();
    const target = event.currentTarget;
    const cell = cellSize(grid);
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
      commit(grid, panel, false);
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
          const above = grid.panels.find((p) => p !== panel && p.gridPos.y + p.gridPos.h === g.y + 1 && p.gridPos.x < g.x + g.w && g.x < p.gridPos.x + p.gridPos.w);
          if (above) { g.y = above.gridPos.y; above.gridPos.y = g.y + g.h; }
        }
      }
      commit(grid, panel);
      view.handle.focus();
    });
  }
  if (view.resizeHandle) view.resizeHandle.addEventListener("pointerdown", (e) => drag(e, "resize"));
}
