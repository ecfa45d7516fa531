"""The chart renderer in the real headless Chromium, on the chart lab page (/ui/chart-lab.html,
generated data, no server data needed): every chart type draws (its exposed state and its canvas
pixels or DOM), hovering shows the crosshair tooltip with every series' value, the legend hides
and isolates series by mouse and keyboard, a drag zooms (onZoom) and a double-click resets, the
table sorts, both themes redraw, high-DPI canvases are sized in device pixels, and a million-point
series draws within the frame budget.
Options: budget_ms (median frame time allowed for 1M points, default 100: this machine is shared).
"""
import json

from selenium.webdriver.common.action_chains import ActionChains
from wardenbrowser import run, Keys

LAB = "/ui/chart-lab.html"
CANVAS_TYPES = ["timeseries", "stacked", "area", "bars", "heatmap", "gauge"]


EDGE_CASES = r"""
return (async () => {
const m = await import('/ui/js/chart/chart.js');
const host = document.createElement('div'); host.style.height = '200px'; host.style.width = '500px'; document.body.prepend(host);
const out = [];
const S = (name, t, v) => ({ name, labels: {}, times: Float64Array.from(t), values: Float64Array.from(v) });
for (const type of ['timeseries','bars','heatmap','stat','gauge','bargauge','table']) {
  const c = m.createChart(host, { type, unit: 'bytes', stack: type === 'bars', thresholds: [{value: null, color: 'green'}, {value: 10, color: 'red'}] });
  try {
    c.setData({ series: [S('one', [100], [5])], start: 50, end: 150, step: 10 }); out.push(type + ' one ' + c.state.drawnPoints);
    c.setData({ series: [S('nan', [100, 110, 120], [NaN, NaN, NaN])], start: 50, end: 150, step: 10 }); out.push(type + ' nan ' + c.state.drawnPoints);
    c.setData({ series: [S('neg', [100, 110, 120], [-5e9, 3e9, Infinity]), S('b', [100, 110, 120], [1, 2, 3])] }); out.push(type + ' neg ' + c.state.drawnPoints);
    c.setData({ series: [] }); out.push(type + ' empty ' + c.state.drawnPoints);
    c.setData(m.seriesFromVector([{metric: {__name__: 'up', job: 'x'}, value: [100, '1']}, {metric: {__name__: 'up', job: 'y'}, value: [100, '+Inf']}]));
    out.push(type + ' vector ' + c.state.drawnPoints);
  } catch (e) { out.push(type + ' ERROR ' + e.stack); }
  c.destroy();
}
host.remove();
return out.join('\n');
})();
"""


def state(s, chart):
    return s.js("const c = window.warden.chartLab.charts[arguments[0]];"
                "return JSON.parse(JSON.stringify(c.state));", chart)


def center(s, element):
    """Scrolls `element` to the middle of the viewport (the sticky top bar would cover the top)."""
    s.js("arguments[0].scrollIntoView({block: 'center'})", element)
    return element


def open_lab(s, query=""):
    s.open(LAB + query, wait_mounted=False)
    s.wait_js("return window.warden && window.warden.chartLab && window.warden.chartLab.ready", what="the chart lab")
    # ResizeObserver draws on the next frame; wait until every chart has drawn at its real size.
    s.wait_js("return Object.values(window.warden.chartLab.charts).every(c => c.state.draws > 0)",
              what="every lab chart to draw")


def scenario(s, options):
    budget = float(options.get("budget_ms", "100"))
    open_lab(s, "?theme=light")

    registered = s.js("return window.warden.charts instanceof Set ? window.warden.charts.size : -1")
    count = s.js("return Object.keys(window.warden.chartLab.charts).length")
    s.check("every lab chart is registered in window.warden.charts", registered == count, f"{registered} vs {count}")

    expected = {"timeseries": "timeseries", "stacked": "timeseries", "area": "timeseries", "bars": "bars",
                "heatmap": "heatmap", "stat": "stat", "stats": "stat", "gauge": "gauge",
                "bargauge": "bargauge", "table": "table"}
    for chart, kind in expected.items():
        st = state(s, chart)
        s.check(f"{chart}: state says {kind} with series and drawn points",
                st["type"] == kind and st["seriesCount"] > 0 and st["pointCount"] > 0 and st["drawnPoints"] > 0,
                json.dumps(st))
    for chart in CANVAS_TYPES:
        ink = s.canvas_ink(f"[data-testid=lab-{chart}] .wchart-canvas")
        s.check(f"{chart}: the canvas is not all background", ink > 100, f"{ink} inked samples")
    s.check("timeseries decimation draws fewer vertices than points, and some",
            0 < state(s, "timeseries")["drawnPoints"] <= state(s, "timeseries")["pointCount"])
    tiles = s.find_all("[data-testid=lab-stats] .wchart-stat-value")
    s.check("stat: one big value per series with its unit", len(tiles) == 3 and all("%" in t.text for t in tiles),
            [t.text for t in tiles])
    s.check("stat: the sparkline is drawn", s.canvas_ink("[data-testid=lab-stat] .wchart-stat-spark") > 20)
    bars = s.find_all("[data-testid=lab-bargauge] .wchart-bargauge-row")
    s.check("bargauge: one bar per series", len(bars) == 6, len(bars))
    rows = s.find_all("[data-testid=lab-table] tbody tr")
    s.check("table: one row per series", len(rows) == 9, len(rows))
    empty = s.find("[data-testid=lab-empty] .wchart-empty")
    s.check("an empty chart says No data", empty.is_displayed() and empty.text == "No data", empty.text)
    s.screenshot("chart-lab-light")

    # Hover: the crosshair tooltip lists every visible series at that time, sorted, with units.
    overlay = s.find("[data-testid=lab-timeseries] .wchart-overlay")
    ActionChains(s.driver).move_to_element_with_offset(overlay, 40, 0).perform()
    tooltip = s.wait_for("[data-testid=lab-timeseries] .wchart-tooltip")
    hover = state(s, "timeseries")["hover"]
    names = [r.text for r in s.find_all("[data-testid=lab-timeseries] .wchart-tooltip-name")]
    values = [r.text for r in s.find_all("[data-testid=lab-timeseries] .wchart-tooltip-value")]
    s.check("hover: the tooltip lists all three series", len(names) == 3 and hover and len(hover["values"]) == 3,
            f"{names} {hover}")
    s.check("hover: values are unit-formatted", all(v.endswith("%") for v in values), values)
    numbers = [v["value"] for v in hover["values"]] if hover else []
    s.check("hover: rows are sorted by value, largest first", numbers == sorted(numbers, reverse=True), numbers)
    s.check("hover: the crosshair is drawn on the overlay",
            s.canvas_ink("[data-testid=lab-timeseries] .wchart-overlay") > 0)
    s.screenshot("chart-lab-hover")
    ActionChains(s.driver).move_to_element_with_offset(s.find("h1, .lab-note"), 0, 0).perform()
    s.wait_js("return window.warden.chartLab.charts.timeseries.state.hover === null", what="hover to clear")

    # The same values from the keyboard: the plot is focusable, arrows move the crosshair.
    plot = s.find("[data-testid=lab-timeseries] .wchart-overlay")
    label = plot.get_attribute("aria-label") or ""
    s.check("the plot describes itself to screen readers", "3 series" in label, label)
    plot.send_keys(Keys.ARROW_LEFT)
    kh = state(s, "timeseries")["hover"]
    s.check("keyboard: an arrow key shows the values at the crosshair", kh and len(kh["values"]) == 3, kh)
    plot.send_keys(Keys.ARROW_LEFT)
    kh2 = state(s, "timeseries")["hover"]
    s.check("keyboard: the next arrow moves one sample back", kh and kh2 and kh2["time"] == kh["time"] - 15,
            f"{kh and kh['time']} -> {kh2 and kh2['time']}")
    plot.send_keys(Keys.ESCAPE)
    s.check("keyboard: Escape hides the tooltip", state(s, "timeseries")["hover"] is None)

    heat = s.find("[data-testid=lab-heatmap] .wchart-overlay")
    center(s, heat)
    ActionChains(s.driver).move_to_element_with_offset(heat, 0, 0).perform()
    s.wait_for("[data-testid=lab-heatmap] .wchart-tooltip")
    hh = state(s, "heatmap")["hover"]
    s.check("heatmap hover names one bucket and its count", hh and len(hh["values"]) == 1, hh)

    # Legend: click hides, shift-click isolates, Enter on a focused button toggles back.
    buttons = s.find_all("[data-testid=lab-timeseries] .wchart-legend-item")
    s.check("legend: one button per series", len(buttons) == 3, len(buttons))
    center(s, buttons[0])
    before = state(s, "timeseries")["drawnPoints"]
    buttons[0].click()
    st = state(s, "timeseries")
    first = buttons[0].get_attribute("data-series")
    s.check("legend click hides the series (state.hidden)", st["hidden"] == [first], st["hidden"])
    s.check("legend click: the button says it is off", buttons[0].get_attribute("aria-pressed") == "false")
    s.check("legend click: fewer vertices drawn", st["drawnPoints"] < before, f"{st['drawnPoints']} < {before}")
    ActionChains(s.driver).key_down(Keys.SHIFT).click(buttons[2]).key_up(Keys.SHIFT).perform()
    st = state(s, "timeseries")
    s.check("legend shift-click isolates the series", sorted(st["hidden"]) == sorted(
        b.get_attribute("data-series") for b in buttons[:2]), st["hidden"])
    ActionChains(s.driver).key_down(Keys.SHIFT).click(buttons[2]).key_up(Keys.SHIFT).perform()
    s.check("shift-click on the isolated series shows all again", state(s, "timeseries")["hidden"] == [])
    buttons[1].send_keys(Keys.ENTER)
    s.check("legend works from the keyboard (Enter)", state(s, "timeseries")["hidden"] == [buttons[1].get_attribute("data-series")])
    buttons[1].send_keys(Keys.SPACE)
    s.check("Space toggles it back", state(s, "timeseries")["hidden"] == [])

    # Drag to zoom calls onZoom with a time range inside the chart's; double-click resets.
    overlay = s.find("[data-testid=lab-timeseries] .wchart-overlay")
    center(s, overlay)
    (ActionChains(s.driver).move_to_element_with_offset(overlay, -120, 0).click_and_hold()
     .move_by_offset(60, 0).move_by_offset(60, 0).release().perform())
    zooms = s.js("return window.warden.chartLab.zooms")
    ok = len(zooms) == 1 and zooms[0] is not None and zooms[0][1] - zooms[0][0] > 60
    s.check("drag-zoom calls onZoom(start, end) in seconds", ok, zooms)
    if ok:
        s.check("the zoom range is about a third of the hour shown",
                400 < zooms[0][1] - zooms[0][0] < 1600, zooms[0][1] - zooms[0][0])
    ActionChains(s.driver).double_click(overlay).perform()
    zooms = s.js("return window.warden.chartLab.zooms")
    s.check("double-click resets through onZoom(null)", zooms and zooms[-1] is None, zooms)

    # Table: sorting by a header button, also from the keyboard.
    header = center(s, s.find("[data-testid=lab-table] th button[data-column=__value__]"))
    header.click()
    th = s.find("[data-testid=lab-table] th[aria-sort]:not([aria-sort=none])")
    s.check("table: clicking Value sorts ascending", th.get_attribute("aria-sort") == "ascending")
    cells = [c.text for c in s.find_all("[data-testid=lab-table] tbody td.num")]
    nums = [float(c.rstrip("%")) for c in cells]
    s.check("table: rows follow the sort", nums == sorted(nums), cells)
    s.find("[data-testid=lab-table] th button[data-column=instance]").send_keys(Keys.ENTER)
    inst = [r.find_elements("css selector", "td")[1].text for r in s.find_all("[data-testid=lab-table] tbody tr")]
    s.check("table: Enter on a header sorts by it", inst == sorted(inst), inst)

    # Awkward data never throws: one point, only NaN, negative and infinite values, no series, an
    # instant vector (a bare series array); each type says what it drew.
    edge = s.js(EDGE_CASES)
    s.check("every type takes awkward data without an error", edge and "ERROR" not in edge, edge)
    s.check("a single sample is drawn (as a dot on time series)", edge and "timeseries one 1" in edge, edge)
    s.check("instant vectors draw on every type", edge and all(f"{t} vector 0" not in edge for t in
            ["timeseries", "bars", "heatmap", "stat", "gauge", "bargauge", "table"]), edge)

    # Theme: charts redraw with the other theme's colours.
    draws = state(s, "timeseries")["draws"]
    s.set_theme("dark")
    s.check("switching theme redraws the charts", state(s, "timeseries")["draws"] > draws)
    s.check("the dark theme still draws every canvas chart",
            all(s.canvas_ink(f"[data-testid=lab-{c}] .wchart-canvas") > 100 for c in CANVAS_TYPES))
    s.screenshot("chart-lab-dark")
    s.set_theme("light")

    # High-DPI: a 2x screen gets canvases sized in device pixels.
    s.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                             {"width": 1280, "height": 800, "deviceScaleFactor": 2, "mobile": False})
    open_lab(s, "?theme=light")
    sizes = s.js("const c = document.querySelector('[data-testid=lab-timeseries] .wchart-canvas');"
                 "return [c.width, c.height, c.clientWidth, c.clientHeight, window.devicePixelRatio]")
    s.check("high-DPI: the canvas has devicePixelRatio x its CSS size",
            sizes[4] == 2 and sizes[0] == 2 * sizes[2] and sizes[1] == 2 * sizes[3], sizes)
    s.screenshot("chart-lab-2x")
    s.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                             {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})

    # A million points: decimated, drawn repeatedly, within the budget.
    open_lab(s, "?theme=light&points=1000000&frames=20")
    lab = s.wait_js("return window.warden.lab", timeout=60, what="the million-point frames")
    frames = sorted(lab["frameMs"])
    median = frames[len(frames) // 2]
    s.check("1M points: all frames timed", lab["points"] == 1000000 and len(frames) == 20, lab)
    s.check(f"1M points: median draw under {budget:g} ms", median < budget,
            f"median {median:.1f} ms, best {frames[0]:.1f} ms, worst {frames[-1]:.1f} ms")
    s.check("1M points: decimated to a few vertices per pixel column", 0 < lab["drawnPoints"] < 20000, lab["drawnPoints"])
    s.check("1M points: the canvas shows the series", s.canvas_ink("[data-testid=lab-million] .wchart-canvas") > 100)
    s.screenshot("chart-lab-million")


run(scenario)
