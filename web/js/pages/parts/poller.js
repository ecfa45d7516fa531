// Runs a refresh function now and then every `interval` ms while the page is visible: a hidden
// tab stops polling (no wasted queries) and catches up at once when it is shown again.
// Runs never overlap: a slow refresh delays the next one instead of piling up.

export function createPoller(fn, interval) {
  let timer = null;
  let running = false;
  let stopped = false;
  let last = 0;

  async function run() {
    if (stopped || running) return;
    running = true;
    clearTimeout(timer);
    try { await fn(); } catch (error) { console.warn("refresh failed", error); }
    running = false;
    last = Date.now();
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    if (stopped || document.visibilityState === "hidden") return;
    timer = setTimeout(run, Math.max(0, interval - (Date.now() - last)));
  }

  function onVisibility() {
    if (document.visibilityState === "hidden") clearTimeout(timer);
    else schedule();
  }

  document.addEventListener("visibilitychange", onVisibility);
  run();
  return {
    /** Refreshes now (e.g. after the user changed something). */
    refresh: run,
    stop() {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    },
  };
}
