"""The Metrics explorer: the page loads without console errors, typing a metric prefix offers a
completion that is a real metric name, running a query draws its series (the renderer's state and
the canvas pixels), the table view lists the instant result, several queries share one chart, and
the URL carries the whole view (a reload keeps the queries and draws them again)."""
import json
from urllib.parse import parse_qs, urlparse

from wardenbrowser import run, Keys

CHART_POINTS = "return [...(window.warden.charts || [])].some(c => c.state.pointCount > 0)"


def scenario(s, options):
    metric = options.get("metric", "node_load1")
    prefix = options.get("prefix", metric[: max(3, len(metric) - 2)])
    # Wait until the metric exists (the host collector's first round, or the test's push).
    s.open("/explore")
    s.wait_js("return fetch('/api/v1/label/__name__/values').then(r => r.json())"
              f".then(b => b.data.includes({json.dumps(metric)}))", timeout=40, what=f"{metric} to exist")
    s.check("the explorer mounts without a page error", not s.js("return window.warden.app.errors.length"))
    s.check("the editor is on the page", len(s.find_all("[data-testid=query-editor] [data-testid=query-input]")) == 1)

    # Completion: a prefix offers real metric names.
    names = s.js("return fetch('/api/v1/label/__name__/values').then(r => r.json()).then(b => b.data)")
    box = s.find("[data-testid=query-input]")
    box.click()
    box.send_keys(prefix)
    s.wait_for("[data-testid=completions] li")
    offered = s.js("return [...document.querySelectorAll('[data-testid=completions] li')].map(li => li.dataset.value)")
    s.check("typing a metric prefix offers completions", len(offered) > 0, offered[:10])
    s.check("every metric offered for the prefix is a real metric name",
            all(o in names for o in offered if o.startswith(prefix)) and metric in offered, offered[:10])
    s.screenshot("explore-completion")
    # Walk the list to the metric and accept it with Tab.
    index = offered.index(metric)
    for _ in range(index):
        box.send_keys(Keys.ARROW_DOWN)
    box.send_keys(Keys.TAB)
    s.check("Tab accepts the completion", s.js("return document.querySelector('[data-testid=query-input]').value") == metric,
            s.js("return document.querySelector('[data-testid=query-input]').value"))
    s.check("the list closes after accepting", s.js("return document.querySelector('[data-testid=completions]').hidden"))
    s.check("the metric name is highlighted as a metric",
            s.js("return [...document.querySelectorAll('.qe-highlight .tk-metric')].map(e => e.textContent)") == [metric])

    # Enter runs the query; the chart draws it.
    box.send_keys(Keys.ENTER)
    s.wait_js(CHART_POINTS, timeout=15, what="the chart to have points")
    s.check("the chart's state has the series", s.js("return [...window.warden.charts][0].state.seriesCount") >= 1)
    s.check("the canvas has pixels drawn", s.canvas_ink("[data-testid=graph] canvas") > 50, s.canvas_ink("[data-testid=graph] canvas"))
    stats = s.find("[data-testid=result-stats]").text
    s.check("the stats name the series count and query time", "series" in stats and "ms" in stats, stats)
    s.screenshot("explore-graph-light")

    # The URL carries the view; a reload keeps it.
    query = parse_qs(urlparse(s.js("return location.href")).query)
    s.check("the URL has the query, range and tab", query.get("q") == [metric] and query.get("from") == ["now-1h"]
            and query.get("tab") == ["graph"], query)
    s.driver.refresh()
    s.wait_js("return window.warden.app.mounted")
    s.check("a reload keeps the query", s.js("return document.querySelector('[data-testid=query-input]').value") == metric)
    s.wait_js(CHART_POINTS, timeout=15, what="the chart to draw after a reload")
    s.check("a reload draws the query again", s.canvas_ink("[data-testid=graph] canvas") > 50)

    # A second query row shares the chart.
    before = s.js("return [...window.warden.charts][0].state.seriesCount")
    s.find("[data-testid=add-query]").click()
    second = s.find_all("[data-testid=query-input]")[1]
    second.send_keys(f"{metric} * 2", Keys.ENTER)
    s.wait_js(f"return [...window.warden.charts][0].state.seriesCount > {before}", timeout=15, what="the second query's series")
    query = parse_qs(urlparse(s.js("return location.href")).query)
    s.check("the URL lists both queries", query.get("q") == [metric, f"{metric} * 2"], query.get("q"))

    # Time range: a preset changes the URL and the chart's range.
    s.find("[data-testid=time-range]").click()
    s.wait_for(".trp-panel button[data-range='15m']").click()
    s.wait_js("return location.search.includes('from=now-15m')", what="the range in the URL")
    s.check("the range button names the preset", s.find("[data-testid=time-range]").text == "Last 15 minutes")

    # Table view: the instant result with labels and value.
    s.find("[data-testid=tab-table]").click()
    s.wait_for("[data-testid=table] table tbody tr")
    rows = s.js("return document.querySelectorAll('[data-testid=table] tbody tr').length")
    s.check("the table lists the instant result", rows >= 2, rows)
    s.check("the URL remembers the table tab", "tab=table" in s.js("return location.search"))
    s.find("[data-testid=sort-value]").click()
    values = s.js("return [...document.querySelectorAll('[data-testid=table] td.value')].map(td => parseFloat(td.textContent))")
    s.check("the Value header sorts the rows, largest first", values == sorted(values, reverse=True) and len(values) >= 2, values)
    s.screenshot("explore-table")
    s.set_theme("dark")
    s.find("[data-testid=tab-graph]").click()
    s.wait_js(CHART_POINTS, timeout=15)

    # Click-drag on the chart zooms: the range becomes absolute in the URL and the picker.
    from selenium.webdriver.common.action_chains import ActionChains
    canvas = s.find("[data-testid=graph] canvas")
    width = canvas.size["width"]
    ActionChains(s.driver).move_to_element_with_offset(canvas, int(width * 0.1), 0).click_and_hold() \
        .move_by_offset(int(width * 0.3), 0).release().perform()
    s.wait_js("return /[?&]from=\\d+/.test(location.search) && /[?&]to=\\d+/.test(location.search)", what="the zoomed range in the URL")
    s.check("dragging on the chart zooms to an absolute range", " to " in s.find("[data-testid=time-range]").text,
            s.find("[data-testid=time-range]").text)
    s.find("[data-testid=time-range]").click()
    s.wait_for(".trp-panel button[data-range='15m']").click()
    s.wait_js(CHART_POINTS, timeout=15, what="the chart back on the last 15 minutes")

    # A typed step goes into the URL and the query.
    step = s.find("[data-testid=step]")
    step.send_keys("1m", Keys.ENTER)
    s.wait_js("return location.search.includes('step=1m') && document.querySelector('[data-testid=result-stats]').textContent.includes('step 1m')",
              what="the typed step to be used")
    s.check("a typed step is used and kept in the URL", True)
    step.send_keys(Keys.BACKSPACE, Keys.BACKSPACE, Keys.ENTER)
    s.wait_js("return !location.search.includes('step=')", what="the step to go back to auto")

    # Auto-refresh re-runs the queries by itself.
    runs = s.js("return window.warden.explore.runs")
    from selenium.webdriver.support.ui import Select
    Select(s.find("[data-testid=refresh]")).select_by_value("5s")
    s.check("auto-refresh is kept in the URL", "refresh=5s" in s.js("return location.search"))
    s.wait_js(f"return window.warden.explore.runs > {runs}", timeout=12, what="auto-refresh to run the query again")
    s.check("auto-refresh runs the queries again", True)
    Select(s.find("[data-testid=refresh]")).select_by_value("")

    # An absolute range typed into the picker.
    end = int(s.js("return Date.now() / 1000"))
    s.find("[data-testid=time-range]").click()
    frm, to = s.wait_for("[data-testid=time-from]"), s.find("[data-testid=time-to]")
    frm.clear(); frm.send_keys(str(end - 1200))
    to.clear(); to.send_keys(str(end), Keys.ENTER)
    s.wait_js(f"return location.search.includes('from={end - 1200}') && location.search.includes('to={end}')", what="the absolute range in the URL")
    s.check("an absolute range names both ends", " to " in s.find("[data-testid=time-range]").text, s.find("[data-testid=time-range]").text)
    s.wait_js(CHART_POINTS, timeout=15, what="the chart over the absolute range")
    s.find("[data-testid=time-range]").click()
    s.wait_for(".trp-panel")
    s.js("document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}))")
    s.check("Escape closes the picker and returns focus to its button",
            s.js("return document.querySelector('.trp-panel').hidden && document.activeElement.dataset.testid === 'time-range'"))
    s.screenshot("explore-graph-dark")
    s.check("no page errors at the end", not s.js("return window.warden.app.errors.length"), s.js("return window.warden.app.errors"))


run(scenario)
