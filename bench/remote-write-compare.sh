#!/usr/bin/env bash
# remote-write-compare.sh: end-to-end remote_write ingestion rate of Warden, VictoriaMetrics and
# Prometheus on the same machine and the same request bodies, one system after the other.
#
# What it does, in one run, for each of Warden (`warden serve`), VictoriaMetrics and Prometheus
# (`--web.enable-remote-write-receiver`):
#   1. starts it on a free loopback port with a fresh data directory and waits until it is ready;
#   2. runs `RemoteWriteLoad send` against its /api/v1/write: SERIES node_exporter-like series x
#      TIMESTAMPS samples at 15 s (ending now), PER_REQUEST samples per request, the same bytes for
#      every system (seed SEED), all built in memory before the clock starts, then sent by
#      CONCURRENCY workers over keep-alive connections; every answer must be 2xx, each series is
#      sent in time order; samples/s counts only the sending; the server's CPU time (utime + stime)
#      across the send is reported too, the steadier figure on a shared machine;
#   3. counts the series back with an instant query (count({job="node"}) at the last timestamp);
#   4. asks VictoriaMetrics to flush (/internal/force_flush), reads peak RSS (VmHWM) before the count
#      query of step 3 (which runs after it), measures the data directory (du -sb) while running,
#      stops the process (SIGTERM) and measures it again.
#   Then prints the table and the ratios vs Warden. Results also in $WORK/results.txt.
#   The load generator runs on the same cores as the receiver (2 here), as in a single-box setup.
#
# How to run it (from the package root), or `make bench-ingest`:
#   swift build -c release --product warden
#   WARDEN_BENCHMARKS=1 swift build -c release --scratch-path .build-bench --product RemoteWriteLoad
#   WARDEN_BIN=.build/release/warden RWLOAD_BIN=.build-bench/release/RemoteWriteLoad bench/remote-write-compare.sh
#
# Environment:
#   WARDEN_BIN (.build/release/warden)  RWLOAD_BIN (.build-bench/release/RemoteWriteLoad)
#   VM_BIN (victoria-metrics)  PROMETHEUS_BIN (prometheus)
#   SERIES (10000)  TIMESTAMPS (40)  PER_REQUEST (1000)  CONCURRENCY (4)  SEED (1)
#   PROM_CONCURRENCY (CONCURRENCY): workers for Prometheus alone
#   SYSTEMS ("warden victoriametrics prometheus"): which to run, in this order
#   WORK (a new temporary directory, removed at the end unless KEEP=1)
#   STEP_TIMEOUT (900): time limit in seconds for each step.
#
# Only loopback traffic. Each server is stopped by PID on exit, error or Ctrl-C; every step runs
# under `timeout`.
set -euo pipefail

WARDEN_BIN=${WARDEN_BIN:-.build/release/warden}
RWLOAD_BIN=${RWLOAD_BIN:-.build-bench/release/RemoteWriteLoad}
VM_BIN=${VM_BIN:-victoria-metrics}
PROMETHEUS_BIN=${PROMETHEUS_BIN:-prometheus}
SERIES=${SERIES:-10000}
TIMESTAMPS=${TIMESTAMPS:-40}
PER_REQUEST=${PER_REQUEST:-1000}
CONCURRENCY=${CONCURRENCY:-4}
PROM_CONCURRENCY=${PROM_CONCURRENCY:-$CONCURRENCY}
SEED=${SEED:-1}
SYSTEMS=${SYSTEMS:-warden victoriametrics prometheus}
STEP_TIMEOUT=${STEP_TIMEOUT:-900}
KEEP=${KEEP:-0}
HERE=$(cd "$(dirname "$0")" && pwd)
HELPER="python3 $HERE/metric_store_compare_helper.py"

[[ -x $WARDEN_BIN ]] || { echo "no $WARDEN_BIN; build it first (see the header)" >&2; exit 1; }
[[ -x $RWLOAD_BIN ]] || { echo "no $RWLOAD_BIN; build it first (see the header)" >&2; exit 1; }
command -v "$VM_BIN" >/dev/null || { echo "no $VM_BIN (apt-get install victoria-metrics)" >&2; exit 1; }
command -v "$PROMETHEUS_BIN" >/dev/null || { echo "no $PROMETHEUS_BIN (apt-get install prometheus)" >&2; exit 1; }

WORK=${WORK:-$(mktemp -d /tmp/remote-write-compare.XXXXXX)}
mkdir -p "$WORK"
PID=""
stop_server() {
  if [[ -n $PID ]] && kill -0 "$PID" 2>/dev/null; then
    kill "$PID" 2>/dev/null || true
    for _ in $(seq 150); do kill -0 "$PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  PID=""
}
cleanup() {
  stop_server
  if [[ $KEEP != 1 ]]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT INT TERM

RESULTS=$WORK/results.txt
: >"$RESULTS"
# All systems get the same timestamps: the plan ends at one fixed, 15 s aligned moment.
END_MS=$(( $(date +%s) / 15 * 15 * 1000 ))

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== load: SERIES=$SERIES TIMESTAMPS=$TIMESTAMPS PER_REQUEST=$PER_REQUEST CONCURRENCY=$CONCURRENCY SEED=$SEED END_MS=$END_MS in $WORK"

# count_series BASE_URL: series with job="node" at END_MS, by an instant query.
count_series() {
  timeout 60 $HELPER get "$1/api/v1/query?query=count(%7Bjob%3D%22node%22%7D)&time=$(( END_MS / 1000 ))" 2>/dev/null \
    | python3 -c "import json,sys;r=json.load(sys.stdin)['data']['result'];print(r[0]['value'][1] if r else 0)" 2>/dev/null || echo n/a
}

# bench NAME CONCURRENCY READY_PATH FLUSH_PATH: the server is already started as $PID on $PORT with data in $DATA.
bench() {
  local name=$1 workers=$2 ready=$3 flush=$4 base="http://127.0.0.1:$PORT"
  timeout 120 $HELPER wait-http "$base$ready" 60
  sync
  local out cpu_before cpu_after
  cpu_before=$($HELPER cpu "$PID")
  out=$(timeout "$STEP_TIMEOUT" "$RWLOAD_BIN" send "$base/api/v1/write" --series "$SERIES" --timestamps "$TIMESTAMPS" \
    --per-request "$PER_REQUEST" --concurrency "$workers" --seed "$SEED" --end-ms "$END_MS")
  cpu_after=$($HELPER cpu "$PID")
  local server_cpu; server_cpu=$(python3 -c "print(f'{$cpu_after - $cpu_before:.2f}')")
  echo "   $out server_cpu_s=$server_cpu"
  kv() { tr ' ' '\n' <<<"$out" | sed -n "s/^$1=//p"; }
  [[ -n $flush ]] && timeout 300 $HELPER get "$base$flush" >/dev/null
  # Memory of the ingestion, read before the count query (whose own working set would otherwise
  # be the peak: a query over every series costs more than keeping them).
  read -r rss hwm < <($HELPER proc "$PID" | sed 's/[a-z_]*=//g')
  local counted; counted=$(count_series "$base")
  read -r rss_q hwm_q < <($HELPER proc "$PID" | sed 's/[a-z_]*=//g')
  local du_running; du_running=$(du -sb "$DATA" | cut -f1)
  stop_server
  local du_stopped; du_stopped=$(du -sb "$DATA" | cut -f1)
  local samples; samples=$(kv samples)
  echo "   series counted back $counted; RSS $rss KiB (HWM $hwm), after the count query $rss_q KiB (HWM $hwm_q); du running $du_running, after stop $du_stopped"
  echo "$name samples=$samples concurrency=$workers send_s=$(kv send_s) samples_per_s=$(kv samples_per_s)" \
    "disk_bytes=$du_stopped bytes_per_sample=$(python3 -c "print(f'{$du_stopped/$samples:.3f}')")" \
    "disk_bytes_running=$du_running peak_rss_mib=$(python3 -c "print(f'{$hwm/1024:.0f}')")" \
    "series_counted=$counted order_waits=$(kv order_waits) server_cpu_s=$server_cpu" >>"$RESULTS"
}

for system in $SYSTEMS; do
  PORT=$($HELPER free-port)
  DATA=$WORK/$system
  mkdir -p "$DATA"
  case $system in
    warden)
      echo "== Warden on 127.0.0.1:$PORT ($("$WARDEN_BIN" version 2>&1 | head -1))"
      "$WARDEN_BIN" serve --data-dir "$DATA" --listen "127.0.0.1:$PORT" --log-level warning >"$WORK/warden.log" 2>&1 &
      PID=$!
      bench warden "$CONCURRENCY" /-/ready "" ;;
    victoriametrics)
      echo "== VictoriaMetrics on 127.0.0.1:$PORT ($("$VM_BIN" -version 2>&1 | head -1))"
      "$VM_BIN" -storageDataPath="$DATA" -httpListenAddr="127.0.0.1:$PORT" -search.latencyOffset=0s \
        -retentionPeriod=100y -loggerLevel=ERROR >"$WORK/vm.log" 2>&1 &
      PID=$!
      bench victoriametrics "$CONCURRENCY" /health /internal/force_flush ;;
    prometheus)
      echo "== Prometheus on 127.0.0.1:$PORT ($("$PROMETHEUS_BIN" --version 2>&1 | head -1))"
      printf 'global:\n  scrape_interval: 15s\n' >"$WORK/prometheus.yml"
      "$PROMETHEUS_BIN" --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$DATA" \
        --web.listen-address="127.0.0.1:$PORT" --web.enable-remote-write-receiver --log.level=warn \
        >"$WORK/prometheus.log" 2>&1 &
      PID=$!
      bench prometheus "$PROM_CONCURRENCY" /-/ready "" ;;
    *) echo "unknown system $system" >&2; exit 1 ;;
  esac
done

echo
echo "SERIES=$SERIES TIMESTAMPS=$TIMESTAMPS PER_REQUEST=$PER_REQUEST CONCURRENCY=$CONCURRENCY; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$RESULTS" <<'PY'
import sys
rows = []
for line in open(sys.argv[1]):
    name, *pairs = line.split()
    rows.append((name, dict(p.split("=", 1) for p in pairs)))
cols = [("samples/s", "samples_per_s"), ("send s", "send_s"), ("server CPU s", "server_cpu_s"), ("C", "concurrency"), ("bytes/sample", "bytes_per_sample"),
        ("disk B (stopped)", "disk_bytes"), ("disk B (running)", "disk_bytes_running"), ("peak RSS MiB", "peak_rss_mib"),
        ("series back", "series_counted")]
print("| system | " + " | ".join(c for c, _ in cols) + " |")
print("| --- " * (len(cols) + 1) + "|")
for name, kv in rows:
    print(f"| {name} | " + " | ".join(kv.get(k, "") for _, k in cols) + " |")
base = dict(rows).get("warden")
if base:
    for name, kv in rows:
        if name != "warden":
            r = float(base["samples_per_s"]) / float(kv["samples_per_s"])
            print(f"Warden / {name}: {r:.2f}x samples/s, "
                  f"{float(base['bytes_per_sample']) / float(kv['bytes_per_sample']):.2f}x bytes/sample, "
                  f"{float(base['peak_rss_mib']) / float(kv['peak_rss_mib']):.2f}x peak RSS, "
                  f"{float(base['server_cpu_s']) / float(kv['server_cpu_s']):.2f}x server CPU")
PY
