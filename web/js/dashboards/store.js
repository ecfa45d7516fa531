// The only module that talks to the dashboards API (/api/v1/dashboards, owned by the server's
// Dashboards routes). Every other dashboards module goes through these functions, so the wire
// format and its error handling live in one place.
import { get, sendJSON, del } from "../api.js";

const BASE = "/api/v1/dashboards";
const path = (uid) => `${BASE}/${encodeURIComponent(uid)}`;

/** Summaries: [{uid, title, tags, version, updated, panelCount}]. */
export async function listDashboards() {
  const list = await get(BASE);
  return Array.isArray(list) ? list : [];
}

/** One dashboard document; throws APIError (status 404) when unknown. */
export function getDashboard(uid) {
  return get(path(uid));
}

/** Stores a new dashboard (uid optional); resolves to the stored document. */
export function createDashboard(dashboard) {
  return sendJSON("POST", BASE, dashboard);
}

/** Saves `dashboard` over its uid. Its `version` must be the stored one, else APIError 409. */
export function saveDashboard(dashboard) {
  return sendJSON("PUT", path(dashboard.uid), dashboard);
}

export function deleteDashboard(uid) {
  return del(path(uid));
}

/** Server-side copy: new uid, title "Copy of ...". */
export function duplicateDashboard(uid) {
  return sendJSON("POST", `${path(uid)}/duplicate`);
}

/** Imports a parsed document: our format or Grafana JSON (either the dashboard or its
 *  {"dashboard": ...} wrapper). Resolves to {dashboard, warnings}. */
export async function importDashboard(value, { dryRun = false } = {}) {
  const data = await sendJSON("POST", `${BASE}/import`, value, { params: dryRun ? { dryRun: "true" } : undefined });
  return { dashboard: data && data.dashboard, warnings: (data && Array.isArray(data.warnings) ? data.warnings : []) };
}

/** The export form of a dashboard: our JSON without server bookkeeping that import would ignore. */
export function exportJSON(dashboard) {
  const copy = structuredClone(dashboard);
  delete copy.created;
  delete copy.updated;
  return JSON.stringify(copy, null, 2);
}
