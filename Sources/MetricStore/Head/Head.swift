// The in-memory head of the store: recent samples of every active series, appended in batches and
// read by matchers and time range.
import Codecs
import Synchronization
import WardenCore

/// Thread-safe: series are found through `SeriesTable`'s striped locks and appended under each
/// series' own lock; the head-wide newest timestamp is an atomic.
final class Head: Sendable {
  let options: StoreOptions
  let index = PostingsIndex()
  let table: SeriesTable
  private let validator: LabelValidator
  /// The newest timestamp appended to any series; out-of-order acceptance is relative to it.
  private let maxTimestampMs = Atomic<Int64>(.min)
  /// Samples older than this are refused as too old (set from retention and block boundaries).
  let minValidTimestampMs = Atomic<Int64>(.min)

  init(options: StoreOptions) {
    self.options = options
    table = SeriesTable(index: index)
    validator = LabelValidator(options: options)
  }

  /// Appends a batch: resolves each label set once (validating only new ones), then the samples
  /// of each run of rows of one series under a single acquisition of that series' lock (remote
  /// write and scrapes list a series' samples together, so a run is all of its samples).
  /// - Parameter walRecords: receives the WAL records (new series, accepted samples) that must be
  ///   durable before the append is acknowledged.
  func append(_ batch: SampleBatch, walRecords: inout [UInt8]) -> AppendReport {
    var report = AppendReport()
    var created: [(id: SeriesID, labels: Labels)] = []
    // Unmanaged, each holding the one +1 it was stored with (released on return), so the row loop
    // reads series without retaining and releasing them per row: the counts are atomics on objects
    // other threads append to as well.
    var resolved = ContiguousArray<Unmanaged<MemSeries>?>(repeating: nil, count: batch.series.count)
    let handles = batch.storedHandles
    // A series that is the batch's own handle is held by the batch for the whole call, so it is
    // taken unretained. Any other was found by labels and holds a +1.
    func isBatchHandle(_ position: Int) -> Bool {
      guard position < handles.count, let handle = handles[position], let series = resolved[position] else { return false }
      return series._withUnsafeGuaranteedRef { $0 === handle }
    }
    defer {
      for position in resolved.indices where !isBatchHandle(position) { resolved[position]?.release() }
    }
    /// Positions refused for invalid labels; allocated on the first refusal only.
    var refused: [Bool] = []
    batch.series.withUnsafeBufferPointer { series in
      for position in series.indices {
        // The caller's handle from an earlier append: no lookup at all. A deleted series is seen
        // under its lock when appending, and its labels are then looked up again below.
        if position < handles.count, let known = table.series(handle: handles[position]) {
          resolved[position] = Unmanaged.passUnretained(known)
          continue
        }
        // A series already in the head was valid when it was created: only new label sets are
        // checked (the check walks every byte of every label, as costly as the lookup itself).
        // A handle the head cannot use came with no labels: they are read from it.
        let labels = series[position].isEmpty ? batch.labels(at: position) : series[position]
        let hash = LabelsWireHash.of(labels)
        if let existing = table.find(labels, hash: hash) {
          resolved[position] = Unmanaged.passRetained(existing)
          continue
        }
        guard validator.isValid(labels) else {
          if refused.isEmpty { refused = [Bool](repeating: false, count: series.count) }
          refused[position] = true
          continue
        }
        if let (made, isNew) = table.findOrCreate(labels, hash: hash, maxSeries: options.maxSeries) {
          resolved[position] = Unmanaged.passRetained(made)
          if isNew {
            report.seriesCreated += 1
            created.append((made.id, labels))
          }
        }
      }
    }

    var batchMax = Int64.min
    for row in batch.samples where row.timestampMs > batchMax { batchMax = row.timestampMs }
    let headMax = max(maxTimestampMs.load(ordering: .relaxed), batchMax)
    let limits = AppendLimits(
      minValidMs: minValidTimestampMs.load(ordering: .relaxed),
      oldestAcceptedMs: max(
        minValidTimestampMs.load(ordering: .relaxed),
        headMax == .min ? .min : headMax &- options.outOfOrderWindowMs),
      samplesPerChunk: options.samplesPerChunk, blockRangeMs: options.blockRangeMs)

    var accepted: [WALSample] = []
    accepted.reserveCapacity(batch.samples.count)
    batch.samples.withUnsafeBufferPointer { rows in
      var start = 0
      while start < rows.count {
        let seriesIndex = rows[start].seriesIndex
        var end = start &+ 1
        while end < rows.count, rows[end].seriesIndex == seriesIndex { end &+= 1 }
        let run = UnsafeBufferPointer(rebasing: rows[start..<end])
        start = end
        let position = Int(seriesIndex)
        guard position >= 0, position < resolved.count else {
          report.invalidLabels += run.count
          continue
        }
        guard let series = resolved[position] else {
          if !refused.isEmpty, refused[position] { report.invalidLabels += run.count } else { report.overSeriesLimit += run.count }
          continue
        }
        // `resolved` holds a +1 on it until this function returns.
        var next = series._withUnsafeGuaranteedRef {
          appendRun(run, to: $0, limits: limits, report: &report, accepted: &accepted)
        }
        // Collected between resolving and appending (GC spares series younger than five minutes,
        // so a retry practically always finds a live one): the labels get a new series and id.
        var attempts = 0
        while next < run.count, attempts < 4 {
          attempts += 1
          let labels = resolved[position]!._withUnsafeGuaranteedRef { $0.labels }
          guard let (fresh, isNew) = table.findOrCreate(labels, maxSeries: options.maxSeries) else { break }
          if isNew {
            report.seriesCreated += 1
            created.append((fresh.id, labels))
          }
          if !isBatchHandle(position) { resolved[position]!.release() }
          resolved[position] = Unmanaged.passRetained(fresh)
          next += appendRun(
            UnsafeBufferPointer(rebasing: run[next...]), to: fresh, limits: limits, report: &report, accepted: &accepted)
        }
        report.overSeriesLimit += run.count - next  // no live series could be had for the labels
      }
    }
    if batchMax != .min {
      var current = maxTimestampMs.load(ordering: .relaxed)
      while batchMax > current {
        let (exchanged, original) = maxTimestampMs.compareExchange(
          expected: current, desired: batchMax, ordering: .relaxed)
        if exchanged { break }
        current = original
      }
    }
    WALRecord.appendSeries(created, to: &walRecords)
    WALRecord.appendSamples(accepted, to: &walRecords)
    return report
  }

  /// The bounds every sample of one batch is checked against.
  private struct AppendLimits {
    var minValidMs: Int64
    var oldestAcceptedMs: Int64
    var samplesPerChunk: Int
    var blockRangeMs: Int64
  }

  /// Appends `rows` (all of one series) under one acquisition of its lock, counting each outcome.
  /// - Returns: how many rows were dealt with; fewer than `rows.count` when the series turned out
  ///   to be deleted (the rest must go to a fresh series).
  private func appendRun(
    _ rows: UnsafeBufferPointer<SampleRow>, to series: MemSeries, limits: AppendLimits, report: inout AppendReport,
    accepted: inout [WALSample]
  ) -> Int {
    let id = series.id
    return series.withChunks { chunks in
      for (offset, row) in rows.enumerated() {
        if row.timestampMs < limits.minValidMs {
          report.tooOld += 1
          continue
        }
        let outcome = chunks.append(
          timestampMs: row.timestampMs, value: row.value, oldestAcceptedMs: limits.oldestAcceptedMs,
          samplesPerChunk: limits.samplesPerChunk, blockRangeMs: limits.blockRangeMs)
        switch outcome {
        case .appended:
          report.appended += 1
          accepted.append(WALSample(seriesID: id, timestampMs: row.timestampMs, value: row.value))
        case .duplicateIgnored:
          report.duplicatesIgnored += 1
          // Logged again: the first copy may be from a batch whose WAL write failed (so it is in
          // the head but not durable), and this retry is about to be acknowledged.
          accepted.append(WALSample(seriesID: id, timestampMs: row.timestampMs, value: row.value))
        case .duplicateTimestamp: report.duplicateTimestamp += 1
        case .outOfOrder: report.outOfOrder += 1
        case .seriesDeleted: return offset
        }
      }
      return rows.count
    }
  }

  /// Appends replayed WAL samples: no out-of-order window (they were accepted once already).
  func replay(_ samples: [WALSample], seriesByID: [SeriesID: MemSeries]) -> (appended: Int, orphaned: Int) {
    var appended = 0
    var orphaned = 0
    var newest = maxTimestampMs.load(ordering: .relaxed)
    let minValid = minValidTimestampMs.load(ordering: .relaxed)
    for sample in samples {
      guard let series = seriesByID[sample.seriesID] else {
        orphaned += 1
        continue
      }
      // Already in a block (a crash between writing it and checkpointing the WAL).
      if sample.timestampMs < minValid { continue }
      let outcome = series.withChunks {
        $0.append(
          timestampMs: sample.timestampMs, value: sample.value, oldestAcceptedMs: .min,
          samplesPerChunk: options.samplesPerChunk, blockRangeMs: options.blockRangeMs)
      }
      if outcome == .appended { appended += 1 }
      newest = max(newest, sample.timestampMs)
    }
    maxTimestampMs.store(newest, ordering: .relaxed)
    return (appended, orphaned)
  }

  /// The series matching `matchers` that have samples in the range, with their labels, sorted by
  /// labels.
  func matchingSeries(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) -> [(series: MemSeries, labels: Labels)] {
    let candidates = table.series(for: index.select(matchers))
    var result: [(series: MemSeries, labels: Labels)] = []
    for series in candidates where series.withChunks({ $0.overlaps(startMs: startMs, endMs: endMs) }) {
      result.append((series, series.labels))
    }
    result.sort { $0.labels < $1.labels }
    return result
  }

  /// Samples of the matching series in `[startMs, endMs]`; series without samples there are left out.
  func select(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws(StoreError) -> [SeriesSamples] {
    var result: [SeriesSamples] = []
    for (series, labels) in matchingSeries(matchers, startMs: startMs, endMs: endMs) {
      let snapshot = series.withChunks { $0.snapshot(startMs: startMs, endMs: endMs) }
      do {
        let (timestamps, values) = try snapshot.decode(startMs: startMs, endMs: endMs)
        if !timestamps.isEmpty {
          result.append(SeriesSamples(labels: labels, timestampsMs: timestamps, values: values))
        }
      } catch {
        throw StoreError(.corrupt, "cannot decode head chunk of series \(labels)", cause: error)
      }
    }
    return result
  }

  var newestTimestampMs: Int64 { maxTimestampMs.load(ordering: .relaxed) }
}
