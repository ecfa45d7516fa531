// Reads across the persistent blocks and the head: each overlapping block is asked in turn, then
// the head, and samples of the same series are joined in time order. Where a block and the head
// (or two blocks) both hold a timestamp, the later source wins, as a rewrite would.
import Codecs
import WardenCore

extension MetricStore {
  func mergedSelect(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [SeriesSamples] {
    var merged: [Labels: SeriesSamples] = [:]
    for block in blocks.current where block.meta.maxTimeMs > startMs && block.meta.minTimeMs <= endMs {
      for series in try block.select(matchers, startMs: startMs, endMs: endMs) {
        var samples = merged[series.labels] ?? SeriesSamples(labels: series.labels)
        for chunk in series.chunks {
          var iterator = XORChunkIterator(bytes: chunk.bytes)
          while let sample = try iterator.next() {
            if sample.timestampMs < startMs { continue }
            if sample.timestampMs > endMs { break }
            samples.timestampsMs.append(sample.timestampMs)
            samples.values.append(sample.value)
          }
        }
        if !samples.timestampsMs.isEmpty { merged[series.labels] = samples }
      }
    }
    for series in try head.select(matchers, startMs: startMs, endMs: endMs) {
      guard var samples = merged[series.labels] else {
        merged[series.labels] = series
        continue
      }
      samples.timestampsMs.append(contentsOf: series.timestampsMs)
      samples.values.append(contentsOf: series.values)
      merged[series.labels] = samples
    }
    return merged.values.map(Self.sortedUnique).sorted { $0.labels < $1.labels }
  }

  func mergedSeries(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [Labels] {
    var all = Set(head.matchingSeries(matchers, startMs: startMs, endMs: endMs).map(\.labels))
    for block in blocks.current where block.meta.maxTimeMs > startMs && block.meta.minTimeMs <= endMs {
      for series in try block.select(matchers, startMs: startMs, endMs: endMs) { all.insert(series.labels) }
    }
    return all.sorted()
  }

  /// Sorts by time and keeps the last of equal timestamps, unless already ascending (the usual case).
  private static func sortedUnique(_ series: SeriesSamples) -> SeriesSamples {
    let timestamps = series.timestampsMs
    if zip(timestamps, timestamps.dropFirst()).allSatisfy({ $0 < $1 }) { return series }
    let order = timestamps.indices.sorted { timestamps[$0] != timestamps[$1] ? timestamps[$0] < timestamps[$1] : $0 < $1 }
    var result = SeriesSamples(labels: series.labels)
    for index in order {
      if result.timestampsMs.last == timestamps[index] {
        result.values[result.values.count - 1] = series.values[index]
      } else {
        result.timestampsMs.append(timestamps[index])
        result.values.append(series.values[index])
      }
    }
    return result
  }
}
