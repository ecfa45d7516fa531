"""Every page of the UI loads in both themes without console errors, the navigation marks the page
it is on, links move between pages without reloading, and unknown paths say so."""
from wardenbrowser import run

PAGES = [("/", "overview"), ("/explore", "explore"), ("/dashboards", "dashboards"), ("/logs", "logs"),
         ("/alerts", "alerts"), ("/status", "status")]


def scenario(s):
    for theme in ("light", "dark"):
        for path, page in PAGES:
            s.open(path)
            s.set_theme(theme)
            s.check(f"{path} mounts the {page} page", s.js("return window.warden.app.page") == page)
            current = s.js("return document.querySelector('a[aria-current=page]')?.dataset.page")
            s.check(f"{path} marks {page} in the navigation", current == page, current)
            s.check(f"{path} has no page error", not s.js("return window.warden.app.errors.length"),
                    s.js("return window.warden.app.errors"))
            s.screenshot(f"{page}-{theme}")
    # In-app navigation: no full reload (a marker on window survives).
    s.open("/")
    s.js("window.__stayed = true")
    s.find("a[data-page=status]").click()
    s.wait_js("return window.warden.app.page === 'status' && window.warden.app.mounted")
    s.check("clicking a nav link changes page without a reload", s.js("return window.__stayed === true"))
    s.check("the URL follows the page", s.js("return location.pathname") == "/status")
    s.driver.back()
    s.wait_js("return window.warden.app.page === 'overview' && window.warden.app.mounted")
    s.check("Back returns to the previous page", s.js("return location.pathname") == "/")
    # The theme toggle switches and remembers.
    before = s.js("return document.documentElement.dataset.theme")
    s.find("#theme-toggle").click()
    after = s.js("return document.documentElement.dataset.theme")
    s.check("the theme toggle switches theme", before != after, f"{before} -> {after}")
    s.check("the theme is remembered", s.js("return localStorage.getItem('warden.theme')") == after)
    # Keyboard: on a freshly loaded page the first Tab reaches the skip link.
    from selenium.webdriver.common.action_chains import ActionChains
    from wardenbrowser import Keys
    s.open("/status")
    ActionChains(s.driver).send_keys(Keys.TAB).perform()
    s.check("the first Tab reaches the skip link", s.js("return document.activeElement.className") == "skip-link",
            s.js("return document.activeElement.outerHTML.slice(0, 200)"))

run(scenario)
