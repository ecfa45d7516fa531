// window.warden.dashboard: what the UI benchmark and the browser tests read about the open
// dashboard. Times are performance.now() milliseconds from the navigation that showed the
// dashboard: the document's navigation start on a full page load, or the moment the page began
// mounting when the app navigated to it without reloading.
let firstMount = true;

/** Where timing starts: 0 (navigation start) when this document was loaded at this dashboard's
 *  URL, else `mountStart`, when the app moved here from another page without reloading. */
function timeOrigin(mountStart) {
  const entry = performance.getEntriesByType("navigation")[0];
  const loadedHere = firstMount && entry && new URL(entry.name).pathname === window.location.pathname;
  firstMount = false;
  return loadedHere ? 0 : mountStart;
}

export class DashboardStats {
  constructor(uid, mountStart = performance.now()) {
    this.origin = timeOrigin(mountStart);
    this.counted = new Set();
    this.state = { uid, panelCount: 0, panelsRendered: 0, firstPanelMs: null, allPanelsMs: null, live: false, liveUpdates: 0, mode: "static", liveStreams: 0, liveQueries: 0 };
    window.warden = window.warden || {};
    window.warden.dashboard = this.state;
  }

  /** Starts a count over `count` panels (after the dashboard loads or its layout changes). */
  expect(count) {
    this.state.panelCount = count;
    if (this.state.panelsRendered >= count && count > 0 && this.state.allPanelsMs === null) this.state.allPanelsMs = this.now();
  }

  now() { return Math.round((performance.now() - this.origin) * 10) / 10; }

  /** A panel drew for the first time (data, an error, "No data" or text). */
  rendered(panelId) {
    if (this.counted.has(panelId)) return;
    this.counted.add(panelId);
    const s = this.state;
    s.panelsRendered = this.counted.size;
    if (s.firstPanelMs === null) s.firstPanelMs = this.now();
    if (s.panelsRendered >= s.panelCount && s.allPanelsMs === null) s.allPanelsMs = this.now();
  }

  setLive(live, mode) {
    this.state.live = live;
    this.state.mode = mode;
  }

  liveUpdate() { this.state.liveUpdates++; }

  /** A live stream was opened carrying `queries` queries (one stream for the whole dashboard). */
  liveStream(queries) {
    this.state.liveStreams++;
    this.state.liveQueries = queries;
  }

  detach() {
    if (window.warden.dashboard === this.state) window.warden.dashboard = { ...this.state, detached: true };
  }
}
