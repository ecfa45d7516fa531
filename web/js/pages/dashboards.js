// The dashboards page: /dashboards lists them, /dashboards/<uid> shows one (with ?edit=1 for the
// editor). The work is done by the modules under web/js/dashboards/; only the half that is needed
// is loaded, and a dashboard's document is requested while its modules are still loading, so the
// first panel appears sooner.
import { getDashboard } from "../dashboards/store.js";

export async function mount(container, context) {
  const mountStart = performance.now();
  const uid = context.segments[1];
  if (!uid) {
    const { mountList } = await import("../dashboards/list.js");
    return mountList(container, context);
  }
  const documentPromise = getDashboard(uid);
  documentPromise.catch(() => {}); // handled by the view; never an unhandled rejection here
  const { mountDashboard } = await import("../dashboards/view.js");
  return mountDashboard(container, context, uid, { documentPromise, mountStart });
}
