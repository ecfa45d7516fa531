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

  /// Appends a batch: resolves each label set once (validating only new ones), then each sample
  /// under its series' lock.
  /// - Parameter walRecords: receives the WAL records (new series, accepted samples) that must be
  ///   durable before the append is acknowledged.
  func append(_ batch: SampleBatch, walRecords: inout [UInt8]) -> AppendReport {
    var report = AppendReport()
    var created: [(id: SeriesID, labels: Labels)] = []
    var accepted: [WALSample] = []
    accepted.reserveCapacity(batch.samples.count)
    var resolved = [MemSeries?](repeating: nil, count: batch.series.count)
    var refused = [Bool](repeating: false, count: batch.series.count)
    for (position, labels) in batch.series.enumerated() {
      // A series already in the head was valid when it was created: only new label sets are
      // checked (the check walks every byte of every label, as costly as the lookup itself).
      let hash = LabelsHash.of(labels)
      if let existing = table.find(labels, hash: hash) {
        resolved[position] = existing
        continue
      }
      guard validator.isValid(labels) else {
        refused[position] = true
        continue
      }
      if let (series, isNew) = table.findOrCreate(labels, hash: hash, maxSeries: options.maxSeries) {
        resolved[position] = series
        if isNew {
          report.seriesCreated += 1
          createdSeries(series, into: &created)
        }
      }
    }

    var batchMax = Int64.min
    for row in batch.samples where row.timestampMs > batchMax { batchMax = row.timestampMs }
    let headMax = max(maxTimestampMs.load(ordering: .relaxed), batchMax)
    let oldestAccepted = max(
      minValidTimestampMs.load(ordering: .relaxed),
      headMax == .min ? .min : headMax &- options.outOfOrderWindowMs)
    let minValid = minValidTimestampMs.load(ordering: .relaxed)

    for row in batch.samples {
      let position = Int(row.seriesIndex)
      guard position >= 0, position < resolved.count else {
        report.invalidLabels += 1
        continue
      }
      guard var series = resolved[position] else {
        if refused[position] { report.invalidLabels += 1 } else { report.overSeriesLimit += 1 }
        continue
      }
      if row.timestampMs < minValid {
        report.tooOld += 1
        continue
      }
      var outcome = series.chunks.withLock {
        $0.append(
          timestampMs: row.timestampMs, value: row.value, oldestAcceptedMs: oldestAccepted,
          samplesPerChunk: options.samplesPerChunk, blockRangeMs: options.blockRangeMs)
      }
      // Collected between resolving and appending (GC spares series younger than five minutes,
      // so a retry practically always finds a live one): the labels get a new series and id.
      var attempts = 0
      while outcome == .seriesDeleted, attempts < 4 {
        attempts += 1
        guard let (fresh, isNew) = table.findOrCreate(series.labels, maxSeries: options.maxSeries) else { break }
        if isNew {
          report.seriesCreated += 1
          createdSeries(fresh, into: &created)
        }
        resolved[position] = fresh
        series = fresh
        outcome = series.chunks.withLock {
          $0.append(
            timestampMs: row.timestampMs, value: row.value, oldestAcceptedMs: oldestAccepted,
            samplesPerChunk: options.samplesPerChunk, blockRangeMs: options.blockRangeMs)
        }
      }
      switch outcome {
      case .appended:
        report.appended += 1
        accepted.append(WALSample(seriesID: series.id, timestampMs: row.timestampMs, value: row.value))
      case .duplicateIgnored:
        report.duplicatesIgnored += 1
        // Logged again: the first copy may be from a batch whose WAL write failed (so it is in
        // the head but not durable), and this retry is about to be acknowledged.
        accepted.append(WALSample(seriesID: series.id, timestampMs: row.timestampMs, value: row.value))
      case .duplicateTimestamp: report.duplicateTimestamp += 1
      case .outOfOrder: report.outOfOrder += 1
      case .seriesDeleted: report.overSeriesLimit += 1  // no live series could be had for the labels
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

  private func createdSeries(_ series: MemSeries, into created: inout [(id: SeriesID, labels: Labels)]) {
    created.append((series.id, series.labels))
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
      let outcome = series.chunks.withLock {
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

  /// The series matching `matchers` that have samples in the range, sorted by labels.
  func matchingSeries(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) -> [MemSeries] {
    let candidates = table.series(for: index.select(matchers))
    var result = candidates.filter { series in
      series.chunks.withLock { $0.overlaps(startMs: startMs, endMs: endMs) }
    }
    result.sort { $0.labels < $1.labels }
    return result
  }

  /// Samples of the matching series in `[startMs, endMs]`; series without samples there are left out.
  func select(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws(StoreError) -> [SeriesSamples] {
    var result: [SeriesSamples] = []
    for series in matchingSeries(matchers, startMs: startMs, endMs: endMs) {
      let snapshot = series.chunks.withLock { $0.snapshot(startMs: startMs, endMs: endMs) }
      do {
        let (timestamps, values) = try snapshot.decode(startMs: startMs, endMs: endMs)
        if !timestamps.isEmpty {
          result.append(SeriesSamples(labels: series.labels, timestampsMs: timestamps, values: values))
        }
      } catch {
        throw StoreError(.corrupt, "cannot decode head chunk of series \(series.labels)", cause: error)
      }
    }
    return result
  }

  var newestTimestampMs: Int64 { maxTimestampMs.load(ordering: .relaxed) }
}
