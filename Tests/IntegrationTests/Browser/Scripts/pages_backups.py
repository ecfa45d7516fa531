"""The Backups tab of /status against a real `warden serve` with two backup jobs: one that works
(a password file, create_repository: true, a small source directory) and one whose password file
does not exist. Both jobs are listed; "Back up now" on the good one ends in a successful backup
with a snapshot id, "Drill now" in a successful drill with a measured recovery time; the broken
one fails with its error shown; the recent runs and the runbook open; both themes; no console
errors. Options: good, broken (the job names)."""
import time

from wardenbrowser import run, Keys


def card(name):
    return f"[data-testid=backup-job][data-job='{name}']"


def scenario(s, options):
    good = options.get("good", "nightly")
    broken = options.get("broken", "broken")

    s.open("/status?tab=backups")
    s.wait_for(card(good), timeout=20)
    s.wait_for(card(broken))
    names = s.js("return [...document.querySelectorAll('[data-testid=backup-job]')].map(c => c.dataset.job)")
    s.check("both jobs are listed", set(names) == {good, broken}, names)
    s.check("the Backups tab is selected", s.js("return document.querySelector('[role=tab][data-tab=backups]').getAttribute('aria-selected')") == "true")
    text = s.find(card(good)).text
    s.check("the card shows the schedule and the next run", "0 3 * * *" in text and "next" in text, text[:400])
    s.check("the card shows the source directory", s.js(f"return document.querySelector(\"{card(good)} .job-kv\").textContent.includes('path: ')"))
    s.check("a job that never ran says so",
            s.js(f"return document.querySelector(\"{card(good)} [data-testid=latest-backup]\").dataset.result") == "never")
    s.screenshot("pages-backups-initial")

    # --- back up now ---------------------------------------------------------------------------
    s.find(f"{card(good)} button[data-action=backup]").click()
    s.wait_js(f"return document.querySelector(\"{card(good)} [data-testid=action-status]\").textContent.length > 0",
              what="the action status after Back up now")
    s.check("clicking Back up now says it is queued or running",
            any(w in s.find(f"{card(good)} [data-testid=action-status]").text for w in ("queued", "running", "finished")),
            s.find(f"{card(good)} [data-testid=action-status]").text)
    s.wait_js(f"return document.querySelector(\"{card(good)} [data-testid=latest-backup]\").dataset.result === 'success'",
              timeout=60, what="the backup to succeed")
    snapshot = s.js(f"return document.querySelector(\"{card(good)} [data-testid=latest-backup] [data-testid=snapshot-id]\")?.textContent || ''")
    s.check("the newest backup shows its snapshot's short id", len(snapshot) == 8 and all(c in "0123456789abcdef" for c in snapshot), snapshot)
    backup_text = s.find(f"{card(good)} [data-testid=latest-backup]").text
    s.check("the newest backup shows files, size, bytes added and dedup ratio",
            all(w in backup_text for w in ("Files", "Source size", "Added", "Dedup ratio", "×")), backup_text)
    s.wait_js(f"return !document.querySelector(\"{card(good)} button[data-action=backup]\").disabled", what="the button to be enabled again")
    s.check("the status says the backup finished",
            "finished" in s.find(f"{card(good)} [data-testid=action-status]").text, s.find(f"{card(good)} [data-testid=action-status]").text)

    # --- drill now -------------------------------------------------------------------------------
    s.find(f"{card(good)} button[data-action=drill]").click()
    s.wait_js(f"return document.querySelector(\"{card(good)} [data-testid=latest-drill]\").dataset.result === 'success'",
              timeout=60, what="the drill to succeed")
    recovery = s.find(f"{card(good)} [data-testid=latest-drill] [data-testid=recovery-time]").text
    s.check("the drill shows its measured recovery time", any(c.isdigit() for c in recovery) and any(u in recovery for u in ("s", "min")), recovery)

    s.find(f"{card(good)} button[data-action=check]").click()
    s.wait_js(f"return document.querySelector(\"{card(good)} [data-testid=latest-check]\").dataset.result === 'success'",
              timeout=60, what="the check to succeed")
    s.check("the check succeeded", True)

    # --- the broken job --------------------------------------------------------------------------
    s.find(f"{card(broken)} button[data-action=backup]").click()
    s.wait_js(f"return document.querySelector(\"{card(broken)} [data-testid=latest-backup]\").dataset.result === 'failed'",
              timeout=60, what="the broken job's backup to fail")
    errors = s.js(f"return document.querySelector(\"{card(broken)} [data-testid=latest-backup] [data-testid=run-errors]\")?.textContent || ''")
    s.check("the failed run shows its error text", "password" in errors, errors)
    badge = s.find(f"{card(broken)} [data-testid=latest-backup] .badge").text
    s.check("failure is shown by word and symbol, not colour alone", "Failed" in badge and "✕" in badge, badge)
    s.screenshot("pages-backups-after-runs")

    # --- recent runs and runbook -----------------------------------------------------------------
    summary = s.find(f"{card(good)} [data-testid=recent-runs] summary")
    summary.send_keys(Keys.ENTER)  # by keyboard, as a disclosure should open
    s.wait_js(f"return document.querySelectorAll(\"{card(good)} [data-testid=recent-runs] tr[data-testid=run]\").length >= 3",
              timeout=20, what="the recent runs")
    kinds = s.js(f"return [...document.querySelectorAll(\"{card(good)} [data-testid=recent-runs] tr[data-testid=run]\")].map(r => r.dataset.kind + ':' + r.dataset.result)")
    s.check("recent runs list the backup, check and drill, newest first",
            kinds[:3] == ["check:success", "drill:success", "backup:success"], kinds)
    s.find(f"{card(broken)} [data-testid=recent-runs] summary").click()
    s.wait_js(f"return document.querySelector(\"{card(broken)} [data-testid=recent-runs] tr[data-testid=run][data-result=failed] [data-testid=run-errors]\")",
              timeout=20, what="the failed run in the broken job's history")
    s.check("the broken job's history shows the failure's error", True)
    s.find(f"{card(good)} [data-testid=runbook] summary").click()
    s.wait_js(f"return document.querySelector(\"{card(good)} [data-testid=runbook-text]\").textContent.includes('Recovery runbook')",
              timeout=20, what="the runbook text")
    runbook = s.find(f"{card(good)} [data-testid=runbook-text]").text
    s.check("the runbook names the job and the restore command", good in runbook and "warden backup restore" in runbook, runbook[:300])
    # An open disclosure survives the 5 s refresh.
    s.js("window.scrollTo(0, 0)")
    time.sleep(6)
    s.check("open disclosures stay open across a refresh",
            s.js(f"return document.querySelector(\"{card(good)} [data-testid=recent-runs]\").open && document.querySelector(\"{card(good)} [data-testid=runbook]\").open"))
    s.screenshot("pages-backups-light")
    s.set_theme("dark")
    s.screenshot("pages-backups-dark")
    s.js(f"document.querySelector(\"{card(good)} [data-testid=runbook]\").scrollIntoView(); window.scrollBy(0, -60)")
    s.screenshot("pages-backups-runbook-dark")
    s.js(f"document.querySelector(\"{card(broken)}\").scrollIntoView(); window.scrollBy(0, -60)")
    s.screenshot("pages-backups-failed-dark")
    s.set_theme("light")

    # --- the raw endpoint is linked ------------------------------------------------------------------
    s.js("window.scrollTo(0, 0)")  # the sticky top bar would cover the tabs
    s.find("[role=tab][data-tab=runtime]").click()
    s.wait_for("a[href='/api/v1/backups/jobs']")
    s.check("the raw endpoints list the backup jobs API", True)
    s.check("no page reported an error", not s.js("return window.warden.app.errors.length"), s.js("return window.warden.app.errors"))


run(scenario)
