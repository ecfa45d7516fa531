// Periodic work the server schedules (`maintain`): seal idle stream heads, cut the head into a
// segment when it is old or large enough, drop segments past retention (age, then total size),
// and rewrite segments holding deleted records.
import Codecs
import Logging
import Synchronization
import WardenCore

extension LogStore {
  /// Runs one round of maintenance. Safe to call concurrently with appends and reads; rounds
  /// never overlap (a second caller waits for the first).
  /// - Parameter nowNs: the wall-clock time, nanoseconds since the epoch.
  package func maintain(nowNs: Int64) async throws(LogStoreError) {
    try await withMaintenance { () async throws(LogStoreError) in
      let active = state.withLock { $0.active }
      for stream in active.allStreams() {
        stream.sealIfIdle(nowNs: nowNs, idleNs: options.blockIdleNs, level: options.compressionLevel)
      }
      let lineBytes = active.lineBytes.load(ordering: .relaxed)
      if active.streamCount > 0, nowNs - active.createdNs >= options.segmentCutNs || lineBytes >= options.segmentCutBytes {
        try await cut()
      } else {
        // Generations whose write failed earlier.
        try writeFrozenHeads()
      }
      try applyRetention(nowNs: nowNs)
      try applyDeletions()
    }
  }

  /// Writes the active head out as a segment now, whatever its age or size (for shutdown and
  /// tests).
  package func flush() async throws(LogStoreError) {
    try await withMaintenance { () async throws(LogStoreError) in try await cut() }
  }

  private func applyRetention(nowNs: Int64) throws(LogStoreError) {
    var dropped: [(LogSegment, String)] = []
    let minTimeNs = options.retentionNs > 0 ? nowNs &- options.retentionNs : Int64.min
    state.withLock { state in
      state.segments.removeAll { segment in
        guard segment.maxTimeNs < minTimeNs else { return false }
        dropped.append((segment, "age"))
        return true
      }
    }
    if options.retentionBytes > 0 {
      let walBytes = walSize()
      state.withLock { state in
        var total = walBytes + state.segments.reduce(0) { $0 + $1.sizeBytes }
        // Oldest data first: by newest record, then generation.
        let order = state.segments.sorted { ($0.maxTimeNs, $0.generation) < ($1.maxTimeNs, $1.generation) }
        var removed = Set<UInt64>()
        for segment in order where total > options.retentionBytes {
          total -= segment.sizeBytes
          removed.insert(segment.generation)
          dropped.append((segment, "size"))
        }
        state.segments.removeAll { removed.contains($0.generation) }
      }
    }
    guard !dropped.isEmpty else { return }
    for (segment, reason) in dropped {
      LogFileIO.remove(segment.path)
      logger.info(
        "log segment deleted by retention",
        metadata: ["segment.path": "\(segment.path)", "retention.reason": "\(reason)", "segment.bytes": "\(segment.sizeBytes)"])
    }
    try LogFileIO.syncDirectoryOrThrow(segmentsDirectory)
  }

  func walSize() -> Int {
    ((try? LogFileIO.list(walDirectory)) ?? []).reduce(0) { $0 + LogFileIO.fileSize(walDirectory + "/" + $1) }
  }

  // MARK: - Deletions

  /// Rewrites every segment holding records of a pending deletion, then forgets deletions that no
  /// segment or head can hold any more.
  private func applyDeletions() throws(LogStoreError) {
    let (segments, tombstones) = state.withLock { ($0.segments, $0.tombstones) }
    guard !tombstones.isEmpty else { return }
    for segment in segments {
      let pending = tombstones.filter { $0.generation >= segment.generation && !segment.appliedTombstones.contains($0.id) }
      guard pending.contains(where: { affects($0, segment) }) else { continue }
      try rewrite(segment, applying: pending)
    }
    try retireDeletions()
  }

  /// Whether `segment` has a block of a stream `tombstone` matches that overlaps its range.
  func affects(_ tombstone: LogTombstone, _ segment: LogSegment) -> Bool {
    guard tombstone.overlaps(minTimeNs: segment.minTimeNs, maxTimeNs: segment.maxTimeNs) else { return false }
    return segment.streams.values.contains { stream in
      tombstone.overlaps(minTimeNs: stream.minTimeNs, maxTimeNs: stream.maxTimeNs) && tombstone.matches(stream.labels)
    }
  }

  /// Writes `segment` again without the records `tombstones` delete; blocks they do not touch are
  /// copied as they are.
  private func rewrite(_ segment: LogSegment, applying tombstones: [LogTombstone]) throws(LogStoreError) {
    var streams: [LogSegmentWriter.Stream] = []
    var removedRecords = 0
    for stream in segment.streams.values {
      let ranges = tombstones.filter { $0.matches(stream.labels) }.map { $0.startNs...$0.endNs }
      var blocks: [SealedLogBlock] = []
      var kept = LogLines()
      for block in stream.blocks {
        let touched = ranges.contains { $0.lowerBound <= block.info.maxTimeNs && $0.upperBound >= block.info.minTimeNs }
        guard touched else {
          blocks.append(
            SealedLogBlock(info: block.info, compressed: Array(segment.compressed(block)), bloom: Array(segment.bloom(block))))
          continue
        }
        let lines: LogLines
        do throws(CodecError) {
          lines = try LogBlockCodec.decode(segment.compressed(block), info: block.info, startNs: .min, endNs: .max)
        } catch {
          throw LogStoreError(.corrupt, "cannot rewrite \(segment.path)", cause: error)
        }
        for index in 0..<lines.count where !ranges.contains(where: { $0.contains(lines.timestampsNs[index]) }) {
          kept.append(from: lines, at: index)
        }
        removedRecords += lines.count
        // Surviving records of touched blocks are regrouped, so a rewrite does not leave a trail
        // of small blocks.
        if kept.lineBytes.count >= options.blockTargetBytes {
          blocks.append(LogBlockCodec.seal(kept, order: StreamHead.timeOrder(kept), level: options.compressionLevel))
          removedRecords -= kept.count
          kept.removeAll()
        }
      }
      if !kept.isEmpty {
        blocks.append(LogBlockCodec.seal(kept, order: StreamHead.timeOrder(kept), level: options.compressionLevel))
        removedRecords -= kept.count
      }
      streams.append(LogSegmentWriter.Stream(labels: stream.labels, blocks: blocks))
    }
    let applied = Array(segment.appliedTombstones.union(tombstones.map(\.id))).sorted()
    let survivors = streams.filter { !$0.blocks.isEmpty }
    var replacement: LogSegment?
    if survivors.isEmpty {
      LogFileIO.remove(segment.path)
      try LogFileIO.syncDirectoryOrThrow(segmentsDirectory)
    } else {
      try LogSegmentWriter.write(
        generation: segment.generation, streams: survivors, appliedTombstones: applied, to: segment.path,
        directory: segmentsDirectory)
      replacement = try LogSegment(path: segment.path, registry: registry)
    }
    state.withLock { state in
      state.segments.removeAll { $0 === segment }
      if let replacement {
        state.segments.append(replacement)
        state.segments.sort { $0.generation < $1.generation }
      }
    }
    logger.info(
      "log segment rewritten for deletions",
      metadata: ["segment.path": "\(segment.path)", "segment.deleted_records": "\(removedRecords)"])
  }

  /// Drops deletions no head can hold and every segment has applied (or never held a match for).
  private func retireDeletions() throws(LogStoreError) {
    try tombstoneWrites.withLock { _ throws(LogStoreError) in
      let (remaining, changed) = state.withLock { state -> ([LogTombstone], Bool) in
        let oldestHead = (state.frozen.map(\.generation) + [state.active.generation]).min()!
        let remaining = state.tombstones.filter { tombstone in
          if oldestHead <= tombstone.generation { return true }
          return state.segments.contains { segment in
            segment.generation <= tombstone.generation && !segment.appliedTombstones.contains(tombstone.id)
              && affects(tombstone, segment)
          }
        }
        return (remaining, remaining.count != state.tombstones.count)
      }
      guard changed else { return }
      try LogFileIO.replaceFile(
        directory + "/" + LogFileNames.tombstones, with: LogTombstoneFile.encode(remaining), directory: directory)
      state.withLock { state in
        let kept = Set(remaining.map(\.id))
        state.tombstones.removeAll { !kept.contains($0.id) }
      }
    }
  }
}
