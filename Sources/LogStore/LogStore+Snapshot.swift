// A consistent copy of the store for backups: every segment hard-linked (instant, no extra space),
// each head written as one more segment, and the pending deletions. The snapshot is itself a store
// directory: open it with `LogStore.open` or copy it into place to restore.
import Codecs
#if canImport(Glibc)
  import Glibc
#endif
import Logging
import Synchronization
import WardenCore

extension LogStore {
  package struct SnapshotReport: Sendable, Equatable {
    package var directory: String
    package var segments: Int
    package var headStreams: Int
  }

  /// Writes a snapshot into `target` (which must not exist yet, on the same file system).
  package func snapshot(into target: String) throws(LogStoreError) -> SnapshotReport {
    if LogFileIO.exists(target) { throw LogStoreError(.io, "cannot snapshot into \(target): it already exists") }
    let segmentsTarget = target + "/" + LogFileNames.segmentsDirectory
    try LogFileIO.makeDirectory(segmentsTarget)
    try LogFileIO.makeDirectory(target + "/" + LogFileNames.walDirectory)
    // One view: a segment cut or rewritten afterwards is not half in it.
    let (segments, heads, tombstones) = state.withLock { ($0.segments, $0.frozen + [$0.active], $0.tombstones) }

    var headStreams = 0
    for head in heads {
      var streams: [LogSegmentWriter.Stream] = []
      for stream in head.allStreams() {
        let snapshot = stream.snapshot()
        var blocks = snapshot.sealed
        if !snapshot.active.isEmpty {
          blocks.append(
            LogBlockCodec.seal(snapshot.active, order: Array(0..<snapshot.active.count), level: options.compressionLevel))
        }
        if !blocks.isEmpty { streams.append(LogSegmentWriter.Stream(labels: stream.labels, blocks: blocks)) }
      }
      guard !streams.isEmpty else { continue }
      headStreams += streams.count
      try LogSegmentWriter.write(
        generation: head.generation, streams: streams, appliedTombstones: [],
        to: segmentsTarget + "/" + LogFileNames.segmentFile(generation: head.generation), directory: segmentsTarget)
    }
    var linked = 0
    for segment in segments {
      let name = LogFileNames.segmentFile(generation: segment.generation)
      if link(segment.path, segmentsTarget + "/" + name) != 0 {
        // Deleted by retention meanwhile: the view still had it, the snapshot need not.
        if errno == ENOENT { continue }
        throw LogFileIO.error("link", segment.path, errno: errno)
      }
      linked += 1
    }
    try LogFileIO.syncDirectoryOrThrow(segmentsTarget)
    if !tombstones.isEmpty {
      try LogFileIO.replaceFile(target + "/" + LogFileNames.tombstones, with: LogTombstoneFile.encode(tombstones), directory: target)
    }
    logger.info(
      "log snapshot written",
      metadata: ["snapshot.directory": "\(target)", "snapshot.segments": "\(linked)", "snapshot.head_streams": "\(headStreams)"])
    return SnapshotReport(directory: target, segments: linked, headStreams: headStreams)
  }
}
