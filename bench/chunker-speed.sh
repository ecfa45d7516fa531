#!/usr/bin/env bash
# The backup chunker's speed on one core (goal: at least 1 GB/s). Builds the chunker source alone
# with `swiftc -O` (access levels dropped, as it is compiled outside its package) and runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed 's/^package //; s/^  package /  /' Sources/Backup/Chunking/ContentChunker.swift >"$work/ContentChunker.swift"
cp bench/chunker_speed_main.swift "$work/main.swift"
swiftc -O -o "$work/chunker-speed" "$work/main.swift" "$work/ContentChunker.swift"
"$work/chunker-speed"
