#!/usr/bin/env bash
# logs-compare.sh: the logs benchmark of issue 6 in one run: ingest throughput, compression and
# query latency of Warden, against ClickHouse 18.16 (Debian) and ripgrep over raw and zstd files.
#
# What it does:
#   1. generates a seeded corpus (bench/log_corpus.py: syslog, nginx access and JSON app logs,
#      288 streams {job, host, service}, SIZE bytes over HOURS ending at the last full hour), or
#      reuses CORPUS when it holds one; compresses each file with `zstd -3` (the scan baseline);
#   2. ClickHouse: a private server (own config, data and ports on 127.0.0.1, run as user
#      clickhouse), a MergeTree table (ts_ms, job, host, service, line) ORDER BY (job, host,
#      service, ts_ms); the same lines loaded by `clickhouse-client INSERT FORMAT TabSeparated` from
#      a prepared file (timed), then OPTIMIZE FINAL (timed apart); size = active parts' bytes_on_disk;
#   3. Warden, syslog TCP (when WARDEN_SYSLOG=1): a fresh `warden serve` with a syslog TCP listener;
#      `LogLoad syslog` sends every line as an octet-counted RFC 5424 frame over SYSLOG_CONNECTIONS
#      connections and waits until LINES_METRIC on /metrics has grown by every line; then stopped
#      and its data removed;
#   4. Warden, Loki push: a fresh `warden serve`; `LogLoad push` sends the corpus as protobuf+snappy
#      requests of about 1 MB of lines over CONCURRENCY connections (built before the clock starts);
#      then the server is restarted (its shutdown flushes the heads) and `du -sb` of its logs/
#      directory is the size on disk;
#   5. the five queries of the issue (needle, common word, regex, json + label filter, count by
#      level per minute over the whole range) on Warden (Loki API), ClickHouse (HTTP) and ripgrep,
#      RUNS times each, systems interleaved; medians, what each returned, ratios (see
#      bench/log_compare_helper.py for the exact queries and modes);
#   6. prints the ingest and size tables and the issue's goals. Results also in $WORK/results.md.
#   Everything is read from the page cache (the corpus and every data directory fit in memory
#   here); the load generators run on the same cores as the servers.
#
# How to run it (from the package root), or `make bench-logs`:
#   swift build -c release --product warden
#   WARDEN_BENCHMARKS=1 swift build -c release --scratch-path .build-bench --product LogLoad
#   bench/logs-compare.sh                       # SIZE=50MB RUNS=3 for a quick run
#
# Environment:
#   WARDEN_BIN (.build/release/warden)  LOGLOAD_BIN (.build-bench/release/LogLoad)
#   SIZE (1GB)  SEED (1)  HOURS (24)  CORPUS (reuse this corpus directory; generated there if empty)
#   RUNS (5)  LIMITS (100,5000)  CONCURRENCY (4)  SYSLOG_CONNECTIONS (4)
#   SYSTEMS ("warden clickhouse ripgrep")  WARDEN_SYSLOG (1: the syslog TCP run, with a config file
#   holding `logs: {syslog: {tcp: 127.0.0.1:PORT}}`)  WARDEN_ARGS (more `warden serve` arguments)
#   LINES_METRIC (warden_logs_lines_received_total: summed over its samples; that Warden gets only syslog)
#   CH_CODEC (lz4: ClickHouse's default; zstd to compress its columns with zstd level 1)
#   WORK (a new temporary directory, removed at the end unless KEEP=1)  STEP_TIMEOUT (1800 s per step)
#
# Only loopback traffic. Every server is stopped by PID on exit, error or Ctrl-C; every step runs
# under `timeout`. As root, installs clickhouse-server, clickhouse-client, ripgrep and zstd when
# missing.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
WARDEN_BIN=${WARDEN_BIN:-.build/release/warden}
LOGLOAD_BIN=${LOGLOAD_BIN:-.build-bench/release/LogLoad}
SIZE=${SIZE:-1GB}
SEED=${SEED:-1}
HOURS=${HOURS:-24}
RUNS=${RUNS:-5}
LIMITS=${LIMITS:-100,5000}
CONCURRENCY=${CONCURRENCY:-4}
SYSLOG_CONNECTIONS=${SYSLOG_CONNECTIONS:-4}
SYSTEMS=${SYSTEMS:-warden clickhouse ripgrep}
WARDEN_SYSLOG=${WARDEN_SYSLOG:-1}
WARDEN_ARGS=${WARDEN_ARGS:-}
LINES_METRIC=${LINES_METRIC:-warden_logs_lines_received_total}
CH_CODEC=${CH_CODEC:-lz4}
STEP_TIMEOUT=${STEP_TIMEOUT:-1800}
KEEP=${KEEP:-0}
HELPER="python3 $HERE/metric_store_compare_helper.py"
QUERIES="python3 $HERE/log_compare_helper.py"
has() { [[ " $SYSTEMS " == *" $1 "* ]]; }

# Debian packages, installed when missing (as root; otherwise say what to install).
wanted=(python3 zstd)
has ripgrep && wanted+=(ripgrep)
has clickhouse && wanted+=(clickhouse-server clickhouse-client)
missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  if [[ $(id -u) != 0 ]]; then echo "missing: ${missing[*]} (sudo apt-get install -y ${missing[*]})" >&2; exit 1; fi
  echo "== installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if has warden; then
  [[ -x $WARDEN_BIN ]] || { echo "no $WARDEN_BIN; build it first (see the header)" >&2; exit 1; }
  [[ -x $LOGLOAD_BIN ]] || { echo "no $LOGLOAD_BIN; build it first (see the header)" >&2; exit 1; }
fi

WORK=${WORK:-$(mktemp -d /tmp/logs-compare.XXXXXX)}
mkdir -p "$WORK"
chmod 755 "$WORK"  # the ClickHouse server runs as its own user and reads the corpus from here
CORPUS=${CORPUS:-$WORK/corpus}
PIDS=()
stop_pid() {
  local pid=$1
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  if [[ $KEEP != 1 ]]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT INT TERM

RESULTS=$WORK/results.txt  # one "key=value ..." line per measured thing, read by the summary
: >"$RESULTS"
record() { echo "$*" >>"$RESULTS"; }
kv() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$(now)"; }

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== SIZE=$SIZE SEED=$SEED HOURS=$HOURS RUNS=$RUNS CONCURRENCY=$CONCURRENCY SYSTEMS=\"$SYSTEMS\" in $WORK"

# ---- 1. corpus and its zstd copies
if [[ -f $CORPUS/manifest.json ]]; then
  echo "== reusing the corpus in $CORPUS"
else
  echo "== generating the corpus ($SIZE) in $CORPUS"
  timeout "$STEP_TIMEOUT" python3 "$HERE/log_corpus.py" generate "$CORPUS" --size "$SIZE" --seed "$SEED" --hours "$HOURS" | sed 's/^/   /'
fi
chmod -R a+rX "$CORPUS"
RAW_BYTES=$(python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print(sum(s['bytes'] for s in m['sources'].values()))" "$CORPUS/manifest.json")
LINES=$(python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print(sum(s['lines'] for s in m['sources'].values()))" "$CORPUS/manifest.json")
mkdir -p "$CORPUS/zst"
if [[ ! -f $CORPUS/zst/app.log.zst ]]; then
  started=$(now)
  for source in syslog nginx app; do
    timeout "$STEP_TIMEOUT" zstd -3 -q -f "$CORPUS/$source.log" -o "$CORPUS/zst/$source.log.zst"
  done
  echo "   zstd -3 of the three files: $(since "$started") s"
fi
ZSTD_BYTES=$(cat "$CORPUS"/zst/*.zst | wc -c)
record "raw bytes=$RAW_BYTES lines=$LINES"
record "zstd bytes=$ZSTD_BYTES"
echo "   $LINES lines, $RAW_BYTES bytes raw, $ZSTD_BYTES bytes with zstd -3 ($(python3 -c "print(f'{$RAW_BYTES/$ZSTD_BYTES:.2f}')")x)"

# ---- 2. ClickHouse
CH_HTTP=""
if has clickhouse; then
  CH_DIR=$WORK/clickhouse
  mkdir -p "$CH_DIR"/{data,tmp,log,user_files,format_schemas}
  CH_HTTP_PORT=$($HELPER free-port)
  CH_TCP_PORT=$($HELPER free-port)
  compression=""
  [[ $CH_CODEC == zstd ]] && compression="<compression><case><method>zstd</method></case></compression>"
  cat >"$CH_DIR/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$CH_DIR/log/server.log</log><errorlog>$CH_DIR/log/error.log</errorlog><size>100M</size><count>2</count></logger>
  <http_port>$CH_HTTP_PORT</http_port>
  <tcp_port>$CH_TCP_PORT</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <max_concurrent_queries>20</max_concurrent_queries>
  <uncompressed_cache_size>0</uncompressed_cache_size>
  <mark_cache_size>536870912</mark_cache_size>
  <path>$CH_DIR/data/</path>
  <tmp_path>$CH_DIR/tmp/</tmp_path>
  <user_files_path>$CH_DIR/user_files/</user_files_path>
  <format_schema_path>$CH_DIR/format_schemas/</format_schema_path>
  <users_config>$CH_DIR/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mlock_executable>false</mlock_executable>
  $compression
</yandex>
EOF
  cat >"$CH_DIR/users.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>8000000000</max_memory_usage><use_uncompressed_cache>0</use_uncompressed_cache></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
EOF
  if [[ $(id -u) == 0 ]]; then
    chown -R clickhouse:clickhouse "$CH_DIR"
    # setpriv execs (no fork), so $! is the server itself.
    setpriv --reuid=clickhouse --regid=clickhouse --init-groups -- /usr/sbin/clickhouse-server --config-file="$CH_DIR/config.xml" >"$CH_DIR/stdout.log" 2>&1 &
  else
    /usr/sbin/clickhouse-server --config-file="$CH_DIR/config.xml" >"$CH_DIR/stdout.log" 2>&1 &
  fi
  PIDS+=($!)
  CH_HTTP=http://127.0.0.1:$CH_HTTP_PORT
  timeout 120 $HELPER wait-http "$CH_HTTP/ping" 60
  CH="timeout $STEP_TIMEOUT clickhouse-client --host 127.0.0.1 --port $CH_TCP_PORT"
  echo "== ClickHouse $($CH --query 'SELECT version()') on 127.0.0.1:$CH_HTTP_PORT (codec $CH_CODEC)"
  $CH --query "$($QUERIES clickhouse-table)"
  echo "   preparing the TSV input (not timed)"
  timeout "$STEP_TIMEOUT" python3 "$HERE/log_corpus.py" tsv "$CORPUS" >"$WORK/clickhouse.tsv"
  sync
  started=$(now)
  $CH --query "INSERT INTO logs FORMAT TabSeparated" <"$WORK/clickhouse.tsv"
  insert_s=$(since "$started")
  started=$(now)
  $CH --query "OPTIMIZE TABLE logs FINAL"
  optimize_s=$(since "$started")
  rm -f "$WORK/clickhouse.tsv"
  read -r ch_rows ch_disk ch_parts < <($CH --query "SELECT sum(rows), sum(bytes_on_disk), count() FROM system.parts WHERE active AND database = 'default' AND table = 'logs'")
  ch_du=$(du -sb "$CH_DIR/data/data/default/logs" | cut -f1)
  echo "   INSERT $insert_s s, OPTIMIZE FINAL $optimize_s s; $ch_rows rows in $ch_parts parts, $ch_disk bytes on disk (du $ch_du)"
  record "clickhouse_insert seconds=$insert_s optimize_s=$optimize_s lines=$ch_rows"
  record "clickhouse bytes=$ch_disk du=$ch_du"
fi

# ---- 3 and 4. Warden
WARDEN_HTTP=""
# start_warden DATA_DIR [ARGS...]: starts it, sets WARDEN_PID and WARDEN_PORT, waits for /-/ready.
start_warden() {
  local data=$1; shift
  WARDEN_PORT=${WARDEN_PORT:-$($HELPER free-port)}
  # shellcheck disable=SC2086
  "$WARDEN_BIN" serve --data-dir "$data" --listen "127.0.0.1:$WARDEN_PORT" --log-level warning $WARDEN_ARGS "$@" >>"$WORK/warden.log" 2>&1 &
  WARDEN_PID=$!
  PIDS+=($WARDEN_PID)
  timeout 120 $HELPER wait-http "http://127.0.0.1:$WARDEN_PORT/-/ready" 60
}
if has warden; then
  echo "== Warden ($("$WARDEN_BIN" version 2>&1 | head -1))"
  if [[ $WARDEN_SYSLOG == 1 ]]; then
    syslog_port=$($HELPER free-port)
    printf 'logs:\n  syslog:\n    tcp: "127.0.0.1:%s"\n' "$syslog_port" >"$WORK/warden-syslog.yml"
    start_warden "$WORK/warden-syslog" --config "$WORK/warden-syslog.yml"
    sleep 1
    out=$(timeout "$STEP_TIMEOUT" "$LOGLOAD_BIN" syslog "127.0.0.1:$syslog_port" --corpus "$CORPUS" \
      --metrics "http://127.0.0.1:$WARDEN_PORT/metrics" --lines-metric "$LINES_METRIC" \
      --connections "$SYSLOG_CONNECTIONS" --timeout "$STEP_TIMEOUT")
    echo "   syslog: $out"
    record "warden_syslog $out"
    stop_pid "$WARDEN_PID"
    rm -rf "$WORK/warden-syslog"
    unset WARDEN_PORT
  fi
  start_warden "$WORK/warden"
  out=$(timeout "$STEP_TIMEOUT" "$LOGLOAD_BIN" push "http://127.0.0.1:$WARDEN_PORT/loki/api/v1/push" --corpus "$CORPUS" \
    --concurrency "$CONCURRENCY")
  echo "   push: $out"
  record "warden_push $out"
  read -r rss hwm < <($HELPER proc "$WARDEN_PID" | sed 's/[a-z_]*=//g')
  # A restart flushes the heads into segments; the size is measured stopped, then it serves queries.
  stop_pid "$WARDEN_PID"
  logs_dir=$WORK/warden/logs
  [[ -d $logs_dir ]] || logs_dir=$WORK/warden
  warden_du=$(du -sb "$logs_dir" | cut -f1)
  echo "   after push: peak RSS $((hwm / 1024)) MiB; $warden_du bytes in $logs_dir after a restart"
  record "warden bytes=$warden_du peak_rss_mib=$((hwm / 1024))"
  start_warden "$WORK/warden"
  WARDEN_HTTP=http://127.0.0.1:$WARDEN_PORT
fi

# ---- 5. queries
echo "== $RUNS runs of each query per system (median latency in ms); the machine's load now: $(cut -d' ' -f1-3 /proc/loadavg)"
args=()
[[ -n $WARDEN_HTTP ]] && args+=(--warden "$WARDEN_HTTP")
[[ -n $CH_HTTP ]] && args+=(--clickhouse "$CH_HTTP")
has ripgrep && args+=(--rg-raw "$CORPUS" --rg-zstd "$CORPUS/zst")
timeout "$STEP_TIMEOUT" $QUERIES queries "$CORPUS" "$RUNS" --limits "$LIMITS" --json "$WORK/queries.json" "${args[@]}" | tee "$WORK/queries.md"

# ---- 6. summary
echo
python3 "$HERE/log_compare_helper.py" summary "$RESULTS" "$WORK/queries.json" "$(nproc)" | tee "$WORK/results.md"
cat "$WORK/queries.md" >>"$WORK/results.md"
