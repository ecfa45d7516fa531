// Counts what every log receiver (Loki push, OTLP logs, NDJSON, syslog, tailed files) took in and
// turned away, by protocol and reason, for Warden's own /metrics (`warden_logs_*`), so an operator
// sees loss instead of guessing at it. The store's own sizes are rendered beside these at scrape
// time (SelfMetricsRoutes).
import Prometheus
import Synchronization

/// Thread-safe: swift-prometheus counters are atomics behind a locked registry.
package final class LogIngestMetrics: Sendable {
  private let registry = PrometheusCollectorRegistry()
  // Totals over every protocol, for the overview page (swift-prometheus counters cannot be read back).
  private let linesTotal = Atomic<Int>(0)
  private let bytesTotal = Atomic<Int>(0)

  package init() {}

  /// Log lines stored since the server started, all protocols together.
  package var linesStored: Int { linesTotal.load(ordering: .relaxed) }
  /// Bytes of log lines stored since the server started, all protocols together.
  package var bytesStored: Int { bytesTotal.load(ordering: .relaxed) }

  /// Records lines a receiver stored (and how many of them were cut at the line-length limit).
  package func stored(protocol name: String, lines: Int, bytes: Int, truncated: Int) {
    guard lines > 0 else { return }
    linesTotal.add(lines, ordering: .relaxed)
    bytesTotal.add(bytes, ordering: .relaxed)
    counter("lines_received", "Log lines received and stored, by protocol.", [("protocol", name)]).increment(by: Int64(lines))
    counter("bytes_received", "Bytes of log lines received and stored, by protocol.", [("protocol", name)])
      .increment(by: Int64(bytes))
    if truncated > 0 {
      counter("lines_truncated", "Log lines stored cut at the line-length limit, by protocol.", [("protocol", name)])
        .increment(by: Int64(truncated))
    }
  }

  /// Records lines not stored, by reason (the store's limits, a full disk, a malformed request).
  package func rejected(protocol name: String, reason: String, lines: Int) {
    guard lines > 0 else { return }
    counter(
      "lines_rejected", "Log lines received and not stored, by protocol and reason.", [("protocol", name), ("reason", reason)]
    ).increment(by: Int64(lines))
  }

  /// Counts a request, connection or datagram refused as a whole (malformed, too large...).
  package func rejectedRequest(protocol name: String, reason: String) {
    counter(
      "requests_rejected", "Log requests, frames or datagrams refused as a whole, by protocol and reason.",
      [("protocol", name), ("reason", reason)]
    ).increment()
  }

  package func render(into bytes: inout [UInt8]) {
    registry.emit(into: &bytes)
  }

  private func counter(_ name: String, _ help: String, _ labels: [(String, String)]) -> Counter {
    registry.makeCounter(
      descriptor: .init(namespace: "warden", subsystem: "logs", metricName: name, unitName: "total", helpText: help),
      labels: labels)
  }
}
