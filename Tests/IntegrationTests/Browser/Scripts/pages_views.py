"""The overview, alerts and status pages load without console errors and show the server's real
data: an instance row for this host with values and trends, the firing alert, the pending one, the
rules, the failed deliveries in the history, and the scrape targets. Options: alertname (a rule
that fires), pending (a rule that stays pending)."""
from wardenbrowser import run, Keys


def scenario(s, options):
    firing = options.get("alertname", "PagesAlwaysFiring")
    pending = options.get("pending", "PagesSlowPending")

    # --- overview --------------------------------------------------------------------------
    s.open("/")
    row = s.wait_for(".hosts-table tbody tr[data-instance]", timeout=60)
    instance = row.get_attribute("data-instance")
    s.check("the overview has an instance row for this host", bool(instance), instance)
    s.wait_js("return [...document.querySelectorAll('.hosts-table tbody tr[data-instance] .metric-value')]"
              ".filter(n => /\\d/.test(n.textContent)).length >= 3", timeout=60, what="host values")
    values = s.js("return [...document.querySelectorAll('.hosts-table tbody tr[data-instance] td')].map(td => td.dataset.metric + ': ' + td.querySelector('.metric-value').textContent)")
    s.check("the host row shows CPU, memory and disk values",
            all(any(v.startswith(k + ":") and any(c.isdigit() for c in v) for v in values) for k in ("cpu", "memory", "disk")), values)
    s.wait_js("return document.querySelectorAll('.hosts-table td[data-metric=memory] canvas.sparkline').length > 0")
    s.check("the memory sparkline is drawn", s.wait_js(
        "const c = document.querySelector('.hosts-table td[data-metric=memory] canvas.sparkline');"
        "if (!c || !c.width) return 0; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        "let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n;", timeout=40, what="sparkline ink") > 0)
    s.wait_js(f"return document.querySelector('[data-testid=overview-firing]').textContent.includes('{firing}')",
              timeout=30, what="the firing alert on the overview")
    count = s.js("return Number(document.querySelector('[data-testid=firing-count]').textContent)")
    s.check("the overview counts the firing alert", count >= 1, count)
    s.wait_js("return document.querySelector('[data-testid=overview-targets] .big-number')", timeout=20)
    s.check("the overview counts the scrape targets", "/" in s.find("[data-testid=overview-targets] .big-number").text)
    s.wait_js("return document.querySelectorAll('[data-testid=overview-events] li').length > 0", timeout=30,
              what="recent events")
    s.check("recent events list the alert's state change",
            firing in s.find("[data-testid=overview-events]").text)
    s.screenshot("pages-overview-light")
    s.set_theme("dark")
    s.screenshot("pages-overview-dark")
    s.set_theme("light")

    # --- alerts ------------------------------------------------------------------------------
    s.open("/alerts")
    s.wait_for(f"[data-testid=alert][data-alertname={firing}][data-state=firing]", timeout=30)
    s.check("the firing alert is listed in its route group",
            bool(s.js(f"return document.querySelector('[data-testid=alert-group] [data-alertname={firing}]')")))
    s.check("the alert shows its summary annotation",
            len(s.find(f"[data-testid=alert][data-alertname={firing}] .alert-summary").text) > 0)
    s.wait_for(f"[data-testid=alert][data-alertname={pending}][data-state=pending]", timeout=30)
    s.check("the pending alert is listed", True)
    s.screenshot("pages-alerts")
    # Tabs by keyboard: focus the selected tab, ArrowRight selects the next one (rules).
    s.find("[role=tab][aria-selected=true]").send_keys(Keys.ARROW_RIGHT)
    s.wait_js("return new URLSearchParams(location.search).get('tab') === 'rules'", what="the rules tab in the URL")
    s.check("ArrowRight moves to the Rules tab and focuses it",
            s.js("return document.activeElement.dataset.tab") == "rules")
    s.wait_for(f"[data-testid=rule][data-name={firing}]", timeout=20)
    s.check("the rule shows its state and health",
            s.js(f"return document.querySelector('[data-testid=rule][data-name={firing}]').dataset.state") == "firing"
            and s.js(f"return document.querySelector('[data-testid=rule][data-name={firing}]').dataset.health") == "ok")
    s.screenshot("pages-rules")
    s.find("[role=tab][data-tab=history]").click()
    s.wait_for("[data-testid=history-notification]", timeout=40)
    outcomes = s.js("return [...document.querySelectorAll('[data-testid=history-notification]')].map(r => r.dataset.outcome)")
    s.check("the history shows the failed delivery attempts", any(o in ("retryable", "failed") for o in outcomes), outcomes)
    s.check("a failed attempt shows its error text",
            len(s.js("return document.querySelector('[data-testid=history-notification] .error-text')?.textContent || ''")) > 0)
    s.screenshot("pages-history")

    # --- status ------------------------------------------------------------------------------
    s.open("/status")
    s.wait_for("[data-testid=target][data-health=up]", timeout=30)
    s.check("the status page lists an up target", True)
    s.screenshot("pages-status-targets")
    s.find("[role=tab][data-tab=config]").click()
    s.wait_for("[data-testid=config-yaml]")
    s.check("the configuration is shown", "rule_files" in s.find("[data-testid=config-yaml]").text)
    s.find("[role=tab][data-tab=tsdb]").click()
    s.wait_for("[data-testid=tsdb] table")
    s.check("store statistics list metric names", "node_" in s.find("[data-testid=tsdb]").text)
    s.screenshot("pages-status-store")
    s.find("[role=tab][data-tab=runtime]").click()
    s.wait_js("return document.querySelector('.kv dd')")
    s.check("the build info and the raw endpoints are shown",
            s.js("return !!document.querySelector('a[href=\"/metrics/host\"]') && !!document.querySelector('a[href=\"/-/ready\"]')"))
    s.check("no page reported an error", not s.js("return window.warden.app.errors.length"), s.js("return window.warden.app.errors"))


run(scenario)
