// The store's figures (`LogStoreStatus`), gathered from the segment list, the heads and counters.
import Synchronization

extension LogStore {
  package func status() -> LogStoreStatus {
    let (segments, heads, pending) = state.withLock { ($0.segments, $0.frozen + [$0.active], $0.tombstones.count) }
    var status = LogStoreStatus()
    status.segments = segments.count
    for segment in segments {
      status.segmentBytes += segment.sizeBytes
      status.segmentLineBytes += segment.lineBytes
      status.segmentRecords += segment.records
      status.segmentBlocks += segment.blockCount
    }
    for head in heads {
      for stream in head.allStreams() {
        let counts = stream.counts()
        status.headRecords += counts.records
        status.headLineBytes += counts.lineBytes
      }
    }
    status.walBytes = walSize()
    status.streams = registry.count
    status.pendingDeletions = pending
    status.quarantinedSegments = counters.quarantinedSegments.load(ordering: .relaxed)
    status.blocksDecompressed = counters.blocksDecompressed.load(ordering: .relaxed)
    status.blocksSkippedByFilter = counters.blocksSkippedByFilter.load(ordering: .relaxed)
    return status
  }
}
