// The dashboards page: /dashboards lists them, /dashboards/<uid> shows one (with ?edit=1 for the
// editor). The work is done by the modules under web/js/dashboards/.
import { mountList } from "../dashboards/list.js";
import { mountDashboard } from "../dashboards/view.js";

export function mount(container, context) {
  const uid = context.segments[1];
  if (!uid) return mountList(container, context);
  return mountDashboard(container, context, uid);
}
