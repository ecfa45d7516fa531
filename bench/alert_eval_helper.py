#!/usr/bin/env python3
"""Rule evaluation cost, for bench/alert-eval-compare.sh.

  rules FILE GROUPS RULES_PER_GROUP
      write a Prometheus rule file: GROUPS groups of RULES_PER_GROUP rules, 40% recording rules
      (sum/avg/max/quantile by labels, rate ratios) and 60% alerting rules (thresholds on raw and
      recorded series, a join, absent, increase; templated annotations), about 500 alerts firing.
  run EXPORTER_PORT INTERVAL BASELINE WINDOW CYCLES NAME=URL=PID=ACTIVE_CONFIG=RULES_CONFIG ...
      serve the 10,000 series on EXPORTER_PORT; once every system has scraped, measure each
      process's CPU for BASELINE seconds (scraping only), then copy RULES_CONFIG over
      ACTIVE_CONFIG and POST /-/reload to every system, wait 3 intervals, measure CPU for WINDOW
      seconds without touching the APIs, then poll /api/v1/rules for CYCLES evaluation cycles and
      sum the groups' evaluationTime per cycle. Prints a markdown table and the ratios.

The data: bench_value{host="i0".."i99", shard="s0".."s49"} (5,000 gauges, values 0..100 fixed
per series with a small wobble, about 10% above 90) and bench_requests_total{host, shard="s0"..
"s24", code="200"|"500"} (5,000 counters growing at 1..20/s, errors 0..9% of that per host).
The label is `host`, not `instance`: scrapers set `instance` to the target.
"""
import os
import shutil
import sys
import time
import zlib

from alert_common import Exporter, cpu_seconds, get_json, median, percentile, post

INSTANCES = 100
GAUGE_SHARDS = 50
COUNTER_SHARDS = 25


def _hash(*parts):
    return zlib.crc32("/".join(parts).encode())


def make_page_function():
    start = time.time()
    gauges = []
    for i in range(INSTANCES):
        for s in range(GAUGE_SHARDS):
            labels = f'host="i{i}",shard="s{s}"'
            gauges.append((labels, _hash("v", str(i), str(s)) % 100, (_hash("p", str(i), str(s)) % 628) / 100))
    counters = []
    for i in range(INSTANCES):
        error_share = (_hash("e", str(i)) % 10) / 100
        for s in range(COUNTER_SHARDS):
            per_second = 1 + _hash("r", str(i), str(s)) % 20
            counters.append((f'host="i{i}",shard="s{s}",code="200"', per_second * (1 - error_share)))
            counters.append((f'host="i{i}",shard="s{s}",code="500"', per_second * error_share))
    cache = {}

    def page(now):
        second = int(now)
        if second not in cache:
            import math

            elapsed = second - start
            lines = ["# TYPE bench_value gauge"]
            lines += [f"bench_value{{{labels}}} {base + 2 * math.sin(elapsed / 30 + phase):.3f}" for labels, base, phase in gauges]
            lines.append("# TYPE bench_requests_total counter")
            lines += [f"bench_requests_total{{{labels}}} {rate * elapsed:.1f}" for labels, rate in counters]
            cache.clear()
            cache[second] = "\n".join(lines) + "\n"
        return cache[second], None

    return page


def write_rules(path, groups, per_group):
    """Per group g: instances [10g, 10g+10) and shards [5g, 5g+5) (cycling when there are more
    groups), 40% recording and 60% alerting rules, kinds in turn so every size gets the mix."""
    recording = [
        ("host_code:bench_requests:rate1m",
         'sum by (host, code) (rate(bench_requests_total{{host="{i}"}}[1m]))'),
        ("host:bench_errors:ratio_rate1m",
         'sum by (host) (rate(bench_requests_total{{host="{i}",code="500"}}[1m]))'
         ' / sum by (host) (rate(bench_requests_total{{host="{i}"}}[1m]))'),
        ("host:bench_value:quantile90", 'quantile by (host) (0.9, bench_value{{host="{i}"}})'),
        ("shard:bench_value:avg", 'avg by (shard) (bench_value{{shard="{s}"}})'),
        ("shard:bench_value:max", 'max by (shard) (bench_value{{shard="{s}"}})'),
    ]
    alerting = [
        ("BenchValueHigh", 'bench_value{{host="{i}"}} > 90', "0s",
         "{{{{ $labels.host }}}}/{{{{ $labels.shard }}}} is at {{{{ $value | humanize }}}}"),
        ("BenchErrorRatioHigh", 'host:bench_errors:ratio_rate1m{{host="{i}"}} > 0.05', "1m",
         "{{{{ $labels.host }}}} fails {{{{ $value | humanizePercentage }}}} of requests"),
        ("BenchRequestRateLow", 'sum by (host) (rate(bench_requests_total{{host="{i}"}}[5m])) < 1', "5m",
         "{{{{ $labels.host }}}} serves {{{{ $value | printf \"%.2f\" }}}} req/s"),
        ("BenchShardSkew",
         'abs(bench_value{{host="{i}"}} - on (shard) group_left shard:bench_value:avg) > 45', "0s",
         "{{{{ $labels.host }}}} is {{{{ $value | humanize }}}} off the shard mean"),
        ("BenchValueAbsent", 'absent(bench_value{{host="{i}",shard="s0"}})', "1m",
         "no bench_value from {i}"),
        ("BenchCounterStalled", 'increase(bench_requests_total{{host="{i}",code="200"}}[2m]) == 0', "2m",
         "{{{{ $labels.host }}}}/{{{{ $labels.shard }}}} stopped counting"),
    ]
    n_record = per_group * 2 // 5
    lines = ["groups:"]
    used = set()
    for g in range(groups):
        lines.append(f"  - name: bench-{g:03d}")
        lines.append("    rules:")
        instances = [f"i{(10 * g + k) % INSTANCES}" for k in range(10)]
        shards = [f"s{(5 * g + k) % GAUGE_SHARDS}" for k in range(5)]
        # One rule per (kind, instance or shard); a selector used twice gets a record name of
        # its own, so no two rules write the same series.
        made = 0
        for k in range(n_record):
            record, expr = recording[k % len(recording)]
            turn = k // len(recording)
            text = expr.format(i=instances[turn % 10], s=shards[turn % 5])
            if (record, text) in used:
                record = f"{record}_g{g}_{k}"
            used.add((record, text))
            lines.append(f"      - record: {record}")
            lines.append(f"        expr: '{text}'")
            lines.append(f"        labels: {{rule: r{g}-{k}}}")
            made += 1
        for k in range(per_group - made):
            name, expr, for_, summary = alerting[k % len(alerting)]
            i = instances[(k // len(alerting)) % 10]
            lines.append(f"      - alert: {name}")
            lines.append(f"        expr: '{expr.format(i=i)}'")
            lines.append(f"        for: {for_}")
            lines.append("        labels: {severity: " + ("page" if k % 3 == 0 else "ticket") + f", rule: r{g}-a{k}" + "}")
            lines.append("        annotations:")
            lines.append(f"          summary: '{summary.format(i=i)}'")
            lines.append("          runbook_url: 'https://runbooks.example/{{ $labels.alertname }}'")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def rules_status(url):
    groups = get_json(url + "/api/v1/rules", timeout=60)["data"]["groups"]
    return groups


def count_rules(groups):
    return sum(len(g["rules"]) for g in groups)


def run(exporter_port, interval, baseline, window, cycles, systems):
    exporter = Exporter(exporter_port, make_page_function())
    names = [s[0] for s in systems]
    print(f"== exporter on 127.0.0.1:{exporter_port}: 10,000 series; systems: {', '.join(names)}", flush=True)
    deadline = time.time() + 4 * interval + 60
    while time.time() < deadline:
        seen = {system for _, system, _ in exporter.scrapes_since(0)}
        if all(n in seen for n in names):
            break
        time.sleep(1)
    else:
        sys.exit(f"not every system scraped the exporter: saw {sorted(seen)}")
    time.sleep(2 * interval)

    def cpu_all():
        return {name: cpu_seconds(pid) for name, _, pid, _, _ in systems}

    print(f"== baseline: {baseline} s scraping only", flush=True)
    before = cpu_all()
    time.sleep(baseline)
    after = cpu_all()
    baseline_rate = {n: (after[n] - before[n]) / baseline for n in names}

    print("== loading the rules (copy config, POST /-/reload)", flush=True)
    for name, url, _, active, with_rules in systems:
        shutil.copyfile(with_rules, active + ".tmp")
        os.replace(active + ".tmp", active)
        status, body = post(url + "/-/reload", b"")
        if status // 100 != 2:
            sys.exit(f"{name}: reload failed: {status} {body[:300]!r}")
    time.sleep(3 * interval)
    loaded = {}
    for name, url, _, _, _ in systems:
        loaded[name] = count_rules(rules_status(url))
        print(f"   {name}: {loaded[name]} rules loaded", flush=True)
        if loaded[name] == 0:
            sys.exit(f"{name} shows no rules after the reload")

    print(f"== CPU window: {window} s with rules, no API calls", flush=True)
    before = cpu_all()
    time.sleep(window)
    after = cpu_all()
    rules_rate = {n: (after[n] - before[n]) / window for n in names}

    print(f"== evaluation times: polling /api/v1/rules for {cycles} cycles", flush=True)
    evaluations = {n: {} for n in names}  # name -> group -> {lastEvaluation: seconds}
    last_groups = {}
    end = time.time() + cycles * interval + interval
    while time.time() < end:
        for name, url, _, _, _ in systems:
            groups = rules_status(url)
            last_groups[name] = groups
            for g in groups:
                if g.get("lastEvaluation") and not g["lastEvaluation"].startswith("0001"):
                    evaluations[name].setdefault(g["name"], {})[g["lastEvaluation"]] = g["evaluationTime"]
        time.sleep(interval / 3)

    results = {}
    for name, url, _, _, _ in systems:
        per_group = [sorted(v.items()) for v in evaluations[name].values()]
        complete = min((len(v) for v in per_group), default=0)
        totals = [sum(v[k][1] for v in per_group) for k in range(complete)]
        groups = last_groups[name]
        rules = [r for g in groups for r in g["rules"]]
        firing = sum(1 for r in rules if r.get("type") == "alerting" for a in r.get("alerts", []) if a.get("state") == "firing")
        not_ok = [r for r in rules if r.get("health") != "ok"]
        recorded = get_json(url + "/api/v1/query?query=" + "count(%7B__name__%3D~%22.%2B%3A.%2B%22%7D)")["data"]["result"]
        results[name] = {
            "cycles": len(totals),
            "eval_median_ms": median(totals) * 1000,
            "eval_p90_ms": percentile(totals, 90) * 1000,
            "eval_max_ms": max(totals, default=float("nan")) * 1000,
            "cpu_baseline_ms_s": baseline_rate[name] * 1000,
            "cpu_rules_ms_s": rules_rate[name] * 1000,
            "cpu_per_cycle_ms": (rules_rate[name] - baseline_rate[name]) * interval * 1000,
            "rules": len(rules),
            "groups": len(groups),
            "firing": firing,
            "not_ok": len(not_ok),
            "recorded_series": int(float(recorded[0]["value"][1])) if recorded else 0,
            "first_error": (not_ok[0].get("lastError") or not_ok[0].get("health")) if not_ok else "",
        }
    print_table(names, results, interval)


def print_table(names, results, interval):
    rows = [
        ("groups / rules loaded", lambda r: f"{r['groups']} / {r['rules']}", None),
        ("cycles measured", lambda r: str(r["cycles"]), None),
        ("evaluation time per cycle, sum of groups, median (ms)", lambda r: f"{r['eval_median_ms']:.1f}", "eval_median_ms"),
        ("evaluation time per cycle, p90 (ms)", lambda r: f"{r['eval_p90_ms']:.1f}", "eval_p90_ms"),
        ("evaluation time per cycle, max (ms)", lambda r: f"{r['eval_max_ms']:.1f}", "eval_max_ms"),
        ("CPU, scraping only (ms per s)", lambda r: f"{r['cpu_baseline_ms_s']:.1f}", "cpu_baseline_ms_s"),
        ("CPU, scraping + rules (ms per s)", lambda r: f"{r['cpu_rules_ms_s']:.1f}", "cpu_rules_ms_s"),
        (f"CPU for the rules per {interval:g} s cycle (ms)", lambda r: f"{r['cpu_per_cycle_ms']:.0f}", "cpu_per_cycle_ms"),
        ("alerts firing (last poll)", lambda r: str(r["firing"]), None),
        ("recorded series (count of name:with:colons)", lambda r: str(r["recorded_series"]), None),
        ("rules with health != ok", lambda r: str(r["not_ok"]), None),
    ]
    ratio = "warden" in results and "prometheus" in results
    print()
    print("| | " + " | ".join(names) + (" | Warden / Prometheus |" if ratio else " |"))
    print("| --- |" + " --- |" * (len(names) + (1 if ratio else 0)))
    for label, cell, key in rows:
        line = f"| {label} | " + " | ".join(cell(results[n]) for n in names) + " |"
        if ratio:
            w, p = (results["warden"][key], results["prometheus"][key]) if key else (None, None)
            line += f" {w / p:.2f} |" if key and p else " |"
        print(line)
    for n in names:
        if results[n]["first_error"]:
            print(f"\n{n}: first rule error: {results[n]['first_error']}")


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "rules":
        write_rules(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif command == "run":
        port, interval, baseline, window, cycles = sys.argv[2:7]
        systems = []
        for spec in sys.argv[7:]:
            name, url, pid, active, with_rules = spec.split("=", 4)
            systems.append((name, url, int(pid), active, with_rules))
        run(int(port), float(interval), float(baseline), float(window), int(cycles), systems)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
