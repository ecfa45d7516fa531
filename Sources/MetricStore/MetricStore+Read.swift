// Reads across the persistent blocks and the head: each overlapping block is asked in turn, then
// the head, and samples of the same series are joined in time order. Where a block and the head
// (or two blocks) both hold a timestamp, the later source wins, as a rewrite would.
import Codecs
import WardenCore

extension MetricStore {
  func mergedSelect(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [SeriesSamples] {
    var merged: [Labels: SeriesSamples] = [:]
    for block in blocks.current where block.meta.maxTimeMs > startMs && block.meta.minTimeMs <= endMs {
      let deletions = tombstones.tombstones(of: block.meta.id)
      for series in try block.select(matchers, startMs: startMs, endMs: endMs) {
        let deleted = DeletedIntervals.of(series.labels, in: deletions)
        var timestamps: [Int64] = []
        var values: [Double] = []
        for chunk in series.chunks {
          var iterator = chunk.samples()
          while let sample = try iterator.next() {
            if sample.timestampMs < startMs || (!deleted.isEmpty && deleted.contains(sample.timestampMs)) { continue }
            if sample.timestampMs > endMs { break }
            timestamps.append(sample.timestampMs)
            values.append(sample.value)
          }
        }
        guard !timestamps.isEmpty else { continue }
        // Appended in place (the dictionary's modify accessor), not copied out and back per block.
        merged[series.labels, default: SeriesSamples(labels: series.labels)].timestampsMs.append(contentsOf: timestamps)
        merged[series.labels, default: SeriesSamples(labels: series.labels)].values.append(contentsOf: values)
      }
    }
    for series in try head.select(matchers, startMs: startMs, endMs: endMs) {
      guard merged[series.labels] != nil else {
        merged[series.labels] = series
        continue
      }
      merged[series.labels]!.timestampsMs.append(contentsOf: series.timestampsMs)
      merged[series.labels]!.values.append(contentsOf: series.values)
    }
    return merged.values.map(Self.sortedUnique).sorted { $0.labels < $1.labels }
  }

  func mergedSeries(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [Labels] {
    var all = Set(head.matchingSeries(matchers, startMs: startMs, endMs: endMs).map(\.labels))
    // Series listing ignores tombstones, as Prometheus's does until compaction.
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
