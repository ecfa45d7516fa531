// Warden's own metrics, served at `/metrics`: HTTP traffic, configuration reloads, build info,
// and this process's CPU, memory and file descriptors. Names follow Prometheus's conventions
// (`warden_` prefix, base units, `_total` counters) so the usual dashboards carry over.
import Collect
import Prometheus
package import WardenCore

/// Thread-safe: swift-prometheus metrics are atomics behind a locked registry.
package final class SelfMetrics: Sendable {
  private let registry = PrometheusCollectorRegistry()
  private let process = ProcessCollector()
  private let reloadSuccessful: Gauge
  private let reloadSuccessTimestamp: Gauge

  /// Latency buckets from 1 ms to 60 s: API calls are fast, PromQL range queries are not.
  private static let durationBuckets: [Duration] = [
    .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
    .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500),
    .seconds(5), .seconds(10), .seconds(30), .seconds(60),
  ]

  package init() {
    let buildInfo = registry.makeGauge(
      descriptor: .init(
        namespace: "warden", metricName: "build", unitName: "info",
        helpText: "A metric with a constant '1' value labeled by version, revision, branch and toolchain."),
      labels: [
        ("version", BuildInfo.version), ("revision", BuildInfo.revision), ("branch", BuildInfo.branch),
        ("swiftversion", BuildInfo.swiftVersion),
      ])
    buildInfo.set(to: 1)
    reloadSuccessful = registry.makeGauge(
      descriptor: .init(
        namespace: "warden", subsystem: "config", metricName: "last_reload", unitName: "successful",
        helpText: "Whether the last configuration reload attempt was successful (1) or not (0)."),
      labels: [])
    reloadSuccessTimestamp = registry.makeGauge(
      descriptor: .init(
        namespace: "warden", subsystem: "config", metricName: "last_reload_success_timestamp", unitName: "seconds",
        helpText: "Unix time of the last successful configuration load."),
      labels: [])
  }

  /// Counts one HTTP request and its duration.
  /// - Parameters:
  ///   - handler: the matched route pattern (never the raw path, to bound cardinality).
  package func recordRequest(handler: String, method: String, code: Int, duration: Duration) {
    let codeText = String(code)
    registry.makeCounter(
      descriptor: .init(
        namespace: "warden", subsystem: "http", metricName: "requests", unitName: "total",
        helpText: "HTTP requests served, by route, method and status code."),
      labels: [("handler", handler), ("method", method), ("code", codeText)]
    ).increment()
    registry.makeDurationHistogram(
      descriptor: .init(
        namespace: "warden", subsystem: "http", metricName: "request_duration", unitName: "seconds",
        helpText: "Time to produce HTTP responses, by route."),
      labels: [("handler", handler)],
      buckets: Self.durationBuckets
    ).record(duration)
  }

  /// Records the outcome of a configuration (re)load.
  package func recordReload(successful: Bool, atUnixSeconds time: Double) {
    reloadSuccessful.set(to: successful ? 1 : 0)
    if successful { reloadSuccessTimestamp.set(to: time) }
  }

  /// Appends the server's and the process's metrics in the text exposition format.
  package func render(into encoder: inout ExpositionEncoder) {
    registry.emit(into: &encoder.bytes)
    process.collect(into: &encoder)
  }
}
