// Building downsampled copies of old blocks (maintenance), and reading aggregates for any range:
// stored windows where a copy exists, computed from raw samples everywhere else, so the answer is
// the same either way, only cheaper where it was stored.
import Codecs
import Foundation
import Logging
package import WardenCore

extension MetricStore {
  /// Builds the missing downsampled copies of blocks that end more than
  /// `options.downsampleAfterMs` before `nowMs`. Returns how many blocks were downsampled.
  func downsample(nowMs: Int64) throws(StoreError) -> Int {
    guard options.downsampleAfterMs > 0 else { return 0 }
    var done = 0
    for block in blocks.current where block.meta.maxTimeMs <= nowMs &- options.downsampleAfterMs {
      guard !downsampled.isComplete(block.meta.id) else { continue }
      let raw = try rawSeries(of: block)
      for resolution in DownsampleResolution.allCases {
        var series: [BlockSeries] = []
        for samples in raw {
          let aggregates = AggregatedSeries.fold(samples, resolution: resolution)
          guard !aggregates.windowStartsMs.isEmpty else { continue }
          for name in AggregatedSeries.names {
            series.append(
              BlockSeries(
                labels: samples.labels.setting(AggregatedSeries.label, to: name),
                chunks: Self.encode(aggregates.windowStartsMs, aggregates.column(name))))
          }
        }
        series.sort { $0.labels < $1.labels }
        let directory = downsampled.directory(resolution)
        if FileIO.exists(directory + "/" + block.meta.id) { try FileIO.removeFlatDirectory(directory + "/" + block.meta.id) }
        let meta = try BlockWriter.write(
          series, minTimeMs: block.meta.minTimeMs, maxTimeMs: block.meta.maxTimeMs, level: block.meta.level,
          sources: [block.meta.id], into: directory, id: block.meta.id)
        downsampled.add(try Block.open(directory + "/" + meta.id), of: block.meta.id, at: resolution)
      }
      done += 1
      logger.info(
        "metrics block downsampled", metadata: ["block.id": "\(block.meta.id)", "block.series": "\(raw.count)"])
    }
    return done
  }

  /// The aggregates of matching series for every window (of `resolution`) that starts in
  /// `[startMs, endMs]`, each window complete, ascending.
  package func selectAggregated(
    _ matchers: [LabelMatcher], startMs: Int64, endMs: Int64, resolution: DownsampleResolution
  ) throws -> [AggregatedSeries] {
    let width = resolution.rawValue
    let first = Self.floor(startMs, width)
    let last = Self.floor(endMs, width) &+ width &- 1
    var parts: [Labels: [AggregatedSeries]] = [:]
    var covered: [(Int64, Int64)] = []
    for block in blocks.current where block.meta.maxTimeMs > first && block.meta.minTimeMs <= last {
      guard let copy = downsampled.block(of: block.meta.id, at: resolution) else { continue }
      covered.append((block.meta.minTimeMs, block.meta.maxTimeMs - 1))
      for series in try readAggregates(copy, matchers, first, last) { parts[series.labels, default: []].append(series) }
    }
    // Everything else, from raw samples: the gaps between the covered block ranges.
    for (gapStart, gapEnd) in Self.gaps(in: (first, last), covered: covered) {
      for samples in try mergedSelect(matchers, startMs: gapStart, endMs: gapEnd) {
        let folded = AggregatedSeries.fold(samples, resolution: resolution)
        if !folded.windowStartsMs.isEmpty { parts[samples.labels, default: []].append(folded) }
      }
    }
    return parts.map { labels, pieces in
      var result = AggregatedSeries(labels: labels)
      for piece in pieces.sorted(by: { ($0.windowStartsMs.first ?? 0) < ($1.windowStartsMs.first ?? 0) }) {
        result.append(piece)
      }
      return result
    }.sorted { $0.labels < $1.labels }
  }

  // MARK: - Helpers

  /// A block's series as raw samples, with its tombstones applied.
  private func rawSeries(of block: Block) throws(StoreError) -> [SeriesSamples] {
    let deletions = tombstones.tombstones(of: block.meta.id)
    var result: [SeriesSamples] = []
    for series in try block.select([], startMs: .min, endMs: .max) {
      let deleted = DeletedIntervals.of(series.labels, in: deletions)
      var samples = SeriesSamples(labels: series.labels)
      do throws(CodecError) {
        for chunk in series.chunks {
          var iterator = chunk.samples()
          while let sample = try iterator.next() {
            if !deleted.isEmpty, deleted.contains(sample.timestampMs) { continue }
            samples.timestampsMs.append(sample.timestampMs)
            samples.values.append(sample.value)
          }
        }
      } catch {
        throw StoreError(.corrupt, "cannot decode a chunk of \(series.labels) to downsample", cause: error)
      }
      result.append(samples)
    }
    return result
  }

  private func readAggregates(_ copy: Block, _ matchers: [LabelMatcher], _ first: Int64, _ last: Int64) throws -> [AggregatedSeries] {
    var bySeries: [Labels: AggregatedSeries] = [:]
    for series in try copy.select(matchers, startMs: first, endMs: last) {
      let name = series.labels[AggregatedSeries.label]
      let labels = series.labels.removing([AggregatedSeries.label])
      var times: [Int64] = []
      var values: [Double] = []
      for chunk in series.chunks {
        var iterator = chunk.samples()
        while let sample = try iterator.next() {
          if sample.timestampMs > last { break }
          if sample.timestampMs < first { continue }
          times.append(sample.timestampMs)
          values.append(sample.value)
        }
      }
      var aggregates = bySeries[labels] ?? AggregatedSeries(labels: labels)
      aggregates.windowStartsMs = times
      aggregates.setColumn(name, values)
      bySeries[labels] = aggregates
    }
    return Array(bySeries.values)
  }

  static func encode(_ timestamps: [Int64], _ values: [Double]) -> [BlockChunk] {
    var builder = BlockChunkBuilder()
    for (timestamp, value) in zip(timestamps, values) { builder.append(timestampMs: timestamp, value: value) }
    return builder.finish()
  }

  static func floor(_ value: Int64, _ width: Int64) -> Int64 {
    let quotient = value / width
    return (value % width < 0 ? quotient - 1 : quotient) &* width
  }

  /// The parts of `[range.0, range.1]` not in any of `covered` (inclusive ranges, disjoint).
  static func gaps(in range: (Int64, Int64), covered: [(Int64, Int64)]) -> [(Int64, Int64)] {
    var result: [(Int64, Int64)] = []
    var cursor = range.0
    for (start, end) in covered.sorted(by: { $0.0 < $1.0 }) where end >= cursor {
      if start > cursor { result.append((cursor, Swift.min(start - 1, range.1))) }
      cursor = Swift.max(cursor, end &+ 1)
      if cursor > range.1 { return result }
    }
    if cursor <= range.1 { result.append((cursor, range.1)) }
    return result
  }
}
