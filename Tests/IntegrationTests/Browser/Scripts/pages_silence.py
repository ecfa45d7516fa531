"""A silence is created from a firing alert in the UI (its labels prefilled as matchers, one
matcher loosened to a regex), shows up in /api/v2/silences, the alert shows as silenced; the
dialog closes on Escape and gives the focus back; the silence is then expired from the UI and the
API says so. Option: alertname (a rule that fires)."""
import json
import urllib.request

from wardenbrowser import run, Keys


def api(s, path):
    with urllib.request.urlopen(s.base + path, timeout=10) as response:
        return json.loads(response.read())


def scenario(s, options):
    firing = options.get("alertname", "PagesAlwaysFiring")
    row = f"[data-testid=alert][data-alertname={firing}]"
    s.open("/alerts")
    s.wait_for(f"{row}[data-state=firing]", timeout=30)

    # Escape closes the editor and returns the focus to the button that opened it.
    s.find(f"{row} [data-testid=silence-alert]").click()
    s.wait_for("dialog.modal[open] [data-testid=silence-form]")
    s.find("dialog.modal[open] [data-testid=silence-comment]").send_keys(Keys.ESCAPE)
    s.wait_js("return !document.querySelector('dialog.modal')", what="the dialog to close on Escape")
    s.check("Escape closes the silence dialog", True)
    s.check("the focus returns to the Silence button",
            s.js("return document.activeElement && document.activeElement.dataset.testid") == "silence-alert")

    # The focus stays inside the open dialog however far the user tabs.
    s.find(f"{row} [data-testid=silence-alert]").click()
    s.wait_for("dialog.modal[open] [data-testid=silence-form]")
    from selenium.webdriver.common.action_chains import ActionChains
    inside = True
    for _ in range(25):
        ActionChains(s.driver).send_keys(Keys.TAB).perform()
        inside = inside and s.js("return !!document.activeElement.closest('dialog.modal')")
    for _ in range(5):
        ActionChains(s.driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        inside = inside and s.js("return !!document.activeElement.closest('dialog.modal')")
    s.check("Tab and Shift+Tab keep the focus inside the dialog", inside)
    s.set_theme("dark")
    s.screenshot("pages-silence-form-dark")
    s.set_theme("light")
    s.find("dialog.modal[open] .modal-close").click()
    s.wait_js("return !document.querySelector('dialog.modal')", what="the close button to close the dialog")

    # Create: matchers prefilled from the alert's labels.
    s.find(f"{row} [data-testid=silence-alert]").click()
    s.wait_for("dialog.modal[open] [data-testid=silence-form]")
    matchers = s.js("return [...document.querySelectorAll('dialog.modal [data-testid=matcher-row]')].map(r => "
                    "[r.querySelector('[data-testid=matcher-name]').value, r.querySelector('[data-testid=matcher-op]').value, "
                    "r.querySelector('[data-testid=matcher-value]').value])")
    labels = s.js(f"return [...document.querySelectorAll('{row} .label-pair')].map(p => p.textContent)")
    s.check("the matchers are prefilled from the alert's labels", ["alertname", "=", firing] in matchers
            and len(matchers) == len(labels) + 1, {"matchers": matchers, "labels": labels})
    s.check("the prefilled matchers are all equality matchers", all(m[1] == "=" for m in matchers), matchers)
    s.wait_js("return /Matches 1 alert/.test(document.querySelector('[data-testid=silence-affected]').textContent)",
              timeout=10, what="the affected-alerts preview")
    s.check("the editor says which alerts it would silence", firing in s.find("[data-testid=silence-affected]").text)
    # Loosen the severity matcher to a regex, as a user would.
    for index, (name, _, value) in enumerate(matchers):
        if name == "severity":
            rows = s.find_all("dialog.modal [data-testid=matcher-row]")
            from selenium.webdriver.support.ui import Select
            Select(rows[index].find_element("css selector", "[data-testid=matcher-op]")).select_by_value("=~")
            field = rows[index].find_element("css selector", "[data-testid=matcher-value]")
            field.clear()
            field.send_keys(value[:3] + ".*")
    s.find("dialog.modal button[data-preset='1h']").click()
    s.check("a duration preset sets the duration", s.find("[data-testid=silence-duration]").get_attribute("value") == "1h")
    # Submitting without creator and comment is refused in the form.
    s.find("[data-testid=silence-creator]").clear()
    s.find("[data-testid=silence-submit]").click()
    s.check("creator and comment are required", bool(s.js("return document.querySelector('dialog.modal[open]')"))
            and s.find("[data-testid=silence-creator]").get_attribute("aria-invalid") == "true")
    s.find("[data-testid=silence-creator]").send_keys("browser-test")
    s.find("[data-testid=silence-comment]").send_keys("silenced from the alerts page")
    s.screenshot("pages-silence-form")
    s.find("[data-testid=silence-submit]").click()
    s.wait_js("return !document.querySelector('dialog.modal')", what="the dialog to close after saving")
    s.wait_for("[data-testid=notice]")

    silences = [x for x in api(s, "/api/v2/silences") if x["createdBy"] == "browser-test" and x["status"]["state"] != "expired"]
    s.check("the silence is in /api/v2/silences", len(silences) == 1, silences)
    silence = silences[0] if silences else {"matchers": [], "id": ""}
    found = {(m["name"], m["isRegex"], m["isEqual"], m["value"]) for m in silence["matchers"]}
    s.check("the silence has the alert's matchers", ("alertname", False, True, firing) in found, found)
    s.check("the edited matcher is a regex", any(m[0] == "severity" and m[1] for m in found), found)
    s.check("the silence is active", silence.get("status", {}).get("state") == "active", silence.get("status"))
    s.wait_for(f"{row}[data-state=silenced]", timeout=20)
    s.check("the alert shows as silenced", "Silenced" in s.find(row).text)
    s.screenshot("pages-alert-silenced")

    # Expire it from the silences tab.
    s.find("[role=tab][data-tab=silences]").click()
    s.wait_for(f"[data-testid=silence][data-id='{silence['id']}'][data-state=active]", timeout=20)
    s.screenshot("pages-silences")

    # Edit it: the editor opens with its matchers and comment; saving posts it with its id.
    s.find(f"[data-testid=silence][data-id='{silence['id']}'] [data-testid=edit-silence]").click()
    s.wait_for("dialog.modal[open] [data-testid=silence-form]")
    s.check("the editor shows the silence's matchers",
            s.js("return document.querySelectorAll('dialog.modal [data-testid=matcher-row]').length") == len(silence["matchers"]))
    comment = s.find("[data-testid=silence-comment]")
    comment.clear()
    comment.send_keys("edited in the UI")
    s.find("[data-testid=silence-submit]").click()
    s.wait_js("return !document.querySelector('dialog.modal')", what="the dialog to close after editing")
    edited = [x for x in api(s, "/api/v2/silences") if x["comment"] == "edited in the UI" and x["status"]["state"] == "active"]
    s.check("the edited silence is saved", len(edited) == 1, edited)
    if edited:
        silence = edited[0]
    s.wait_for(f"[data-testid=silence][data-id='{silence['id']}'][data-state=active]", timeout=20)

    s.find(f"[data-testid=silence][data-id='{silence['id']}'] [data-testid=expire-silence]").click()
    s.wait_for("dialog.modal[open] [data-testid=confirm-expire]").click()
    s.wait_js("return !document.querySelector('dialog.modal')", what="the confirmation to close")
    s.wait_js(f"return !document.querySelector(\"[data-testid=silence][data-id='{silence['id']}'][data-state=active]\")",
              timeout=20, what="the silence to leave the active list")
    state = next((x["status"]["state"] for x in api(s, "/api/v2/silences") if x["id"] == silence["id"]), None)
    s.check("the API reports the silence expired", state == "expired", state)
    s.find(".segmented button[data-state=expired]").click()
    s.wait_for(f"[data-testid=silence][data-id='{silence['id']}'][data-state=expired]", timeout=10)
    s.check("the expired silence is listed under Expired", True)
    s.find("[role=tab][data-tab=groups]").click()
    s.wait_for(f"{row}[data-state=firing]", timeout=20)
    s.check("the alert fires again (not silenced) after the expiry", True)
    s.check("no page reported an error", not s.js("return window.warden.app.errors.length"), s.js("return window.warden.app.errors"))


run(scenario)
