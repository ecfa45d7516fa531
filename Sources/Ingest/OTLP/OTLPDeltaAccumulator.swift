// Turns DELTA-temporality OTLP series into the cumulative series Prometheus-style storage and
// rate() expect, by keeping a running total per series for the life of the receiver. Bounded: once
// `maxSeries` series are tracked, points of new delta series are rejected rather than tracked.
import Synchronization
package import WardenCore

/// Running totals of delta series, shared by all requests of one receiver.
///
/// Thread-safe: all state is behind one `Mutex`, taken once per request (not per sample) by
/// `accumulate`, which does no I/O under it.
package final class OTLPDeltaAccumulator: Sendable {
  private struct Entry {
    var total: Double
    var lastTimestampMs: Int64
  }

  private let totals = Mutex<[Labels: Entry]>([:])
  package let maxSeries: Int

  package init(maxSeries: Int = 100_000) {
    self.maxSeries = maxSeries
  }

  /// How many delta series are tracked.
  package var trackedSeries: Int { totals.withLock { $0.count } }

  /// Replaces the values of the rows at `rowIndices` (deltas) with running totals.
  ///
  /// Rows are applied in timestamp order. A row not newer than the last one seen for its series
  /// (a retry or out-of-order export) would be counted twice, so it is dropped, as is a row of a
  /// new series once `maxSeries` are tracked. Stale markers pass through without touching totals.
  /// - Returns: the indices of rows to drop, with the reason of each.
  package func accumulate(_ batch: inout SampleBatch, rowIndices: [Int]) -> [(row: Int, reason: String)] {
    guard !rowIndices.isEmpty else { return [] }
    let ordered = rowIndices.sorted { batch.samples[$0].timestampMs < batch.samples[$1].timestampMs }
    var dropped: [(row: Int, reason: String)] = []
    totals.withLock { totals in
      for row in ordered {
        let sample = batch.samples[row]
        if sample.value.isStaleMarker { continue }
        let labels = batch.series[Int(sample.seriesIndex)]
        if var entry = totals[labels] {
          guard sample.timestampMs > entry.lastTimestampMs else {
            dropped.append((row, "delta_out_of_order"))
            continue
          }
          entry.total += sample.value
          entry.lastTimestampMs = sample.timestampMs
          totals[labels] = entry
          batch.samples[row].value = entry.total
        } else {
          guard totals.count < maxSeries else {
            dropped.append((row, "delta_series_limit"))
            continue
          }
          totals[labels] = Entry(total: sample.value, lastTimestampMs: sample.timestampMs)
        }
      }
    }
    return dropped
  }
}
