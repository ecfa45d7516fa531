#!/usr/bin/env bash
# promql-compare.sh: PromQL query latency of Warden, Prometheus and VictoriaMetrics on the same data,
# in one run, for typical dashboard queries (bench/promql-queries.txt).
#
# What it does:
#   1. starts the three systems on free loopback ports with fresh data directories;
#   2. loads each, one after the other, with the same remote_write bodies from `RemoteWriteLoad
#      send --histograms`: SERIES node_exporter-like series (about 128 per host, including a request
#      latency histogram) x TIMESTAMPS samples at 15 s ending at a fixed END (default 5760 = 24 h);
#   3. lets each settle (VictoriaMetrics flushed; every process idle, i.e. its background work
#      after the load done), then asks every query of QUERIES of every
#      system RUNS times, systems interleaved in each round, and prints the median latency per
#      system, what each returned (series and points, so a wrong answer shows), and Warden's
#      ratio to the faster of the other two, with the geometric mean at the end.
#   Results also in $WORK/results.md.
#
# How to run it (from the package root), or `make bench-promql`:
#   swift build -c release --product warden
#   WARDEN_BENCHMARKS=1 swift build -c release --scratch-path .build-bench --product RemoteWriteLoad
#   bench/promql-compare.sh
#
# Environment: WARDEN_BIN (.build/release/warden)  RWLOAD_BIN (.build-bench/release/RemoteWriteLoad)
#   VM_BIN (victoria-metrics)  PROMETHEUS_BIN (prometheus)  SERIES (10000)  TIMESTAMPS (5760)
#   RUNS (5)  SETTLE (70: seconds to wait after each load before waiting for idle)  QUERIES (bench/promql-queries.txt)  WORK (temporary; kept with KEEP=1)
#   SYSTEMS ("warden prometheus victoriametrics")
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
WARDEN_BIN=${WARDEN_BIN:-.build/release/warden}
RWLOAD_BIN=${RWLOAD_BIN:-.build-bench/release/RemoteWriteLoad}
VM_BIN=${VM_BIN:-victoria-metrics}
PROMETHEUS_BIN=${PROMETHEUS_BIN:-prometheus}
SERIES=${SERIES:-10000}
TIMESTAMPS=${TIMESTAMPS:-5760}
RUNS=${RUNS:-5}
SETTLE=${SETTLE:-70}
QUERIES=${QUERIES:-$HERE/promql-queries.txt}
SYSTEMS=${SYSTEMS:-warden prometheus victoriametrics}
KEEP=${KEEP:-0}
HELPER="python3 $HERE/metric_store_compare_helper.py"

[[ -x $WARDEN_BIN ]] || { echo "no $WARDEN_BIN; build it first (see the header)" >&2; exit 1; }
[[ -x $RWLOAD_BIN ]] || { echo "no $RWLOAD_BIN; build it first (see the header)" >&2; exit 1; }
command -v "$VM_BIN" >/dev/null || { echo "no $VM_BIN (apt-get install victoria-metrics)" >&2; exit 1; }
command -v "$PROMETHEUS_BIN" >/dev/null || { echo "no $PROMETHEUS_BIN (apt-get install prometheus)" >&2; exit 1; }

WORK=${WORK:-$(mktemp -d /tmp/promql-compare.XXXXXX)}
mkdir -p "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  if [[ $KEEP != 1 ]]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT INT TERM

END_S=$(( $(date +%s) / 15 * 15 ))
export END_S
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== data: SERIES=$SERIES TIMESTAMPS=$TIMESTAMPS at 15 s ending $END_S, in $WORK"

TARGETS=()
for system in $SYSTEMS; do
  port=$($HELPER free-port)
  data=$WORK/$system
  mkdir -p "$data"
  base="http://127.0.0.1:$port"
  case $system in
    warden)
      "$WARDEN_BIN" serve --data-dir "$data" --listen "127.0.0.1:$port" --log-level warning >"$WORK/warden.log" 2>&1 &
      ready=/-/ready ;;
    victoriametrics)
      "$VM_BIN" -storageDataPath="$data" -httpListenAddr="127.0.0.1:$port" -search.latencyOffset=0s \
        -retentionPeriod=100y -loggerLevel=ERROR -search.disableCache >"$WORK/vm.log" 2>&1 &
      ready=/health ;;
    prometheus)
      printf 'global:\n  scrape_interval: 15s\n' >"$WORK/prometheus.yml"
      "$PROMETHEUS_BIN" --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$data" \
        --web.listen-address="127.0.0.1:$port" --web.enable-remote-write-receiver --log.level=warn \
        --storage.tsdb.retention.time=100y >"$WORK/prometheus.log" 2>&1 &
      ready=/-/ready ;;
    *) echo "unknown system $system" >&2; exit 1 ;;
  esac
  PIDS+=($!)
  timeout 120 $HELPER wait-http "$base$ready" 60
  echo "== loading $system on $base"
  timeout 1800 "$RWLOAD_BIN" send "$base/api/v1/write" --series "$SERIES" --timestamps "$TIMESTAMPS" \
    --samples-per-series 20 --histograms --concurrency 2 --end-ms "$(( END_S * 1000 ))" \
    --plan-file "$WORK/plan.bin" | sed 's/^/   /'
  [[ $system == victoriametrics ]] && timeout 300 $HELPER get "$base/internal/force_flush" >/dev/null
  # Background work after the load (head cuts, checkpoints, merges) finishes before the next
  # system loads and before any query is timed.
  # Warden and Prometheus start that work from a once-a-minute timer, so wait for one tick first.
  sleep "$SETTLE"
  echo "   idle $SETTLE s + $($HELPER idle "${PIDS[-1]}" 900) s after the load"
  TARGETS+=("$system=$base")
done

echo "== $RUNS runs of each query per system (median latency in ms)"
python3 "$HERE/promql_compare_helper.py" "$QUERIES" "$RUNS" "${TARGETS[@]}" | tee "$WORK/results.md"
