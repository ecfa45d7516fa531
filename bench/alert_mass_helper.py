#!/usr/bin/env python3
"""10,000 simultaneous alerts, for bench/alert-mass-compare.sh.

  run WEBHOOK_PORT ALERTS TEAMS ROUNDS BATCH SYSTEM=URL=PID ...
      SYSTEM is warden or alertmanager; URL its base URL (POST /api/v2/alerts), PID its process.
      Receives webhooks on WEBHOOK_PORT (/warden, /alertmanager). Each round, for each system in
      turn: POST ALERTS alerts (labels alertname=BenchMass, team=t0..t<TEAMS-1>, instance=m0..,
      so TEAMS groups with group_by [team]; endsAt in an hour) in bodies of BATCH alerts over one
      keep-alive connection; wait until every alert has arrived firing in the system's webhooks;
      POST them again resolved (endsAt now) and wait until every alert has arrived resolved. The
      same alerts every round, as a rule engine re-sends what still fires: memory should level
      off. Records per round the POST time, the time from the first POST to the last alert
      delivered (firing, then resolved), groups seen, and the process's VmRSS; VmHWM at the end.
"""
import datetime
import sys
import threading
import time

from alert_common import KeepAliveClient, Receivers, memory_kib, median

DISPLAY = {"warden": "Warden", "alertmanager": "Alertmanager"}


def rfc3339(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class Tracker:
    """Per webhook path, which alerts (by instance label) arrived with which status, and when."""

    def __init__(self):
        self.lock = threading.Condition()
        self.seen = {}  # path -> status -> set of instances
        self.teams = {}  # path -> status -> set of teams
        self.last = {}  # path -> status -> time of the last new alert
        self.notifications = {}  # path -> count

    def reset(self, path):
        with self.lock:
            self.seen[path] = {"firing": set(), "resolved": set()}
            self.teams[path] = {"firing": set(), "resolved": set()}
            self.last[path] = {}

    def on_webhook(self, arrived, path, payload):
        path = path.strip("/").split("/")[0]
        with self.lock:
            self.notifications[path] = self.notifications.get(path, 0) + 1
            if path not in self.seen:
                return
            for alert in payload.get("alerts", []):
                status = alert.get("status")
                labels = alert.get("labels", {})
                bucket = self.seen[path].get(status)
                if bucket is None:
                    continue
                instance = labels.get("instance")
                if instance not in bucket:
                    bucket.add(instance)
                    self.last[path][status] = arrived
                self.teams[path][status].add(labels.get("team"))
            self.lock.notify_all()

    def wait_all(self, path, status, count, timeout):
        deadline = time.time() + timeout
        with self.lock:
            while len(self.seen[path][status]) < count:
                remaining = deadline - time.time()
                if remaining <= 0:
                    break
                self.lock.wait(min(remaining, 0.5))
            return len(self.seen[path][status]), len(self.teams[path][status]), self.last[path].get(status)


def make_alerts(count, teams, starts_at, ends_at):
    return [{
        "labels": {"alertname": "BenchMass", "team": f"t{n % teams}", "instance": f"m{n}", "severity": "warning"},
        "annotations": {"summary": f"bench alert m{n} of team t{n % teams}"},
        "startsAt": starts_at,
        "endsAt": ends_at,
        "generatorURL": "http://bench.example/graph",
    } for n in range(count)]


def post_all(client, alerts, batch):
    for i in range(0, len(alerts), batch):
        client.post_json("/api/v2/alerts", alerts[i:i + batch])


def run(webhook_port, count, teams, rounds, batch, systems):
    tracker = Tracker()
    receivers = Receivers(None, webhook_port, on_webhook=tracker.on_webhook)
    rows = {name: [] for name, _, _ in systems}
    start_rss = {name: memory_kib(pid)["VmRSS"] for name, _, pid in systems}
    timeout = 300
    print(f"== {count} alerts in {teams} groups, {rounds} rounds, POST bodies of {batch}", flush=True)
    for r in range(1, rounds + 1):
        for name, url, pid in systems:
            client = KeepAliveClient(url)
            tracker.reset(name)
            began = time.time()
            alerts = make_alerts(count, teams, rfc3339(began), rfc3339(began + 3600))
            post_all(client, alerts, batch)
            posted = time.time() - began
            firing, firing_teams, last_firing = tracker.wait_all(name, "firing", count, timeout)
            rss_firing = memory_kib(pid)["VmRSS"]
            resolve_began = time.time()
            for alert in alerts:
                alert["endsAt"] = rfc3339(resolve_began)
            post_all(client, alerts, batch)
            resolve_posted = time.time() - resolve_began
            resolved, _, last_resolved = tracker.wait_all(name, "resolved", count, timeout)
            rss_resolved = memory_kib(pid)["VmRSS"]
            row = {
                "post_s": posted,
                "firing": firing, "teams": firing_teams,
                "firing_s": (last_firing - began) if last_firing and firing == count else float("nan"),
                "resolve_post_s": resolve_posted,
                "resolved": resolved,
                "resolved_s": (last_resolved - resolve_began) if last_resolved and resolved == count else float("nan"),
                "rss_firing_mib": rss_firing / 1024, "rss_resolved_mib": rss_resolved / 1024,
            }
            rows[name].append(row)
            print(f"   round {r} {name}: POST {posted:.2f} s, {firing}/{count} firing in {firing_teams} groups "
                  f"after {row['firing_s']:.2f} s, {resolved}/{count} resolved after {row['resolved_s']:.2f} s "
                  f"(POST {resolve_posted:.2f} s), RSS {row['rss_firing_mib']:.1f} / {row['rss_resolved_mib']:.1f} MiB",
                  flush=True)
            del alerts
    peaks = {name: memory_kib(pid)["VmHWM"] / 1024 for name, _, pid in systems}
    report(systems, rows, start_rss, peaks, count, tracker)
    receivers.close()


def report(systems, rows, start_rss, peaks, count, tracker):
    names = [n for n, _, _ in systems]
    both = "warden" in rows and "alertmanager" in rows

    def line(label, values, fmt="{:.2f}", ratio=True):
        cells = " | ".join(fmt.format(values[n]) for n in names)
        tail = ""
        if both:
            tail = f" {values['warden'] / values['alertmanager']:.2f} |" if ratio and values["alertmanager"] else " |"
        print(f"| {label} | {cells} |{tail}")

    print()
    print("| | " + " | ".join(DISPLAY[n] for n in names) + (" | Warden / Alertmanager |" if both else " |"))
    print("| --- |" + " --- |" * (len(names) + (1 if both else 0)))
    line("POST of all alerts, median (s)", {n: median([r["post_s"] for r in rows[n]]) for n in names})
    line(f"first POST -> all {count} delivered firing, median (s)", {n: median([r["firing_s"] for r in rows[n]]) for n in names})
    line("first POST -> all delivered firing, worst round (s)", {n: max(r["firing_s"] for r in rows[n]) for n in names})
    line("resolve POST -> all delivered resolved, median (s)", {n: median([r["resolved_s"] for r in rows[n]]) for n in names})
    line("groups delivered (first round)", {n: rows[n][0]["teams"] for n in names}, "{}", ratio=False)
    line("webhook notifications received", {n: tracker.notifications.get(n, 0) for n in names}, "{}", ratio=False)
    line("RSS before round 1 (MiB)", {n: start_rss[n] / 1024 for n in names}, "{:.1f}")
    for i in range(len(rows[names[0]])):
        cells = " | ".join(f"{rows[n][i]['rss_firing_mib']:.1f} / {rows[n][i]['rss_resolved_mib']:.1f}" for n in names)
        tail = ""
        if both:
            tail = f" {rows['warden'][i]['rss_resolved_mib'] / rows['alertmanager'][i]['rss_resolved_mib']:.2f} |"
        print(f"| RSS after round {i + 1}, all firing / all resolved (MiB) | {cells} |{tail}")
    line("peak RSS, VmHWM (MiB)", peaks, "{:.1f}")
    growth = {n: rows[n][-1]["rss_resolved_mib"] - rows[n][0]["rss_resolved_mib"] for n in names}
    print()
    print("RSS change from round 1 to the last round (after resolution): "
          + ", ".join(f"{DISPLAY[n]} {growth[n]:+.1f} MiB" for n in names))


def main():
    if len(sys.argv) < 8 or sys.argv[1] != "run":
        sys.exit(__doc__)
    webhook_port, count, teams, rounds, batch = (int(a) for a in sys.argv[2:7])
    systems = []
    for spec in sys.argv[7:]:
        name, url, pid = spec.split("=", 2)
        if name not in DISPLAY:
            sys.exit(f"unknown system {name}")
        systems.append((name, url, int(pid)))
    run(webhook_port, count, teams, rounds, batch, systems)


if __name__ == "__main__":
    main()
