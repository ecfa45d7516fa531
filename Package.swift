// swift-tools-version:6.2
// Warden: one program that monitors and maintains a fleet. Module map: ../shared/DESIGN.md, docs/ARCHITECTURE.md.
import Foundation
import PackageDescription

let swiftSettings: [SwiftSetting] = [
  .swiftLanguageMode(.v6),
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
  .enableUpcomingFeature("InternalImportsByDefault"),
]

// The git revision is baked into the binary when the build is started with WARDEN_REVISION set
// (the Makefile does this); a plain `swift build` reports "unknown".
let revision = ProcessInfo.processInfo.environment["WARDEN_REVISION"] ?? "unknown"

var package = Package(
  name: "warden",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "warden", targets: ["warden"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
    .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
    .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
  ],
  targets: [
    .target(
      name: "CWardenBuildInfo",
      cSettings: [.define("WARDEN_REVISION", to: "\"\(revision)\"")]
    ),
    // The web UI (web/) embedded with C23 #embed; scripts/gen-ui-assets.sh writes the table.
    .target(
      name: "CWardenAssets",
      cSettings: [.unsafeFlags(["-std=c23"])]
    ),
    .target(
      name: "WardenCore",
      dependencies: ["CWardenBuildInfo"],
      swiftSettings: swiftSettings
    ),
    // The system zstd (Debian libzstd-dev; the Makefile installs it).
    .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
    // The system snappy (Debian libsnappy-dev), for remote_write and Loki push bodies.
    .systemLibrary(name: "CSnappy", pkgConfig: "snappy", providers: [.apt(["libsnappy-dev"])]),
    // The system zlib (Debian zlib1g-dev), for gzip-encoded OTLP/HTTP bodies.
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .target(
      name: "Codecs",
      dependencies: [
        "WardenCore", "CZstd", "CSnappy", "CZlib", .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
      ],
      swiftSettings: swiftSettings
    ),
    // Code generated from ../shared/proto by scripts/generate-protos.sh (remote write 1.0 and 2.0,
    // OTLP metrics) and committed, so no build needs protoc. Generated code imports SwiftProtobuf
    // publicly, so the import-visibility features stay off here.
    .target(
      name: "WireFormats",
      dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
      swiftSettings: [.swiftLanguageMode(.v6)]
    ),
    .target(
      name: "Ingest",
      dependencies: [
        "WardenCore", "Codecs", "WireFormats",
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "MetricStore",
      dependencies: [
        "WardenCore", "Codecs", "CZstd",
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "Collect",
      dependencies: [
        "WardenCore", "Ingest",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: swiftSettings
    ),
    // PromQL: series selectors now (match[] parameters); the query engine with the query issue.
    .target(
      name: "PromQL",
      dependencies: ["WardenCore"],
      swiftSettings: swiftSettings
    ),
    // Log streams: WAL, per-stream heads, zstd segments with block indexes, retention (issue 6).
    .target(
      name: "LogStore",
      dependencies: [
        "WardenCore", "Codecs", "CZstd",
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),
    // LogQL: parser, pipeline stages and evaluator over WardenCore's LogSource; metric queries
    // reuse PromQL's aggregation kernels.
    .target(
      name: "LogQL",
      dependencies: ["WardenCore", "PromQL", "GoTemplate"],
      swiftSettings: swiftSettings
    ),
    // YAML decoding with positions (file:line:column, field path, unknown keys refused), shared by
    // the main configuration, rule files and Alertmanager configuration files.
    .target(
      name: "ConfigDecoding",
      dependencies: [.product(name: "Yams", package: "Yams")],
      swiftSettings: swiftSettings
    ),
    // Go's text/template language (parse, execute over dynamic data, pluggable functions), for
    // Prometheus annotation templates and Alertmanager notification templates.
    .target(
      name: "GoTemplate",
      dependencies: ["WardenCore"],
      swiftSettings: swiftSettings
    ),
    // Rule files, rule group evaluation, alert state, recording rules (issue 7).
    .target(
      name: "Alerting",
      dependencies: [
        "WardenCore", "PromQL", "LogQL", "GoTemplate", "ConfigDecoding", "Catalog",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: swiftSettings
    ),
    // Alertmanager's routing, grouping, inhibition, silences and receivers (issue 7).
    .target(
      name: "Notify",
      dependencies: [
        "WardenCore", "GoTemplate", "ConfigDecoding", "Catalog",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Yams", package: "Yams"),
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: swiftSettings
    ),
    // Deduplicated, encrypted backups: repository format, chunking, packs, snapshots, restore,
    // check (issue 9).
    .target(
      name: "Backup",
      dependencies: [
        "WardenCore", "Codecs", "CZstd",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "_CryptoExtras", package: "swift-crypto"),
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "Catalog",
      dependencies: [
        "WardenCore",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "Server",
      dependencies: [
        "WardenCore", "Codecs", "Ingest", "Collect", "Catalog", "MetricStore", "PromQL", "LogStore", "LogQL",
        "ConfigDecoding", "GoTemplate", "Alerting", "Notify", "CWardenAssets", "Backup",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "Yams", package: "Yams"),
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
        .product(name: "NIOWebSocket", package: "swift-nio"),
      ],
      swiftSettings: swiftSettings
    ),
    .executableTarget(
      name: "warden",
      dependencies: [
        "Server", "WardenCore", "Alerting", "Notify", "Backup",
        .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
        .product(name: "NIOWebSocket", package: "swift-nio"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),
    // Test support shared by the test targets; never a dependency of the product.
    .target(name: "WardenTesting", swiftSettings: swiftSettings),
    .testTarget(name: "WardenCoreTests", dependencies: ["WardenCore"], swiftSettings: swiftSettings),
    .testTarget(
      name: "IngestTests",
      dependencies: [
        "Ingest", "MetricStore", "WardenCore", "WardenTesting", "Codecs", "WireFormats",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      swiftSettings: swiftSettings
    ),
    .testTarget(name: "CodecsTests", dependencies: ["Codecs", "WardenTesting"], swiftSettings: swiftSettings),
    .testTarget(
      name: "MetricStoreTests", dependencies: ["MetricStore", "WardenCore", "Codecs", "WardenTesting"], swiftSettings: swiftSettings),
    // Killed at random moments by MetricStoreTests' crash test; not shipped.
    .executableTarget(
      name: "store-crash-writer",
      dependencies: ["MetricStore", "WardenCore", .product(name: "Logging", package: "swift-log")],
      path: "Tests/Support/StoreCrashWriter",
      swiftSettings: swiftSettings
    ),
    // Killed at random moments by LogStoreTests' crash test; not shipped.
    .executableTarget(
      name: "log-crash-writer",
      dependencies: ["LogStore", "WardenCore", .product(name: "Logging", package: "swift-log")],
      path: "Tests/Support/LogCrashWriter",
      swiftSettings: swiftSettings
    ),
    .testTarget(name: "CatalogTests", dependencies: ["Catalog"], swiftSettings: swiftSettings),
    .testTarget(
      name: "BackupTests",
      dependencies: [
        "Backup", "WardenTesting", .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "_CryptoExtras", package: "swift-crypto"), .product(name: "GRDB", package: "GRDB.swift"),
      ],
      swiftSettings: swiftSettings),
    .testTarget(name: "GoTemplateTests", dependencies: ["GoTemplate", "WardenTesting"], swiftSettings: swiftSettings),
    .testTarget(
      name: "AlertingTests",
      dependencies: [
        "Alerting", "PromQL", "LogQL", "GoTemplate", "Catalog", "ConfigDecoding", "WardenCore", "WardenTesting",
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "NotifyTests",
      dependencies: [
        "Notify", "GoTemplate", "Catalog", "ConfigDecoding", "WardenCore", "WardenTesting",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
      ],
      // The Python peers (SMTP and HTTP receivers) the receiver tests start.
      exclude: ["Receivers/Peers"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "LogStoreTests", dependencies: ["LogStore", "WardenCore", "Codecs", "WardenTesting"], swiftSettings: swiftSettings),
    .testTarget(name: "LogQLTests", dependencies: ["LogQL", "PromQL", "WardenCore", "WardenTesting"], swiftSettings: swiftSettings),
    .testTarget(name: "PromQLTests", dependencies: ["PromQL", "WardenCore", "WardenTesting"], swiftSettings: swiftSettings),
    .testTarget(name: "CollectTests", dependencies: ["Collect", "WardenCore", "WardenTesting"], swiftSettings: swiftSettings),
    .testTarget(
      name: "ServerTests",
      dependencies: [
        "Server", "Collect", "WardenCore", "Catalog", "MetricStore", "PromQL", "LogStore", "LogQL", "WardenTesting",
        "ConfigDecoding", "Alerting", "Notify", "GoTemplate", "Backup",
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "NIOCore", package: "swift-nio"),
      ],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "IntegrationTests",
      dependencies: [
        "WardenCore", "Ingest", "Codecs", "MetricStore", "WireFormats", "WardenTesting",
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        .product(name: "Logging", package: "swift-log"),
      ],
      // The Python/Selenium scenarios the browser tests run, and their README.
      exclude: ["Browser/Scripts", "Browser/README.md"],
      swiftSettings: swiftSettings
    ),
  ]
)

// package-benchmark is heavy to build, so its targets exist only when asked for (`make bench`);
// `make test` never compiles it.
if ProcessInfo.processInfo.environment["WARDEN_BENCHMARKS"] != nil {
  package.dependencies.append(
    .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"])
  )
  package.targets.append(
    .executableTarget(
      name: "CodecsBenchmarks",
      dependencies: ["Codecs", .product(name: "Benchmark", package: "benchmark")],
      path: "Benchmarks/CodecsBenchmarks",
      swiftSettings: swiftSettings,
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
  )
  package.targets.append(
    .executableTarget(
      name: "CollectBenchmarks",
      dependencies: ["Collect", "WardenCore", .product(name: "Benchmark", package: "benchmark")],
      path: "Benchmarks/CollectBenchmarks",
      swiftSettings: swiftSettings,
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
  )
  package.targets.append(
    .executableTarget(
      name: "MetricStoreBenchmarks",
      dependencies: [
        "MetricStore", "WardenCore", .product(name: "Logging", package: "swift-log"),
        .product(name: "Benchmark", package: "benchmark"),
      ],
      path: "Benchmarks/MetricStoreBenchmarks",
      swiftSettings: swiftSettings,
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
  )
  // Loads a node_exporter-like data file into a fresh store (bench/metric-store-compare.sh).
  package.targets.append(
    .executableTarget(
      name: "StoreLoad",
      dependencies: ["MetricStore", "WardenCore", .product(name: "Logging", package: "swift-log")],
      path: "Benchmarks/StoreLoad",
      swiftSettings: swiftSettings
    )
  )
  package.products.append(.executable(name: "StoreLoad", targets: ["StoreLoad"]))
  // Resident memory per active series in the head (no test, prints one line).
  package.targets.append(
    .executableTarget(
      name: "SeriesMemory",
      dependencies: ["MetricStore", "WardenCore", .product(name: "Logging", package: "swift-log")],
      path: "Benchmarks/SeriesMemory",
      swiftSettings: swiftSettings
    )
  )
  package.products.append(.executable(name: "SeriesMemory", targets: ["SeriesMemory"]))
  // remote_write load generator and exposition parser timer (bench/remote-write-compare.sh).
  package.targets.append(
    .executableTarget(
      name: "RemoteWriteLoad",
      dependencies: [
        "WireFormats", "Codecs", "Ingest",
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
      ],
      path: "Benchmarks/RemoteWriteLoad",
      swiftSettings: swiftSettings
    )
  )
  package.products.append(.executable(name: "RemoteWriteLoad", targets: ["RemoteWriteLoad"]))
  // Loki push and syslog TCP load generator for the logs comparison (bench/logs-compare.sh).
  package.targets.append(
    .executableTarget(
      name: "LogLoad",
      dependencies: [
        "Codecs",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
      ],
      path: "Benchmarks/LogLoad",
      swiftSettings: swiftSettings
    )
  )
  package.products.append(.executable(name: "LogLoad", targets: ["LogLoad"]))
}
