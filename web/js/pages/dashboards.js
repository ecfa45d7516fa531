// The dashboards page (being built; see web/js/app.js for the page contract).
import { el } from "../util.js";

export function mount(container) {
  container.append(el("h1", {}, "Dashboards"), el("p", { class: "muted" }, "This page is being built."));
}
