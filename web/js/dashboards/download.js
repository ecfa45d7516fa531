// Saves a dashboard's JSON as a file in the browser (export), named after its title.
import { exportJSON } from "./store.js";
import { documentForSave } from "./document.js";

export function downloadDashboard(dashboard) {
  const blob = new Blob([exportJSON(documentForSave(dashboard)) + "\n"], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const name = (dashboard.title || dashboard.uid || "dashboard").replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "dashboard";
  const link = Object.assign(document.createElement("a"), { href: url, download: `${name}.json` });
  link.dataset.external = "";
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download synchronously; free the blob once it is done with.
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
