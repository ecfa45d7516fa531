"""The dashboards list loads in both themes without console errors and offers the built-in Host
dashboard; search filters it; opening Host draws its panels (window.warden.dashboard counts them)."""
from selenium.webdriver.common.action_chains import ActionChains

from wardenbrowser import run


def scenario(s):
    for theme in ("light", "dark"):
        s.open("/dashboards")
        s.set_theme(theme)
        s.wait_for("[data-testid=dashboard-row]")
        rows = s.js("return [...document.querySelectorAll('[data-testid=dashboard-row]')].map(r => r.dataset.uid)")
        s.check(f"the list shows the built-in Host dashboard ({theme})", "host" in rows, rows)
        s.screenshot(f"dashboards-list-{theme}")
    title = s.js("return document.querySelector('[data-testid=dashboard-row][data-uid=host] a').textContent")
    s.check("the Host dashboard is called Host", title == "Host", title)
    # Search: a title that matches nothing hides Host, clearing it brings Host back.
    search = s.find("[data-testid=dashboard-search]")
    search.send_keys("no-such-dashboard-xyz")
    s.wait_js("return !document.querySelector('[data-testid=dashboard-row][data-uid=host]')", what="search to hide Host")
    s.check("the search is kept in the URL", "q=no-such-dashboard-xyz" in s.js("return location.search"))
    s.js("const i = document.querySelector('[data-testid=dashboard-search]'); i.value = 'hos'; i.dispatchEvent(new Event('input'))")
    s.wait_for("[data-testid=dashboard-row][data-uid=host]")
    s.check("searching 'hos' finds Host", True)
    # Opening Host draws every panel.
    s.find("[data-testid=dashboard-row][data-uid=host] a").click()
    s.wait_js("return window.warden.app.page === 'dashboards' && window.warden.dashboard && window.warden.dashboard.uid === 'host'")
    state = s.wait_js("const d = window.warden.dashboard; return d.panelCount > 0 && d.panelsRendered === d.panelCount && d", timeout=20,
                      what="all Host panels to render")
    s.check("Host has panels and all rendered", state["panelCount"] > 0, state)
    s.check("first panel time is measured", state["firstPanelMs"] is not None and state["allPanelsMs"] >= state["firstPanelMs"], state)
    drawn = s.js("return [...window.warden.charts].filter(c => c.state.pointCount > 0).length")
    s.check("Host's charts drew points", drawn > 0, drawn)
    s.screenshot("dashboard-host-light")
    # Click-drag on a time series zooms the shared time range (absolute from/to in the URL). A
    # fresh server has one scrape: rates need a second one, which the 10 s refresh brings.
    s.wait_js("return [...window.warden.charts].some(c => c.state.type === 'timeseries' && c.state.pointCount > 0"
              " && c.root.closest('[data-testid=panel][data-type=timeseries]'))", timeout=30,
              what="a time series panel with points")
    s.js("[...window.warden.charts].find(c => c.state.type === 'timeseries' && c.state.pointCount > 0"
         " && c.root.closest('[data-testid=panel][data-type=timeseries]')).root.querySelector('canvas').dataset.dragTarget = '1'")
    canvas = s.find("canvas[data-drag-target='1']")
    ActionChains(s.driver).move_to_element_with_offset(canvas, 40, 0).click_and_hold().move_by_offset(-120, 0).release().perform()
    zoomed = s.wait_js("const p = new URLSearchParams(location.search); return /^\\d+$/.test(p.get('from') || '') && /^\\d+$/.test(p.get('to') || '') && [p.get('from'), p.get('to')]",
                       timeout=10, what="a drag on the chart to zoom the time range")
    s.check("dragging across a time series zooms every panel's range", int(zoomed[1]) - int(zoomed[0]) < 3600, zoomed)
    s.wait_js("const d = window.warden.dashboard; return !document.querySelector('[data-testid=panel].loading')", timeout=15, what="panels to reload after zoom")
    s.js("history.replaceState(null, '', location.pathname)")
    s.set_theme("dark")
    s.screenshot("dashboard-host-dark")
    # A shared link to one panel opens it alone; closing the viewer drops it from the URL.
    panel_id = s.js("return document.querySelector('[data-testid=panel][data-type=timeseries]').dataset.panelId")
    s.open(f"/dashboards/host?viewPanel={panel_id}")
    s.wait_for("[data-testid=panel-viewer]")
    s.wait_js("return [...window.warden.charts].filter(c => c.state.pointCount > 0).length > 0", timeout=15, what="the viewed panel to draw")
    s.check("?viewPanel= opens that panel in the viewer", True)
    s.screenshot("dashboard-view-panel")
    s.js("document.querySelector('[data-testid=panel-viewer] .dash-dialog-head button').click()")
    s.check("closing the viewer drops viewPanel from the URL", "viewPanel" not in s.js("return location.search"), s.js("return location.search"))
    # Narrow screens stack panels one per row.
    s.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1024, "height": 768, "deviceScaleFactor": 1, "mobile": False})
    widths = s.wait_js("""const g = document.querySelector('[data-testid=dashboard-grid]').getBoundingClientRect().width;
        const ps = [...document.querySelectorAll('[data-testid=dashboard-grid] > [data-testid=panel]')];
        return ps.length && ps.map(p => Math.round(p.getBoundingClientRect().width / g * 100))""")
    s.check("below 1100 px every panel takes the full width", all(w >= 98 for w in widths), widths)
    s.screenshot("dashboard-host-1024")


run(scenario)
