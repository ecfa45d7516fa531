#!/usr/bin/env python3
"""Query timing for bench/promql-compare.sh.

  time SPEC_FILE RUNS NAME=URL [NAME=URL ...]
      SPEC_FILE has one query per line: `instant|range <window> <step> <promql>` where window is
      how far back from END the query starts (e.g. 24h, 30d; instant uses END) and step a
      duration in seconds. Every query goes to every system RUNS times, systems interleaved within
      each round so machine noise hits all alike. Prints per query the median latency of each
      system, the series count each returned, the ratio of Warden to the fastest other, and at the
      end the geometric mean of those ratios. END comes from the environment (END_S, Unix seconds).
"""
import http.client
import json
import math
import os
import statistics
import sys
import time
import urllib.parse

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def seconds(text):
    return int(text[:-1]) * UNITS[text[-1]]


def ask(conn, path, params):
    body = urllib.parse.urlencode(params)
    start = time.perf_counter()
    conn.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})
    response = conn.getresponse()
    data = response.read()
    elapsed = time.perf_counter() - start
    if response.status != 200:
        return elapsed, f"HTTP {response.status}: {data[:200]!r}"
    result = json.loads(data)["data"]
    kind = result["resultType"]
    count = len(result["result"]) if kind in ("vector", "matrix") else 1
    points = sum(len(s.get("values", [])) for s in result["result"]) if kind == "matrix" else count
    return elapsed, f"{count} series/{points} pts"


def main():
    spec, runs, systems = sys.argv[1], int(sys.argv[2]), [a.split("=", 1) for a in sys.argv[3:]]
    end = int(os.environ["END_S"])
    conns = {}
    for name, url in systems:
        u = urllib.parse.urlparse(url)
        conns[name] = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
    ratios = []
    header = "| query | " + " | ".join(f"{n} ms" for n, _ in systems) + " | result (each) | Warden / fastest other |"
    print(header)
    print("|" + " --- |" * (len(systems) + 3))
    for line in open(spec):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        kind, window, step, query = line.split(" ", 3)
        if kind == "instant":
            path, params = "/api/v1/query", {"query": query, "time": str(end)}
            label = f"instant: {query}"
        else:
            path = "/api/v1/query_range"
            params = {"query": query, "start": str(end - seconds(window)), "end": str(end), "step": str(seconds(step))}
            label = f"{window} range, step {step}: {query}"
        times = {name: [] for name, _ in systems}
        answers = {}
        for name, _ in systems:  # warm-up, and the answer shape
            _, answers[name] = ask(conns[name], path, params)
        for _ in range(runs):
            for name, _ in systems:
                elapsed, _ = ask(conns[name], path, params)
                times[name].append(elapsed * 1000)
        medians = {name: statistics.median(t) for name, t in times.items()}
        others = [m for n, m in medians.items() if n != "warden"]
        ratio = medians["warden"] / min(others) if "warden" in medians and others else float("nan")
        if not math.isnan(ratio):
            ratios.append(ratio)
        cells = " | ".join(f"{medians[n]:.1f}" for n, _ in systems)
        shapes = "; ".join(f"{n}: {answers[n]}" for n, _ in systems)
        print(f"| `{label}` | {cells} | {shapes} | {ratio:.2f}x |", flush=True)
    if ratios:
        geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        print(f"\nWarden / fastest other, geometric mean over {len(ratios)} queries: {geo:.2f}x "
              f"(below 1 means Warden is faster); worst {max(ratios):.2f}x")


if __name__ == "__main__":
    main()
