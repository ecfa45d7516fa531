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
        case .compressed, .chained, .predictedSamples: return false  // opened by the scanner, never visited
        }
      }
    }

    var records: [UInt8] = []
    for start in stride(from: 0, to: liveSeries.count, by: 10_000) {
      WALRecord.appendSeries(Array(liveSeries[start..<min(start + 10_000, liveSeries.count)]), to: &records)
    }
    for start in stride(from: 0, to: kept.count, by: 100_000) {
      WALRecord.appendSamples(Array(kept[start..<min(start + 100_000, kept.count)]), to: &records)
    }
    let name = FileNames.walCheckpoint(last)
    let temporary = walDirectory + "/" + name + ".tmp"
    try FileIO.writeFile(temporary, WALGroupCompressor().encode(records))
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
}
