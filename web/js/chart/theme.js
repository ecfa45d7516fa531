// Chart colours come from the page's CSS variables (app.css defines them for both themes), read
// once per theme change rather than per draw: getComputedStyle forces style recalculation.
// Charts listen for the `warden-theme` window event and redraw with the new values.

function variable(style, name, fallback) {
  const value = style.getPropertyValue(name).trim();
  return value || fallback;
}

/** The colours and font a chart draws with, from the CSS variables in effect on `element`. */
export function readTheme(element = document.documentElement) {
  const style = getComputedStyle(element);
  const family = getComputedStyle(document.body || document.documentElement).fontFamily || "system-ui, sans-serif";
  return {
    fg: variable(style, "--fg", "#1b1f24"),
    muted: variable(style, "--fg-muted", "#57606a"),
    axis: variable(style, "--axis-text", "#57606a"),
    grid: variable(style, "--grid-line", "rgba(27, 31, 36, 0.10)"),
    bg: variable(style, "--bg-raised", "#ffffff"),
    border: variable(style, "--border", "#d0d7de"),
    accent: variable(style, "--accent", "#0064a8"),
    ok: variable(style, "--ok", "#007a5e"),
    bad: variable(style, "--bad", "#c03221"),
    dark: document.documentElement.dataset.theme === "dark",
    family,
    axisFont: `11px ${family}`,
  };
}
