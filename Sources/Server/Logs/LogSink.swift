// The one way log receivers hand records to the log store: append (durable when it returns),
// count the outcome in `warden_logs_*`, offer what was stored to live tails, and turn store
// failures into the answers senders expect (503 while opening, 507 on a full disk).
import HTTPTypes
import LogStore
import WardenCore

/// Shared by every log receiver; thread-safe (it only holds thread-safe references).
struct LogSink: Sendable {
  let stores: Stores
  let metrics: LogIngestMetrics
  let tail: LogTailHub

  init(stores: Stores, metrics: LogIngestMetrics, tail: LogTailHub) {
    self.stores = stores
    self.metrics = metrics
    self.tail = tail
  }

  /// What the store did with a batch, for receivers that report partial success.
  struct Outcome: Sendable, Equatable {
    var stored = 0
    var truncated = 0
    var rejected = 0
    /// "2 records refused (too_many_labels: 2)" when some were refused.
    var rejectionSummary = ""
  }

  /// Appends `batch` received over `protocol` and counts the outcome.
  /// - Throws: `LokiAPIError` 503 while the store is opening, 507 on a full disk, 500 otherwise,
  ///   with every record of the batch counted as rejected.
  @discardableResult
  func append(_ batch: LogBatch, protocol name: String) async throws(LokiAPIError) -> Outcome {
    guard !batch.isEmpty else { return Outcome() }
    guard let store = stores.logs else {
      metrics.rejected(protocol: name, reason: "store_unavailable", lines: batch.count)
      throw LokiAPIError.unavailable("the log store is still opening; retry")
    }
    let report: LogAppendReport
    do {
      report = try await store.append(batch)
    } catch {
      let full = error.code == .outOfSpace
      metrics.rejected(protocol: name, reason: full ? "out_of_space" : "store_error", lines: batch.count)
      throw LokiAPIError(
        status: full ? HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage") : .internalServerError, message: "cannot store \(batch.count) log lines: \(error)")
    }
    metrics.stored(protocol: name, lines: report.acceptedRecords, bytes: report.acceptedBytes, truncated: report.truncatedLines)
    var outcome = Outcome(stored: report.acceptedRecords, truncated: report.truncatedLines, rejected: report.rejectedRecords)
    if outcome.rejected > 0 {
      let reasons = report.rejected.sorted { $0.key.rawValue < $1.key.rawValue }
      for (reason, count) in reasons { metrics.rejected(protocol: name, reason: reason.rawValue, lines: count) }
      outcome.rejectionSummary =
        "\(outcome.rejected) records refused (" + reasons.map { "\($0.key.rawValue): \($0.value)" }.joined(separator: ", ") + ")"
    }
    // Live tails see the batch once it is stored. The report does not say which records were
    // refused (they are rare: bad labels, limits), so a tail may show one the store refused.
    if tail.subscriberCount > 0 { tail.publish(batch) }
    return outcome
  }
}
