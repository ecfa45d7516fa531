// The single-page app's shell: maps the URL path to a page module, mounts it into <main>, keeps
// the navigation and theme, and intercepts same-origin links so moving between pages never reloads.
// Every page module exports `mount(container, context)` and may return an `unmount()` function.
// context = { path, segments, params (URLSearchParams), navigate(url, {replace}), setParams(obj) }.
// Pages keep their state in the URL (query parameters), so any view can be shared or reloaded.

const ROUTES = [
  { prefix: "", page: "overview", module: "./pages/overview.js" },
  { prefix: "explore", page: "explore", module: "./pages/explore.js" },
  {
    prefix: "dashboards", page: "dashboards", module: "./pages/dashboards.js",
    // A dashboard opened directly fetches these one import level after another; hinting them
    // at once saves those round trips before the first panel's query can start.
    preloadWithSegment: [
      "./dashboards/view.js", "./dashboards/store.js", "./dashboards/layout.js", "./dashboards/interpolate.js",
      "./dashboards/panel.js", "./dashboards/grid.js", "./dashboards/panel-data.js", "./chart/chart.js",
    ],
  },
  { prefix: "logs", page: "logs", module: "./pages/logs.js" },
  { prefix: "alerts", page: "alerts", module: "./pages/alerts.js" },
  { prefix: "status", page: "status", module: "./pages/status.js" },
];

const view = document.getElementById("view");
let current = null; // { unmount, key }
let generation = 0;

/** Exposed for the browser tests: the page mounted and whether it finished mounting. */
window.warden = window.warden || {};
window.warden.app = { page: null, mounted: false, errors: [] };

function routeFor(pathname) {
  const segments = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  const first = segments[0] || "";
  const route = ROUTES.find((r) => r.prefix === first);
  return { route, segments };
}

function markNavigation(page) {
  for (const link of document.querySelectorAll("a[data-page]")) {
    if (link.dataset.page === page) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

export function navigate(url, { replace = false } = {}) {
  const target = new URL(url, window.location.href);
  if (target.origin !== window.location.origin) {
    window.location.href = target.href;
    return;
  }
  if (replace) history.replaceState(null, "", target.pathname + target.search + target.hash);
  else history.pushState(null, "", target.pathname + target.search + target.hash);
  render();
}

/** Replaces query parameters without remounting the page (for pages that keep state in the URL). */
export function setParams(values) {
  const target = new URL(window.location.href);
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === "") target.searchParams.delete(key);
    else target.searchParams.set(key, String(value));
  }
  history.replaceState(null, "", target.pathname + target.search + target.hash);
}

async function render() {
  const mine = ++generation;
  const { route, segments } = routeFor(window.location.pathname);
  if (current && current.unmount) {
    try { current.unmount(); } catch (error) { console.error(error); }
  }
  current = null;
  view.replaceChildren();
  window.warden.app.mounted = false;
  if (!route) {
    view.append(Object.assign(document.createElement("h1"), { textContent: "Not found" }));
    view.append(Object.assign(document.createElement("p"), { textContent: `No page at ${window.location.pathname}.` }));
    markNavigation(null);
    return;
  }
  markNavigation(route.page);
  window.warden.app.page = route.page;
  try {
    const module = await import(route.module);
    if (mine !== generation) return;
    const context = {
      path: window.location.pathname,
      segments,
      params: new URLSearchParams(window.location.search),
      navigate,
      setParams,
    };
    const unmount = await module.mount(view, context);
    if (mine !== generation) {
      if (typeof unmount === "function") unmount();
      return;
    }
    current = { unmount: typeof unmount === "function" ? unmount : null };
    window.warden.app.mounted = true;
  } catch (error) {
    console.error(error);
    window.warden.app.errors.push(String(error));
    const box = document.createElement("div");
    box.className = "message error";
    box.textContent = `This page failed to load: ${error.message || error}`;
    view.append(box);
  }
}

function interceptLinks(event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest("a[href]");
  if (!link || link.target || link.hasAttribute("download") || link.dataset.external !== undefined) return;
  const url = new URL(link.href, window.location.href);
  if (url.origin !== window.location.origin) return;
  const first = url.pathname.split("/").filter(Boolean)[0] || "";
  if (!ROUTES.some((r) => r.prefix === first)) return; // API links and raw endpoints load normally
  event.preventDefault();
  navigate(url.href);
}

function setupTheme() {
  const button = document.getElementById("theme-toggle");
  const apply = (theme) => {
    document.documentElement.dataset.theme = theme;
    button.textContent = theme === "dark" ? "Light theme" : "Dark theme";
    window.dispatchEvent(new CustomEvent("warden-theme", { detail: theme }));
  };
  apply(document.documentElement.dataset.theme || "light");
  button.addEventListener("click", () => {
    const next = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
    try { localStorage.setItem("warden.theme", next); } catch (e) { /* private mode: keep it for this page */ }
    apply(next);
  });
}

/** Module preload hints for the page this load opens (only the first page: later ones are
 *  opened from a page already running, with its shared modules loaded). */
function preloadInitialPage() {
  const { route, segments } = routeFor(window.location.pathname);
  const hints = [route?.module, ...(segments.length > 1 ? route?.preloadWithSegment || [] : [])].filter(Boolean);
  for (const path of hints) {
    const link = document.createElement("link");
    link.rel = "modulepreload";
    link.href = new URL(path, import.meta.url).href;
    document.head.append(link);
  }
}

preloadInitialPage();
document.addEventListener("click", interceptLinks);
window.addEventListener("popstate", render);
setupTheme();
render();
