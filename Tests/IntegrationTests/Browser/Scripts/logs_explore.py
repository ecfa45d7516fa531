"""The Logs explorer against lines pushed through the real Loki push API: the page shows them with
the line filter's matches highlighted, the volume histogram by level draws, a line expands to its
labels and structured metadata, context lines come from the same stream, LogQL completion offers
stream labels, the URL round-trips, and live tail (Loki's WebSocket) receives a line pushed after
it started."""
import json
import time
import urllib.request
from urllib.parse import parse_qs, urlparse

from wardenbrowser import run, Keys


def push(base, job, entries):
    """entries: [(level, line, metadata or None, seconds ago)]"""
    now = time.time_ns()
    streams = {}
    for level, line, metadata, ago in entries:
        value = [str(now - int(ago * 1e9)), line] + ([metadata] if metadata else [])
        streams.setdefault(level, []).append(value)
    body = {"streams": [{"stream": {"job": job, "level": level}, "values": sorted(values)}
                        for level, values in streams.items()]}
    request = urllib.request.Request(base + "/loki/api/v1/push", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status in (200, 204), response.status


def scenario(s, options):
    job = options.get("job", f"browser-logs-{time.time_ns() % 10**9}")
    entries = []
    for i in range(60):
        level = ["info", "info", "warn", "error"][i % 4]
        line = f"request {i} failed: upstream timeout after 3s" if i % 3 == 0 else f"request {i} served in {i}ms"
        entries.append((level, line, {"trace_id": f"trace-{i:03d}"} if i % 3 == 0 else None, 30 * i + 5))
    push(s.base, job, entries)

    # Completion: `{` offers stream labels, `job=` their values.
    s.open("/logs")
    box = s.find("[data-testid=query-input]")
    box.send_keys("{")
    s.wait_for("[data-testid=completions] li")
    labels = s.js("return [...document.querySelectorAll('[data-testid=completions] li')].map(li => li.dataset.value)")
    s.check("`{` offers the stream labels", "job" in labels and "level" in labels, labels)
    box.send_keys("jo", Keys.TAB)
    s.wait_js("return [...document.querySelectorAll('[data-testid=completions] li')].some(li => li.dataset.value === %s)" % json.dumps(job),
              what="the job's values to be offered")
    s.screenshot("logs-completion")
    box.send_keys(Keys.ESCAPE)
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)

    query = '{job="%s"} |= "timeout"' % job
    box.send_keys(query, Keys.ESCAPE, Keys.ENTER)
    s.wait_js("return window.warden.logs && window.warden.logs.lines > 0", timeout=15, what="lines to be listed")
    rows = s.find_all("[data-testid=log-row]")
    expected = sum(1 for e in entries if "timeout" in e[1])
    s.check("the matching lines are listed", len(rows) == expected, f"{len(rows)} rows, {expected} expected")
    marks = s.js("return [...document.querySelectorAll('[data-testid=log-line] mark')].map(m => m.textContent)")
    s.check("the filter's match is highlighted in every line", len(marks) == expected and set(marks) == {"timeout"}, marks[:5])
    first_time = s.js("return document.querySelector('.log-time').textContent")
    s.check("lines show their time", len(first_time) == 23, first_time)

    # The volume histogram by level.
    s.wait_js("return window.warden.logs.volumeSeries > 0", timeout=15, what="the volume histogram")
    s.check("the volume histogram has one series per level", s.js("return window.warden.logs.volumeSeries") == 3,
            s.js("return window.warden.logs.volumeSeries"))
    s.check("the volume histogram draws", s.canvas_ink("[data-testid=volume] canvas") > 30, s.canvas_ink("[data-testid=volume] canvas"))
    s.screenshot("logs-results-light")

    # Expand a line: labels and structured metadata.
    rows[0].find_element("css selector", ".log-summary").click()
    table = s.wait_for("[data-testid=log-metadata]")
    s.check("the details show the stream labels", f"job {job}" in table.text, table.text)
    s.check("the details show the structured metadata apart", "structured metadata" in table.text.lower() and "trace_id" in table.text, table.text)
    s.check("the row says it is expanded", rows[0].find_element("css selector", ".log-summary").get_attribute("aria-expanded") == "true")
    s.find("[data-testid=show-context]").click()
    context = s.wait_for("[data-testid=log-context] .context-self")
    around = s.js("return document.querySelectorAll('[data-testid=log-context] li.context-before, [data-testid=log-context] li.context-after').length")
    s.check("context lines come from the same stream around the line", around >= 1, around)
    s.screenshot("logs-context")

    # Wrapping long lines is a toggle kept in the URL.
    s.find("[data-testid=wrap-lines]").click()
    s.check("unwrapping lines is applied and kept in the URL",
            s.js("return document.querySelector('[data-testid=log-lines]').classList.contains('nowrap') && location.search.includes('wrap=0')"))
    s.find("[data-testid=wrap-lines]").click()

    # The URL carries the query; a reload shows the same lines.
    search = parse_qs(urlparse(s.js("return location.href")).query)
    s.check("the URL has the query, range, limit and order", search.get("q") == [query] and search.get("from") == ["now-1h"]
            and search.get("limit") == ["100"] and search.get("dir") == ["backward"], search)
    s.driver.refresh()
    s.wait_js("return window.warden.logs && window.warden.logs.lines > 0", timeout=15, what="lines after a reload")
    s.check("a reload keeps the query and its lines",
            s.js("return document.querySelector('[data-testid=query-input]').value") == query
            and len(s.find_all("[data-testid=log-row]")) == expected)

    # Live tail: a line pushed after the tail started arrives on the page.
    s.find("[data-testid=live-tail]").click()
    s.wait_js("return window.warden.logs.tail.state === 'open'", timeout=10, what="the tail socket to open")
    marker = f"live timeout marker {time.time_ns()}"
    push(s.base, job, [("error", marker, None, 0)])
    s.wait_js("return [...document.querySelectorAll('[data-testid=log-line]')].some(e => e.textContent.includes(%s))" % json.dumps(marker),
              timeout=15, what="the tailed line to appear")
    s.check("tail received the new line", s.js("return window.warden.logs.tail.received") >= 1)
    s.check("the tailed line is highlighted too", s.js(
        "return [...document.querySelectorAll('[data-testid=log-line]')].find(e => e.textContent.includes(%s)).querySelector('mark') !== null" % json.dumps(marker)))
    s.check("live tail is in the URL", "tail=1" in s.js("return location.search"))
    s.set_theme("dark")
    s.screenshot("logs-tail-dark")
    # Running the query again while tailing restarts the tail after the new results.
    runs = s.js("return window.warden.logs.runs")
    s.find("[data-testid=run]").click()
    s.wait_js(f"return window.warden.logs.runs > {runs} && window.warden.logs.tail.state === 'open'", timeout=15,
              what="the tail to restart after a new run")
    s.check("a new run keeps tailing and lists the tailed line from the store",
            s.js("return [...document.querySelectorAll('[data-testid=log-line]')].filter(e => e.textContent.includes(%s)).length" % json.dumps(marker)) == 1)
    s.find("[data-testid=live-tail]").click()
    s.check("live tail stops", s.js("return window.warden.logs.tail.state") == "off")
    s.check("the tail leaves the URL when stopped", "tail=1" not in s.js("return location.search"))

    # A metric query is drawn, not listed.
    box = s.find("[data-testid=query-input]")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys('sum by (level) (count_over_time({job="%s"}[5m]))' % job, Keys.ESCAPE, Keys.ENTER)
    s.wait_js("return window.warden.logs.volumeSeries === 3 && document.querySelector('.metric-box')", timeout=15, what="the metric query's graph")
    s.check("a metric query draws a graph", s.canvas_ink("[data-testid=volume] canvas") > 30)
    # "+" on a metadata label narrows the query to lines with that value.
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(query, Keys.ESCAPE, Keys.ENTER)
    s.wait_js("return document.querySelectorAll('[data-testid=log-row]').length > 1 && !document.querySelector('.metric-box')",
              timeout=15, what="the lines again")
    # The first line that carries a trace_id (the tailed line has none).
    s.js("[...document.querySelectorAll('[data-testid=log-row]')].find(r => r.textContent.includes('trace_id=')).querySelector('.log-summary').click()")
    trace = s.js("return [...document.querySelectorAll('[data-testid=log-metadata] tr')].find(r => r.querySelector('.key')?.textContent === 'trace_id')?.children[2].textContent")
    s.js("[...document.querySelectorAll('[data-testid=log-metadata] tr')].find(r => r.querySelector('.key')?.textContent === 'trace_id').querySelector('.filter-button').click()")
    s.wait_js("return document.querySelectorAll('[data-testid=log-row]').length === 1", timeout=15, what="the label filter to narrow the lines")
    s.check("a label's + button adds a label filter to the query",
            s.js("return document.querySelector('[data-testid=query-input]').value").endswith(f'| trace_id="{trace}"'),
            s.js("return document.querySelector('[data-testid=query-input]').value"))

    # An invalid LogQL query: Loki's "line 1, col N" error is shown at its position.
    s.ignored.append("status of 400")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys('{job="%s"} | json | bad(' % job, Keys.ESCAPE, Keys.ENTER)
    error = s.wait_for("[data-testid=query-error]")
    offset = s.js("return document.querySelector('[data-testid=query-editor]').dataset.errorOffset")
    s.check("an invalid LogQL query shows the server's error", "parse error" in error.text, error.text)
    s.check("the LogQL error is marked at the server's column", offset == str(len('{job="%s"} | json | bad' % job)), offset)
    s.screenshot("logs-error")
    s.check("no page errors", not s.js("return window.warden.app.errors.length"), s.js("return window.warden.app.errors"))


run(scenario)
