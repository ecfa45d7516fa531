// Merges opened blocks into one new block: series joined by labels, each series' chunks
// concatenated in time order (or, where inputs overlap in time, decoded, merged and re-encoded),
// written atomically with `BlockWriter`. Deleting the inputs is the caller's (maintenance's) job.
import Codecs
import WardenCore

/// Thread-safe: stateless; blocks are immutable.
enum BlockCompactor {
  /// Every series of `blocks`, sorted by labels, each with its chunks in time order.
  ///
  /// Memory: holds all the inputs' chunk bytes and labels at once (about the size of their
  /// `chunks` files plus one copy of each label set), plus the decoded samples of one series when
  /// it has to be re-encoded. Streaming series by series is a later improvement.
  ///
  /// Chunks of one series from different blocks are concatenated when their time ranges are
  /// strictly ascending (the normal case: blocks do not overlap). Otherwise the series' samples
  /// are decoded, merged by timestamp (for a timestamp in two blocks the later block wins, in
  /// `(minTimeMs, maxTimeMs, id)` order, as reads do), and re-encoded `samplesPerChunk` per chunk.
  /// - Throws: `.corrupt` when a chunk fails its checksum or cannot be decoded.
  /// - Parameter deletions: each block's tombstones, applied here for good (the merged block has none).
  static func mergeSeries(
    _ blocks: [Block], samplesPerChunk: Int = 120,
    deletions: (String) -> [(matchers: [LabelMatcher], startMs: Int64, endMs: Int64)] = { _ in [] }
  ) throws(StoreError) -> [BlockSeries] {
    let ordered = blocks.sorted {
      ($0.meta.minTimeMs, $0.meta.maxTimeMs, $0.meta.id) < ($1.meta.minTimeMs, $1.meta.maxTimeMs, $1.meta.id)
    }
    var parts: [Labels: [[BlockChunk]]] = [:]
    for block in ordered {
      let tombstones = deletions(block.meta.id)
      for series in try block.select([], startMs: .min, endMs: .max) {
        var chunks = series.chunks
        let deleted = DeletedIntervals.of(series.labels, in: tombstones)
        if !deleted.isEmpty {
          do {
            chunks = try deleted.apply(to: chunks, samplesPerChunk: samplesPerChunk)
          } catch {
            throw StoreError(.corrupt, "cannot decode a chunk of \(series.labels) to apply deletions", cause: error)
          }
          if chunks.isEmpty { continue }
        }
        parts[series.labels, default: []].append(chunks)
      }
    }
    var result: [BlockSeries] = []
    result.reserveCapacity(parts.count)
    for (labels, seriesParts) in parts {
      let chunks = seriesParts.flatMap { $0 }
      if zip(chunks, chunks.dropFirst()).allSatisfy({ $0.maxTimeMs < $1.minTimeMs }) {
        result.append(BlockSeries(labels: labels, chunks: chunks))
      } else {
        let merged = try reencode(seriesParts, labels: labels, samplesPerChunk: samplesPerChunk)
        result.append(BlockSeries(labels: labels, chunks: merged))
      }
    }
    result.sort { $0.labels < $1.labels }
    return result
  }

  /// Decodes the parts (one per block, in block order), keeps the last sample of each timestamp,
  /// and encodes the result into chunks of at most `samplesPerChunk` samples.
  private static func reencode(
    _ parts: [[BlockChunk]], labels: Labels, samplesPerChunk: Int
  ) throws(StoreError) -> [BlockChunk] {
    var samples: [(timestampMs: Int64, part: Int, value: Double)] = []
    for (part, chunks) in parts.enumerated() {
      for chunk in chunks {
        var iterator = chunk.samples()
        do throws(CodecError) {
          while let sample = try iterator.next() { samples.append((sample.timestampMs, part, sample.value)) }
        } catch {
          throw StoreError(.corrupt, "cannot decode a chunk of \(labels) for compaction", cause: error)
        }
      }
    }
    samples.sort { ($0.timestampMs, $0.part) < ($1.timestampMs, $1.part) }
    var builder = BlockChunkBuilder(samplesPerChunk: samplesPerChunk)
    var index = 0
    while index < samples.count {
      // The last of a run of equal timestamps: the latest block's sample.
      var last = index
      while last + 1 < samples.count, samples[last + 1].timestampMs == samples[index].timestampMs { last += 1 }
      builder.append(timestampMs: samples[last].timestampMs, value: samples[last].value)
      index = last + 1
    }
    return builder.finish()
  }

  /// Merges `blocks` into one new block under `blocksDirectory` and returns its meta: range the
  /// union of theirs, level one more than the highest, sources the union of their sources
  /// (`CompactionPlanner.lineage`). Atomic (`BlockWriter`); the inputs are left untouched.
  /// With `blockSamplesPerChunk`, each series is re-cut into chunks of at most that many samples
  /// (`BlockRechunker`); without it, concatenated chunks are kept as they are.
  ///
  /// Blocking file I/O; memory as `mergeSeries`.
  /// - Throws: `.corrupt` from reading the inputs; `.io`, `.outOfSpace` from writing (nothing is
  ///   left behind then).
  static func compact(
    _ blocks: [Block], into blocksDirectory: String, samplesPerChunk: Int = 120, id: String? = nil,
    blockSamplesPerChunk: Int? = nil,
    deletions: (String) -> [(matchers: [LabelMatcher], startMs: Int64, endMs: Int64)] = { _ in [] }
  ) throws(StoreError) -> BlockMeta {
    precondition(!blocks.isEmpty, "BUG: compacting no blocks")
    let metas = blocks.map(\.meta)
    let lineage = CompactionPlanner.lineage(of: metas)
    let series = try mergeSeries(blocks, samplesPerChunk: samplesPerChunk, deletions: deletions)
    return try BlockWriter.write(
      series, minTimeMs: metas.map(\.minTimeMs).min()!, maxTimeMs: metas.map(\.maxTimeMs).max()!,
      level: lineage.level, sources: lineage.sources, into: blocksDirectory, id: id,
      maxSamplesPerChunk: blockSamplesPerChunk)
  }
}
