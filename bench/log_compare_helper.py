#!/usr/bin/env python3
"""Query timing for bench/logs-compare.sh: Warden (Loki API), ClickHouse (HTTP), ripgrep.

  queries CORPUS_DIR RUNS [--warden URL] [--clickhouse URL] [--rg-raw DIR] [--rg-zstd DIR] [--limits 100,5000]
      Asks the five queries of the issue (needle, common word, regex, json + label filter, count by
      level per minute) of every system given, RUNS times, systems interleaved in each round so
      machine noise hits all alike, and prints a markdown table of median latencies with what each
      system returned (a wrong answer shows as a different count). Filter queries run in these modes:
        lines N   the newest N matching lines (query_range, direction=backward, limit=N;
                  ClickHouse ORDER BY ts_ms DESC LIMIT N; ripgrep has no equivalent: -)
        count     every match counted: sum(count_over_time(... [whole range])) as an instant query;
                  SELECT count(); `rg -c` (summed over files), which reads every byte
      ripgrep scans the files the stream selector covers ({job="nginx"} -> nginx.log, ...), raw and
      zstd-compressed (-z). The json query's ripgrep pattern relies on the generator's key order.
  summary RESULTS_TXT QUERIES_JSON CORES
      Prints the ingest and size tables and the issue's goals from logs-compare.sh's results.
  clickhouse-table
      Prints the CREATE TABLE statement of the ClickHouse side.
"""
import argparse
import http.client
import json
import math
import statistics
import subprocess
import sys
import time
import urllib.parse

SOURCES = ("syslog", "nginx", "app")
NEWLINE = b"\n"

CREATE_TABLE = (
    "CREATE TABLE logs (ts_ms UInt64, job String, host String, service String, line String) "
    "ENGINE = MergeTree() PARTITION BY toDate(toDateTime(intDiv(ts_ms, 1000))) ORDER BY (job, host, service, ts_ms)"
)


def query_set(manifest):
    """(name, LogQL selector+pipeline, ClickHouse WHERE, ripgrep args, files) for the filter queries."""
    needle = manifest["needle"]
    word = manifest["common_word"]
    over_500 = r'"level":"error".*"duration_ms":(50[1-9]|5[1-9][0-9]|[6-9][0-9]{2}|[1-9][0-9]{3,})[,}]'
    return [
        ("needle (request id)", f'{{job="nginx"}} |= "{needle}"',
         f"job = 'nginx' AND position(line, '{needle}') > 0", ["-F", needle], ["nginx"]),
        (f"common word \"{word}\"", f'{{job=~".+"}} |= "{word}"',
         f"position(line, '{word}') > 0", ["-F", word], list(SOURCES)),
        ("regex timeout\\|refused", '{job="app"} |~ "timeout|refused"',
         "job = 'app' AND match(line, 'timeout|refused')", ["timeout|refused"], ["app"]),
        ("json level=error, duration_ms>500", '{job="app"} | json | level="error" | duration_ms > 500',
         "job = 'app' AND visitParamExtractString(line, 'level') = 'error' AND visitParamExtractInt(line, 'duration_ms') > 500",
         [over_500], ["app"]),
    ]


class Warden:
    def __init__(self, url, manifest):
        u = urllib.parse.urlparse(url)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=900)
        self.start = manifest["start_ns"]
        self.end = manifest["end_ns"]
        # Instant queries at the end cover the whole range, with a minute to spare at the start.
        self.range = f"{(self.end - self.start) // 10**9 + 60}s"

    def _get(self, path, params):
        target = path + "?" + urllib.parse.urlencode(params)
        started = time.perf_counter()
        self.conn.request("GET", target)
        response = self.conn.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - started
        if response.status != 200:
            return elapsed, f"HTTP {response.status}: {body[:160]!r}"
        data = json.loads(body)["data"]
        kind, result = data["resultType"], data["result"]
        if kind == "streams":
            return elapsed, f"{sum(len(s['values']) for s in result)} lines"
        if kind == "vector":
            return elapsed, str(sum(int(float(s["value"][1])) for s in result)) if result else "0"
        if kind == "matrix":
            return elapsed, f"{len(result)} series/{sum(len(s['values']) for s in result)} pts"
        return elapsed, kind

    def lines(self, logql, limit):
        return self._get("/loki/api/v1/query_range", {
            "query": logql, "start": self.start, "end": self.end, "limit": limit, "direction": "backward"})

    def count(self, logql):
        return self._get("/loki/api/v1/query", {
            "query": f"sum(count_over_time({logql} [{self.range}]))", "time": self.end, "limit": 1})

    def per_minute(self):
        return self._get("/loki/api/v1/query_range", {
            "query": 'sum by (level) (count_over_time({job="app"} | json [1m]))',
            "start": self.start, "end": self.end, "step": "60s"})


class ClickHouse:
    def __init__(self, url):
        u = urllib.parse.urlparse(url)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=900)

    def _ask(self, sql):
        started = time.perf_counter()
        self.conn.request("POST", "/", sql.encode(), {"Content-Type": "text/plain"})
        response = self.conn.getresponse()
        body = response.read()
        return time.perf_counter() - started, response.status, body

    def lines(self, where, limit):
        elapsed, status, body = self._ask(f"SELECT ts_ms, line FROM logs WHERE {where} ORDER BY ts_ms DESC LIMIT {limit} FORMAT TabSeparated")
        return elapsed, (f"{body.count(NEWLINE)} lines" if status == 200 else f"HTTP {status}: {body[:160]!r}")

    def count(self, where):
        elapsed, status, body = self._ask(f"SELECT count() FROM logs WHERE {where} FORMAT TabSeparated")
        return elapsed, (body.decode().strip() if status == 200 else f"HTTP {status}: {body[:160]!r}")

    def per_minute(self):
        elapsed, status, body = self._ask(
            "SELECT intDiv(ts_ms, 60000) AS minute, visitParamExtractString(line, 'level') AS level, count() "
            "FROM logs WHERE job = 'app' GROUP BY minute, level FORMAT TabSeparated")
        if status != 200:
            return elapsed, f"HTTP {status}: {body[:160]!r}"
        rows = body.decode().splitlines()
        return elapsed, f"{len({r.split(chr(9))[1] for r in rows})} series/{len(rows)} pts"


class Ripgrep:
    def __init__(self, directory, compressed):
        self.directory = directory
        self.compressed = compressed

    def count(self, args, sources):
        suffix = ".log.zst" if self.compressed else ".log"
        files = [f"{self.directory}/{s}{suffix}" for s in sources]
        command = ["rg", "-c", "-H"] + (["-z"] if self.compressed else []) + args[:-1] + ["-e", args[-1]] + files
        started = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - started
        if done.returncode not in (0, 1):
            return elapsed, f"rg failed: {done.stderr[:160]!r}"
        return elapsed, str(sum(int(line.rsplit(b":", 1)[1]) for line in done.stdout.splitlines()))


def ms(seconds):
    return f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds * 1000:.0f}"


def main_queries(argv):
    p = argparse.ArgumentParser(prog="log_compare_helper.py queries")
    p.add_argument("corpus")
    p.add_argument("runs", type=int)
    p.add_argument("--warden")
    p.add_argument("--clickhouse")
    p.add_argument("--rg-raw")
    p.add_argument("--rg-zstd")
    p.add_argument("--limits", default="100,5000")
    p.add_argument("--json", help="also write the medians and results here, for `summary`")
    a = p.parse_args(argv)
    with open(f"{a.corpus}/manifest.json") as f:
        manifest = json.load(f)
    systems = []  # (column name, object)
    if a.warden:
        systems.append(("Warden", Warden(a.warden, manifest)))
    if a.clickhouse:
        systems.append(("ClickHouse", ClickHouse(a.clickhouse)))
    if a.rg_raw:
        systems.append(("rg raw", Ripgrep(a.rg_raw, False)))
    if a.rg_zstd:
        systems.append(("rg zstd", Ripgrep(a.rg_zstd, True)))
    limits = [int(x) for x in a.limits.split(",") if x]

    # Each row: label, then per system a callable or None (no equivalent).
    rows = []
    for name, logql, where, rg_args, files in query_set(manifest):
        for limit in limits:
            calls = []
            for column, system in systems:
                if isinstance(system, Warden):
                    calls.append(lambda s=system, q=logql, n=limit: s.lines(q, n))
                elif isinstance(system, ClickHouse):
                    calls.append(lambda s=system, w=where, n=limit: s.lines(w, n))
                else:
                    calls.append(None)
            rows.append((name, f"lines {limit}", calls))
        calls = []
        for column, system in systems:
            if isinstance(system, Warden):
                calls.append(lambda s=system, q=logql: s.count(q))
            elif isinstance(system, ClickHouse):
                calls.append(lambda s=system, w=where: s.count(w))
            else:
                calls.append(lambda s=system, r=rg_args, fs=files: s.count(r, fs))
        rows.append((name, "count", calls))
    calls = [((lambda s=system: s.per_minute()) if hasattr(system, "per_minute") else None) for _, system in systems]
    rows.append(("sum by (level) (count_over_time(json [1m]))", "24 h, step 1m", calls))

    names = [n for n, _ in systems]
    others = [n for n in names if n != "Warden"] if "Warden" in names else []
    print("| query | mode | " + " | ".join(f"{n} ms" for n in names) + " | result (" + " / ".join(names) + ") | "
          + "".join(f"{n} / Warden | " for n in others).rstrip())
    print("|" + " --- |" * (3 + len(names) + len(others)))
    recorded = []
    for label, mode, calls in rows:
        times = [[] for _ in calls]
        results = ["-" for _ in calls]
        for _ in range(a.runs):
            for i, call in enumerate(calls):
                if call is None:
                    continue
                elapsed, result = call()
                times[i].append(elapsed)
                results[i] = result
        medians = [statistics.median(t) if t else None for t in times]
        recorded.append({"query": label, "mode": mode, "systems": {
            n: {"ms": m * 1000, "result": r} for n, m, r in zip(names, medians, results) if m is not None}})
        cells = [ms(m) if m is not None else "-" for m in medians]
        ratios = []
        warden = medians[names.index("Warden")] if "Warden" in names else None
        for n, m in zip(names, medians):
            if n not in others:
                continue
            ratios.append(f"{m / warden:.2f}" if (m is not None and warden) else "-")
        print(f"| {label} | {mode} | " + " | ".join(cells) + " | " + (" / ".join(results) + " | " + "".join(f"{r} | " for r in ratios)).rstrip(),
              flush=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(recorded, f, indent=1)


def read_results(path):
    """`name key=value ...` lines -> {name: {key: value}}."""
    rows = {}
    with open(path) as f:
        for line in f:
            name, *pairs = line.split()
            rows[name] = dict(p.split("=", 1) for p in pairs if "=" in p)
    return rows


def main_summary(argv):
    results, queries_path, cores = read_results(argv[0]), argv[1], int(argv[2])
    try:
        with open(queries_path) as f:
            queries = json.load(f)
    except FileNotFoundError:
        queries = []
    raw = int(results["raw"]["bytes"])
    lines = int(results["raw"]["lines"])
    print(f"Corpus: {lines} lines, {raw / 1e6:.0f} MB raw; {cores} cores.")
    print()
    print("| ingest | lines | raw MB | seconds | MB/s | MB/s per core | lines/s |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    ingest = {}

    def ingest_row(label, key, count, size, seconds):
        ingest[key] = size / 1e6 / seconds
        print(f"| {label} | {count} | {size / 1e6:.0f} | {seconds:.1f} | {size / 1e6 / seconds:.1f} | "
              f"{size / 1e6 / seconds / cores:.1f} | {count / seconds:.0f} |")

    if "warden_push" in results:
        r = results["warden_push"]
        ingest_row(f"Warden, Loki push (protobuf+snappy, {r['concurrency']} connections)", "push",
                   int(r["lines"]), int(r["line_bytes"]), float(r["send_s"]))
    if "warden_syslog" in results:
        r = results["warden_syslog"]
        ingest_row(f"Warden, syslog TCP (RFC 5424 octet counting, {r['connections']} connections, until counted)", "syslog",
                   int(r["lines"]), int(r["line_bytes"]), float(r["stored_s"]))
    if "clickhouse_insert" in results:
        r = results["clickhouse_insert"]
        ingest_row("ClickHouse, clickhouse-client INSERT FORMAT TabSeparated", "clickhouse",
                   int(r["lines"]), raw, float(r["seconds"]))
        print(f"| ClickHouse, the same + OPTIMIZE TABLE FINAL | {r['lines']} | {raw / 1e6:.0f} | "
              f"{float(r['seconds']) + float(r['optimize_s']):.1f} | "
              f"{raw / 1e6 / (float(r['seconds']) + float(r['optimize_s'])):.1f} | - | - |")
    print()
    print("| on disk | bytes | raw / bytes |")
    print("| --- | --- | --- |")
    sizes = [("raw files", raw), ("zstd -3 files", int(results["zstd"]["bytes"]))]
    if "warden" in results:
        sizes.append(("Warden logs/ (after a restart)", int(results["warden"]["bytes"])))
    if "clickhouse" in results:
        sizes.append(("ClickHouse active parts (after OPTIMIZE FINAL)", int(results["clickhouse"]["bytes"])))
    for label, size in sizes:
        print(f"| {label} | {size} | {raw / size:.2f} |")
    print()

    def median(query_prefix, mode, system):
        for row in queries:
            if row["query"].startswith(query_prefix) and row["mode"] == mode and system in row["systems"]:
                return row["systems"][system]["ms"]
        return None

    print("Goals of issue 6:")
    if "push" in ingest:
        print(f"- ingest >= 50 MB/s per core: Loki push {ingest['push'] / cores:.1f} MB/s per core"
              + (f", syslog TCP {ingest['syslog'] / cores:.1f}" if "syslog" in ingest else "")
              + (" (met)" if ingest["push"] / cores >= 50 else " (not met)"))
    if "warden" in results:
        ratio = raw / int(results["warden"]["bytes"])
        print(f"- compression >= 12x: {ratio:.2f}x" + (" (met)" if ratio >= 12 else " (not met)"))
    first_limit = next((row["mode"] for row in queries if row["mode"].startswith("lines")), None)
    warden_lines = median("needle", first_limit, "Warden") if first_limit else None
    warden_count = median("needle", "count", "Warden")
    rg_count = median("needle", "count", "rg raw")
    if rg_count and (warden_lines or warden_count):
        parts = []
        if warden_lines:
            parts.append(f"{rg_count / warden_lines:.1f}x ({first_limit})")
        if warden_count:
            parts.append(f"{rg_count / warden_count:.1f}x (count)")
        best = max(rg_count / w for w in (warden_lines, warden_count) if w)
        print(f"- needle >= 5x faster than ripgrep on the raw file ({rg_count:.1f} ms): " + ", ".join(parts)
              + (" (met)" if best >= 5 else " (not met)"))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    if sys.argv[1] == "queries":
        main_queries(sys.argv[2:])
    elif sys.argv[1] == "summary":
        main_summary(sys.argv[2:])
    elif sys.argv[1] == "clickhouse-table":
        print(CREATE_TABLE)
    else:
        sys.exit(__doc__)
