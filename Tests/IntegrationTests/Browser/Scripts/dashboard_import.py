"""A Grafana dashboard JSON (node_exporter style: rows, one collapsed with a nested panel,
template variables, stat/gauge/bargauge/timeseries/graph/table/text panels and an unsupported
piechart) imports through the UI: the warning names the piechart, the rest imports and opens with
its variables and panels. JSON that does not parse is reported clearly, and nothing is sent."""
import json
import os

from wardenbrowser import run

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "grafana-node-exporter.json")


def paste(s, text):
    # Setting the value directly: typing 10 kB through WebDriver is slow and the text is the point.
    s.js("const t = document.querySelector('[data-testid=import-text]'); t.value = arguments[0]; t.dispatchEvent(new Event('input'))", text)


def scenario(s):
    with open(FIXTURE, encoding="utf-8") as f:
        grafana = f.read()
    s.open("/dashboards")
    s.find("[data-testid=import-button]").click()
    s.wait_for("[data-testid=import-dialog]")
    # Broken JSON first: a clear error, and the dialog stays open.
    paste(s, '{"title": "broken", "panels": [ }')
    s.find("[data-testid=import-submit]").click()
    error = s.wait_for("[data-testid=import-error]").text
    s.check("JSON that does not parse is reported", "not valid JSON" in error and "line 1" in error, error)
    s.screenshot("dashboard-import-bad-json")
    # The Grafana dashboard, through the file picker.
    s.find("[data-testid=import-file]").send_keys(FIXTURE)
    loaded = s.wait_js("const n = document.querySelector('[data-testid=import-text]').value.length; return n > 100 && n",
                       what="the picked file to load")
    s.check("the picked file fills the text area", loaded == len(grafana), f"{loaded} of {len(grafana)}")
    # Check first (a dry run): the warnings show and nothing is stored.
    s.find("[data-testid=import-check]").click()
    checked = s.wait_for("[data-testid=import-checked]", timeout=15).text
    early = s.find("[data-testid=import-warnings]").text if s.find_all("[data-testid=import-warnings]") else ""
    s.check("Check converts without storing and names the piechart", "Nothing is stored" in checked and "piechart" in early, checked + " | " + early)
    listed = s.js("return fetch('/api/v1/dashboards').then(r => r.json()).then(j => j.data.map(d => d.title))")
    s.check("the dry run stored nothing", "Node Exporter Full (test)" not in listed, listed)
    s.find("[data-testid=import-submit]").click()
    s.wait_for("[data-testid=import-done]", timeout=15)
    warnings = s.find("[data-testid=import-warnings]").text if s.find_all("[data-testid=import-warnings]") else ""
    s.check("the import warns about the piechart by name", "piechart" in warnings and "CPU time by mode" in warnings, warnings)
    s.screenshot("dashboard-import-warnings")
    s.find("[data-testid=import-done] a").click()
    s.wait_js("return window.warden.dashboard && window.warden.dashboard.panelCount > 0 && window.warden.dashboard.panelsRendered === window.warden.dashboard.panelCount",
              timeout=20, what="the imported dashboard's panels to render")
    uid = s.js("return window.warden.dashboard.uid")
    title = s.find("[data-testid=dashboard-title]").text
    s.check("the imported dashboard keeps its title", title == "Node Exporter Full (test)", title)
    types = s.js("return [...document.querySelectorAll('[data-testid=dashboard-grid] > [data-testid=panel]')].map(p => p.dataset.type)")
    for kind in ("stat", "gauge", "bargauge", "timeseries", "text"):
        s.check(f"a {kind} panel was imported", kind in types, types)
    s.check("the old graph panel became a time series", types.count("timeseries") >= 2, types)
    s.check("the piechart was skipped", "piechart" not in types, types)
    rows = s.js("return [...document.querySelectorAll('[data-testid=row]')].map(r => r.textContent)")
    s.check("the three rows were imported", len(rows) == 3, rows)
    # The collapsed row hides its table until expanded.
    s.check("the collapsed row hides its table", "table" not in types, types)
    s.js("[...document.querySelectorAll('[data-testid=row]')].find(r => r.textContent.includes('Storage')).querySelector('[data-testid=row-toggle]').click()")
    s.wait_for("[data-testid=panel][data-type=table]")
    s.check("expanding the row shows the table panel", True)
    variables = s.js("return [...document.querySelectorAll('[data-testid=variables-bar] .dash-var')].map(v => v.dataset.variable)")
    s.check("the job and node variables are shown", "job" in variables and "node" in variables, variables)
    node = s.wait_js("const o = document.querySelector('#var-node'); return o && o.value", timeout=10, what="the node variable to get a value")
    s.check("the chained node variable resolved from label_values", bool(node), node)
    s.screenshot("dashboard-imported")
    stored = s.js("return fetch('/api/v1/dashboards/' + arguments[0]).then(r => r.json())", uid)
    s.check("the server has the imported dashboard", stored.get("status") == "success", json.dumps(stored)[:300])
    s.js("return fetch('/api/v1/dashboards/' + arguments[0], {method: 'DELETE'}).then(r => r.status)", uid)


run(scenario)
