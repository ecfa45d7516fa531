#!/usr/bin/env bash
# alert-eval-compare.sh: the cost of evaluating 1,000 rules over 10,000 series, Warden against
# Prometheus evaluating the same rule file on the same data, in one run.
#
# What it does:
#   1. writes a rule file of RULE_GROUPS x RULES_PER_GROUP rules (bench/alert_eval_helper.py rules:
#      40% recording rules, 60% alerting rules with thresholds, about 500 alerts firing) and checks
#      it with `promtool check rules`;
#   2. starts Warden and Prometheus, both scraping one Python exporter of 10,000 series
#      (bench_value and bench_requests_total) every INTERVAL, with evaluation_interval INTERVAL,
#      from configurations with the same `global:` and `scrape_configs:`, no rules yet;
#   3. measures each process's CPU (utime+stime from /proc/PID/stat) for BASELINE seconds of
#      scraping only; adds `rule_files:` to both configurations and reloads (POST /-/reload);
#      measures CPU again for WINDOW seconds with the rules (no API calls in that window); then
#      polls /api/v1/rules for CYCLES cycles and sums the groups' `evaluationTime` per cycle;
#   4. prints per system: evaluation time per cycle (median, p90, max), CPU per second with and
#      without rules and the rules' CPU per cycle, alerts firing and recorded series (both systems
#      should agree), and Warden / Prometheus for each figure.
#
# How to run it (from the package root), or `make bench-alerts`:
#   swift build -c release --product warden
#   bench/alert-eval-compare.sh
#   SYSTEMS=prometheus bench/alert-eval-compare.sh     # Prometheus alone (e.g. Warden without rules)
#
# Environment: WARDEN_BIN (.build/release/warden)  PROMETHEUS_BIN (prometheus)  SYSTEMS ("warden
#   prometheus")  RULE_GROUPS (10)  RULES_PER_GROUP (100)  INTERVAL (10: seconds, scrape and evaluation)
#   BASELINE (60)  WINDOW (120)  CYCLES (12)  WORK (temporary; kept with KEEP=1 or on failure)
# Only loopback; every process is stopped by PID on exit.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
RULE_GROUPS=${RULE_GROUPS:-10}
RULES_PER_GROUP=${RULES_PER_GROUP:-100}
INTERVAL=${INTERVAL:-10}
BASELINE=${BASELINE:-60}
WINDOW=${WINDOW:-120}
CYCLES=${CYCLES:-12}
WORK=${WORK:-$(mktemp -d /tmp/alert-eval.XXXXXX)}
mkdir -p "$WORK"
source "$HERE/alert_common.sh"
trap cleanup EXIT INT TERM
check_tools
for n in "$RULE_GROUPS" "$RULES_PER_GROUP" "$INTERVAL" "$BASELINE" "$WINDOW" "$CYCLES"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || die "RULE_GROUPS, RULES_PER_GROUP, INTERVAL, BASELINE, WINDOW and CYCLES must be positive integers"
done

print_machine
python3 "$HERE/alert_eval_helper.py" rules "$WORK/rules.yml" "$RULE_GROUPS" "$RULES_PER_GROUP"
if has_system prometheus; then
  "$PROMTOOL_BIN" check rules "$WORK/rules.yml" | sed 's/^/   promtool: /'
fi

EXPORTER_PORT=$(free_port)
write_config() { # write_config FILE [rules]
  {
    printf 'global:\n  scrape_interval: %ss\n  scrape_timeout: %ss\n  evaluation_interval: %ss\n' "$INTERVAL" "$INTERVAL" "$INTERVAL"
    printf 'scrape_configs:\n  - job_name: bench\n    static_configs:\n      - targets: ["127.0.0.1:%s"]\n' "$EXPORTER_PORT"
    [[ ${2:-} == rules ]] && printf 'rule_files:\n  - %s\n' "$WORK/rules.yml"
    true
  } >"$1"
}

SPECS=()
for system in $SYSTEMS; do
  write_config "$WORK/$system.yml"
  write_config "$WORK/$system-rules.yml" rules
  port=$(free_port)
  case $system in
    warden)
      start_warden "$WORK/warden.yml" "$port"
      SPECS+=("warden=$WARDEN_URL=$WARDEN_PID=$WORK/warden.yml=$WORK/warden-rules.yml") ;;
    prometheus)
      start_prometheus "$WORK/prometheus.yml" "$port"
      SPECS+=("prometheus=$PROMETHEUS_URL=$PROMETHEUS_PID=$WORK/prometheus.yml=$WORK/prometheus-rules.yml") ;;
    *) die "unknown system $system (SYSTEMS takes warden and prometheus)" ;;
  esac
  echo "   $system on http://127.0.0.1:$port"
done

echo "== $((RULE_GROUPS * RULES_PER_GROUP)) rules in $RULE_GROUPS groups, interval ${INTERVAL}s"
python3 "$HERE/alert_eval_helper.py" run "$EXPORTER_PORT" "$INTERVAL" "$BASELINE" "$WINDOW" "$CYCLES" "${SPECS[@]}" |
  tee "$WORK/results.md"
echo "   load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
