// The dashboard grid's geometry, kept apart from the DOM: 24 columns, rows of 30 px with 8 px
// gaps (Grafana's gridPos), `row` panels that own the panels below them up to the next row and
// can collapse, and Grafana's habit of nesting a collapsed row's panels inside the row.
export const COLUMNS = 24;
export const ROW_HEIGHT = 30;
export const GAP = 8;
/** The tallest panel the dashboards API accepts, in rows. */
export const MAX_HEIGHT = 100;

const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

/** Makes `gridPos` sane (integers, inside 24 columns) and lifts Grafana's nested row children
 *  into the flat panel list, shifting the panels below so nothing overlaps. Mutates and returns
 *  `panels`, sorted top to bottom. */
export function normalizePanels(panels) {
  const flat = [];
  for (const panel of panels || []) {
    const g = panel.gridPos || {};
    const w = clamp(Math.round(Number(g.w) || (panel.type === "row" ? COLUMNS : 12)), 1, COLUMNS);
    panel.gridPos = {
      x: clamp(Math.round(Number(g.x) || 0), 0, COLUMNS - w),
      y: Math.max(0, Math.round(Number(g.y) || 0)),
      w,
      h: panel.type === "row" ? 1 : clamp(Math.round(Number(g.h) || 8), 1, MAX_HEIGHT),
    };
    if (panel.type === "row") panel.gridPos = { x: 0, y: panel.gridPos.y, w: COLUMNS, h: 1 };
    flat.push(panel);
  }
  sortPanels(flat);
  // Nested children (Grafana stores a collapsed row's panels in row.panels, positioned as if
  // the row were open): splice them in right under their row and push everything below down.
  for (let i = 0; i < flat.length; i++) {
    const row = flat[i];
    if (row.type !== "row" || !Array.isArray(row.panels) || !row.panels.length) { if (row.type === "row") delete row.panels; continue; }
    const children = row.panels;
    delete row.panels;
    let top = Infinity;
    for (const c of children) top = Math.min(top, Number(c.gridPos && c.gridPos.y) || 0);
    let bottom = row.gridPos.y + 1;
    for (const c of children) {
      const g = c.gridPos || {};
      const w = clamp(Math.round(Number(g.w) || 12), 1, COLUMNS);
      c.gridPos = { x: clamp(Math.round(Number(g.x) || 0), 0, COLUMNS - w), y: row.gridPos.y + 1 + (Math.round(Number(g.y) || 0) - top), w, h: clamp(Math.round(Number(g.h) || 8), 1, MAX_HEIGHT) };
      bottom = Math.max(bottom, c.gridPos.y + c.gridPos.h);
    }
    const shift = bottom - (row.gridPos.y + 1);
    for (let j = i + 1; j < flat.length; j++) flat[j].gridPos.y += shift;
    flat.splice(i + 1, 0, ...children);
    i += children.length;
  }
  return sortPanels(flat);
}

export function sortPanels(panels) {
  return panels.sort((a, b) => a.gridPos.y - b.gridPos.y || a.gridPos.x - b.gridPos.x);
}

/** The row (or null) each panel sits under: the nearest row panel above it. */
export function rowOf(panels, panel) {
  let owner = null;
  for (const p of panels) {
    if (p.type === "row" && p.gridPos.y <= panel.gridPos.y && p !== panel) {
      if (!owner || p.gridPos.y > owner.gridPos.y) owner = p;
    }
  }
  return owner;
}

/** Where each panel is drawn: Map(panel -> {x, y, w, h, hidden}). Panels under a collapsed row
 *  are hidden and everything below moves up by the band the row would have taken. */
export function displayLayout(panels) {
  const sorted = [...panels].sort((a, b) => a.gridPos.y - b.gridPos.y || a.gridPos.x - b.gridPos.x);
  const rows = sorted.filter((p) => p.type === "row");
  const bottomOf = (list) => list.reduce((m, p) => Math.max(m, p.gridPos.y + p.gridPos.h), 0);
  const end = bottomOf(sorted);
  const bands = rows.map((row, i) => {
    const next = rows[i + 1] ? rows[i + 1].gridPos.y : Math.max(end, row.gridPos.y + 1);
    return { row, from: row.gridPos.y + 1, to: next };
  });
  const result = new Map();
  for (const p of sorted) {
    const g = p.gridPos;
    let hidden = false;
    let lift = 0;
    for (const band of bands) {
      if (!band.row.collapsed) continue;
      if (p.type !== "row" && g.y >= band.from && g.y < band.to) hidden = true;
      else if (g.y >= band.to) lift += band.to - band.from;
    }
    result.set(p, { x: g.x, y: g.y - lift, w: g.w, h: g.h, hidden });
  }
  return result;
}

/** The first free y below every panel (where a new panel goes). */
export function nextFreeY(panels) {
  return panels.reduce((m, p) => Math.max(m, p.gridPos.y + p.gridPos.h), 0);
}

/** Pushes panels down so none overlaps `moved` (Grafana-like), then floats everything up as far
 *  as it goes without overlap, keeping rows in their order. */
export function resolveCollisions(panels, moved) {
  const overlaps = (a, b) => a !== b && a.gridPos.x < b.gridPos.x + b.gridPos.w && b.gridPos.x < a.gridPos.x + a.gridPos.w
    && a.gridPos.y < b.gridPos.y + b.gridPos.h && b.gridPos.y < a.gridPos.y + a.gridPos.h;
  const order = [moved, ...sortPanels([...panels]).filter((p) => p !== moved)];
  const placed = [];
  for (const p of order) {
    let guard = 0;
    while (placed.some((q) => overlaps(p, q)) && guard++ < 1000) {
      const blocker = placed.filter((q) => overlaps(p, q)).reduce((m, q) => Math.max(m, q.gridPos.y + q.gridPos.h), 0);
      p.gridPos.y = blocker;
    }
    placed.push(p);
  }
  // Float up: each panel (top to bottom) rises while the cell above is free.
  const settled = [];
  for (const p of sortPanels([...panels])) {
    if (p !== moved) {
      while (p.gridPos.y > 0) {
        p.gridPos.y -= 1;
        if (settled.some((q) => overlaps(p, q))) { p.gridPos.y += 1; break; }
      }
    }
    settled.push(p);
  }
  return sortPanels(panels);
}

/** The top-most, then left-most free place for a w x h panel among `panels`. */
export function findSpace(panels, w, h) {
  const bottom = nextFreeY(panels);
  const free = (x, y) => !panels.some((p) => x < p.gridPos.x + p.gridPos.w && p.gridPos.x < x + w && y < p.gridPos.y + p.gridPos.h && p.gridPos.y < y + h);
  for (let y = 0; y <= bottom; y++) {
    for (let x = 0; x + w <= COLUMNS; x++) if (free(x, y)) return { x, y };
  }
  return { x: 0, y: bottom };
}
