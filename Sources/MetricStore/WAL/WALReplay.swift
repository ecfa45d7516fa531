// Rebuilds the head from the WAL at start-up. Two passes: first every series record (restored
// under its recorded id), then every sample, so a samples record written just before its series
// record by a concurrent appender is not lost. A torn or corrupted segment tail is cut off at the
// last whole record, with a warning saying how much was dropped; start-up continues.
import Codecs
import Logging
import Synchronization
import WardenCore

struct WALReplay {
  struct Outcome {
    var segments = 0
    var series = 0
    var samples = 0
    var orphanedSamples = 0
    var droppedBytes = 0
    /// The index the next segment should take.
    var nextSegmentIndex = 1
  }

  let directory: String
  let head: Head
  let logger: Logger
  let metrics: StoreMetrics

  func run() throws(StoreError) -> Outcome {
    var outcome = Outcome()
    let names = try FileIO.list(directory)
    // The newest checkpoint replaces every segment up to its index (left-overs of an interrupted
    // clean-up are ignored), then the later segments follow in order.
    let checkpoint = names.compactMap(FileNames.walCheckpointIndex).max()
    let segments = names.compactMap(FileNames.walSegmentIndex).filter { $0 > (checkpoint ?? 0) }.sorted()
    let files = (checkpoint.map { [FileNames.walCheckpoint($0)] } ?? []) + segments.map(FileNames.walSegment)
    outcome.segments = segments.count
    outcome.nextSegmentIndex = max(segments.last ?? 0, checkpoint ?? 0) + 1

    // Pass 1: series, and repair of damaged tails.
    var recorded: [(id: SeriesID, labels: Labels)] = []
    for name in files {
      let path = directory + "/" + name
      let bytes = try FileIO.read(path)
      let scan = WALSegmentScanner.scan(bytes) { type, payload in
        guard type == .series else { return true }
        guard let series = try? WALRecord.decodeSeries(payload) else { return false }
        recorded.append(contentsOf: series)
        return true
      }
      if let problem = scan.problem {
        let dropped = bytes.count - scan.validLength
        outcome.droppedBytes += dropped
        metrics.walCorruptions.add(1, ordering: .relaxed)
        logger.warning(
          "metrics WAL segment damaged; cutting it at the last whole record",
          metadata: [
            "wal.segment": "\(path)", "wal.problem": "\(problem)", "wal.dropped_bytes": "\(dropped)",
            "wal.kept_bytes": "\(scan.validLength)",
          ])
        try FileIO.truncate(path, to: scan.validLength)
      }
    }
    recorded.sort { $0.id < $1.id }
    var seriesByID: [SeriesID: MemSeries] = [:]
    seriesByID.reserveCapacity(recorded.count)
    for (id, labels) in recorded {
      guard let series = head.table.restore(id: id, labels: labels) else {
        throw StoreError(.limit, "cannot restore series \(labels) from the WAL: the symbol table is full")
      }
      seriesByID[id] = series
    }
    outcome.series = seriesByID.count

    // Pass 2: samples and deletions, in WAL order (a deletion removes what came before it only).
    var samples: [WALSample] = []
    func flush() {
      let (appended, orphaned) = head.replay(samples, seriesByID: seriesByID)
      outcome.samples += appended
      outcome.orphanedSamples += orphaned
      samples.removeAll(keepingCapacity: true)
    }
    for name in files {
      let bytes = try FileIO.read(directory + "/" + name)
      _ = WALSegmentScanner.scan(bytes) { type, payload in
        switch type {
        case .series: return true
        case .samples: return (try? WALRecord.decodeSamples(payload, into: &samples)) != nil
        case .deletions:
          guard let deletions = try? WALRecord.decodeDeletions(payload) else { return false }
          flush()
          head.replay(deletions, seriesByID: seriesByID)
          return true
        case .compressed, .chained, .predictedSamples, .seriesChunks, .seriesPlanes: return false  // opened by the scanner, never visited
        }
      }
      flush()
    }
    return outcome
  }
}
