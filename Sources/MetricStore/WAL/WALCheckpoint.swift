// A WAL checkpoint replaces the segments whose samples are now in blocks: it keeps a series
// record for every live series and the samples still at or after the cut, so the old segments
// can be deleted and replay stays short. Same record framing as a segment, compressed the same way.
import Codecs
import Logging
import WardenCore

enum WALCheckpoint {
  /// Writes `checkpoint.<last>` from the previous checkpoint and segments up to `last`, keeping
  /// samples at or after `cutMs`, then deletes what it replaces.
  static func create(
    walDirectory: String, throughSegment last: Int, cutMs: Int64, liveSeries: [(id: SeriesID, labels: Labels)],
    logger: Logger
  ) throws(StoreError) {
    let names = try FileIO.list(walDirectory)
    let previous = names.compactMap(FileNames.walCheckpointIndex).filter { $0 <= last }.max()
    var sources: [String] = []
    if let previous { sources.append(FileNames.walCheckpoint(previous)) }
    sources += names.compactMap(FileNames.walSegmentIndex).filter { $0 <= last && $0 > (previous ?? 0) }.sorted()
      .map(FileNames.walSegment)

    var kept: [WALSample] = []
    var batch: [WALSample] = []
    for name in sources {
      let bytes = try FileIO.read(walDirectory + "/" + name)
      _ = WALSegmentScanner.scan(bytes) { type, payload in
        switch type {
        case .series: return true
        case .samples:
          batch.removeAll(keepingCapacity: true)
          guard (try? WALRecord.decodeSamples(payload, into: &batch)) != nil else { return false }
          kept.append(contentsOf: batch.lazy.filter { $0.timestampMs >= cutMs })
          return true
        case .deletions:
          // Applied to what came before; the checkpoint then needs no deletion records.
          guard let deletions = try? WALRecord.decodeDeletions(payload) else { return false }
          for deletion in deletions {
            kept.removeAll {
              $0.seriesID == deletion.seriesID && $0.timestampMs >= deletion.startMs && $0.timestampMs <= deletion.endMs
            }
          }
          return true
        case .compressed, .chained, .predictedSamples, .seriesChunks, .seriesPlanes: return false  // opened by the scanner, never visited
        }
      }
    }

    let name = FileNames.walCheckpoint(last)
    let temporary = walDirectory + "/" + name + ".tmp"
    try FileIO.writeFile(temporary, encode(liveSeries: liveSeries, samples: kept))
    try FileIO.rename(temporary, to: walDirectory + "/" + name)
    FileIO.syncDirectory(walDirectory)

    // Only now is it safe to delete what the checkpoint replaces.
    for source in sources { FileIO.remove(walDirectory + "/" + source) }
    FileIO.syncDirectory(walDirectory)
    logger.info(
      "metrics WAL checkpointed",
      metadata: [
        "wal.checkpoint": "\(name)", "wal.series": "\(liveSeries.count)", "wal.samples_kept": "\(kept.count)",
        "wal.files_replaced": "\(sources.count)",
      ])
  }

  /// The checkpoint's bytes: series records, then the kept samples grouped by series, each
  /// series' as a decimal-planes chunk in series-chunks records (`WALSeriesChunks`, type 8), compressed
  /// as the WAL writer compresses its groups. Coding each value against the same series' previous
  /// one takes about 40 % of the bytes of one samples record per scrape round.
  static func encode(liveSeries: [(id: SeriesID, labels: Labels)], samples: [WALSample]) -> [UInt8] {
    // Background work, written once: a higher level than the flusher's pays off.
    let compressor = WALGroupCompressor(level: checkpointLevel)
    var records: [UInt8] = []
    for start in stride(from: 0, to: liveSeries.count, by: 10_000) {
      WALRecord.appendSeries(Array(liveSeries[start..<min(start + 10_000, liveSeries.count)]), to: &records)
    }
    // The series go out with the first samples, so a small checkpoint is one compressed record.
    var file: [UInt8] = []
    // Grouped by series (in order of first appearance), each series' samples in log order, as
    // replay appends them. One pass with a table, not a sort: this runs at every block cut.
    var runs: [(id: SeriesID, timestamps: [Int64], values: [Double])] = []
    var runOfSeries: [SeriesID: Int] = [:]
    for sample in samples {
      let run: Int
      if let known = runOfSeries[sample.seriesID], runs[known].timestamps.count < DecimalChunkFormat.maxSampleCount {
        run = known
      } else {
        run = runs.count
        runOfSeries[sample.seriesID] = run
        runs.append((sample.seriesID, [], []))
      }
      runs[run].timestamps.append(sample.timestampMs)
      runs[run].values.append(sample.value)
    }
    var first = 0
    var runSamples = 0
    func flush(through end: Int) {
      WALSeriesChunks.append(Array(runs[first..<end]), to: &records)
      if !records.isEmpty { file += compressor.encode(records) }
      records.removeAll(keepingCapacity: true)
      first = end
      runSamples = 0
    }
    for index in runs.indices {
      if runSamples >= maxRecordSamples { flush(through: index) }
      runSamples += runs[index].timestamps.count
    }
    flush(through: runs.count)
    return file
  }

  /// zstd level of checkpoint records (as blocks' frames: written once, in the background).
  static let checkpointLevel: Int32 = 13
  /// A series-chunks record is closed at the first series boundary after this many samples, so
  /// the record stays far below the compressed record's 16 MiB cap.
  static let maxRecordSamples = 200_000
}
