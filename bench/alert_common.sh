# alert_common.sh: sourced by bench/alert-*.sh. Starts Warden, Prometheus and Alertmanager on
# free loopback ports with their own data directories under $WORK, keeps their PIDs, stops them by
# PID on exit (TERM, then KILL after 5 s), and removes $WORK unless KEEP=1.
#
# The sourcing script sets HERE (its directory) and WORK before calling anything here.

WARDEN_BIN=${WARDEN_BIN:-.build/release/warden}
PROMETHEUS_BIN=${PROMETHEUS_BIN:-prometheus}
ALERTMANAGER_BIN=${ALERTMANAGER_BIN:-prometheus-alertmanager}
PROMTOOL_BIN=${PROMTOOL_BIN:-promtool}
SYSTEMS=${SYSTEMS:-warden prometheus}
KEEP=${KEEP:-0}
COMMON="python3 $HERE/alert_common.py"
PIDS=()

die() { echo "$(basename "$0"): error: $*" >&2; exit 1; }

has_system() { [[ " $SYSTEMS " == *" $1 "* ]]; }

check_tools() { # check_tools: every binary the chosen SYSTEMS need
  command -v python3 >/dev/null || die "python3 is required"
  if has_system warden; then
    [[ -x $WARDEN_BIN ]] || die "no $WARDEN_BIN: build it with 'swift build -c release --product warden' (or run with SYSTEMS=prometheus)"
  fi
  if has_system prometheus; then
    command -v "$PROMETHEUS_BIN" >/dev/null || die "no $PROMETHEUS_BIN (apt-get install prometheus)"
    command -v "$PROMTOOL_BIN" >/dev/null || die "no $PROMTOOL_BIN (apt-get install prometheus)"
  fi
}

check_alertmanager() {
  if has_system prometheus; then
    command -v "$ALERTMANAGER_BIN" >/dev/null || die "no $ALERTMANAGER_BIN (apt-get install prometheus-alertmanager, or make deps-test)"
  fi
}

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
  local rc=$? pid
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  if [[ $KEEP == 1 || $rc != 0 ]]; then echo "logs and data kept in $WORK"; else rm -rf -- "$WORK"; fi
  exit "$rc"
}

free_port() { $COMMON free-port; }

wait_ready() { # wait_ready NAME URL PID LOG
  if ! timeout 120 $COMMON wait-http "$2" 60; then
    kill -0 "$3" 2>/dev/null || echo "$1 exited; its log ($4):" >&2
    tail -20 "$4" >&2
    die "$1 did not become ready"
  fi
}

# start_warden CONFIG PORT: sets WARDEN_PID and WARDEN_URL
start_warden() {
  local config=$1 port=$2 data=$WORK/warden-data
  mkdir -p "$data"
  "$WARDEN_BIN" serve --config "$config" --data-dir "$data" --listen "127.0.0.1:$port" \
    --log-level warning >"$WORK/warden.log" 2>&1 &
  WARDEN_PID=$!
  PIDS+=("$WARDEN_PID")
  WARDEN_URL="http://127.0.0.1:$port"
  wait_ready warden "$WARDEN_URL/-/ready" "$WARDEN_PID" "$WORK/warden.log"
}

# start_prometheus CONFIG PORT: sets PROMETHEUS_PID and PROMETHEUS_URL
start_prometheus() {
  local config=$1 port=$2 data=$WORK/prometheus-data
  mkdir -p "$data"
  "$PROMETHEUS_BIN" --config.file="$config" --storage.tsdb.path="$data" \
    --web.listen-address="127.0.0.1:$port" --web.enable-lifecycle --log.level=warn \
    >"$WORK/prometheus.log" 2>&1 &
  PROMETHEUS_PID=$!
  PIDS+=("$PROMETHEUS_PID")
  PROMETHEUS_URL="http://127.0.0.1:$port"
  wait_ready prometheus "$PROMETHEUS_URL/-/ready" "$PROMETHEUS_PID" "$WORK/prometheus.log"
}

# start_alertmanager CONFIG PORT: sets ALERTMANAGER_PID and ALERTMANAGER_URL. No gossip cluster
# (--cluster.listen-address empty): a single Alertmanager, as a single Warden.
start_alertmanager() {
  local config=$1 port=$2 data=$WORK/alertmanager-data
  mkdir -p "$data"
  "$ALERTMANAGER_BIN" --config.file="$config" --storage.path="$data" \
    --web.listen-address="127.0.0.1:$port" --cluster.listen-address= --log.level=warn \
    >"$WORK/alertmanager.log" 2>&1 &
  ALERTMANAGER_PID=$!
  PIDS+=("$ALERTMANAGER_PID")
  ALERTMANAGER_URL="http://127.0.0.1:$port"
  wait_ready alertmanager "$ALERTMANAGER_URL/-/ready" "$ALERTMANAGER_PID" "$WORK/alertmanager.log"
}

print_machine() {
  echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); systems: $SYSTEMS; work in $WORK"
  has_system prometheus && echo "   $("$PROMETHEUS_BIN" --version 2>&1 | head -1); $("$ALERTMANAGER_BIN" --version 2>&1 | head -1)"
  has_system warden && echo "   warden: $WARDEN_BIN ($("$WARDEN_BIN" version 2>&1 | head -1))"
  return 0
}
