#!/usr/bin/env bash
# ui-bench.sh: the web UI measured in headless Chromium (Debian's chromium + chromedriver, driven
# by Selenium): time to the first and to all panels of a 12-panel dashboard over 24 h of host
# metrics, the frame time of drawing 1M points, and the weight of every page.
#
# What it does (bench/ui_bench.py does the measuring):
#   1. starts `warden serve` (built beforehand; this script builds nothing) on a free loopback
#      port with a fresh data directory;
#   2. loads HOURS (24) of node_exporter-like metrics for INSTANCES (4) hosts at 15 s through
#      remote_write, creates a 12-panel dashboard through POST /api/v1/dashboards;
#   3. opens the dashboard RUNS (5) times in a fresh cache-disabled tab, then the chart lab with
#      1M points, then weighs each page; prints a table (also in $WORK/results.md, details in
#      $WORK/results.json).
#
# How to run it (from the package root), or `make bench-ui`:
#   swift build -c release --product warden
#   bench/ui-bench.sh
#
# Environment: WARDEN_BIN (.build/release/warden)  RUNS (5)  INSTANCES (4)  HOURS (24)
#   POINTS (1000000)  UI_DIR (serve web/ from this directory instead of the embedded copy)
#   WORK (temporary; kept with KEEP=1)  CHROMIUM_BIN (/usr/bin/chromium)  CHROMEDRIVER_BIN (/usr/bin/chromedriver)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
WARDEN_BIN=${WARDEN_BIN:-.build/release/warden}
RUNS=${RUNS:-5}
INSTANCES=${INSTANCES:-4}
HOURS=${HOURS:-24}
POINTS=${POINTS:-1000000}
KEEP=${KEEP:-0}
HELPER="python3 $HERE/metric_store_compare_helper.py"

[[ -x $WARDEN_BIN ]] || { echo "no $WARDEN_BIN; build it first: swift build -c release --product warden" >&2; exit 1; }
[[ -x ${CHROMIUM_BIN:-/usr/bin/chromium} ]] || { echo "no chromium (apt-get install chromium chromium-driver)" >&2; exit 1; }
[[ -x ${CHROMEDRIVER_BIN:-/usr/bin/chromedriver} ]] || { echo "no chromedriver (apt-get install chromium-driver)" >&2; exit 1; }
python3 -c 'import selenium' 2>/dev/null || { echo "no selenium for python3 (pip install selenium)" >&2; exit 1; }

WORK=${WORK:-$(mktemp -d /tmp/ui-bench.XXXXXX)}
mkdir -p "$WORK/data"
PID=
cleanup() {
  if [[ -n $PID ]]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  if [[ $KEEP != 1 ]]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT INT TERM

PORT=$($HELPER free-port)
BASE=http://127.0.0.1:$PORT
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); warden $("$WARDEN_BIN" version 2>/dev/null | head -1)"
if [[ -n ${UI_DIR:-} ]]; then
  echo "== serving the UI from $UI_DIR (WARDEN_UI_DIR), not the embedded copy"
  WARDEN_UI_DIR=$UI_DIR "$WARDEN_BIN" serve --data-dir "$WORK/data" --listen "127.0.0.1:$PORT" --log-level warning >"$WORK/warden.log" 2>&1 &
else
  "$WARDEN_BIN" serve --data-dir "$WORK/data" --listen "127.0.0.1:$PORT" --log-level warning >"$WORK/warden.log" 2>&1 &
fi
PID=$!
timeout 120 $HELPER wait-http "$BASE/-/ready" 60

python3 "$HERE/ui_bench.py" --base "$BASE" --web-dir "${UI_DIR:-web}" --runs "$RUNS" --instances "$INSTANCES" \
  --hours "$HOURS" --points "$POINTS" --out "$WORK/results.md"
