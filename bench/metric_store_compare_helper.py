#!/usr/bin/env python3
"""Helpers for bench/metric-store-compare.sh.

  free-port                         print a free loopback TCP port
  wait-http URL SECONDS             wait until URL answers 2xx
  vm-import URL FILE CHUNK_BYTES    POST FILE to URL in chunks cut at line ends (keep-alive); prints seconds
  get URL                           GET, print body
  proc PID                          print "rss_kib=.. hwm_kib=.." of a process
  cpu PID                           print the process's CPU time so far (utime + stime), in seconds
  idle PID SECONDS                  wait until the process used under 5% of a core for 3 s (its
                                    background work after a load is done); prints seconds waited
  table RESULTS_FILE                print the comparison table from key=value lines
"""
import http.client
import os
import socket
import sys
import time
import urllib.parse
import urllib.request


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
    s.close()


def wait_http(url, seconds):
    deadline = time.time() + float(seconds)
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if 200 <= r.status < 300:
                    return
        except Exception:
            time.sleep(0.2)
    sys.exit(f"{url} did not answer within {seconds} s")


def vm_import(url, path, chunk_bytes):
    u = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=300)
    chunk_bytes = int(chunk_bytes)
    start = time.monotonic()
    sent = 0
    with open(path, "rb") as f:
        tail = b""
        while True:
            block = f.read(chunk_bytes)
            if not block and not tail:
                break
            data = tail + block
            if block:
                cut = data.rfind(b"\n") + 1
                data, tail = data[:cut], data[cut:]
            else:
                tail = b""
            if not data:
                continue
            conn.request("POST", u.path, body=data, headers={"Content-Type": "text/plain"})
            r = conn.getresponse()
            body = r.read()
            if r.status // 100 != 2:
                sys.exit(f"import failed: {r.status} {body[:300]!r}")
            sent += len(data)
    print(f"{time.monotonic() - start:.3f}")


def get(url):
    with urllib.request.urlopen(url, timeout=600) as r:
        sys.stdout.write(r.read().decode())


def proc(pid):
    vals = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                vals[k] = int(v.split()[0])
    print(f"rss_kib={vals['VmRSS']} hwm_kib={vals['VmHWM']}")


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks


def cpu(pid):
    print(f"{cpu_ticks(pid) / os.sysconf('SC_CLK_TCK'):.2f}")


def idle(pid, seconds):
    hz = os.sysconf("SC_CLK_TCK")
    start = time.monotonic()
    while time.monotonic() - start < float(seconds):
        before = cpu_ticks(pid)
        time.sleep(3)
        if (cpu_ticks(pid) - before) / hz < 0.15:
            print(f"{time.monotonic() - start:.0f}")
            return
    print(f"{time.monotonic() - start:.0f} (still busy)")


def table(path):
    rows = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            sysname, _, rest = line.partition(" ")
            d = rows.setdefault(sysname, {})
            for kv in rest.split():
                k, _, v = kv.partition("=")
                d[k] = v
    order = [s for s in ("warden", "victoriametrics", "prometheus") if s in rows]
    names = {"warden": "Warden", "victoriametrics": "VictoriaMetrics", "prometheus": "Prometheus (promtool)"}
    w = rows.get("warden", {})

    def num(d, k):
        try:
            return float(d[k])
        except (KeyError, ValueError):
            return None

    cols = [("samples", "samples", "{:,.0f}"), ("ingest_s", "ingest s", "{:.1f}"),
            ("samples_per_s", "samples/s", "{:,.0f}"), ("disk_bytes", "bytes on disk", "{:,.0f}"),
            ("bytes_per_sample", "bytes/sample", "{:.3f}"), ("peak_rss_mib", "peak RSS MiB", "{:.0f}")]
    print("| system | " + " | ".join(c[1] for c in cols) + " |")
    print("|---" * (len(cols) + 1) + "|")
    for s in order:
        d = rows[s]
        cells = []
        for k, _, f in cols:
            v = num(d, k)
            cells.append("-" if v is None else f.format(v))
        print(f"| {names[s]} | " + " | ".join(cells) + " |")
    print()
    print("Ratios vs Warden (other / Warden):")
    print("| system | ingest s | samples/s | bytes on disk | peak RSS |")
    print("|---|---|---|---|---|")
    for s in order:
        if s == "warden":
            continue
        d = rows[s]
        cells = []
        for k in ("ingest_s", "samples_per_s", "disk_bytes", "peak_rss_mib"):
            a, b = num(d, k), num(w, k)
            cells.append("-" if a is None or not b else f"{a / b:.2f}")
        print(f"| {names[s]} | " + " | ".join(cells) + " |")
    print()
    for s in order:
        extra = {k: v for k, v in rows[s].items() if k not in {c[0] for c in cols}}
        if extra:
            print(f"{names[s]}: " + " ".join(f"{k}={v}" for k, v in extra.items()))


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"free-port": free_port, "wait-http": wait_http, "vm-import": vm_import, "get": get, "proc": proc, "cpu": cpu, "idle": idle,
     "table": table}[cmd](*args)
