// The embedded log store as the rest of Warden sees it: durable batch appends (WAL first,
// acknowledged after the sync), per-stream heads cut into immutable zstd segments, `LogSource`
// reads merging both, retention, deletions and snapshots. On-disk format: docs/format/logs.md.
#if canImport(Glibc)
  import Glibc
#endif
import Codecs
package import Logging
import Synchronization
import WardenCore

/// Thread-safe. Locks, shortest first: a stream head's (per run of a batch), `state` (the
/// generation switch, the segment list; never held across a wait except one WAL sync at a cut),
/// and the maintenance flag (one cut, retention or rewrite at a time).
package final class LogStore: LogSource {
  struct State {
    /// The generation taking appends.
    var active: LogHead
    /// Generations cut and not yet written as segments (still read from memory).
    var frozen: [LogHead] = []
    /// Sorted by generation.
    var segments: [LogSegment] = []
    var tombstones: [LogTombstone] = []
    var nextTombstoneID: UInt64 = 1
    /// Appends in flight per generation: a generation is written out only once it has none.
    var inflight: [UInt64: Int] = [:]
    var drainWaiters: [UInt64: [CheckedContinuation<Void, Never>]] = [:]
    var isClosed = false
  }

  package let directory: String
  let options: LogStoreOptions
  let logger: Logger
  let registry: StreamRegistry
  let state: Mutex<State>
  let wal: LogWALWriter
  let walDirectory: String
  let segmentsDirectory: String
  let counters: LogStoreCounters
  let maintenanceBusy = Mutex(false)
  /// Serializes deletions (each rewrites the tombstones file).
  let tombstoneWrites = Mutex(())

  private init(
    directory: String, options: LogStoreOptions, logger: Logger, state: State, wal: LogWALWriter,
    registry: StreamRegistry, counters: LogStoreCounters
  ) {
    self.registry = registry
    self.counters = counters
    self.directory = directory
    self.options = options
    self.logger = logger
    self.state = Mutex(state)
    self.wal = wal
    walDirectory = directory + "/" + LogFileNames.walDirectory
    segmentsDirectory = directory + "/" + LogFileNames.segmentsDirectory
  }

  /// Opens (creating if needed) the store in `directory`: loads its segments (quarantining any
  /// that fails its checks), replays the WAL into heads and writes them out as segments.
  /// - Throws: `LogStoreError` when the directory cannot be created or read, the tombstones file is
  ///   damaged, or the WAL cannot be opened. A damaged WAL tail is not an error: it is cut off and
  ///   logged.
  package static func open(
    directory: String, options: LogStoreOptions = LogStoreOptions(), logger: Logger
  ) throws(LogStoreError) -> LogStore {
    let walDirectory = directory + "/" + LogFileNames.walDirectory
    let segmentsDirectory = directory + "/" + LogFileNames.segmentsDirectory
    try LogFileIO.makeDirectory(walDirectory)
    try LogFileIO.makeDirectory(segmentsDirectory)
    let registry = StreamRegistry()
    let counters = LogStoreCounters()

    var tombstones: [LogTombstone] = []
    let tombstonesPath = directory + "/" + LogFileNames.tombstones
    if LogFileIO.exists(tombstonesPath) {
      let bytes = try LogFileIO.read(tombstonesPath)
      do throws(CodecError) {
        tombstones = try LogTombstoneFile.decode(bytes)
      } catch {
        // Refusing to open beats serving records an operator deleted.
        throw LogStoreError(.corrupt, "cannot read \(tombstonesPath)", cause: error)
      }
    }

    let segments = try loadSegments(segmentsDirectory, directory: directory, registry: registry, counters: counters, logger: logger)
    let replay = try LogWALReplay(directory: walDirectory, logger: logger).run(skip: Set(segments.map(\.generation)))
    let highest = ([0] + segments.map(\.generation) + Array(replay.generations) + tombstones.map(\.generation)).max()!
    let nowNs = WallClock.nowNs()
    let active = LogHead(generation: highest + 1, createdNs: nowNs)
    var frozen: [LogHead] = []
    for generation in replay.batches.keys.sorted() {
      let head = LogHead(generation: generation, createdNs: nowNs)
      for batch in replay.batches[generation] ?? [] {
        let ids = registry.resolve(batch.streams)
        let heads = head.streamHeads(ids, labels: batch.streams, maxStreams: 0)
        forEachRun(batch.streamOrdinals) { ordinal, range in
          heads[Int(ordinal)]!.append(batch.records, range, nowNs: nowNs, blockTarget: options.blockTargetBytes, level: options.compressionLevel)
        }
        head.lineBytes.add(batch.lineByteCount, ordering: .relaxed)
      }
      frozen.append(head)
    }
    logger.info(
      "log store opened",
      metadata: [
        "logs.segments": "\(segments.count)", "logs.wal_files": "\(replay.files)", "logs.wal_records": "\(replay.records)",
        "logs.wal_dropped_bytes": "\(replay.droppedBytes)", "logs.generation": "\(active.generation)",
      ])
    let wal = try LogWALWriter(
      directory: walDirectory, generation: active.generation, policy: options.fsync, fileMaxBytes: options.walSegmentBytes,
      logger: logger)
    var state = State(active: active)
    state.frozen = frozen
    state.segments = segments
    state.tombstones = tombstones
    state.nextTombstoneID = (tombstones.map(\.id).max() ?? 0) + 1
    let store = LogStore(
      directory: directory, options: options, logger: logger, state: state, wal: wal, registry: registry, counters: counters)
    // The replayed generations become segments now, so their WAL files can go.
    try store.writeFrozenHeads()
    try store.deleteWALFiles(upTo: active.generation - 1)
    return store
  }

  /// Flushes and closes the WAL (the heads stay in it, to be replayed at the next open). Appends
  /// after this throw `.closed`.
  package func close() {
    while !maintenanceBusy.withLock({ busy in
      if busy { return false }
      busy = true
      return true
    }) { usleep(1000) }
    state.withLock { $0.isClosed = true }
    wal.close()
    maintenanceBusy.withLock { $0 = false }
  }

  /// Runs `body` for each run of equal consecutive ordinals.
  static func forEachRun(_ ordinals: [Int32], _ body: (Int32, Range<Int>) -> Void) {
    var start = 0
    while start < ordinals.count {
      var end = start + 1
      while end < ordinals.count, ordinals[end] == ordinals[start] { end += 1 }
      body(ordinals[start], start..<end)
      start = end
    }
  }
}
