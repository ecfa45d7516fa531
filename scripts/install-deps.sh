#!/usr/bin/env bash
# Installs the Debian packages a make target needs, when they are missing.
# Usage: scripts/install-deps.sh run|test|bench
# As root it uses apt-get; otherwise it lists what is missing and exits 1.
set -euo pipefail

build=(libsqlite3-dev libzstd-dev libsnappy-dev zlib1g-dev pkg-config)
case "${1:-run}" in
  run) wanted=("${build[@]}") ;;
  test) wanted=("${build[@]}" prometheus prometheus-node-exporter prometheus-pushgateway prometheus-blackbox-exporter curl sqlite3 python3 rsyslog logrotate bsdutils prometheus-alertmanager openssl chromium chromium-driver zstd postgresql) ;;
  bench) wanted=("${build[@]}" prometheus prometheus-node-exporter curl victoria-metrics python3 restic borgbackup time) ;;
  *) echo "usage: $0 run|test|bench" >&2; exit 2 ;;
esac

if ! command -v swift >/dev/null 2>&1; then
  echo "swift is not on PATH: install the Swift 6.3 toolchain (https://www.swift.org/install/) first" >&2
  exit 1
fi

# Python packages the tests use (the SMTP server that receives alert e-mail), from PyPI.
if [ "${1:-run}" = test ] && ! python3 -c 'import aiosmtpd' 2>/dev/null; then
  echo "installing: aiosmtpd (pip)"
  python3 -m pip install -q aiosmtpd 2>&1 | grep -v -i 'running pip as' || true
  python3 -c 'import aiosmtpd' || { echo "cannot install aiosmtpd with pip" >&2; exit 1; }
fi

# Selenium drives the real headless Chromium in the web UI's browser tests (it uses the Debian
# chromedriver; nothing is downloaded).
if [ "${1:-run}" = test ] && ! python3 -c 'import selenium' 2>/dev/null; then
  echo "installing: selenium (pip)"
  python3 -m pip install -q selenium 2>&1 | grep -v -i 'running pip as' || true
  python3 -c 'import selenium' || { echo "cannot install selenium with pip" >&2; exit 1; }
fi

missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
