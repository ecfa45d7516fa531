// Segments on disk: loading (and quarantining the damaged) at open, and the cut that turns a head
// generation into a segment: switch generations and WAL files together, wait for the appends
// still in flight, write the segment, swap it in for the head, delete the generation's WAL files.
import Codecs
#if canImport(Glibc)
  import Glibc
#endif
import Logging
import Synchronization

extension LogStore {
  static func loadSegments(
    _ segmentsDirectory: String, directory: String, registry: StreamRegistry, counters: LogStoreCounters, logger: Logger
  ) throws(LogStoreError) -> [LogSegment] {
    var segments: [LogSegment] = []
    for name in try LogFileIO.list(segmentsDirectory).sorted() {
      let path = segmentsDirectory + "/" + name
      if name.hasSuffix(".tmp") {
        // A write interrupted before its rename: never a segment.
        LogFileIO.remove(path)
        continue
      }
      guard let generation = LogFileNames.parseSegmentFile(name) else { continue }
      do throws(LogStoreError) {
        let segment = try LogSegment(path: path, registry: registry)
        guard segment.generation == generation else {
          throw LogStoreError(.corrupt, "segment \(path) holds generation \(segment.generation), not \(generation)")
        }
        segments.append(segment)
      } catch where error.code == .corrupt {
        try quarantine(path, name: name, directory: directory, reason: error, logger: logger)
        counters.quarantinedSegments.add(1, ordering: .relaxed)
      }
    }
    return segments.sorted { $0.generation < $1.generation }
  }

  /// Moves a damaged segment aside (never deletes it) and says so.
  static func quarantine(
    _ path: String, name: String, directory: String, reason: LogStoreError, logger: Logger
  ) throws(LogStoreError) {
    let quarantine = directory + "/" + LogFileNames.quarantineDirectory
    try LogFileIO.makeDirectory(quarantine)
    var target = quarantine + "/" + name
    var attempt = 1
    while LogFileIO.exists(target) {
      attempt += 1
      target = quarantine + "/" + name + "." + String(attempt)
    }
    try LogFileIO.rename(path, to: target)
    try LogFileIO.syncDirectoryOrThrow(directory + "/" + LogFileNames.segmentsDirectory)
    logger.error(
      "log segment failed its checks; moved to quarantine, the rest of the store is served",
      metadata: ["segment.path": "\(path)", "segment.quarantined_as": "\(target)", "error": "\(reason)"])
  }

  // MARK: - Cutting

  /// Starts a new generation (and WAL file) if the active one holds anything, then writes every
  /// frozen generation out.
  func cut() async throws(LogStoreError) {
    let frozen: LogHead? = try state.withLock { state throws(LogStoreError) -> LogHead? in
      if state.isClosed { throw LogStoreError(.closed, "the log store is closed") }
      let old = state.active
      guard old.streamCount > 0 else { return nil }
      let next = LogHead(generation: old.generation + 1, createdNs: WallClock.nowNs())
      // Inside the lock, so no append submits between the rotation and the switch: every
      // record of the old generation is in its WAL files, and only those.
      try wal.rotate(toGeneration: next.generation)
      state.active = next
      state.frozen.append(old)
      return old
    }
    if let frozen { await waitForDrain(frozen.generation) }
    try writeFrozenHeads()
  }

  /// Returns once no append of `generation` is in flight.
  func waitForDrain(_ generation: UInt64) async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      let done = state.withLock { state -> Bool in
        if (state.inflight[generation] ?? 0) == 0 { return true }
        state.drainWaiters[generation, default: []].append(continuation)
        return false
      }
      if done { continuation.resume() }
    }
  }

  /// Writes each frozen generation without appends in flight as its segment, swaps it in and
  /// deletes its WAL files. One that fails stays frozen (served from memory, kept in the WAL)
  /// and is retried at the next maintenance.
  func writeFrozenHeads() throws(LogStoreError) {
    let ready = state.withLock { state in state.frozen.filter { (state.inflight[$0.generation] ?? 0) == 0 } }
    for head in ready {
      let streams = head.allStreams().filter { !$0.isEmpty }.map { stream in
        LogSegmentWriter.Stream(labels: stream.labels, blocks: stream.sealAll(level: options.compressionLevel))
      }
      var segment: LogSegment?
      if !streams.isEmpty {
        let path = segmentsDirectory + "/" + LogFileNames.segmentFile(generation: head.generation)
        try LogSegmentWriter.write(
          generation: head.generation, streams: streams, appliedTombstones: [], to: path, directory: segmentsDirectory)
        segment = try LogSegment(path: path, registry: registry)
      }
      state.withLock { state in
        if let segment {
          state.segments.append(segment)
          state.segments.sort { $0.generation < $1.generation }
        }
        state.frozen.removeAll { $0 === head }
      }
      try deleteWALFiles(upTo: head.generation)
      logger.debug(
        "log head written as a segment",
        metadata: ["segment.generation": "\(head.generation)", "segment.streams": "\(streams.count)"])
    }
  }

  /// Deletes WAL files of generations up to `generation` that have no frozen head left.
  func deleteWALFiles(upTo generation: UInt64) throws(LogStoreError) {
    let pending = Set(state.withLock { $0.frozen.map(\.generation) })
    for name in try LogFileIO.list(walDirectory) {
      guard let file = LogFileNames.parseWALFile(name), file.generation <= generation, !pending.contains(file.generation)
      else { continue }
      LogFileIO.remove(walDirectory + "/" + name)
    }
    try LogFileIO.syncDirectoryOrThrow(walDirectory)
  }

  /// Waits for (then holds) the maintenance flag, so cuts, retention and rewrites never overlap.
  func withMaintenance<T>(_ body: () async throws(LogStoreError) -> T) async throws(LogStoreError) -> T {
    while !maintenanceBusy.withLock({ busy in
      if busy { return false }
      busy = true
      return true
    }) {
      try? await Task.sleep(for: .milliseconds(2))
    }
    defer { maintenanceBusy.withLock { $0 = false } }
    return try await body()
  }
}
