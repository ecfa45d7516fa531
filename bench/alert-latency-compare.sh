#!/usr/bin/env bash
# alert-latency-compare.sh: how long from a threshold crossing to the e-mail accepted by the SMTP
# server and the webhook received, Warden against Prometheus + Alertmanager configured the same
# way, both running at once on the same exporter.
#
# What it does:
#   1. starts one Python process (bench/alert_latency_helper.py) holding an exporter of ROUNDS
#      series bench_latency_value{round="lat-NNNN"} (all 0), an SMTP server (aiosmtpd) and a
#      webhook receiver, each recording arrival times;
#   2. starts Warden (scrape interval 1 s, evaluation_interval INTERVAL, the rule
#      `bench_latency_value > 100` with `for: 0s`, and under `alerting:` a route with
#      group_by [alertname, round], group_wait GROUP_WAIT, e-mail to warden@bench.test and a webhook
#      to /warden), and Prometheus with the same scrape, evaluation and rule file, sending to a real
#      Alertmanager with the same route (e-mail to alertmanager@bench.test, webhook /alertmanager);
#   3. every round flips one series to 1000 at a random point of the evaluation cycle (T0) and
#      waits for both systems' e-mail and webhook of that round;
#   4. prints p50 / p99 per system of T0 -> e-mail accepted and T0 -> webhook received (and from
#      the first scrape that carried the crossing sample), Warden / theirs, and whether Warden's
#      p99 is within INTERVAL + GROUP_WAIT + 1 s (the issue's goal).
#
# How to run it (from the package root), or `make bench-alerts`:
#   swift build -c release --product warden
#   bench/alert-latency-compare.sh
#   SYSTEMS=prometheus bench/alert-latency-compare.sh   # Prometheus + Alertmanager alone
#
# Environment: WARDEN_BIN (.build/release/warden)  PROMETHEUS_BIN (prometheus)  ALERTMANAGER_BIN
#   (prometheus-alertmanager)  SYSTEMS ("warden prometheus")  ROUNDS (60)  INTERVAL (5: evaluation
#   interval, s)  GROUP_WAIT (1: s)  WORK (temporary; kept with KEEP=1 or on failure)
# Needs aiosmtpd (make deps-test installs it). Only loopback; every process is stopped by PID.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROUNDS=${ROUNDS:-60}
INTERVAL=${INTERVAL:-5}
GROUP_WAIT=${GROUP_WAIT:-1}
WORK=${WORK:-$(mktemp -d /tmp/alert-latency.XXXXXX)}
mkdir -p "$WORK"
source "$HERE/alert_common.sh"
trap cleanup EXIT INT TERM
check_tools
check_alertmanager
python3 -c 'import aiosmtpd' 2>/dev/null || die "aiosmtpd is missing (make deps-test, or python3 -m pip install aiosmtpd)"
for n in "$ROUNDS" "$INTERVAL" "$GROUP_WAIT"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || die "ROUNDS, INTERVAL and GROUP_WAIT must be positive integers"
done
print_machine

EXPORTER_PORT=$(free_port)
SMTP_PORT=$(free_port)
WEBHOOK_PORT=$(free_port)

cat >"$WORK/rules.yml" <<EOF
groups:
  - name: latency
    rules:
      - alert: BenchLatency
        expr: bench_latency_value > 100
        for: 0s
        labels: {severity: page}
        annotations:
          summary: 'round {{ \$labels.round }} is at {{ \$value }}'
EOF
has_system prometheus && "$PROMTOOL_BIN" check rules "$WORK/rules.yml" >/dev/null

common_config() {
  printf 'global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: %ss\n' "$INTERVAL"
  printf 'scrape_configs:\n  - job_name: bench\n    static_configs:\n      - targets: ["127.0.0.1:%s"]\n' "$EXPORTER_PORT"
  printf 'rule_files:\n  - %s\n' "$WORK/rules.yml"
}

# alertmanager_config NAME INDENT: the Alertmanager configuration (top level), delivering to
# NAME@bench.test and /NAME, indented by INDENT spaces.
alertmanager_config() {
  sed "s/^/$2/" <<EOF
route:
  receiver: bench
  group_by: [alertname, round]
  group_wait: ${GROUP_WAIT}s
  group_interval: 1m
  repeat_interval: 4h
receivers:
  - name: bench
    email_configs:
      - to: $1@bench.test
        from: $1-sender@bench.test
        smarthost: 127.0.0.1:$SMTP_PORT
        require_tls: false
    webhook_configs:
      - url: http://127.0.0.1:$WEBHOOK_PORT/$1
EOF
}

# The systems start first; until the helper below is up their scrapes fail, which is harmless.
SPECS=()
for system in $SYSTEMS; do
  port=$(free_port)
  case $system in
    warden)
      { common_config; echo "alerting:"; alertmanager_config warden "  "; } >"$WORK/warden.yml"
      start_warden "$WORK/warden.yml" "$port"
      SPECS+=("warden=$WARDEN_URL") ;;
    prometheus)
      am_port=$(free_port)
      alertmanager_config alertmanager "" >"$WORK/alertmanager.yml"
      start_alertmanager "$WORK/alertmanager.yml" "$am_port"
      { common_config; printf 'alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ["127.0.0.1:%s"]\n' "$am_port"; } >"$WORK/prometheus.yml"
      start_prometheus "$WORK/prometheus.yml" "$port"
      SPECS+=("prometheus=$PROMETHEUS_URL") ;;
    *) die "unknown system $system (SYSTEMS takes warden and prometheus)" ;;
  esac
  echo "   $system on http://127.0.0.1:$port"
done

echo "== evaluation interval ${INTERVAL}s, group_wait ${GROUP_WAIT}s, scrape interval 1s, for: 0s"
python3 "$HERE/alert_latency_helper.py" run "$EXPORTER_PORT" "$SMTP_PORT" "$WEBHOOK_PORT" "$ROUNDS" "$INTERVAL" "$GROUP_WAIT" \
  "${SPECS[@]}" | tee "$WORK/results.md"
echo "   load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
