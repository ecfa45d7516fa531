"""Drives the real headless Chromium (Debian's chromium + chromedriver, through Selenium) against a
running `warden serve` for the web UI's browser tests.

A scenario script imports this module, opens pages, and records named checks; at the end it prints
one JSON object on stdout that the Swift test (BrowserScenario.swift) asserts on:
  {"checks": [{"name": ..., "ok": true|false, "detail": ...}], "console_errors": [...],
   "screenshots": [...], "fatal": null | "message"}
Run a scenario by hand against any server:
  python3 Tests/IntegrationTests/Browser/Scripts/<scenario>.py --base http://127.0.0.1:19470 \
      --screenshots .build/ui-screenshots
"""
import argparse
import json
import os
import sys
import time
import traceback

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

__all__ = ["Session", "run", "By", "Keys"]

# Console messages that are not the UI's fault: the browser asking for a favicon we do not have
# is not possible (we ship one), so nothing is ignored by default; a scenario may add patterns.
DEFAULT_IGNORED = []


class Session:
    """One browser with a fixed 1280x800 viewport, the server's base URL and the check list."""

    def __init__(self, base, screenshots, width=1280, height=800):
        self.base = base.rstrip("/")
        self.screenshot_dir = screenshots
        os.makedirs(screenshots, exist_ok=True)
        self.checks = []
        self.console_errors = []
        self.screenshots = []
        self.ignored = list(DEFAULT_IGNORED)
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-extensions", "--no-first-run", "--hide-scrollbars",
                     f"--window-size={width},{height}", "--force-device-scale-factor=1"):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.set_page_load_timeout(30)
        self.driver.set_script_timeout(30)
        # Selenium's window size includes browser chrome; pin the viewport itself (PEERS.md).
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    # --- navigation and waiting -------------------------------------------------------------

    def open(self, path, wait_mounted=True, timeout=15):
        """Loads base+path; by default waits until the app has mounted the page."""
        self.driver.get(self.base + path)
        if wait_mounted:
            self.wait_js("return window.warden && window.warden.app && window.warden.app.mounted === true",
                         timeout=timeout, what=f"{path} to mount")
        self.collect_console()

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def wait_js(self, script, timeout=10, what=None, poll=0.1):
        """Polls a JS expression (a `return ...` statement) until it is truthy; returns its value.
        Raises TimeoutError naming `what` (or the script) when it never is."""
        deadline = time.time() + timeout
        last = None
        while time.time() < deadline:
            try:
                last = self.driver.execute_script(script)
                if last:
                    return last
            except WebDriverException as error:
                last = str(error).splitlines()[0]
            time.sleep(poll)
        raise TimeoutError(f"timed out after {timeout}s waiting for {what or script} (last: {last!r})")

    def wait_for(self, css, timeout=10, visible=True):
        """Waits for an element matching `css` (visible by default) and returns it."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            for element in self.driver.find_elements(By.CSS_SELECTOR, css):
                try:
                    if not visible or element.is_displayed():
                        return element
                except WebDriverException:
                    pass
            time.sleep(0.1)
        raise TimeoutError(f"timed out after {timeout}s waiting for element {css}")

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    # --- evidence ---------------------------------------------------------------------------

    def check(self, name, ok, detail=""):
        """Records a named check; the Swift test fails on every one that is not ok."""
        self.checks.append({"name": name, "ok": bool(ok), "detail": str(detail)[:2000]})
        return bool(ok)

    def collect_console(self):
        """Moves the browser's console errors (SEVERE: uncaught exceptions, console.error, failed
        loads) into console_errors, minus the ignored patterns."""
        try:
            entries = self.driver.get_log("browser")
        except WebDriverException:
            return
        for entry in entries:
            if entry.get("level") != "SEVERE":
                continue
            message = entry.get("message", "")
            if any(pattern in message for pattern in self.ignored):
                continue
            self.console_errors.append(message[:1000])

    def screenshot(self, name):
        path = os.path.join(self.screenshot_dir, f"{name}.png")
        self.driver.save_screenshot(path)
        self.screenshots.append(path)
        return path

    def set_theme(self, theme):
        """Switches the UI theme the way a user would keep it (localStorage) and applies it."""
        self.js("localStorage.setItem('warden.theme', arguments[0]);"
                "document.documentElement.dataset.theme = arguments[0];"
                "window.dispatchEvent(new CustomEvent('warden-theme', {detail: arguments[0]}));", theme)

    def canvas_ink(self, css="canvas"):
        """How many sampled pixels of the first matching canvas differ from its most common colour:
        0 means nothing was drawn."""
        return self.js("""
            const canvas = document.querySelector(arguments[0]);
            if (!canvas || !canvas.width || !canvas.height) return 0;
            const ctx = canvas.getContext('2d');
            const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
            const counts = new Map();
            const stepX = Math.max(1, Math.floor(canvas.width / 200)), stepY = Math.max(1, Math.floor(canvas.height / 120));
            const samples = [];
            for (let y = 0; y < canvas.height; y += stepY) for (let x = 0; x < canvas.width; x += stepX) {
              const i = (y * canvas.width + x) * 4;
              const key = (data[i] << 24) ^ (data[i+1] << 16) ^ (data[i+2] << 8) ^ data[i+3];
              samples.push(key); counts.set(key, (counts.get(key) || 0) + 1);
            }
            let common = 0, commonKey = null;
            for (const [k, n] of counts) if (n > common) { common = n; commonKey = k; }
            return samples.filter((k) => k !== commonKey).length;
        """, css)

    def close(self):
        self.collect_console()
        try:
            self.driver.quit()
        except WebDriverException:
            pass

    def report(self, fatal=None):
        return {"checks": self.checks, "console_errors": self.console_errors,
                "screenshots": self.screenshots, "fatal": fatal}


def run(scenario):
    """Parses --base and --screenshots, runs scenario(session), prints the JSON report.
    An exception inside the scenario is reported as `fatal` with its traceback (and a screenshot),
    so the Swift side shows what went wrong instead of a bare exit status."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--screenshots", default=".build/ui-screenshots")
    parser.add_argument("--option", action="append", default=[], help="key=value passed to the scenario")
    args = parser.parse_args()
    options = dict(item.split("=", 1) for item in args.option)
    session = None
    fatal = None
    try:
        session = Session(args.base, args.screenshots)
        scenario(session, options) if scenario.__code__.co_argcount >= 2 else scenario(session)
    except Exception as error:  # noqa: BLE001 - every failure must reach the report
        fatal = f"{type(error).__name__}: {error}\n{traceback.format_exc()[-3000:]}"
        if session is not None:
            try:
                session.screenshot("failure-" + os.path.basename(sys.argv[0]).replace(".py", ""))
            except Exception:  # noqa: BLE001
                pass
    finally:
        if session is not None:
            session.close()
    report = session.report(fatal) if session else {"checks": [], "console_errors": [], "screenshots": [], "fatal": fatal}
    print(json.dumps(report))
    sys.exit(0)
