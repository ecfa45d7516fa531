#!/usr/bin/env bash
# Regenerates Sources/WireFormats/Generated from the .proto files in ../shared/proto. Run by hand
# when a protocol definition changes; the output is committed, so builds and CI never need protoc.
# Needs: protoc + libprotobuf-dev (Debian) and protoc-gen-swift built from swift-protobuf at the
# same version Package.swift names (see ../shared/proto/README.md).
# Usage: PLUGIN=/path/to/protoc-gen-swift scripts/generate-protos.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
proto=${PROTO_DIR:-$root/../shared/proto}
plugin=${PLUGIN:?set PLUGIN to the protoc-gen-swift binary}
out=$root/Sources/WireFormats/Generated
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch"/rw1 "$scratch"/rw2 "$scratch"/otlp "$scratch"/client

cd "$proto"
gen() { protoc --plugin=protoc-gen-swift="$plugin" "$@"; }
# Remote write 1.0 (types + WriteRequest); gogoproto options do not change the wire format.
gen -I prometheus/prompb -I third_party --swift_out="$scratch"/rw1 --swift_opt=Visibility=Package remote.proto types.proto
# Remote write 2.0.
gen -I prometheus/prompb -I third_party --swift_out="$scratch"/rw2 --swift_opt=Visibility=Package,FileNaming=PathToUnderscores \
  io/prometheus/write/v2/types.proto
# OTLP metrics (the collector's export request and what it refers to).
gen -I . --swift_out="$scratch"/otlp --swift_opt=Visibility=Package,FileNaming=PathToUnderscores \
  opentelemetry/proto/{common,resource,metrics}/v1/*.proto opentelemetry/proto/collector/metrics/v1/*.proto

# The protobuf exposition format (io.prometheus.client.MetricFamily), as Go clients push it.
gen -I prometheus/client_model --swift_out="$scratch"/client --swift_opt=Visibility=Package,FileNaming=PathToUnderscores \
  io/prometheus/client/metrics.proto

rm -rf "$out" && mkdir -p "$out"
mv "$scratch"/rw1/remote.pb.swift "$out"/prometheus_remote.pb.swift
mv "$scratch"/rw1/types.pb.swift "$out"/prometheus_types.pb.swift
mv "$scratch"/rw2/*.swift "$scratch"/otlp/*.swift "$scratch"/client/*.swift "$out"/
# protoc-gen-swift marks messages with copy-on-write storage `@unchecked Sendable`; the project
# rule wants each such mark explained where it stands, so the proof is written above each one.
for file in "$out"/*.swift; do
  perl -0pi -e 's{^(package nonisolated struct \w+: \@unchecked Sendable \{)}{// \@unchecked Sendable, as protoc-gen-swift writes it: the only stored reference is the\n// copy-on-write _StorageClass, which every mutating accessor copies first unless it is uniquely\n// referenced, so storage shared between values or threads is never written: value semantics.\n\1}mg' "$file"
done
ls "$out"
