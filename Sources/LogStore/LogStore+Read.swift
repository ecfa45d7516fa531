// `LogSource` over segments and heads: matchers resolve through the stream index, segments and
// blocks outside the time range are pruned, blocks whose n-gram filter rules out a required
// substring are skipped, and what is left is decompressed lazily by the cursors.
package import WardenCore
import Synchronization

extension LogStore {
  /// What a read works from, taken under one short lock.
  private struct ReadView {
    var heads: [LogHead]
    var segments: [LogSegment]
    var tombstones: [LogTombstone]
  }

  private func readView() -> ReadView {
    state.withLock { ReadView(heads: $0.frozen + [$0.active], segments: $0.segments, tombstones: $0.tombstones) }
  }

  package func select(_ selection: LogSelection) throws -> [any LogStreamCursor] {
    guard selection.startNs < selection.endNs else { return [] }
    let view = readView()
    let probes = GramBloom.probes(selection.requiredSubstrings)
    let lastNs = selection.endNs - 1
    var cursors: [LogStoreCursor] = []
    for id in registry.select(selection.matchers) {
      let labels = registry.labels(id)
      let deletions = view.tombstones.filter { $0.matches(labels) && $0.overlaps(minTimeNs: selection.startNs, maxTimeNs: lastNs) }
      func hiding(_ generation: UInt64, applied: Set<UInt64>) -> [ClosedRange<Int64>] {
        deletions.filter { $0.generation >= generation && !applied.contains($0.id) }.map { $0.startNs...$0.endNs }
      }
      var sources: [LogBlockSource] = []
      for segment in view.segments where segment.maxTimeNs >= selection.startNs && segment.minTimeNs <= lastNs {
        guard let stream = segment.streams[id], stream.maxTimeNs >= selection.startNs, stream.minTimeNs <= lastNs else { continue }
        let hidden = hiding(segment.generation, applied: segment.appliedTombstones)
        for (position, block) in stream.blocks.enumerated()
        where block.info.maxTimeNs >= selection.startNs && block.info.minTimeNs <= lastNs {
          guard GramBloom.mayContain(segment.bloom(block), probes: probes) else {
            counters.blocksSkippedByFilter.add(1, ordering: .relaxed)
            continue
          }
          sources.append(
            LogBlockSource(
              storage: .segment(segment, block), minTimeNs: block.info.minTimeNs, maxTimeNs: block.info.maxTimeNs,
              arrival: (segment.generation, position), deletions: hidden))
        }
      }
      for head in view.heads {
        guard let stream = head.stream(id) else { continue }
        let snapshot = stream.snapshot()
        guard snapshot.records > 0, snapshot.maxTimeNs >= selection.startNs, snapshot.minTimeNs <= lastNs else { continue }
        let hidden = hiding(head.generation, applied: [])
        for (position, block) in snapshot.sealed.enumerated()
        where block.info.maxTimeNs >= selection.startNs && block.info.minTimeNs <= lastNs {
          let passes = block.bloom.withUnsafeBytes { GramBloom.mayContain($0, probes: probes) }
          guard passes else {
            counters.blocksSkippedByFilter.add(1, ordering: .relaxed)
            continue
          }
          sources.append(
            LogBlockSource(
              storage: .sealed(block), minTimeNs: block.info.minTimeNs, maxTimeNs: block.info.maxTimeNs,
              arrival: (head.generation, position), deletions: hidden))
        }
        let active = LogBlockSource.slice(snapshot.active, startNs: selection.startNs, endNs: selection.endNs)
        if let first = active.timestampsNs.first, let last = active.timestampsNs.last {
          sources.append(
            LogBlockSource(
              storage: .active(active), minTimeNs: first, maxTimeNs: last, arrival: (head.generation, snapshot.sealed.count),
              deletions: hidden))
        }
      }
      guard !sources.isEmpty else { continue }
      cursors.append(
        LogStoreCursor(
          labels: labels, sources: sources, startNs: selection.startNs, endNs: selection.endNs,
          direction: selection.direction, counters: counters))
    }
    return cursors.sorted { $0.labels < $1.labels }
  }

  package func streams(_ matchers: [LabelMatcher], startNs: Int64, endNs: Int64) throws -> [Labels] {
    streamStats(matchers, startNs: startNs, endNs: endNs).map(\.labels)
  }

  package func labelNames(_ matchers: [LabelMatcher], startNs: Int64, endNs: Int64) throws -> [String] {
    var names = Set<String>()
    for stream in streamStats(matchers, startNs: startNs, endNs: endNs) {
      for label in stream.labels.pairs { names.insert(label.name) }
    }
    return names.sorted()
  }

  package func labelValues(_ name: String, _ matchers: [LabelMatcher], startNs: Int64, endNs: Int64) throws -> [String] {
    var values = Set<String>()
    for stream in streamStats(matchers, startNs: startNs, endNs: endNs) {
      let value = stream.labels[name]
      if !value.isEmpty { values.insert(value) }
    }
    return values.sorted()
  }

  package func indexStats(_ matchers: [LabelMatcher], startNs: Int64, endNs: Int64) throws -> LogIndexStats {
    var stats = LogIndexStats()
    for stream in streamStats(matchers, startNs: startNs, endNs: endNs) {
      stats.streams += 1
      stats.chunks += stream.blocks
      stats.entries += stream.records
      stats.bytes += stream.lineBytes
    }
    return stats
  }

  /// Matching streams with data in `[startNs, endNs)`, sorted, with the blocks, records and line
  /// bytes of the blocks (and head parts) overlapping the range: index figures, no decompression.
  private func streamStats(
    _ matchers: [LabelMatcher], startNs: Int64, endNs: Int64
  ) -> [(labels: Labels, blocks: Int, records: Int, lineBytes: Int)] {
    guard startNs < endNs else { return [] }
    let view = readView()
    let lastNs = endNs - 1
    var result: [(labels: Labels, blocks: Int, records: Int, lineBytes: Int)] = []
    for id in registry.select(matchers) {
      var blocks = 0
      var records = 0
      var lineBytes = 0
      for segment in view.segments where segment.maxTimeNs >= startNs && segment.minTimeNs <= lastNs {
        guard let stream = segment.streams[id] else { continue }
        for block in stream.blocks where block.info.maxTimeNs >= startNs && block.info.minTimeNs <= lastNs {
          blocks += 1
          records += block.info.count
          lineBytes += block.info.lineBytes
        }
      }
      for head in view.heads {
        guard let counts = head.stream(id)?.counts(), counts.records > 0, counts.maxTimeNs >= startNs, counts.minTimeNs <= lastNs
        else { continue }
        blocks += counts.blocks
        records += counts.records
        lineBytes += counts.lineBytes
      }
      if blocks > 0 { result.append((registry.labels(id), blocks, records, lineBytes)) }
    }
    return result.sorted { $0.labels < $1.labels }
  }
}
