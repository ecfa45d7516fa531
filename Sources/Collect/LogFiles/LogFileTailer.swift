// Follows the files of the `log_files` entries, as Promtail or Fluent Bit's tail input do: every
// poll interval it expands the globs, notices new, rotated, truncated and deleted files, reads
// what was appended in large chunks, turns it into records and hands them to the sink as one
// `LogBatch`. A file's position advances only when the sink has acknowledged (written to the log
// WAL) the batch holding its records, and is then saved; so a crash re-reads at most what was not
// acknowledged, and a clean restart reads exactly what was appended meanwhile.
//
// Rotation: rename+create shows as a new inode at the path; the old file stays open and is read
// to its end (and for `rotatedFileWait` after it last grew) before it is closed, while the new one
// is read from offset 0. copytruncate shows as a file shorter than our offset (or whose first
// bytes changed); it is read again from 0. Lines written between logrotate's copy and its truncate
// are lost by copytruncate itself, whatever reads the file.
//
// Delivery is at least once: a crash between the sink's acknowledgement and the positions write
// re-delivers that one batch.
package import Logging
import Synchronization
package import WardenCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

package actor LogFileTailer {
  /// Receives each batch; returning means the records are durable. Throwing leaves the positions
  /// where they were and the same batch is offered again after `retryInterval`.
  package typealias Sink = @Sendable (LogBatch) async throws -> Void

  private let configurations: [LogFileConfiguration]
  private let options: LogTailOptions
  private let sink: Sink
  private let logger: Logger
  private let counters = Mutex(LogTailMetrics())
  private let positionsFile: PositionsFile?

  private var files: [LogFileIdentity: TailedFile] = [:]
  /// Positions loaded at start for files not found yet.
  private var saved = LogPositions()
  private var lastStored: LogPositions?
  private var isFirstScan = true
  private var isRunning = false
  private var consecutiveSinkFailures = 0

  /// A batch with what its acknowledgement changes.
  private struct Delivery {
    var batch = LogBatch()
    var offsets: [LogFileIdentity: Int64] = [:]
    var closing: [LogFileIdentity] = []
    var lines = 0
    var truncated = 0
    var bytes = 0
  }

  package init(configurations: [LogFileConfiguration], options: LogTailOptions, logger: Logger, sink: @escaping Sink) {
    self.configurations = configurations
    self.options = options
    self.sink = sink
    self.logger = logger
    positionsFile = options.positionsPath.map { PositionsFile(path: $0) }
  }

  /// The counters now; callable from any thread without waiting for the tailer.
  package nonisolated var metrics: LogTailMetrics { counters.withLock { $0 } }

  /// Tails until the task is cancelled, then saves positions and closes every file. Records held
  /// back (a line without its newline, an unfinished multi-line record) are not emitted at
  /// stop: their position is not saved past them, so the next start reads them whole.
  package func run() async {
    guard !isRunning else { return }
    isRunning = true
    // One read buffer for every file, alive while running.
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(64, options.readChunkBytes), alignment: 16)
    defer { buffer.deallocate() }
    loadPositions()
    var nextScan = ContinuousClock.now
    var pending: Delivery?
    while !Task.isCancelled {
      if let retry = pending {
        guard await deliver(retry) else {
          try? await Task.sleep(for: options.retryInterval)
          continue
        }
        pending = nil
      }
      let now = ContinuousClock.now
      if now >= nextScan {
        scan(now: now)
        nextScan = now + options.pollInterval
      }
      let (delivery, more) = readRound(now: now, buffer: buffer)
      if !(await deliver(delivery)) {
        pending = delivery
        try? await Task.sleep(for: options.retryInterval)
        continue
      }
      if !more { try? await Task.sleep(until: nextScan) }
    }
    storePositions()
    files = [:]
    updateGauges(skipped: 0)
    isRunning = false
  }

  // MARK: - Discovery

  /// Finds new files and files that left their path (rotated or deleted).
  private func scan(now: ContinuousClock.Instant) {
    var matched: [String: (status: LogFileStatus, entry: Int)] = [:]
    for (index, configuration) in configurations.enumerated() {
      for pattern in configuration.paths {
        for path in PathPattern.expand(pattern) where matched[path] == nil {
          if configuration.exclude.contains(where: { PathPattern.matches(path, pattern: $0) }) { continue }
          guard let status = LogFileStatus(path: path), status.isRegularFile else { continue }
          matched[path] = (status, index)
        }
      }
    }
    var seen = Set<LogFileIdentity>()
    var skipped = 0
    for path in matched.keys.sorted() {
      guard let (status, entry) = matched[path], !seen.contains(status.identity) else { continue }
      seen.insert(status.identity)
      if let known = files[status.identity] {
        // Renamed back under a matching name (a glob that also matches rotated names).
        if known.state == .rotated { known.state = .active }
        continue
      }
      guard files.count < options.maxOpenFiles else {
        skipped += 1
        continue
      }
      startTailing(path: path, entry: entry, now: now)
    }
    for file in files.values where file.state == .active && !seen.contains(file.identity) {
      let status = LogFileStatus(descriptor: file.descriptor)
      file.state = (status?.linkCount ?? 0) == 0 ? .deleted : .rotated
      file.lastChange = now
      counters.withLock { $0.rotations += 1 }
      logger.debug(
        "log file left its path", metadata: ["path": "\(file.path)", "state": "\(file.state)", "inode": "\(file.identity)"])
    }
    if skipped > 0 && isFirstScan {
      logger.warning("log files not tailed: max open files reached", metadata: ["skipped": "\(skipped)"])
    }
    isFirstScan = false
    updateGauges(skipped: skipped)
  }

  private func startTailing(path: String, entry: Int, now: ContinuousClock.Instant) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else {
      logger.debug("cannot open log file", metadata: ["path": "\(path)", "errno": "\(errno)"])
      return
    }
    // The identity of what was opened, which may differ from what was stat'ed moments before.
    guard let status = LogFileStatus(descriptor: descriptor), status.isRegularFile, files[status.identity] == nil else {
      close(descriptor)
      return
    }
    let configuration = configurations[entry]
    let offset: Int64
    if let position = saved.entries.removeValue(forKey: status.identity), position.offset <= status.size,
      position.fingerprint.matches(descriptor: descriptor)
    {
      offset = position.offset
    } else if isFirstScan && configuration.startAt == .end {
      offset = status.size
    } else {
      offset = 0
    }
    let joining = configuration.multiline.map {
      LineAssembler.Joining(start: $0.start, maxLines: $0.maxLines, maxBytes: $0.maxBytes ?? options.maxLineBytes)
    }
    let file = TailedFile(
      descriptor: descriptor, identity: status.identity, path: path, labels: configuration.streamLabels(path: path),
      assembler: LineAssembler(maxLineBytes: options.maxLineBytes, joining: joining),
      flushTimeout: configuration.multiline?.timeout.duration ?? options.partialLineTimeout,
      offset: offset, fingerprint: LogFileFingerprint.read(descriptor: descriptor) ?? .empty, now: now)
    files[status.identity] = file
    logger.debug("tailing log file", metadata: ["path": "\(path)", "offset": "\(offset)", "inode": "\(status.identity)"])
  }

  // MARK: - Reading

  /// Reads what every file gained since the last round. `more` is true when a file had more
  /// than the round could take (the next round follows without waiting).
  private func readRound(now: ContinuousClock.Instant, buffer: UnsafeMutableRawBufferPointer) -> (Delivery, more: Bool) {
    var delivery = Delivery()
    var more = false
    // Rotated files first: their lines were written before those of the file now at their path.
    let order = files.values.filter { $0.state != .closing }.sorted {
      ($0.state == .active ? 1 : 0, $0.path, $0.identity.inode) < ($1.state == .active ? 1 : 0, $1.path, $1.identity.inode)
    }
    let perFileLimit = max(options.readChunkBytes * 4, options.maxBatchBytes / max(1, order.count))
    for file in order {
      if delivery.batch.lineByteCount >= options.maxBatchBytes {
        more = true
        break
      }
      // The file's stream joins the batch only when it has records (or may have: a flush).
      var knownStream: Int32?
      func stream() -> Int32 {
        if let knownStream { return knownStream }
        let ordinal = delivery.batch.stream(file.labels)
        knownStream = ordinal
        return ordinal
      }
      let before = file.assembler.counts

      switch file.checkForTruncation() {
      case .unchanged: break
      case .unreadable:
        // Nothing to read now; a deleted or rotated file is closed below as if at its end.
        break
      case .truncated:
        // What was held back came from before the truncation: emit it as it is.
        if file.assembler.hasPending {
          let ordinal = stream()
          file.assembler.flush(timestampNs: Self.wallClockNs(), into: &delivery.batch, stream: ordinal)
        }
        file.readOffset = 0
        file.fingerprint = LogFileFingerprint.read(descriptor: file.descriptor) ?? .empty
        file.lastChange = now
        counters.withLock { $0.truncations += 1 }
        logger.debug("log file truncated, reading it from the start", metadata: ["path": "\(file.path)"])
      }

      var readThisRound = 0
      var atEnd = false
      while readThisRound < perFileLimit && delivery.batch.lineByteCount < options.maxBatchBytes {
        let count = file.read(into: buffer)
        guard count > 0 else {
          atEnd = true
          break
        }
        let timestamp = Self.wallClockNs()
        let bytes = UnsafeBufferPointer(start: buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), count: count)
        let ordinal = stream()
        file.assembler.consume(bytes, at: file.readOffset, timestampNs: timestamp, into: &delivery.batch, stream: ordinal)
        file.readOffset += Int64(count)
        readThisRound += count
        file.lastChange = now
      }
      if !atEnd { more = true }
      delivery.bytes += readThisRound

      let idle = now - file.lastChange
      switch file.state {
      case .deleted where atEnd, .rotated where atEnd && idle >= options.rotatedFileWait:
        if file.assembler.hasPending {
          let ordinal = stream()
          file.assembler.flush(timestampNs: Self.wallClockNs(), into: &delivery.batch, stream: ordinal)
        }
        file.state = .closing
        delivery.closing.append(file.identity)
      default:
        if file.assembler.hasPending && idle >= file.flushTimeout {
          let ordinal = stream()
          file.assembler.flush(timestampNs: Self.wallClockNs(), into: &delivery.batch, stream: ordinal)
        }
      }
      delivery.offsets[file.identity] = file.assembler.committableOffset(readOffset: file.readOffset)
      delivery.lines += file.assembler.counts.lines - before.lines
      delivery.truncated += file.assembler.counts.truncated - before.truncated
    }
    return (delivery, more)
  }

  // MARK: - Delivery and positions

  /// Hands the batch to the sink; on acknowledgement advances positions and closes finished
  /// files. False when the sink threw (nothing advanced).
  private func deliver(_ delivery: Delivery) async -> Bool {
    if !delivery.batch.isEmpty {
      do {
        try await sink(delivery.batch)
      } catch {
        counters.withLock { $0.sinkFailures += 1 }
        // Once per outage at warning level: the batch is offered again every retry interval.
        let level: Logger.Level = consecutiveSinkFailures == 0 ? .warning : .debug
        logger.log(level: level, "log sink did not accept tailed lines; retrying", metadata: ["error": "\(error)"])
        consecutiveSinkFailures += 1
        return false
      }
      if consecutiveSinkFailures > 0 {
        logger.info("log sink accepts tailed lines again", metadata: ["failed_attempts": "\(consecutiveSinkFailures)"])
        consecutiveSinkFailures = 0
      }
    }
    for (identity, offset) in delivery.offsets { files[identity]?.acknowledgedOffset = offset }
    for identity in delivery.closing {
      files[identity] = nil
      logger.debug("closed log file", metadata: ["inode": "\(identity)"])
    }
    counters.withLock {
      $0.bytesRead += UInt64(delivery.bytes)
      $0.linesRead += UInt64(delivery.lines)
      $0.linesTruncated += UInt64(delivery.truncated)
      $0.recordsDelivered += UInt64(delivery.batch.count)
    }
    if !delivery.closing.isEmpty { updateGauges(skipped: nil) }
    storePositions()
    return true
  }

  private func currentPositions() -> LogPositions {
    var positions = LogPositions()
    for file in files.values {
      positions.entries[file.identity] = LogPositions.Entry(
        path: file.path, offset: file.acknowledgedOffset, fingerprint: file.fingerprint)
    }
    return positions
  }

  /// Saves positions when they changed since the last save.
  private func storePositions() {
    guard let positionsFile else { return }
    let positions = currentPositions()
    guard positions != lastStored else { return }
    do {
      try positionsFile.store(positions)
      lastStored = positions
    } catch {
      counters.withLock { $0.positionWriteFailures += 1 }
      logger.error("cannot save log file positions", metadata: ["error": "\(error)"])
    }
  }

  private func loadPositions() {
    guard let positionsFile else { return }
    do {
      saved = try positionsFile.load() ?? LogPositions()
      lastStored = saved
    } catch {
      let aside = positionsFile.setAside()
      logger.error(
        "log file positions unreadable; moved aside, files are read from their start",
        metadata: ["error": "\(error)", "moved_to": "\(aside)"])
    }
  }

  private func updateGauges(skipped: Int?) {
    let open = files.count
    counters.withLock {
      $0.filesWatched = open
      if let skipped { $0.filesSkipped = skipped }
    }
  }

  private static func wallClockNs() -> Int64 {
    var time = timespec()
    clock_gettime(CLOCK_REALTIME, &time)
    return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
  }
}
