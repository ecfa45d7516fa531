// The metric store as the rest of Warden sees it: durable batch appends (WAL first, acknowledged
// after the group commit) and `SeriesSource` reads from the head. Blocks, compaction and
// retention attach here next.
import Codecs
package import Logging
import Synchronization
package import WardenCore

/// Thread-safe: see `Head` and `WALWriter`.
package final class MetricStore: SeriesSource {
  let head: Head
  /// `head.table`, unretained (the head holds it for the store's life): `SeriesLookup` is asked
  /// for every series of every remote_write request, from every receiving thread, and retaining
  /// the table on each call made its reference count a contended atomic.
  private let seriesTable: Unmanaged<SeriesTable>
  package let directory: String
  package let metrics: StoreMetrics
  let wal: WALWriter
  let walDirectory: String
  let blocksDirectory: String
  let blocks = BlockSet()
  let tombstones = TombstoneStore()
  let downsampled: DownsampledBlocks
  let options: StoreOptions
  let logger: Logger

  /// Opens (creating if needed) the store in `directory`, replaying its WAL.
  /// - Throws: `StoreError` when the directory cannot be created or read, or the WAL cannot be
  ///   opened for writing. A damaged WAL tail is not an error: it is cut off and logged.
  package init(
    directory: String, options: StoreOptions = StoreOptions(), fsync: FsyncPolicy = .default,
    walSegmentMaxBytes: Int = 64 << 20, logger: Logger
  ) throws(StoreError) {
    self.directory = directory
    self.logger = logger
    self.options = options
    metrics = StoreMetrics()
    head = Head(options: options)
    seriesTable = .passUnretained(head.table)
    walDirectory = directory + "/" + FileNames.walDirectory
    blocksDirectory = directory + "/" + FileNames.blocksDirectory
    downsampled = DownsampledBlocks(storeDirectory: directory)
    try FileIO.makeDirectory(walDirectory)
    // Blocks first: what they hold is not replayed into the head again (a crash between writing
    // a block and checkpointing the WAL leaves those samples in both).
    for block in try BlockLoader(storeDirectory: directory, logger: logger, metrics: metrics).load() {
      blocks.add(block)
    }
    try tombstones.load(blocks.current)
    try downsampled.load(sources: Set(blocks.current.map(\.meta.id)), logger: logger)
    if let blocksEnd = blocks.maxTimeMs { head.minValidTimestampMs.store(blocksEnd, ordering: .relaxed) }
    let start = ContinuousClock.now
    let replay = try WALReplay(directory: walDirectory, head: head, logger: logger, metrics: metrics).run()
    logger.info(
      "metrics WAL replayed",
      metadata: [
        "wal.segments": "\(replay.segments)", "wal.series": "\(replay.series)", "wal.samples": "\(replay.samples)",
        "wal.orphaned_samples": "\(replay.orphanedSamples)", "wal.dropped_bytes": "\(replay.droppedBytes)",
        "duration": "\(ContinuousClock.now - start)",
      ])
    wal = try WALWriter(
      directory: walDirectory, firstSegmentIndex: replay.nextSegmentIndex, policy: fsync,
      segmentMaxBytes: walSegmentMaxBytes, logger: logger, metrics: metrics)
  }

  /// Appends a batch; returns once every accepted sample is durable in the WAL.
  /// - Returns: what happened to each sample.
  /// - Throws: `StoreError` (`.outOfSpace`, `.io`, `.closed`) when the WAL write failed: nothing
  ///   of the batch is acknowledged, and a retry of the same batch is safe (identical samples
  ///   are ignored as duplicates).
  package func append(_ batch: SampleBatch) async throws(StoreError) -> AppendReport {
    var records: [UInt8] = []
    let report = head.append(batch, walRecords: &records)
    metrics.samplesAppended.add(report.appended, ordering: .relaxed)
    metrics.samplesRejected.add(report.rejected, ordering: .relaxed)
    metrics.seriesCreated.add(report.seriesCreated, ordering: .relaxed)
    if !records.isEmpty { try await logDurably(records, what: "the batch") }
    return report
  }

  /// Hands WAL records to the group commit and returns once they are durable.
  func logDurably(_ records: [UInt8], what: String) async throws(StoreError) {
    let sequence = try wal.submit(records)
    do {
      try await wal.waitUntilDurable(sequence)
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError(.io, "cannot make \(what) durable", cause: error)
    }
  }

  /// Flushes and closes the WAL. Appends after this throw `.closed`.
  package func close() {
    wal.close()
  }

  package var seriesCount: Int { head.table.count }

  /// Emits the `warden_tsdb_*` metrics.
  package func emitMetrics<E: MetricEmitter>(into emitter: inout E) {
    let series = head.table.allSeries()
    let chunks = series.reduce(0) { total, series in total + series.withChunks { $0.chunkCount } }
    let walBytes = (try? FileIO.list(walDirectory))?.reduce(0) { total, name in
      total + FileIO.fileSize(walDirectory + "/" + name)
    } ?? 0
    let current = blocks.current
    metrics.emit(
      into: &emitter, headSeries: series.count, headChunks: chunks, walBytesOnDisk: walBytes, blocks: current.count,
      blockBytes: current.reduce(0) { $0 + $1.sizeBytes })
  }

  // MARK: - SeriesSource (blocks, then the head; see MetricStore+Read.swift)

  package func select(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [SeriesSamples] {
    try mergedSelect(matchers, startMs: startMs, endMs: endMs)
  }

  package func series(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [Labels] {
    try mergedSeries(matchers, startMs: startMs, endMs: endMs)
  }

  package func labelNames(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [String] {
    var names = Set<String>()
    for labels in try mergedSeries(matchers, startMs: startMs, endMs: endMs) {
      for label in labels.pairs { names.insert(label.name) }
    }
    return names.sorted()
  }

  package func labelValues(_ name: String, _ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [String] {
    var values = Set<String>()
    for labels in try mergedSeries(matchers, startMs: startMs, endMs: endMs) {
      let value = labels[name]
      if !value.isEmpty { values.insert(value) }
    }
    return values.sorted()
  }
}

extension MetricStore {
  /// Starts a new WAL segment and replaces every earlier one with a checkpoint holding the live
  /// series and the samples at or after `cutMs` (the rest is in blocks).
  func checkpointWAL(cutMs: Int64) throws(StoreError) {
    let last = try wal.rotate()
    let live = head.table.allSeries().map { (id: $0.id, labels: $0.labels) }
    try WALCheckpoint.create(walDirectory: walDirectory, throughSegment: last, cutMs: cutMs, liveSeries: live, logger: logger)
  }
}

extension MetricStore: SeriesLookup {
  package func series(labelsHash: UInt64) -> (any StoredSeriesHandle)? {
    seriesTable._withUnsafeGuaranteedRef { $0.series(labelsHash: labelsHash) }
  }
}
