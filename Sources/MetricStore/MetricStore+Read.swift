// Reads across the persistent blocks and the head: each overlapping block is asked in turn, then
// the head, and samples of the same series are joined in time order. Where a block and the head
// (or two blocks) both hold a timestamp, the later source wins, as a rewrite would.
import Codecs
import Dispatch
import Foundation
import WardenCore

extension MetricStore {
  func mergedSelect(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [SeriesSamples] {
    // Every source's matching series, each list sorted by labels: blocks oldest first, then the
    // head, so that for a timestamp held twice the later source wins (`sortedUnique`).
    var sources: [[BlockSeries]] = []
    var deletions: [[TombstoneStore.Compiled]] = []
    for block in blocks.current where block.meta.maxTimeMs > startMs && block.meta.minTimeMs <= endMs {
      var selected = try block.select(matchers, startMs: startMs, endMs: endMs)
      if !zip(selected, selected.dropFirst()).allSatisfy({ $0.labels < $1.labels }) { selected.sort { $0.labels < $1.labels } }
      sources.append(selected)
      deletions.append(tombstones.tombstones(of: block.meta.id))
    }
    let head = try head.select(matchers, startMs: startMs, endMs: endMs)

    // A k-way merge by labels (k is the number of blocks, a handful) plans each series' pieces;
    // the result comes out sorted, with no dictionary and no copying between sources.
    var cursors = [Int](repeating: 0, count: sources.count)
    var headCursor = 0
    var plan: [MergePlan] = []
    while true {
      var next: Labels?
      for (source, cursor) in zip(sources, cursors) where cursor < source.count {
        if next == nil || source[cursor].labels < next! { next = source[cursor].labels }
      }
      if headCursor < head.count, next == nil || head[headCursor].labels < next! { next = head[headCursor].labels }
      guard let labels = next else { break }
      var entry = MergePlan(labels: labels)
      for index in sources.indices where cursors[index] < sources[index].count && sources[index][cursors[index]].labels == labels {
        entry.parts.append((sources[index][cursors[index]], DeletedIntervals.of(labels, in: deletions[index])))
        cursors[index] += 1
      }
      if headCursor < head.count, head[headCursor].labels == labels {
        entry.head = head[headCursor]
        headCursor += 1
      }
      plan.append(entry)
    }

    // Decoding is most of a long-range query's read: spread it over the cores when there is
    // enough of it. Each slot is written by exactly one iteration.
    let outcomes = UnsafeMutableBufferPointer<Result<SeriesSamples?, CodecError>>.allocate(capacity: plan.count)
    defer { outcomes.deallocate() }
    let chunkCount = plan.reduce(0) { $0 + $1.parts.reduce(0) { $0 + $1.series.chunks.count } }
    let workers = chunkCount >= 4096 ? min(plan.count, ProcessInfo.processInfo.activeProcessorCount) : 1
    let slots = DisjointSlots(base: outcomes.baseAddress!)
    let planned = plan
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      var index = worker
      while index < planned.count {
        slots.base.advanced(by: index).initialize(to: Self.merge(planned[index], startMs: startMs, endMs: endMs))
        index += workers
      }
    }
    let base = slots.base
    var result: [SeriesSamples] = []
    result.reserveCapacity(plan.count)
    var failure: CodecError?
    for index in plan.indices {
      // Every slot is moved out, even after a failure, so none is leaked.
      switch (base + index).move() {
      case .success(let series): if let series { result.append(series) }
      case .failure(let error): failure = failure ?? error
      }
    }
    if let failure { throw failure }
    return result
  }

  /// The result slots handed to the decoding workers.
  // @unchecked Sendable, proof: worker w writes only slots w, w + workers, w + 2·workers..., so no
  // slot is written twice or by two threads; every slot is read only after concurrentPerform has
  // returned, which happens after all iterations; the buffer outlives the call (deallocated by the
  // caller's defer).
  private struct DisjointSlots: @unchecked Sendable {
    let base: UnsafeMutablePointer<Result<SeriesSamples?, CodecError>>
  }

  /// One series' pieces: its chunks in each block that has it (oldest block first) and its head
  /// samples, joined by `merge`.
  private struct MergePlan: Sendable {
    var labels: Labels
    var parts: [(series: BlockSeries, deleted: DeletedIntervals)] = []
    var head: SeriesSamples?
  }

  /// The series' samples in time order, its columns allocated once at their final size and
  /// decoded into directly; nil when nothing is left in range.
  private static func merge(_ plan: MergePlan, startMs: Int64, endMs: Int64) -> Result<SeriesSamples?, CodecError> {
    if plan.parts.isEmpty, let head = plan.head { return .success(head) }
    let expected = plan.parts.reduce(0) { $0 + $1.series.chunks.reduce(0) { $0 + $1.sampleCount } } + (plan.head?.timestampsMs.count ?? 0)
    var merged = SeriesSamples(labels: plan.labels)
    merged.timestampsMs.reserveCapacity(expected)
    merged.values.reserveCapacity(expected)
    do throws(CodecError) {
      for part in plan.parts {
        try appendSamples(of: part.series, startMs: startMs, endMs: endMs, deleted: part.deleted, into: &merged)
      }
    } catch {
      return .failure(error)
    }
    if let head = plan.head {
      merged.timestampsMs.append(contentsOf: head.timestampsMs)
      merged.values.append(contentsOf: head.values)
    }
    return .success(merged.timestampsMs.isEmpty ? nil : sortedUnique(merged))
  }

  private static func appendSamples(
    of series: BlockSeries, startMs: Int64, endMs: Int64, deleted: DeletedIntervals, into result: inout SeriesSamples
  ) throws(CodecError) {
    for chunk in series.chunks {
      var iterator = chunk.samples()
      if deleted.isEmpty {
        try iterator.append(from: startMs, through: endMs, timestamps: &result.timestampsMs, values: &result.values)
        continue
      }
      while let sample = try iterator.next() {
        if sample.timestampMs < startMs || deleted.contains(sample.timestampMs) { continue }
        if sample.timestampMs > endMs { break }
        result.timestampsMs.append(sample.timestampMs)
        result.values.append(sample.value)
      }
    }
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
