#!/usr/bin/env bash
# Warden's backup engine against restic and BorgBackup on the same trees (see backup_compare.py).
# Usage: bench/backup-compare.sh [release binary]   (make bench-backup builds it first)
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-.build/release/warden}"
[ -x "$binary" ] || { echo "no $binary: run swift build -c release first" >&2; exit 1; }
for tool in restic borg /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install restic borgbackup time" >&2; exit 1; }
done
exec python3 bench/backup_compare.py "$(realpath "$binary")" "${@:2}"
