// The one way receivers hand samples to the metric store: append, count the outcome in
// IngestMetrics, and turn store failures into the HTTP answer senders expect (507/503 to retry).
import HTTPTypes
package import MetricStore
package import WardenCore

/// Shared by every receiver; thread-safe (it only holds thread-safe references).
package struct SampleSink: Sendable {
  let stores: Stores
  package let metrics: IngestMetrics
  /// Applies to remote senders only (`append(..., rateLimited: true)`).
  let limiter: IngestRateLimiter

  package init(stores: Stores, metrics: IngestMetrics, limiter: IngestRateLimiter = IngestRateLimiter(samplesPerSecond: 0)) {
    self.stores = stores
    self.metrics = metrics
    self.limiter = limiter
  }

  /// The metric store, to find series by the hash of their labels; nil while it is opening.
  package var seriesLookup: (any SeriesLookup)? { stores.metrics }

  /// Appends `batch` for `receiver` and counts the outcome.
  /// - Throws: `APIError` 503 while the store is opening, or the store's error mapped to HTTP
  ///   (507 on a full disk), with every sample of the batch counted as rejected.
  package func append(_ batch: SampleBatch, receiver: String, rateLimited: Bool = false) async throws -> AppendReport {
    if rateLimited, let retryAfter = limiter.admit(batch.samples.count) {
      metrics.reject(receiver: receiver, reason: "rate_limited", samples: batch.samples.count)
      var error = APIError(
        status: .tooManyRequests, errorType: "unavailable",
        message: "over the ingestion limit of \(Int(limiter.samplesPerSecond)) samples/s; retry after \(retryAfter)s")
      error.retryAfterSeconds = retryAfter
      throw error
    }
    guard let store = stores.metrics else {
      metrics.reject(receiver: receiver, reason: "store_unavailable", samples: batch.samples.count)
      throw APIError.unavailable("the metric store is still opening; retry")
    }
    guard !batch.isEmpty else { return AppendReport() }
    do {
      let report = try await store.append(batch)
      metrics.record(receiver: receiver, report: report)
      return report
    } catch {
      metrics.reject(receiver: receiver, reason: error.code == .outOfSpace ? "out_of_space" : "store_error", samples: batch.samples.count)
      throw APIError(error, doing: "store \(batch.samples.count) samples")
    }
  }
}
