"""Live mode: a dashboard with a time series of a pushed metric is opened, live mode is switched
on (one EventSource on /api/v1/live/query_range), new samples are pushed to /metrics/job/<job>
in the Prometheus text format, and the panel updates by itself: liveUpdates grows and the chart
gains the new series, without reloading the page. The page says which mode is active.
The server must store pushed groups quickly (the Swift test sets global.scrape_interval: 2s)."""
import json
import time
import urllib.request

from wardenbrowser import run

JOB = f"dashui_live_{int(time.time())}"


def push(s, text):
    request = urllib.request.Request(f"{s.base}/metrics/job/{JOB}", data=text.encode(), method="POST",
                                     headers={"Content-Type": "text/plain; version=0.0.4"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def scenario(s):
    status = push(s, 'dashui_live_value{kind="first"} 1\n')
    s.check("the first push is accepted", status in (200, 202), status)
    s.open("/dashboards")
    dashboard = {
        "title": f"Live test {int(time.time())}", "tags": ["test"], "time": {"from": "now-5m", "to": "now"}, "refresh": "",
        "variables": [], "panels": [
            {"id": 1, "type": "timeseries", "title": "Pushed values", "gridPos": {"x": 0, "y": 0, "w": 16, "h": 9},
             "targets": [{"refId": "A", "expr": 'dashui_live_value{job="%s"}' % JOB, "legend": "{{kind}}"}], "unit": "short"},
            {"id": 2, "type": "stat", "title": "Series", "gridPos": {"x": 16, "y": 0, "w": 8, "h": 9},
             "targets": [{"refId": "A", "expr": 'count(dashui_live_value{job="%s"})' % JOB}]},
        ]}
    stored = s.js("""return fetch('/api/v1/dashboards', {method: 'POST', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify(arguments[0])}).then(r => r.json())""", dashboard)
    s.check("the test dashboard is created through the API", stored.get("status") == "success", json.dumps(stored)[:300])
    uid = stored["data"]["uid"]
    # Wait until the first sample is stored, so the panel starts with one series.
    query = json.dumps('dashui_live_value{job="%s"}' % JOB)
    s.wait_js(f"return fetch('/api/v1/query?query=' + encodeURIComponent({query})).then(r => r.json()).then(j => j.data.result.length > 0)",
              timeout=20, what="the first pushed sample to be stored")
    s.open(f"/dashboards/{uid}")
    s.wait_js("const d = window.warden.dashboard; return d && d.panelCount === 2 && d.panelsRendered === 2", timeout=20)
    series = lambda: s.js("return [...window.warden.charts].filter(c => c.state.type === 'timeseries').map(c => c.state.seriesCount)[0]")
    s.check("before live mode the panel shows one series", series() == 1, series())
    s.js("window.__notReloaded = true")
    s.find("[data-testid=live-toggle]").click()
    mode = s.wait_js("const d = window.warden.dashboard; return d.live && (d.mode === 'sse' || d.mode === 'poll') && d.mode", timeout=15,
                     what="live mode to connect")
    s.check("live mode streams over server-sent events", mode == "sse", mode)
    badge = s.find("[data-testid=live-mode]").text
    s.check("the page says which live mode is active", "Live" in badge and ("server-sent events" in badge or "polling" in badge), badge)
    s.check("the URL remembers live mode", "live=1" in s.js("return location.search"))
    s.wait_js("return window.warden.dashboard.liveUpdates >= 1", timeout=20, what="a first live update")
    before = s.js("return window.warden.dashboard.liveUpdates")
    push(s, 'dashui_live_value{kind="first"} 5\ndashui_live_value{kind="second"} 9\n')
    s.wait_js("return [...window.warden.charts].some(c => c.state.type === 'timeseries' && c.state.seriesCount === 2)", timeout=30,
              what="the pushed second series to appear in the panel")
    after = s.js("return window.warden.dashboard.liveUpdates")
    s.check("the panel updated by itself with the pushed series", series() == 2, series())
    s.check("the updates came from live mode", after > before, f"{before} -> {after}")
    s.check("the page was not reloaded", s.js("return window.__notReloaded === true"))
    streams = s.js("const d = window.warden.dashboard; return [d.liveStreams, d.liveQueries]")
    s.check("one live stream carries both panel queries", streams == [1, 2], streams)
    s.screenshot("dashboard-live")
    s.find("[data-testid=live-toggle]").click()
    s.wait_js("return window.warden.dashboard.live === false", what="live mode to switch off")
    s.check("live mode switches off", s.find("[data-testid=live-toggle]").get_attribute("aria-pressed") == "false")
    s.js("return fetch('/api/v1/dashboards/' + arguments[0], {method: 'DELETE'}).then(r => r.status)", uid)


run(scenario)
