#!/usr/bin/env python3
"""Alert latency, for bench/alert-latency-compare.sh.

  run EXPORTER_PORT SMTP_PORT WEBHOOK_PORT ROUNDS INTERVAL GROUP_WAIT SYSTEM=RULES_URL ...
      SYSTEM is warden or prometheus; RULES_URL the base URL whose /api/v1/rules shows the rule.
      Serves bench_latency_value{round="lat-0000".."lat-<ROUNDS-1>"} (all 0) on EXPORTER_PORT,
      receives e-mail (aiosmtpd) on SMTP_PORT and webhooks on WEBHOOK_PORT. Once every system has
      scraped and loaded its rule, runs ROUNDS rounds: wait a random 0..INTERVAL s (so the flip
      falls anywhere in the evaluation cycle), set round k's series to 1000 (T0), wait until every
      system's e-mail and webhook for round k arrived. Flipped series stay high, so each round is
      one new alert. Deliveries are told apart by recipient (warden@bench.test,
      alertmanager@bench.test) and webhook path (/warden, /alertmanager); the round by the label
      value lat-NNNN in the webhook JSON and in the e-mail's subject or body.
      Prints p50 / p99 (nearest rank) of T0 -> e-mail accepted (end of DATA) and T0 -> webhook
      received per system, the same from the first scrape that carried the crossing sample, and
      whether Warden's p99 is within INTERVAL + GROUP_WAIT + 1 s.
"""
import random
import re
import sys
import threading
import time

from alert_common import Exporter, Receivers, get_json, median, percentile

DELIVERY_NAME = {"warden": "warden", "prometheus": "alertmanager"}
DISPLAY = {"warden": "Warden", "prometheus": "Prometheus + Alertmanager"}
ROUND_PATTERN = re.compile(r"lat-(\d{4})")


def round_label(k):
    return f"lat-{k:04d}"


class FlipState:
    def __init__(self, rounds):
        self.rounds = rounds
        self.flipped = 0
        self.lock = threading.Lock()

    def flip(self):
        with self.lock:
            self.flipped += 1
            return time.time()

    def page(self, now):
        with self.lock:
            flipped = self.flipped
        lines = ["# TYPE bench_latency_value gauge"]
        lines += [f'bench_latency_value{{round="{round_label(k)}"}} {1000 if k < flipped else 0}' for k in range(self.rounds)]
        return "\n".join(lines) + "\n", flipped


def deliveries(events):
    """{(system_delivery_name, kind, round): first arrival time} from the receivers' events."""
    found = {}
    for event in events:
        if event["kind"] == "email":
            who = {to.split("@", 1)[0] for to in event["to"]}
            rounds = {int(m) for m in ROUND_PATTERN.findall(event["text"])}
        else:
            who = {event["path"].strip("/").split("/")[0]}
            payload = event["json"]
            rounds = {int(m) for a in payload.get("alerts", []) if a.get("status") == "firing"
                      for m in ROUND_PATTERN.findall(a.get("labels", {}).get("round", ""))}
        for name in who:
            for k in rounds:
                found.setdefault((name, event["kind"], k), event["time"])
    return found


def run(exporter_port, smtp_port, webhook_port, rounds, interval, group_wait, systems):
    state = FlipState(rounds)
    exporter = Exporter(exporter_port, state.page)
    receivers = Receivers(smtp_port, webhook_port)
    names = [name for name, _ in systems]
    print(f"== exporter :{exporter_port}, SMTP :{smtp_port}, webhooks :{webhook_port}; {rounds} rounds", flush=True)

    deadline = time.time() + 120
    while True:
        scraped = {s for _, s, _ in exporter.scrapes_since(0)}
        loaded = {}
        for name, url in systems:
            try:
                loaded[name] = sum(len(g["rules"]) for g in get_json(url + "/api/v1/rules")["data"]["groups"])
            except Exception:
                loaded[name] = 0
        if all(n in scraped and loaded[n] > 0 for n in names):
            break
        if time.time() > deadline:
            sys.exit(f"not ready after 120 s: scraped by {sorted(scraped)}, rules loaded {loaded}")
        time.sleep(1)
    time.sleep(interval + 1)
    if receivers.count():
        print(f"   note: {receivers.count()} deliveries before the first flip (ignored)")

    wait_limit = max(20.0, 3 * (interval + group_wait + 2))
    flips = []
    rng = random.Random(7)
    for k in range(rounds):
        time.sleep(rng.uniform(0, interval))
        flips.append(state.flip())
        wanted = [(DELIVERY_NAME[n], kind, k) for n in names for kind in ("email", "webhook")]
        got = receivers.wait(lambda events: all(w in deliveries(events) for w in wanted), wait_limit)
        found = deliveries(receivers.snapshot())
        cells = []
        for n in names:
            for kind in ("email", "webhook"):
                t = found.get((DELIVERY_NAME[n], kind, k))
                cells.append(f"{n} {kind} {t - flips[k]:.2f}s" if t else f"{n} {kind} MISSING")
        print(f"   round {k + 1:3d}/{rounds}: " + ", ".join(cells), flush=True)
        if not got:
            time.sleep(0.5)
    time.sleep(2)
    found = deliveries(receivers.snapshot())
    scrapes = exporter.scrapes_since(0)
    report(names, rounds, flips, found, scrapes, interval, group_wait)
    receivers.close()
    exporter.close()


def first_scrape_with(scrapes, system, k):
    times = [t for t, s, flipped in scrapes if s == system and flipped > k]
    return min(times) if times else None


def report(names, rounds, flips, found, scrapes, interval, group_wait):
    figures = {}
    for n in names:
        f = {}
        for kind in ("email", "webhook"):
            from_flip, from_scrape, missing = [], [], 0
            for k in range(rounds):
                t = found.get((DELIVERY_NAME[n], kind, k))
                if t is None:
                    missing += 1
                    continue
                from_flip.append(t - flips[k])
                ingested = first_scrape_with(scrapes, n, k)
                if ingested is not None:
                    from_scrape.append(t - ingested)
            f[kind] = (from_flip, from_scrape, missing)
        figures[n] = f
    goal = interval + group_wait + 1
    both = "warden" in figures and "prometheus" in figures
    print()
    print("| | " + " | ".join(DISPLAY[n] for n in names) + (" | Warden / theirs |" if both else " |"))
    print("| --- |" + " --- |" * (len(names) + (1 if both else 0)))
    for kind, label in (("email", "e-mail accepted"), ("webhook", "webhook received")):
        for source, source_label in ((0, "T0 (flip)"), (1, "first scrape with the crossing sample")):
            for q in (50, 99):
                values = {n: percentile(figures[n][kind][source], q) for n in names}
                line = f"| {source_label} -> {label}, p{q} (s) | " + " | ".join(f"{values[n]:.2f}" for n in names) + " |"
                if both:
                    line += f" {values['warden'] / values['prometheus']:.2f} |"
                print(line)
        line = f"| {label}: rounds delivered | " + " | ".join(
            f"{rounds - figures[n][kind][2]} / {rounds}" for n in names) + " |"
        print(line + (" |" if both else ""))
    print()
    scrape_gaps = {n: median([first_scrape_with(scrapes, n, k) - flips[k] for k in range(rounds)
                              if first_scrape_with(scrapes, n, k) is not None]) for n in names}
    print("median T0 -> first scrape carrying the flip: " + ", ".join(f"{n} {v:.2f} s" for n, v in scrape_gaps.items()))
    if "warden" in figures:
        worst = max(percentile(figures["warden"][kind][0], 99) for kind in ("email", "webhook"))
        missing = sum(figures["warden"][kind][2] for kind in ("email", "webhook"))
        verdict = "meets" if worst <= goal and missing == 0 else "does NOT meet"
        print(f"Warden's p99 (T0 -> delivery, worse of e-mail and webhook) is {worst:.2f} s: {verdict} the goal "
              f"<= evaluation interval + group_wait + 1 s = {goal:g} s" + (f" ({missing} deliveries missing)" if missing else ""))
        if both:
            theirs = max(percentile(figures["prometheus"][kind][0], 99) for kind in ("email", "webhook"))
            print(f"Prometheus + Alertmanager's p99 is {theirs:.2f} s: Warden is "
                  + ("below" if worst < theirs else "NOT below") + " theirs")


def main():
    if len(sys.argv) < 8 or sys.argv[1] != "run":
        sys.exit(__doc__)
    exporter_port, smtp_port, webhook_port, rounds = (int(a) for a in sys.argv[2:6])
    interval, group_wait = float(sys.argv[6]), float(sys.argv[7])
    systems = [tuple(spec.split("=", 1)) for spec in sys.argv[8:]]
    for name, _ in systems:
        if name not in DELIVERY_NAME:
            sys.exit(f"unknown system {name}")
    run(exporter_port, smtp_port, webhook_port, rounds, interval, group_wait, systems)


if __name__ == "__main__":
    main()
