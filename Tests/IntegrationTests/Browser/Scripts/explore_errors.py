"""Bad input in the Metrics explorer: an invalid query shows the server's error under the editor and
marks the position the server names; fixing the text clears it. The failed request itself (HTTP
400) is the only console message allowed."""
from wardenbrowser import run, Keys


def scenario(s, options):
    s.ignored.append("status of 400")
    s.open("/explore")
    box = s.find("[data-testid=query-input]")
    # A complete name that is also the prefix of others (node_load1, node_load15): Enter runs it
    # rather than accepting the longer name.
    s.wait_js("return fetch('/api/v1/label/__name__/values').then(r => r.json()).then(b => b.data.includes('node_load15'))",
              timeout=40, what="the host collector's node_load metrics")
    box.send_keys("node_load1")
    s.wait_js("return [...document.querySelectorAll('[data-testid=completions]:not([hidden]) li')].some(li => li.dataset.value === 'node_load15')",
              what="node_load15 to be offered too")
    box.send_keys(Keys.ENTER)
    s.wait_js("return window.warden.explore.runs >= 1 && !window.warden.explore.busy", timeout=15, what="the query to run")
    s.check("Enter on a complete name runs it instead of completing a longer one",
            s.js("return document.querySelector('[data-testid=query-input]').value") == "node_load1",
            s.js("return document.querySelector('[data-testid=query-input]').value"))
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)
    # Down in the empty editor lists the queries run before; Enter takes one back.
    box.send_keys(Keys.ARROW_DOWN)
    s.wait_js("return [...document.querySelectorAll('[data-testid=completions]:not([hidden]) li')].some(li => li.dataset.kind === 'history' && li.dataset.value === 'node_load1')",
              what="the history to offer node_load1")
    box.send_keys(Keys.TAB)
    s.check("a recent query comes back from the history", s.js("return document.querySelector('[data-testid=query-input]').value") == "node_load1")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)
    query = "sum by (instance) (rate(node_load1[5m])"
    box.send_keys(query, Keys.ESCAPE, Keys.ENTER)
    error = s.wait_for("[data-testid=query-error]")
    text = error.text
    s.check("the server's message is shown under the editor", "parse error" in text, text)
    # The server names line:column; the editor turns it into an offset and marks it.
    offset = s.js("return document.querySelector('[data-testid=query-editor]').dataset.errorOffset")
    s.check("the editor knows the error's position", offset is not None and offset.isdigit(), offset)
    marks = s.js("return document.querySelectorAll('.qe-highlight .qe-error-mark').length")
    s.check("the position is underlined in the query", marks == 1, marks)
    s.check("the message names line and column", "line 1, column" in text, text)
    s.screenshot("explore-error")
    # Clicking the position moves the caret there.
    s.find(".qe-error-goto").click()
    caret = s.js("return document.querySelector('[data-testid=query-input]').selectionStart")
    s.check("the position button moves the caret to the error", str(caret) == offset, f"{caret} vs {offset}")
    # Editing clears the error.
    box.send_keys(Keys.END, ")")
    s.check("editing clears the error", s.js("return document.querySelector('[data-testid=query-error]').hidden"))
    box.send_keys(Keys.ENTER)
    s.wait_js("return window.warden.explore.runs >= 3 && !window.warden.explore.busy", timeout=15, what="the fixed query to run")
    s.check("the fixed query runs without an error", s.js("return window.warden.explore.errors.length") == 1
            and s.js("return document.querySelector('[data-testid=query-error]').hidden"), s.js("return window.warden.explore.errors"))
    # An unknown function: the server's own words.
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("nosuchfunction(node_load1)", Keys.ESCAPE, Keys.ENTER)
    error = s.wait_for("[data-testid=query-error]")
    s.check("an unknown function is reported", "nosuchfunction" in error.text or "unknown" in error.text.lower(), error.text)


run(scenario)
