#!/usr/bin/env bash
# metric-store-compare.sh: Warden's metric store against VictoriaMetrics and Prometheus on the
# same node_exporter-like data: ingest time and rate, bytes on disk, bytes per sample, peak RSS.
#
# What it does, in one run:
#   1. Generates HOSTS x ~246 node_exporter-like series (counters with irregular increments,
#      random-walk gauges, constants, node_time_seconds) at 15 s over HOURS hours ending at END_MS
#      (default: now, aligned to 15 s), deterministically from SEED, with bench/gen_node_series.py.
#      Written once as OpenMetrics (seconds, `# EOF`) and once as Prometheus text with ms
#      timestamps; both hold the same values.
#   2. Warden: Benchmarks/StoreLoad appends the text file to a fresh MetricStore, one batch per
#      timestamp (a scrape round of every host), maintenance at each 2 h boundary of data time and
#      `maintain(nowMs: last + 3h)` at the end, closes; reports wall time, peak RSS (VmHWM) and
#      the store directory size (blocks + WAL; the newest 1-3 h stay in the WAL/head).
#      WAL fsync policy WARDEN_FSYNC (group: the server default, group commit with no added
#      delay; every: one fdatasync per batch; batched: a 100 ms gathering window).
#   3. VictoriaMetrics: started on a free loopback port with a fresh data path; the text file is
#      POSTed to /api/v1/import/prometheus in VM_CHUNK_BYTES chunks over one keep-alive connection;
#      then /internal/force_flush and du -sb; then /internal/force_merge and du -sb again once the
#      size is stable for 6 s (at most MERGE_WAIT s). RSS and VmHWM of the process after import
#      and after the merge. Samples counted back with a query.
#   4. Prometheus: `promtool tsdb create-blocks-from openmetrics` (2 h blocks, no head), timed
#      under /usr/bin/time for peak RSS; output directory size.
#   Then prints the table and the ratios vs Warden. Results also in $WORK/results.txt.
#
# How to run it (from the package root):
#   WARDEN_BENCHMARKS=1 swift build -c release --scratch-path .build-bench --product StoreLoad
#   bench/metric-store-compare.sh                        # 50 hosts x 24 h
#   HOSTS=10 HOURS=6 bench/metric-store-compare.sh       # smaller
#
# Environment:
#   HOSTS (50)  HOURS (24)  SEED (1)  END_MS (now, 15 s aligned)
#   KIND (node): node | walk (random-walk gauges with two decimals; see gen_node_series.py)
#   STORELOAD_BIN (.build-bench/release/StoreLoad)  WARDEN_FSYNC (group | every | batched)
#   VM_BIN (victoria-metrics)  PROMTOOL_BIN (promtool)  VM_CHUNK_BYTES (16 MiB)  MERGE_WAIT (60)
#   WORK (a new temporary directory, removed at the end unless KEEP=1)
#   STEP_TIMEOUT (3600): time limit in seconds for each step.
#
# Only loopback traffic (127.0.0.1, a free port). VictoriaMetrics is stopped by PID on exit, error
# or Ctrl-C; every step runs under `timeout`.
set -euo pipefail

HOSTS=${HOSTS:-50}
HOURS=${HOURS:-24}
SEED=${SEED:-1}
KIND=${KIND:-node}
END_MS=${END_MS:-$(( $(date +%s) * 1000 ))}
STORELOAD_BIN=${STORELOAD_BIN:-.build-bench/release/StoreLoad}
WARDEN_FSYNC=${WARDEN_FSYNC:-group}
VM_BIN=${VM_BIN:-victoria-metrics}
PROMTOOL_BIN=${PROMTOOL_BIN:-promtool}
VM_CHUNK_BYTES=${VM_CHUNK_BYTES:-16777216}
MERGE_WAIT=${MERGE_WAIT:-60}
STEP_TIMEOUT=${STEP_TIMEOUT:-3600}
KEEP=${KEEP:-0}
HERE=$(cd "$(dirname "$0")" && pwd)
HELPER="python3 $HERE/metric_store_compare_helper.py"

[[ -x $STORELOAD_BIN ]] || { echo "no $STORELOAD_BIN; build it first (see the header)" >&2; exit 1; }
command -v "$VM_BIN" >/dev/null || { echo "no $VM_BIN (apt-get install victoria-metrics)" >&2; exit 1; }
command -v "$PROMTOOL_BIN" >/dev/null || { echo "no $PROMTOOL_BIN (apt-get install prometheus)" >&2; exit 1; }

WORK=${WORK:-$(mktemp -d /tmp/metric-store-compare.XXXXXX)}
mkdir -p "$WORK"
VM_PID=""
cleanup() {
  if [[ -n $VM_PID ]] && kill -0 "$VM_PID" 2>/dev/null; then
    kill "$VM_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$VM_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$VM_PID" 2>/dev/null || true
  fi
  if [[ $KEEP != 1 ]]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT INT TERM

RESULTS=$WORK/results.txt
: >"$RESULTS"
now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.3f}')"; }

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== data: KIND=$KIND HOSTS=$HOSTS HOURS=$HOURS SEED=$SEED END_MS=$END_MS in $WORK"
t0=$(now)
read -r SERIES SAMPLES FIRST_MS LAST_MS < <(timeout "$STEP_TIMEOUT" python3 "$HERE/gen_node_series.py" \
  --hosts "$HOSTS" --hours "$HOURS" --end-ms "$END_MS" --seed "$SEED" --kind "$KIND" --out "$WORK/data")
echo "   $SERIES series, $SAMPLES samples, $FIRST_MS..$LAST_MS; generated in $(elapsed "$t0" "$(now)") s;" \
  "files: $(du -b "$WORK/data.prom" | cut -f1) B (text, ms), $(du -b "$WORK/data.om" | cut -f1) B (OpenMetrics)"

# --- Warden -----------------------------------------------------------------------------------
echo "== Warden: $STORELOAD_BIN (fsync $WARDEN_FSYNC)"
sync
OUT=$(timeout "$STEP_TIMEOUT" "$STORELOAD_BIN" "$WORK/data.prom" "$WORK/warden" --fsync "$WARDEN_FSYNC")
echo "   $OUT"
kv() { tr ' ' '\n' <<<"$OUT" | sed -n "s/^$1=//p"; }
W_DU=$(du -sb "$WORK/warden" | cut -f1)
# Samples in blocks (stats.samples of every meta.json) and the blocks' own bytes/sample.
block_stats() { # DIR KEY -> "samples bytes"
  python3 - "$1" "$2" <<'PY'
import json, os, sys
root, key = sys.argv[1], sys.argv[2]
samples = size = 0
for d, _, files in os.walk(root):
    if "meta.json" in files:
        m = json.load(open(os.path.join(d, "meta.json")))
        samples += m["stats"][key]
        size += sum(os.path.getsize(os.path.join(dd, f)) for dd, _, ff in os.walk(d) for f in ff)
print(samples, size)
PY
}
read -r W_BS W_BB < <(block_stats "$WORK/warden/blocks" samples)
echo "warden samples=$(kv appended) ingest_s=$(kv wall_s) samples_per_s=$(kv samples_per_s)" \
  "disk_bytes=$W_DU bytes_per_sample=$(python3 -c "print(f'{$W_DU/$(kv appended):.3f}')")" \
  "peak_rss_mib=$(python3 -c "print($(kv peak_rss_kib)/1024)")" \
  "store_only_s=$(kv store_s) wal_bytes=$(kv wal_bytes) blocks_bytes=$(kv blocks_bytes)" \
  "block_samples=$W_BS block_bytes_per_block_sample=$(python3 -c "print(f'{$W_BB/max($W_BS,1):.3f}')")" \
  "rejected=$(kv rejected)" >>"$RESULTS"

# --- VictoriaMetrics ---------------------------------------------------------------------------
PORT=$($HELPER free-port)
echo "== VictoriaMetrics on 127.0.0.1:$PORT ($("$VM_BIN" -version 2>&1 | head -1))"
mkdir -p "$WORK/vm"
"$VM_BIN" -storageDataPath="$WORK/vm" -httpListenAddr="127.0.0.1:$PORT" -search.latencyOffset=0s \
  -retentionPeriod=100y -loggerLevel=ERROR >"$WORK/vm.log" 2>&1 &
VM_PID=$!
$HELPER wait-http "http://127.0.0.1:$PORT/health" 30
sync
VM_IMPORT_S=$(timeout "$STEP_TIMEOUT" $HELPER vm-import "http://127.0.0.1:$PORT/api/v1/import/prometheus" \
  "$WORK/data.prom" "$VM_CHUNK_BYTES")
t0=$(now)
timeout 600 $HELPER get "http://127.0.0.1:$PORT/internal/force_flush" >/dev/null
VM_FLUSH_S=$(elapsed "$t0" "$(now)")
read -r VM_RSS VM_HWM < <($HELPER proc "$VM_PID" | sed 's/[a-z_]*=//g')
VM_DU_FLUSH=$(du -sb "$WORK/vm" | cut -f1)
# Count samples back (over the whole range, at the last timestamp).
Q="sum(count_over_time({__name__=~\".+\"}[$(( (LAST_MS - FIRST_MS) / 1000 + 15 ))s]))"
VM_COUNT=$(timeout 600 $HELPER get "http://127.0.0.1:$PORT/api/v1/query?query=$(python3 -c "import urllib.parse,sys;print(urllib.parse.quote(sys.argv[1]))" "$Q")&time=$(( LAST_MS / 1000 ))" \
  | python3 -c "import json,sys;r=json.load(sys.stdin)['data']['result'];print(r[0]['value'][1] if r else 0)")
PARTITION=$(python3 -c "import datetime;print(datetime.datetime.utcfromtimestamp($LAST_MS/1000).strftime('%Y_%m'))")
t0=$(now)
timeout 1200 $HELPER get "http://127.0.0.1:$PORT/internal/force_merge?partition_prefix=$PARTITION" >/dev/null || true
# Background merges keep changing the size: wait until it is stable for 6 s (at most MERGE_WAIT s).
VM_DU_MERGED=$(du -sb "$WORK/vm" | cut -f1); stable=0
for _ in $(seq $(( MERGE_WAIT / 2 ))); do
  sleep 2
  d=$(du -sb "$WORK/vm" | cut -f1)
  if [[ $d == "$VM_DU_MERGED" ]]; then stable=$((stable + 1)); else stable=0; VM_DU_MERGED=$d; fi
  (( stable >= 3 )) && break
done
read -r VM_RSS2 VM_HWM2 < <($HELPER proc "$VM_PID" | sed 's/[a-z_]*=//g')
echo "   import ${VM_IMPORT_S}s, flush ${VM_FLUSH_S}s, samples counted back $VM_COUNT, du after flush $VM_DU_FLUSH," \
  "after force_merge and settling $VM_DU_MERGED; RSS after import $VM_RSS KiB (HWM $VM_HWM), after merge $VM_RSS2 (HWM $VM_HWM2)"
echo "victoriametrics samples=$SAMPLES ingest_s=$VM_IMPORT_S" \
  "samples_per_s=$(python3 -c "print(int($SAMPLES/$VM_IMPORT_S))")" \
  "disk_bytes=$VM_DU_MERGED bytes_per_sample=$(python3 -c "print(f'{$VM_DU_MERGED/$SAMPLES:.3f}')")" \
  "peak_rss_mib=$(python3 -c "print($VM_HWM2/1024)") rss_after_import_mib=$(python3 -c "print(f'{$VM_RSS/1024:.0f}')")" \
  "disk_bytes_after_flush=$VM_DU_FLUSH counted_back=$VM_COUNT" >>"$RESULTS"
kill "$VM_PID"; wait "$VM_PID" 2>/dev/null || true; VM_PID=""

# --- Prometheus (promtool backfill) ------------------------------------------------------------
echo "== Prometheus: $("$PROMTOOL_BIN" --version 2>&1 | head -1)"
sync
t0=$(now)
timeout "$STEP_TIMEOUT" /usr/bin/time -f "%M" -o "$WORK/promtool.rss" \
  "$PROMTOOL_BIN" tsdb create-blocks-from openmetrics "$WORK/data.om" "$WORK/prom" >"$WORK/promtool.log" 2>&1
P_S=$(elapsed "$t0" "$(now)")
P_DU=$(du -sb "$WORK/prom" | cut -f1)
P_RSS=$(tail -1 "$WORK/promtool.rss")
P_BLOCKS=$(find "$WORK/prom" -name meta.json | wc -l)
read -r P_BS P_BB < <(block_stats "$WORK/prom" numSamples)
echo "   ${P_S}s, $P_BLOCKS blocks, $P_DU bytes, max RSS $P_RSS KiB"
echo "prometheus samples=$SAMPLES ingest_s=$P_S samples_per_s=$(python3 -c "print(int($SAMPLES/$P_S))")" \
  "disk_bytes=$P_DU bytes_per_sample=$(python3 -c "print(f'{$P_DU/$SAMPLES:.3f}')")" \
  "peak_rss_mib=$(python3 -c "print($P_RSS/1024)") blocks=$P_BLOCKS block_samples=$P_BS" >>"$RESULTS"

echo
echo "HOSTS=$HOSTS HOURS=$HOURS SEED=$SEED: $SERIES series, $SAMPLES samples"
$HELPER table "$RESULTS"
