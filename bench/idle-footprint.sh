#!/usr/bin/env bash
# idle-footprint.sh: the idle cost of Warden's host collector against node_exporter's.
#
# What it measures, on one machine, in one run:
#   * `warden serve` (release binary) with its built-in host collector scraped once a second over
#     HTTP (GET /metrics/host), and
#   * `prometheus-node-exporter --no-collector.systemd` scraped once a second (GET /metrics),
#   both running side by side for DURATION seconds. One small python3 process scrapes each system
#   once a second over a keep-alive connection (uncompressed, as `Accept-Encoding: identity`),
#   times every scrape on the client side, and samples each server's RSS (VmRSS in
#   /proc/PID/status) every second; CPU time (utime+stime in /proc/PID/stat) is read at the start
#   and at the end of the run. It then runs a scrape-only burst: SCRAPES sequential `curl` requests
#   (a new connection each) against each system in turn, and reports the mean client-side latency
#   and the CPU the server burned for them.
#   It prints, per system: RSS at start (after one readiness scrape), mean, max and peak (VmHWM)
#   RSS, CPU seconds used, CPU % of one core, mean and p95 scrape latency, bytes and samples per
#   scrape, the burst figures, and the ratios Warden / node_exporter; plus the command line and
#   the machine. CPU is counted in clock ticks (10 ms), so short runs are coarse: use DURATION>=60.
#
# How to run it (from the package root):
#   swift build -c release --product warden
#   bench/idle-footprint.sh                               # 60 s run
#   DURATION=5 WARDEN_BIN=.build-bench-release/release/warden bench/idle-footprint.sh
#
# Environment:
#   WARDEN_BIN          warden binary            (default .build/release/warden)
#   NODE_EXPORTER_BIN   node_exporter binary     (default prometheus-node-exporter on PATH)
#   DURATION            side-by-side run, seconds (default 60)
#   SCRAPES             scrapes per system in the scrape-only burst (default 200)
#
# Only loopback traffic (127.0.0.1, free ports chosen by binding port 0). Both servers are stopped
# by PID on exit, error or Ctrl-C; temporary directories are removed. Every step has a time limit.
set -euo pipefail

WARDEN_BIN=${WARDEN_BIN:-.build/release/warden}
NODE_EXPORTER_BIN=${NODE_EXPORTER_BIN:-prometheus-node-exporter}
DURATION=${DURATION:-60}
SCRAPES=${SCRAPES:-200}
STARTUP_TIMEOUT=30   # seconds to wait for each server to answer
REQUEST_TIMEOUT=10   # seconds per HTTP request

die() { echo "idle-footprint: error: $*" >&2; exit 1; }

[[ $DURATION =~ ^[1-9][0-9]*$ ]] || die "DURATION must be a positive integer (seconds), got '$DURATION'"
[[ $SCRAPES =~ ^[1-9][0-9]*$ ]] || die "SCRAPES must be a positive integer, got '$SCRAPES'"
for tool in python3 curl getconf; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required but not found on PATH"
done
[[ -f $WARDEN_BIN && -x $WARDEN_BIN ]] ||
  die "warden binary not found or not executable: '$WARDEN_BIN' (build it with 'swift build -c release --product warden' or set WARDEN_BIN)"
NODE_EXPORTER_PATH=$(command -v "$NODE_EXPORTER_BIN" 2>/dev/null) ||
  die "node_exporter binary not found: '$NODE_EXPORTER_BIN' (apt-get install prometheus-node-exporter, or set NODE_EXPORTER_BIN)"
[[ -r /proc/self/status ]] || die "/proc is required (Linux only)"

CLK_TCK=$(getconf CLK_TCK)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/idle-footprint.XXXXXX")
DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/idle-footprint-data.XXXXXX")
WARDEN_PID="" NODE_PID="" MON_PID=""

stop_pid() { # stop_pid PID: TERM, wait up to 5 s, then KILL
  local pid=$1 i
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$MON_PID"
  stop_pid "$WARDEN_PID"
  stop_pid "$NODE_PID"
  rm -rf -- "$WORK" "$DATA_DIR"
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "idle-footprint: interrupted" >&2; exit 130' INT
trap 'echo "idle-footprint: terminated" >&2; exit 143' TERM

# Two distinct free loopback ports (both sockets held open at once so they differ).
read -r WARDEN_PORT NODE_PORT < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))
for x in s: x.close()')

WARDEN_CMD=("$WARDEN_BIN" serve --listen "127.0.0.1:$WARDEN_PORT" --data-dir "$DATA_DIR")
NODE_CMD=("$NODE_EXPORTER_PATH" "--web.listen-address=127.0.0.1:$NODE_PORT" --no-collector.systemd)
WARDEN_URL="http://127.0.0.1:$WARDEN_PORT/metrics/host"
NODE_URL="http://127.0.0.1:$NODE_PORT/metrics"

"${WARDEN_CMD[@]}" >"$WORK/warden.log" 2>&1 &
WARDEN_PID=$!
"${NODE_CMD[@]}" >"$WORK/node_exporter.log" 2>&1 &
NODE_PID=$!

wait_ready() { # wait_ready NAME PID URL LOG
  local name=$1 pid=$2 url=$3 log=$4 deadline=$((SECONDS + STARTUP_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "idle-footprint: $name exited during startup; last lines of its log:" >&2
      tail -n 20 "$log" >&2 || true
      die "$name did not start"
    fi
    if curl -fsS --max-time 2 -o /dev/null "$url" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  tail -n 20 "$log" >&2 || true
  die "$name did not answer $url within ${STARTUP_TIMEOUT}s"
}
wait_ready warden "$WARDEN_PID" "$WARDEN_URL" "$WORK/warden.log"
wait_ready node_exporter "$NODE_PID" "$NODE_URL" "$WORK/node_exporter.log"
sleep 1 # let both settle after their first scrape

# ---- Phase 1: side by side for DURATION seconds, each scraped once a second. ----
echo "idle-footprint: running both side by side for ${DURATION}s (warden pid $WARDEN_PID, node_exporter pid $NODE_PID) ..." >&2
timeout --signal=TERM "$((DURATION + 60))" python3 - "$WARDEN_PID" "$WARDEN_PORT" "$NODE_PID" "$NODE_PORT" \
  "$DURATION" "$REQUEST_TIMEOUT" "$CLK_TCK" "$WORK/idle.json" <<'PY' &
import http.client, json, os, sys, time

wpid, wport, npid, nport, duration, req_timeout, clk_tck, out = sys.argv[1:]
duration, req_timeout, clk_tck = int(duration), float(req_timeout), int(clk_tck)
systems = [
    {"name": "warden", "pid": int(wpid), "port": int(wport), "path": "/metrics/host"},
    {"name": "node_exporter", "pid": int(npid), "port": int(nport), "path": "/metrics"},
]

def status_kb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{key} not found for pid {pid}")

def private_kb(pid):
    # Memory only this process holds (anonymous and dirty pages), from smaps_rollup: the part of
    # RSS that shared libraries and the page cache do not explain.
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Private_Dirty:"):
                return int(line.split()[1])
    return 0

def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime (fields 14, 15)

def scrape(s):
    for attempt in (0, 1):
        try:
            t0 = time.perf_counter()
            s["conn"].request("GET", s["path"])  # http.client sends Accept-Encoding: identity
            r = s["conn"].getresponse()
            body = r.read()
            dt = time.perf_counter() - t0
            if r.status != 200:
                raise RuntimeError(f"{s['name']}: HTTP {r.status}")
            samples = sum(1 for l in body.splitlines() if l and not l.startswith(b"#"))
            return dt, len(body), samples
        except (ConnectionError, http.client.RemoteDisconnected, http.client.CannotSendRequest,
                http.client.ResponseNotReady):
            s["conn"].close()
            s["reconnects"] += 1
            if attempt:
                raise

for s in systems:
    s.update(conn=http.client.HTTPConnection("127.0.0.1", s["port"], timeout=req_timeout),
             rss=[], lat=[], size=[], samples=[], reconnects=0)
    s["rss_start"] = status_kb(s["pid"], "VmRSS")
    s["ticks_start"] = cpu_ticks(s["pid"])
t_start = time.monotonic()

for i in range(duration):
    target = t_start + i
    now = time.monotonic()
    if target > now:
        time.sleep(target - now)
    order = systems if i % 2 == 0 else systems[::-1]  # alternate who goes first
    for s in order:
        dt, n, k = scrape(s)
        s["lat"].append(dt)
        s["size"].append(n)
        s["samples"].append(k)
    for s in systems:
        s["rss"].append(status_kb(s["pid"], "VmRSS"))

# Wait out the last second so the run covers DURATION seconds of wall time.
end = t_start + duration
now = time.monotonic()
if end > now:
    time.sleep(end - now)
wall = time.monotonic() - t_start
result = {"wall": wall, "clk_tck": clk_tck, "systems": {}}
for s in systems:
    ticks = cpu_ticks(s["pid"]) - s["ticks_start"]
    result["systems"][s["name"]] = {
        "rss_start_kb": s["rss_start"], "rss_kb": s["rss"], "hwm_kb": status_kb(s["pid"], "VmHWM"), "private_kb": private_kb(s["pid"]),
        "cpu_s": ticks / clk_tck, "lat_s": s["lat"], "bytes": s["size"], "samples": s["samples"], "reconnects": s["reconnects"],
    }
    s["conn"].close()
with open(out, "w") as f:
    json.dump(result, f)
PY
MON_PID=$!
wait "$MON_PID" || die "the side-by-side monitor failed (exit $?)"
MON_PID=""
for pid in "$WARDEN_PID" "$NODE_PID"; do
  kill -0 "$pid" 2>/dev/null || die "a server (pid $pid) died during the run"
done

# ---- Phase 2: scrape-only burst, SCRAPES sequential curl requests per system, one at a time. ----
cpu_ticks() { # cpu_ticks PID: utime+stime in clock ticks
  local stat rest f
  stat=$(<"/proc/$1/stat")
  rest=${stat##*) }
  read -ra f <<<"$rest"
  echo $((f[11] + f[12]))
}
burst() { # burst NAME PID URL
  local name=$1 pid=$2 url=$3 t0 t1 i
  echo "idle-footprint: scrape-only burst: $SCRAPES x curl $url ..." >&2
  t0=$(cpu_ticks "$pid")
  for ((i = 0; i < SCRAPES; i++)); do
    curl -fsS --max-time "$REQUEST_TIMEOUT" -o /dev/null -w '%{time_total} %{size_download}\n' "$url" ||
      die "curl failed against $name ($url)"
  done >"$WORK/burst-$name.txt"
  t1=$(cpu_ticks "$pid")
  echo $((t1 - t0)) >"$WORK/burst-$name.ticks"
}
burst warden "$WARDEN_PID" "$WARDEN_URL"
burst node_exporter "$NODE_PID" "$NODE_URL"

# ---- Report ----
WARDEN_VERSION=$("$WARDEN_BIN" version 2>/dev/null | head -n 1 || true)
NODE_VERSION=$("$NODE_EXPORTER_PATH" --version 2>&1 | head -n 1 || true)
CPU_MODEL=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
MEM_TOTAL=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)

echo
echo "== idle footprint: warden host collector vs node_exporter =="
printf 'command:   WARDEN_BIN=%q NODE_EXPORTER_BIN=%q DURATION=%s SCRAPES=%s %q' \
  "$WARDEN_BIN" "$NODE_EXPORTER_BIN" "$DURATION" "$SCRAPES" "$0"
(($# == 0)) || printf ' %q' "$@"
echo
echo "warden:    ${WARDEN_CMD[*]}   [$WARDEN_VERSION]"
echo "           scraped: GET $WARDEN_URL"
echo "node_exp.: ${NODE_CMD[*]}   [$NODE_VERSION]"
echo "           scraped: GET $NODE_URL"
echo "machine:   nproc=$(nproc), kernel $(uname -sr) $(uname -m), ${CPU_MODEL:-unknown cpu}, $MEM_TOTAL RAM"
echo "date:      $(date -u +%Y-%m-%dT%H:%M:%SZ); load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

python3 - "$WORK" "$SCRAPES" <<'PY'
import json, statistics, sys

work, scrapes = sys.argv[1], int(sys.argv[2])
r = json.load(open(f"{work}/idle.json"))
wall, clk = r["wall"], r["clk_tck"]
names = ["warden", "node_exporter"]

def p95(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]

rows = []  # (label, {name: value}, format)
S = r["systems"]
mib = lambda kb: kb / 1024
rows.append((f"side by side, {wall:.0f} s, 1 scrape/s", None, None))
rows.append(("RSS at start (MiB)", {n: mib(S[n]["rss_start_kb"]) for n in names}, "{:.1f}"))
rows.append(("RSS mean (MiB)", {n: mib(statistics.mean(S[n]["rss_kb"])) for n in names}, "{:.1f}"))
rows.append(("RSS max (MiB)", {n: mib(max(S[n]["rss_kb"])) for n in names}, "{:.1f}"))
rows.append(("RSS peak, VmHWM (MiB)", {n: mib(S[n]["hwm_kb"]) for n in names}, "{:.1f}"))
rows.append(("private dirty memory (MiB)", {n: mib(S[n]["private_kb"]) for n in names}, "{:.1f}"))
rows.append(("CPU used (s)", {n: S[n]["cpu_s"] for n in names}, "{:.2f}"))
rows.append(("CPU (% of one core)", {n: 100 * S[n]["cpu_s"] / wall for n in names}, "{:.2f}"))
rows.append(("scrape latency mean (ms)", {n: 1000 * statistics.mean(S[n]["lat_s"]) for n in names}, "{:.2f}"))
rows.append(("scrape latency p95 (ms)", {n: 1000 * p95(S[n]["lat_s"]) for n in names}, "{:.2f}"))
rows.append(("bytes per scrape", {n: statistics.mean(S[n]["bytes"]) for n in names}, "{:.0f}"))
rows.append(("samples per scrape", {n: statistics.mean(S[n]["samples"]) for n in names}, "{:.0f}"))
rows.append(("scrapes", {n: len(S[n]["lat_s"]) for n in names}, "{:d}"))

burst = {}
for n in names:
    lines = [l.split() for l in open(f"{work}/burst-{n}.txt") if l.strip()]
    ticks = int(open(f"{work}/burst-{n}.ticks").read())
    burst[n] = {"lat": [float(a) for a, _ in lines], "bytes": [int(float(b)) for _, b in lines],
                "cpu_s": ticks / clk}
rows.append((f"scrape-only burst, {scrapes} x curl (new connection each)", None, None))
rows.append(("latency mean (ms)", {n: 1000 * statistics.mean(burst[n]["lat"]) for n in names}, "{:.2f}"))
rows.append(("latency p95 (ms)", {n: 1000 * p95(burst[n]["lat"]) for n in names}, "{:.2f}"))
rows.append(("server CPU, total (s)", {n: burst[n]["cpu_s"] for n in names}, "{:.2f}"))
rows.append(("server CPU per scrape (ms)", {n: 1000 * burst[n]["cpu_s"] / len(burst[n]["lat"]) for n in names}, "{:.2f}"))
rows.append(("bytes per scrape", {n: statistics.mean(burst[n]["bytes"]) for n in names}, "{:.0f}"))

w0 = max(len(l) for l, v, _ in rows if v is not None) + 2
hdr = f"{'':<{w0}}{'warden':>12}{'node_exporter':>15}{'warden/node':>13}"
print(hdr)
print("-" * len(hdr))
for label, vals, fmt in rows:
    if vals is None:
        print(f"[{label}]")
        continue
    a, b = vals["warden"], vals["node_exporter"]
    ratio = f"{a / b:.2f}" if b else "n/a"
    print(f"{label:<{w0}}{fmt.format(a):>12}{fmt.format(b):>15}{ratio:>13}")
recon = {n: S[n]["reconnects"] for n in names}
if any(recon.values()):
    print(f"note: keep-alive reconnects during the run: {recon}")
print(f"CPU times come from /proc/PID/stat in clock ticks of {1000 / clk:.0f} ms.")
PY
