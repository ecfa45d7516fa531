// Counts what every receiver (scrapes, remote_write, push, OTLP, StatsD) took in and turned away,
// by receiver and reason, for Warden's own /metrics: `warden_ingest_samples_total` and
// `warden_ingest_samples_rejected_total`, so an operator sees loss instead of guessing at it.
package import MetricStore
import Prometheus
import Synchronization

/// Thread-safe: swift-prometheus counters are atomics behind a locked registry.
package final class IngestMetrics: Sendable {
  private let registry = PrometheusCollectorRegistry()
  // Totals over every receiver and reason, for the overview page (swift-prometheus counters
  // cannot be read back).
  private let appendedTotal = Atomic<Int>(0)
  private let rejectedTotal = Atomic<Int>(0)

  package init() {}

  /// Samples stored since the server started, all receivers together.
  package var samplesAppended: Int { appendedTotal.load(ordering: .relaxed) }
  /// Samples received and not stored since the server started, all receivers and reasons together.
  package var samplesRejected: Int { rejectedTotal.load(ordering: .relaxed) }

  /// Records samples a receiver stored and those the store turned away, by the store's reasons.
  package func record(receiver: String, report: AppendReport) {
    accepted(receiver: receiver).increment(by: Int64(report.appended))
    appendedTotal.add(report.appended, ordering: .relaxed)
    let reasons: [(String, Int)] = [
      ("duplicate_timestamp", report.duplicateTimestamp), ("out_of_order", report.outOfOrder),
      ("too_old", report.tooOld), ("invalid_labels", report.invalidLabels),
      ("series_limit", report.overSeriesLimit),
    ]
    for (reason, count) in reasons where count > 0 {
      rejected(receiver: receiver, reason: reason).increment(by: Int64(count))
      rejectedTotal.add(count, ordering: .relaxed)
    }
  }

  /// Records samples a receiver dropped before the store saw them (a malformed body, a limit,
  /// relabeling rules, a full disk).
  package func reject(receiver: String, reason: String, samples: Int) {
    guard samples > 0 else { return }
    rejected(receiver: receiver, reason: reason).increment(by: Int64(samples))
    rejectedTotal.add(samples, ordering: .relaxed)
  }

  /// Counts a request a receiver refused as a whole, by the HTTP status class of the answer.
  package func rejectRequest(receiver: String, reason: String) {
    registry.makeCounter(
      descriptor: .init(
        namespace: "warden", subsystem: "ingest", metricName: "requests_rejected", unitName: "total",
        helpText: "Requests or datagrams a receiver refused as a whole, by receiver and reason."),
      labels: [("receiver", receiver), ("reason", reason)]
    ).increment()
  }

  package func render(into bytes: inout [UInt8]) {
    registry.emit(into: &bytes)
  }

  private func accepted(receiver: String) -> Counter {
    registry.makeCounter(
      descriptor: .init(
        namespace: "warden", subsystem: "ingest", metricName: "samples", unitName: "total",
        helpText: "Samples received and stored, by receiver."),
      labels: [("receiver", receiver)])
  }

  private func rejected(receiver: String, reason: String) -> Counter {
    registry.makeCounter(
      descriptor: .init(
        namespace: "warden", subsystem: "ingest", metricName: "samples_rejected", unitName: "total",
        helpText: "Samples received and not stored, by receiver and reason."),
      labels: [("receiver", receiver), ("reason", reason)])
  }
}
