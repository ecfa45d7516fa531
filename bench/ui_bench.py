#!/usr/bin/env python3
"""Web UI benchmark for bench/ui-bench.sh, measured in headless Chromium (Debian's chromium and
chromedriver, driven by Selenium; nothing is downloaded).

Against a running `warden serve` at BASE it:
  1. loads HOURS (24) of node_exporter-like metrics for INSTANCES (4) hosts at 15 s resolution
     through remote_write (protobuf and snappy written here: literal-only snappy blocks are valid
     snappy, so no compression library is needed), job="node";
  2. creates a 12-panel dashboard over the last 24 h through POST /api/v1/dashboards;
  3. opens /dashboards/<uid> RUNS times in a fresh, cache-disabled tab and measures, from the
     navigation start: the first rendered panel and all 12 panels (the page's own
     window.warden.dashboard figures, and independently a watcher injected before the page's
     scripts that polls window.warden.charts every animation frame for charts with points drawn);
  4. opens /ui/chart-lab.html?points=1000000 and reads the frame times of drawing 1M points
     (window.warden.lab.frameMs);
  5. weighs every page: the bytes of all its resources (Resource Timing: decoded = uncompressed,
     transfer = on the wire), and the files under web/ summed on disk.
Prints a table and writes it as Markdown to OUT (if given).

Usage: ui_bench.py --base http://127.0.0.1:PORT --web-dir web [--runs 5] [--out results.md]
"""
import argparse
import json
import math
import os
import random
import statistics
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request

STEP_MS = 15_000
GOALS = {"first": 300.0, "all": 1000.0, "weight": 300 * 1024}


# ---------------------------------------------------------------- remote_write encoding

def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def field_bytes(number, payload):
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def encode_series(labels, timestamps, values):
    """prometheus.TimeSeries: labels (1), samples (2) of {double value = 1; int64 timestamp = 2}."""
    parts = [field_bytes(1, field_bytes(1, name.encode()) + field_bytes(2, value.encode())) for name, value in labels]
    for ts, v in zip(timestamps, values):
        sample = b"\x09" + struct.pack("<d", v) + b"\x10" + varint(ts)
        parts.append(field_bytes(2, sample))
    return b"".join(parts)


def snappy_literal(data):
    """A valid snappy block of literals only: the uncompressed length, then literal elements of at
    most 64 KiB (tag 0xF4 + 2-byte length - 1)."""
    out = bytearray(varint(len(data)))
    for start in range(0, len(data), 65536):
        chunk = data[start:start + 65536]
        n = len(chunk) - 1
        if n < 60:
            out.append(n << 2)
        else:
            out.append(61 << 2)
            out += struct.pack("<H", n)
        out += chunk
    return bytes(out)


def post(base, path, body, headers, method="POST"):
    request = urllib.request.Request(base + path, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


# ---------------------------------------------------------------- host-like series

def host_series(instance, rng):
    """(labels, kind, params) for one host: about 60 series, named as node_exporter names them."""
    base = [("job", "node"), ("instance", instance)]
    out = []
    rates = {"idle": 3.2, "iowait": 0.05, "irq": 0.01, "nice": 0.0, "softirq": 0.03, "steal": 0.0, "system": 0.25, "user": 0.45}
    for cpu in range(4):
        for mode, rate in rates.items():
            out.append(([("__name__", "node_cpu_seconds_total"), ("cpu", str(cpu)), ("mode", mode)], "counter", rate * rng.uniform(0.7, 1.3)))
    total = 16 * 2**30
    out.append(([("__name__", "node_memory_MemTotal_bytes")], "const", total))
    out.append(([("__name__", "node_memory_MemAvailable_bytes")], "walk", (total * 0.55, total * 0.01, total * 0.1, total * 0.9)))
    out.append(([("__name__", "node_memory_MemFree_bytes")], "walk", (total * 0.2, total * 0.005, total * 0.02, total * 0.5)))
    out.append(([("__name__", "node_memory_Cached_bytes")], "walk", (total * 0.3, total * 0.005, total * 0.05, total * 0.6)))
    out.append(([("__name__", "node_memory_Buffers_bytes")], "walk", (total * 0.02, total * 0.0005, 0, total * 0.05)))
    for load, level in (("node_load1", 1.2), ("node_load5", 1.0), ("node_load15", 0.9)):
        out.append(([("__name__", load)], "walk", (level, 0.08, 0, 8)))
    for device in ("sda", "nvme0n1"):
        for name, rate in (("node_disk_read_bytes_total", 40_000), ("node_disk_written_bytes_total", 250_000),
                           ("node_disk_reads_completed_total", 5), ("node_disk_writes_completed_total", 30),
                           ("node_disk_io_time_seconds_total", 0.05)):
            out.append(([("__name__", name), ("device", device)], "counter", rate * rng.uniform(0.5, 1.5)))
    for device in ("eth0", "lo"):
        for name, rate in (("node_network_receive_bytes_total", 180_000), ("node_network_transmit_bytes_total", 95_000),
                           ("node_network_receive_packets_total", 200), ("node_network_transmit_packets_total", 150)):
            out.append(([("__name__", name), ("device", device)], "counter", rate * rng.uniform(0.5, 1.5)))
    for mount, size in (("/", 100 * 2**30), ("/var", 400 * 2**30)):
        labels = [("device", "/dev/sda1" if mount == "/" else "/dev/sdb1"), ("fstype", "ext4"), ("mountpoint", mount)]
        out.append(([("__name__", "node_filesystem_size_bytes")] + labels, "const", size))
        out.append(([("__name__", "node_filesystem_avail_bytes")] + labels, "walk", (size * 0.4, size * 0.0005, size * 0.05, size * 0.95)))
    out.append(([("__name__", "node_context_switches_total")], "counter", 4000 * rng.uniform(0.5, 1.5)))
    out.append(([("__name__", "node_intr_total")], "counter", 2500 * rng.uniform(0.5, 1.5)))
    out.append(([("__name__", "node_procs_running")], "walk", (3, 1, 1, 30)))
    out.append(([("__name__", "node_uname_info"), ("nodename", instance.split(":")[0]), ("release", "6.1.0-28-amd64")], "const", 1))
    return [(sorted(labels + base), kind, params) for labels, kind, params in out]


def values_for(kind, params, count, rng):
    if kind == "const":
        return [float(params)] * count
    if kind == "counter":
        total, values = rng.uniform(1e5, 1e7), []
        for _ in range(count):
            total += params * 15 * max(0.0, rng.gauss(1, 0.3))
            values.append(total)
        return values
    start, sigma, low, high = params
    value, values = start, []
    for _ in range(count):
        value = min(high, max(low, value + rng.gauss(0, sigma)))
        values.append(value)
    return values


def load(base, instances, hours, end_ms):
    rng = random.Random(1)
    count = hours * 3600 * 1000 // STEP_MS
    timestamps = [end_ms - (count - 1 - i) * STEP_MS for i in range(count)]
    series = []
    for index in range(instances):
        for labels, kind, params in host_series(f"host{index + 1}:9100", rng):
            series.append((labels, values_for(kind, params, count, rng)))
    headers = {"Content-Type": "application/x-protobuf", "Content-Encoding": "snappy", "X-Prometheus-Remote-Write-Version": "0.1.0"}
    # Time slices in order, every series in each, so no sample is older than what a series holds.
    slice_points = 480  # 2 h
    started = time.time()
    samples = 0
    for first in range(0, count, slice_points):
        last = min(count, first + slice_points)
        body = b"".join(field_bytes(1, encode_series(labels, timestamps[first:last], values[first:last])) for labels, values in series)
        status, text = post(base, "/api/v1/write", snappy_literal(body), headers)
        if status != 204:
            sys.exit(f"remote_write answered {status}: {text[:300]!r}")
        samples += len(series) * (last - first)
    return len(series), samples, time.time() - started


# ---------------------------------------------------------------- the dashboard

def dashboard(uid):
    sel = '{job="node"}'
    panels = [
        ("CPU busy", "timeseries", f'100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{{job="node",mode="idle"}}[5m])))', "percent"),
        ("CPU by mode", "timeseries", 'sum by (mode) (rate(node_cpu_seconds_total{job="node",mode!="idle"}[5m]))', "short"),
        ("Load 1m", "timeseries", f"node_load1{sel}", "short"),
        ("Memory used", "timeseries", 'node_memory_MemTotal_bytes{job="node"} - node_memory_MemAvailable_bytes{job="node"}', "bytes"),
        ("Memory cached", "timeseries", f"node_memory_Cached_bytes{sel}", "bytes"),
        ("Disk read", "timeseries", f"sum by (instance) (rate(node_disk_read_bytes_total{sel}[5m]))", "Bps"),
        ("Disk written", "timeseries", f"sum by (instance) (rate(node_disk_written_bytes_total{sel}[5m]))", "Bps"),
        ("Network received", "timeseries", 'rate(node_network_receive_bytes_total{job="node",device!="lo"}[5m])', "Bps"),
        ("Network sent", "timeseries", 'rate(node_network_transmit_bytes_total{job="node",device!="lo"}[5m])', "Bps"),
        ("Filesystem used", "timeseries", '100 * (1 - node_filesystem_avail_bytes{job="node"} / node_filesystem_size_bytes{job="node"})', "percent"),
        ("Context switches", "timeseries", f"rate(node_context_switches_total{sel}[5m])", "ops"),
        ("Memory available", "gauge", 'avg(node_memory_MemAvailable_bytes{job="node"} / node_memory_MemTotal_bytes{job="node"}) * 100', "percent"),
    ]
    out = []
    for index, (title, kind, expr, unit) in enumerate(panels):
        out.append({
            "id": index + 1, "type": kind, "title": title, "description": "",
            "gridPos": {"x": (index % 3) * 8, "y": (index // 3) * 8, "w": 8, "h": 8},
            "targets": [{"refId": "A", "expr": expr, "legend": "{{instance}}", "language": "promql"}],
            "unit": unit, "thresholds": [{"value": None, "color": "#009E73"}, {"value": 80, "color": "#D55E00"}],
            "stack": kind == "timeseries" and title == "CPU by mode", "fill": "line",
        })
    return {"uid": uid, "title": "UI benchmark: 12 host panels", "description": "bench/ui-bench.sh", "tags": ["bench"],
            "time": {"from": "now-24h", "to": "now"}, "refresh": "", "variables": [], "panels": out}


def create_dashboard(base, uid):
    body = json.dumps(dashboard(uid)).encode()
    status, text = post(base, "/api/v1/dashboards", body, {"Content-Type": "application/json"})
    if status == 409:  # already there from an earlier run against the same data directory
        return
    if status != 201:
        sys.exit(f"POST /api/v1/dashboards answered {status}: {text[:300]!r} (is the dashboards API merged?)")


# ---------------------------------------------------------------- the browser

# Runs before any page script: records when charts first have points drawn, from
# window.warden.charts (each chart's state.drawnPoints), every animation frame.
WATCHER = r"""
(() => {
  const seen = { firstChartMs: null, allChartsMs: null, maxCharts: 0 };
  window.__uiBench = seen;
  function drawn(chart) {
    try {
      const s = chart.state || {};
      return (s.drawnPoints || 0) > 0 || ((s.type === "stat" || s.type === "gauge" || s.type === "bargauge") && (s.seriesCount || 0) > 0);
    }
    catch (e) { return false; }
  }
  function frame() {
    const charts = window.warden && window.warden.charts;
    if (charts && charts.size) {
      let ready = 0;
      for (const chart of charts) if (drawn(chart)) ready++;
      const now = performance.now();
      if (ready > 0 && seen.firstChartMs === null) seen.firstChartMs = now;
      seen.maxCharts = Math.max(seen.maxCharts, ready);
      if (ready >= (window.__uiBenchExpect || 12) && seen.allChartsMs === null) seen.allChartsMs = now;
    }
    if (seen.allChartsMs === null) requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
})();
"""

WEIGH = r"""
const entries = performance.getEntriesByType("resource");
const nav = performance.getEntriesByType("navigation")[0];
// Assets (the page, scripts, styles, images) apart from data (API answers the page fetched).
let decoded = nav ? nav.decodedBodySize : 0, transfer = nav ? nav.transferSize : 0, count = 1;
let dataDecoded = 0, dataCount = 0;
const files = [];
for (const e of entries) {
  const path = new URL(e.name).pathname;
  files.push([path, e.decodedBodySize, e.initiatorType]);
  if (path.startsWith("/api/") || path.startsWith("/loki/")) { dataDecoded += e.decodedBodySize; dataCount++; continue; }
  decoded += e.decodedBodySize; transfer += e.transferSize; count++;
}
const fcp = performance.getEntriesByName("first-contentful-paint")[0];
return { decoded, transfer, count, dataDecoded, dataCount, files, fcp: fcp ? fcp.startTime : null,
         load: nav ? nav.loadEventEnd : null };
"""


def make_driver(width, height):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 f"--window-size={width},{height}", "--disable-extensions", "--no-first-run"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")), options=options)
    # The outer window is not the viewport (PEERS.md): pin the viewport itself.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCHER})
    return driver


def wait_for(driver, script, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.05)
    return None


def console_errors(driver):
    try:
        return [entry["message"] for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]
    except Exception:
        return []


def measure_dashboard(driver, base, uid, runs):
    results = []
    for run in range(runs):
        driver.get("about:blank")
        driver.get(f"{base}/dashboards/{uid}")
        done = wait_for(driver, """
          const d = window.warden && window.warden.dashboard;
          const w = window.__uiBench;
          if (d && d.allPanelsMs != null) return true;
          return w && w.allChartsMs != null;""", 30)
        time.sleep(0.2)
        page = driver.execute_script("return (window.warden && window.warden.dashboard) || null;") or {}
        watched = driver.execute_script("return window.__uiBench || {};")
        results.append({
            "done": bool(done),
            "pageFirst": page.get("firstPanelMs"), "pageAll": page.get("allPanelsMs"),
            "panelsRendered": page.get("panelsRendered"), "panelCount": page.get("panelCount"),
            "watchFirst": watched.get("firstChartMs"), "watchAll": watched.get("allChartsMs"),
            "charts": watched.get("maxCharts"),
        })
    return results


def measure_lab(driver, base, points):
    driver.get(f"{base}/ui/chart-lab.html?points={points}")
    lab = wait_for(driver, "const l = window.warden && window.warden.lab; return l && l.frameMs && l.frameMs.length ? l : null;", 120)
    return lab


def weigh(driver, base, paths):
    out = {}
    for path in paths:
        driver.get("about:blank")
        driver.get(base + path)
        time.sleep(1.5)  # let modules, styles and fonts load; data requests are counted too
        out[path] = driver.execute_script(WEIGH)
        out[path]["errors"] = console_errors(driver)
    return out


def web_dir_bytes(web_dir):
    by_kind, total = {}, 0
    for root, _, names in os.walk(web_dir):
        for name in names:
            size = os.path.getsize(os.path.join(root, name))
            kind = os.path.splitext(name)[1].lstrip(".") or "other"
            by_kind[kind] = by_kind.get(kind, 0) + size
            total += size
    return total, by_kind


# ---------------------------------------------------------------- report

def fmt_ms(value):
    return "-" if value is None else f"{value:.0f} ms"


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--web-dir", default="web")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--instances", type=int, default=4)
    parser.add_argument("--hours", type=int, default=24)
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--out")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    lines = []

    def say(text=""):
        print(text, flush=True)
        lines.append(text)

    if not args.skip_load:
        end_ms = int(time.time() * 1000) // STEP_MS * STEP_MS
        series, samples, seconds = load(base, args.instances, args.hours, end_ms)
        print(f"loaded {series} series, {samples:,} samples ({args.hours} h at 15 s, {args.instances} hosts) "
              f"through remote_write in {seconds:.1f} s", flush=True)
    uid = "ui-bench"
    create_dashboard(base, uid)

    driver = make_driver(args.width, args.height)
    try:
        driver.execute_script("return 1")
        dash = measure_dashboard(driver, base, uid, args.runs)
        lab = measure_lab(driver, base, args.points)
        pages = weigh(driver, base, ["/", "/explore", "/dashboards", f"/dashboards/{uid}", "/logs", "/alerts", "/status"])
        version = driver.capabilities.get("browserVersion", "?")
    finally:
        driver.quit()

    web_total, web_kinds = web_dir_bytes(args.web_dir)
    say(f"Chromium {version} headless, viewport {args.width}x{args.height}, {os.cpu_count()} cores, "
        f"load {open('/proc/loadavg').read().split()[0]}")
    say()
    say("| measure | median | runs | goal |")
    say("| --- | --- | --- | --- |")
    page_first = [r["pageFirst"] for r in dash]
    page_all = [r["pageAll"] for r in dash]
    watch_first = [r["watchFirst"] for r in dash]
    watch_all = [r["watchAll"] for r in dash]
    goal = lambda value, limit: "-" if value is None else ("met" if value < limit else "missed")
    say(f"| first panel drawn (page's own figure) | {fmt_ms(median(page_first))} | {', '.join(fmt_ms(v) for v in page_first)} | < 300 ms: {goal(median(page_first), GOALS['first'])} |")
    say(f"| all 12 panels drawn (page's own figure) | {fmt_ms(median(page_all))} | {', '.join(fmt_ms(v) for v in page_all)} | < 1 s: {goal(median(page_all), GOALS['all'])} |")
    say(f"| first chart with points (watcher, from navigation start) | {fmt_ms(median(watch_first))} | {', '.join(fmt_ms(v) for v in watch_first)} | < 300 ms: {goal(median(watch_first), GOALS['first'])} |")
    say(f"| all 12 charts with points (watcher) | {fmt_ms(median(watch_all))} | {', '.join(fmt_ms(v) for v in watch_all)} | < 1 s: {goal(median(watch_all), GOALS['all'])} |")
    if lab:
        frames = lab.get("frameMs") or []
        say(f"| frame time, {args.points:,} points (chart lab) | {median(frames):.1f} ms | {', '.join(f'{v:.1f}' for v in frames[:10])} | |")
    else:
        say(f"| frame time, {args.points:,} points (chart lab) | - | chart-lab.html did not report window.warden.lab.frameMs | |")
    say()
    say("| page | assets | assets uncompressed | assets transferred | API data fetched | first contentful paint | console errors |")
    say("| --- | --- | --- | --- | --- | --- | --- |")
    for path, info in pages.items():
        say(f"| {path} | {info['count']} | {info['decoded'] / 1024:.1f} KiB | {info['transfer'] / 1024:.1f} KiB | "
            f"{info['dataDecoded'] / 1024:.1f} KiB in {info['dataCount']} | {fmt_ms(info['fcp'])} | {len(info['errors'])} |")
    heaviest = max(pages.values(), key=lambda info: info["decoded"])
    say()
    say(f"Files under web/: {web_total / 1024:.1f} KiB in all (" + ", ".join(f"{k} {v / 1024:.1f} KiB" for k, v in sorted(web_kinds.items())) +
        f"); the heaviest page loads {heaviest['decoded'] / 1024:.1f} KiB uncompressed "
        f"(goal < 300 KB: {'met' if heaviest['decoded'] < GOALS['weight'] else 'missed'}).")
    incomplete = [r for r in dash if not r["done"]]
    if incomplete:
        say(f"Note: {len(incomplete)} of {len(dash)} dashboard loads did not finish drawing within 30 s: {incomplete}")
    for path, info in pages.items():
        for error in info["errors"]:
            say(f"console error on {path}: {error}")
    grafana = subprocess.run(["apt-cache", "policy", "grafana"], capture_output=True, text=True).stdout.strip()
    if "Candidate:" not in grafana or "Candidate: (none)" in grafana:
        say()
        say("Grafana: not installable from this machine's Debian repositories (`apt-cache policy grafana` has no "
            "candidate) and nothing is downloaded from elsewhere, so no Grafana comparison was made.")
    if args.out:
        with open(args.out, "w") as handle:
            handle.write("\n".join(lines) + "\n")
        detail = {"dashboard": dash, "lab": lab, "pages": pages}
        with open(os.path.splitext(args.out)[0] + ".json", "w") as handle:
            json.dump(detail, handle, indent=1)


if __name__ == "__main__":
    main()
