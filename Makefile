# Warden: build, run, test and benchmark. `make run` and `make test` work on a fresh Debian
# machine with the Swift toolchain: they install the Debian packages they need first.

SWIFT ?= swift
REVISION := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
export WARDEN_REVISION := $(REVISION)
ARGS ?=

.PHONY: run build test bench bench-hotpaths bench-idle bench-store bench-ingest bench-promql bench-logs deps-run deps-test deps-bench clean

## run: install what is missing, build release, start `warden serve` (data in ./data, http://127.0.0.1:9470/)
run: deps-run build
	.build/release/warden serve $(ARGS)

## build: the release binary at .build/release/warden
build: deps-run
	$(SWIFT) build -c release --static-swift-stdlib --product warden

## test: the whole suite (unit and integration tests, real node_exporter and promtool)
# Three runs, each in parallel: unit tests, then the suites that time things in milliseconds
# (alerting with real SMTP and HTTP peers, rule schedules, notification timers, live-query
# streams), then the integration tests (real servers). Together at once, on two cores, a hundred peer processes starve the timing checks.
test: deps-test
	$(SWIFT) build --build-tests
	WARDEN_BINARY="$$($(SWIFT) build --show-bin-path)/warden" $(SWIFT) test --skip-build --skip 'IntegrationTests\.|NotifyTests\.|AlertingTests\.|ServerTests\.Live'
	WARDEN_BINARY="$$($(SWIFT) build --show-bin-path)/warden" $(SWIFT) test --skip-build --filter 'NotifyTests\.|AlertingTests\.|ServerTests\.Live'
	WARDEN_BINARY="$$($(SWIFT) build --show-bin-path)/warden" $(SWIFT) test --skip-build --filter 'IntegrationTests\.'

## bench: package-benchmark hot paths, Warden against node_exporter, the metric store, remote_write ingestion and PromQL latency against VictoriaMetrics and Prometheus
bench: bench-hotpaths bench-idle bench-store bench-ingest bench-promql

bench-hotpaths: deps-bench
	WARDEN_BENCHMARKS=1 $(SWIFT) package --scratch-path .build-bench benchmark --target CollectBenchmarks --target CodecsBenchmarks --target MetricStoreBenchmarks

bench-idle: deps-bench build
	WARDEN_BIN=.build/release/warden bench/idle-footprint.sh

bench-store: deps-bench
	WARDEN_BENCHMARKS=1 $(SWIFT) build -c release --scratch-path .build-bench --product StoreLoad
	HOSTS=$${HOSTS:-10} HOURS=$${HOURS:-24} bench/metric-store-compare.sh

## bench-ingest: remote_write ingestion (samples/s, bytes/sample, peak RSS) of Warden, VictoriaMetrics and Prometheus, and exposition parsing speed
bench-ingest: deps-bench
	$(SWIFT) build -c release --product warden
	WARDEN_BENCHMARKS=1 $(SWIFT) build -c release --scratch-path .build-bench --product RemoteWriteLoad
	WARDEN_BIN=.build/release/warden RWLOAD_BIN=.build-bench/release/RemoteWriteLoad bench/remote-write-compare.sh
	.build-bench/release/RemoteWriteLoad parse Benchmarks/Fixtures/node-exporter-1.5.0.prom --runs 200
	.build-bench/release/RemoteWriteLoad parse --generate 100000 --runs 10

## bench-promql: dashboard query latency of Warden, Prometheus and VictoriaMetrics on the same 24 h of data
bench-promql: deps-bench
	$(SWIFT) build -c release --product warden
	WARDEN_BENCHMARKS=1 $(SWIFT) build -c release --scratch-path .build-bench --product RemoteWriteLoad
	WARDEN_BIN=.build/release/warden RWLOAD_BIN=.build-bench/release/RemoteWriteLoad bench/promql-compare.sh

## bench-logs: logs ingest (Loki push, syslog TCP), compression and LogQL latency against ClickHouse and ripgrep on a generated 1 GB corpus (SIZE=50MB for a quick run)
bench-logs: deps-bench
	$(SWIFT) build -c release --product warden
	WARDEN_BENCHMARKS=1 $(SWIFT) build -c release --scratch-path .build-bench --product LogLoad
	WARDEN_BIN=.build/release/warden LOGLOAD_BIN=.build-bench/release/LogLoad bench/logs-compare.sh

## bench-alerts: rule evaluation cost (1,000 rules, 10k series), alert latency to e-mail and webhook, and 10,000 alerts at once, against Prometheus 2.42 + Alertmanager 0.25 (SYSTEMS=prometheus runs their side alone)
.PHONY: bench-alerts
bench-alerts: deps-bench deps-test
	$(SWIFT) build -c release --product warden
	WARDEN_BIN=.build/release/warden bench/alert-eval-compare.sh
	WARDEN_BIN=.build/release/warden bench/alert-latency-compare.sh
	WARDEN_BIN=.build/release/warden bench/alert-mass-compare.sh

## bench-ui: the web UI in headless Chromium: first and all panels of a 12-panel dashboard over 24 h of host metrics, frame time of 1M points, page weight
.PHONY: bench-ui
bench-ui: deps-test build
	WARDEN_BIN=.build/release/warden bench/ui-bench.sh

## bench-backup: backup engine against restic and BorgBackup (first and second backup, repository size, restore, check --read-data, peak memory) on /usr/share + /usr/include and 512 MiB of large files
.PHONY: bench-backup
bench-backup: deps-bench build
	bench/backup-compare.sh .build/release/warden --large-mb $${LARGE_MB:-512}

deps-run:
	@scripts/install-deps.sh run

deps-test:
	@scripts/install-deps.sh test

deps-bench:
	@scripts/install-deps.sh bench

clean:
	rm -rf .build .build-bench .build-static
