// The chart renderer, loaded in parallel with a dashboard's first queries instead of before them:
// nothing about a query depends on the renderer, and its module tree is the largest part of the
// page. The view calls loadChart() as it mounts; whoever draws or converts series awaits it.
let pending = null;
let loaded = null;

/** Starts loading the renderer (once) and resolves to its module. */
export function loadChart() {
  if (!pending) pending = import("../chart/chart.js").then((module) => { loaded = module; return module; });
  return pending;
}

/** The renderer's module if it has loaded, else null. */
export function chartIfLoaded() {
  return loaded;
}
