// Cutting the head into blocks: which range is ready, the series data for it, and dropping it
// from memory once the block is safely on disk.
import Codecs
import Foundation
import Synchronization

extension Head {
  /// The oldest sample time still in the head, or nil when it holds no samples.
  var oldestTimestampMs: Int64? {
    var oldest = Int64.max
    for series in table.allSeries() {
      let first = series.withChunks { $0.isEmpty ? Int64.max : $0.firstTimestampMs }
      oldest = min(oldest, first)
    }
    return oldest == .max ? nil : oldest
  }

  /// The block range `[start, start + blockRange)` ready to be cut: the oldest one whose end is at
  /// least half a block range behind the newest sample (so late samples in the out-of-order
  /// window still reach the head first). Nil when none is ready.
  func rangeReadyToCut() -> (startMs: Int64, endMs: Int64)? {
    guard let oldest = oldestTimestampMs else { return nil }
    let start = SeriesChunks.blockStart(oldest, options.blockRangeMs)
    let end = start &+ options.blockRangeMs
    let newest = newestTimestampMs
    guard newest != .min, newest >= end &+ max(options.blockRangeMs / 2, options.outOfOrderWindowMs) else { return nil }
    return (start, end)
  }

  /// Every series' samples in `[startMs, endMs)`, sorted by labels, without empty series.
  func blockSeries(startMs: Int64, endMs: Int64) throws(StoreError) -> [BlockSeries] {
    var result: [BlockSeries] = []
    for series in table.allSeries() {
      let outcome = series.withChunks { state in
        Result { () throws(CodecError) in
          try state.blockChunks(startMs: startMs, endMs: endMs, samplesPerChunk: options.samplesPerChunk)
        }
      }
      switch outcome {
      case .success(let chunks) where !chunks.isEmpty: result.append(BlockSeries(labels: series.labels, chunks: chunks))
      case .success: break
      case .failure(let error):
        throw StoreError(.corrupt, "cannot re-encode head chunks of \(series.labels) for a block", cause: error)
      }
    }
    result.sort { $0.labels < $1.labels }
    return result
  }

  /// Drops samples older than `cutMs` from every series, removes series left with nothing (and
  /// older than five minutes), and refuses later appends older than the cut.
  /// - Returns: how many series were removed.
  @discardableResult
  func truncate(before cutMs: Int64, nowMs: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) -> Int {
    for series in table.allSeries() {
      series.withChunks { $0.truncate(before: cutMs) }
    }
    let removed = table.collect(before: cutMs, createdBeforeMs: nowMs - 5 * 60 * 1000).count
    var current = minValidTimestampMs.load(ordering: .relaxed)
    while cutMs > current {
      let (exchanged, original) = minValidTimestampMs.compareExchange(expected: current, desired: cutMs, ordering: .relaxed)
      if exchanged { break }
      current = original
    }
    return removed
  }
}
