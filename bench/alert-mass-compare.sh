#!/usr/bin/env bash
# alert-mass-compare.sh: 10,000 alerts at once through Warden's Alertmanager API and through
# Alertmanager itself: the time until every group is delivered to a webhook, and memory.
#
# What it does:
#   1. starts Warden (no scraping; `alerting:` with route group_by [team], group_wait GROUP_WAIT,
#      group_interval GROUP_INTERVAL and a webhook receiver at /warden) and Alertmanager with the
#      same route (webhook /alertmanager), and a Python webhook receiver;
#   2. ROUNDS times, one system after the other: POSTs ALERTS alerts (TEAMS teams, so TEAMS groups)
#      to /api/v2/alerts in bodies of BATCH, waits until every alert has arrived firing, POSTs them
#      resolved and waits until every alert has arrived resolved (the same alerts each round);
#   3. prints the POST time, the time from the first POST to the last alert delivered, the groups
#      delivered, VmRSS after each round and peak RSS (VmHWM) per system, and Warden / Alertmanager.
#
# How to run it (from the package root), or `make bench-alerts`:
#   swift build -c release --product warden
#   bench/alert-mass-compare.sh
#   SYSTEMS=prometheus bench/alert-mass-compare.sh    # Alertmanager alone
#
# Environment: WARDEN_BIN (.build/release/warden)  ALERTMANAGER_BIN (prometheus-alertmanager)
#   SYSTEMS ("warden prometheus"; prometheus stands for its Alertmanager here)  ALERTS (10000)
#   TEAMS (20)  ROUNDS (4)  BATCH (1000)  GROUP_WAIT (1: s)  GROUP_INTERVAL (5: s)
#   WORK (temporary; kept with KEEP=1 or on failure)
# Only loopback; every process is stopped by PID on exit.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ALERTS=${ALERTS:-10000}
TEAMS=${TEAMS:-20}
ROUNDS=${ROUNDS:-4}
BATCH=${BATCH:-1000}
GROUP_WAIT=${GROUP_WAIT:-1}
GROUP_INTERVAL=${GROUP_INTERVAL:-5}
WORK=${WORK:-$(mktemp -d /tmp/alert-mass.XXXXXX)}
mkdir -p "$WORK"
source "$HERE/alert_common.sh"
trap cleanup EXIT INT TERM
SYSTEMS=${SYSTEMS//alertmanager/prometheus}
check_tools
check_alertmanager
for n in "$ALERTS" "$TEAMS" "$ROUNDS" "$BATCH" "$GROUP_WAIT" "$GROUP_INTERVAL"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || die "ALERTS, TEAMS, ROUNDS, BATCH, GROUP_WAIT and GROUP_INTERVAL must be positive integers"
done
print_machine

WEBHOOK_PORT=$(free_port)

# alertmanager_config NAME INDENT: route and webhook receiver (to /NAME), indented by INDENT.
alertmanager_config() {
  sed "s/^/$2/" <<EOF
route:
  receiver: bench
  group_by: [team]
  group_wait: ${GROUP_WAIT}s
  group_interval: ${GROUP_INTERVAL}s
  repeat_interval: 4h
receivers:
  - name: bench
    webhook_configs:
      - url: http://127.0.0.1:$WEBHOOK_PORT/$1
        send_resolved: true
EOF
}

SPECS=()
for system in $SYSTEMS; do
  port=$(free_port)
  case $system in
    warden)
      { echo "alerting:"; alertmanager_config warden "  "; } >"$WORK/warden.yml"
      start_warden "$WORK/warden.yml" "$port"
      SPECS+=("warden=$WARDEN_URL=$WARDEN_PID") ;;
    prometheus)
      alertmanager_config alertmanager "" >"$WORK/alertmanager.yml"
      start_alertmanager "$WORK/alertmanager.yml" "$port"
      SPECS+=("alertmanager=$ALERTMANAGER_URL=$ALERTMANAGER_PID") ;;
    *) die "unknown system $system (SYSTEMS takes warden and prometheus)" ;;
  esac
  echo "   $system on http://127.0.0.1:$port"
done

echo "== group_by [team], group_wait ${GROUP_WAIT}s, group_interval ${GROUP_INTERVAL}s"
python3 "$HERE/alert_mass_helper.py" run "$WEBHOOK_PORT" "$ALERTS" "$TEAMS" "$ROUNDS" "$BATCH" "${SPECS[@]}" |
  tee "$WORK/results.md"
echo "   load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
