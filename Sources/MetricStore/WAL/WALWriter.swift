// Group commit for the write-ahead log. Appenders hand in encoded records and wait; one flusher
// thread writes everything pending in a single write, syncs once, and wakes them all. By default
// it starts as soon as something is pending, so appenders arriving during a sync share the next
// one; `FsyncPolicy.batched` adds a gathering delay for very busy servers. Each group is written
// compressed (`WALGroupCompressor`), chained to the group written before it in the same segment.
import Codecs
import Dispatch
import Foundation
import Logging
import Synchronization
#if canImport(Glibc)
  import Glibc
#endif

/// When pending WAL records are made durable. Every policy acknowledges a batch only after the
/// sync that covers it.
package enum FsyncPolicy: Sendable, Equatable {
  /// One write and one sync for everything pending, started as soon as the previous sync is done:
  /// a lone appender waits for one sync only, and appenders arriving during a sync share the next
  /// one (group commit with no added delay, like PostgreSQL's default).
  case groupCommit
  /// Like `groupCommit`, but first waits this long to gather more appenders into each sync:
  /// fewer syncs under heavy concurrent load, at the cost of that much latency per batch.
  case batched(Duration)
  /// Sync as soon as records are pending; the same as `groupCommit` today, kept as the explicit
  /// strict setting.
  case everyBatch

  package static let `default` = FsyncPolicy.groupCommit
}

/// Thread-safe: appenders touch only `state` (a `Mutex`); the segment file and its compressor
/// belong to the flusher thread, and to `rotate()` between two groups (both behind `segment`).
final class WALWriter: Sendable {
  private struct Waiter {
    var sequence: UInt64
    var continuation: CheckedContinuation<Void, any Error>
  }

  private struct State {
    var pending: [UInt8] = []
    var submitted: UInt64 = 0
    var durable: UInt64 = 0
    var waiters: [Waiter] = []
    var isClosed = false
    /// Sequences up to here failed to write; their waiters were told.
    var failedThrough: UInt64 = 0
    /// Why they failed, for waiters that arrive after the failure.
    var lastFailure: StoreError?
  }

  private struct Segment {
    var index: Int
    var descriptor: Int32
    var size: Int
    /// Encodes the groups of this segment; its reference is the last group written to it, so it
    /// lives and is reset with the segment (a rotation or a failed write breaks the chain).
    var compressor: WALGroupCompressor
  }

  let directory: String
  private let policy: FsyncPolicy
  private let segmentMaxBytes: Int
  private let logger: Logger
  private let metrics: StoreMetrics
  private let state = Mutex(State())
  private let segment: Mutex<Segment>
  private let wakeup = DispatchSemaphore(value: 0)
  private let finished = DispatchSemaphore(value: 0)

  /// Opens a new segment after the highest existing one and starts the flusher thread.
  init(
    directory: String, firstSegmentIndex: Int, policy: FsyncPolicy, segmentMaxBytes: Int, logger: Logger,
    metrics: StoreMetrics
  ) throws(StoreError) {
    self.directory = directory
    self.policy = policy
    self.segmentMaxBytes = segmentMaxBytes
    self.logger = logger
    self.metrics = metrics
    let path = directory + "/" + FileNames.walSegment(firstSegmentIndex)
    let descriptor = try FileIO.openForAppend(path)
    FileIO.syncDirectory(directory)
    segment = Mutex(
      Segment(
        index: firstSegmentIndex, descriptor: descriptor, size: FileIO.size(descriptor), compressor: WALGroupCompressor()))
    let thread = Thread { [self] in flushLoop() }
    thread.name = "warden-wal"
    thread.start()
  }

  /// Queues encoded records; returns the sequence number to wait for.
  func submit(_ records: [UInt8]) throws(StoreError) -> UInt64 {
    let (sequence, shouldWake) = try state.withLock { state throws(StoreError) -> (UInt64, Bool) in
      if state.isClosed { throw StoreError(.closed, "the metric store is closed") }
      let wasEmpty = state.pending.isEmpty
      state.pending.append(contentsOf: records)
      state.submitted += 1
      return (state.submitted, wasEmpty)
    }
    if shouldWake { wakeup.signal() }
    return sequence
  }

  /// Returns once the records of `sequence` are durable, or throws the write error that lost them.
  func waitUntilDurable(_ sequence: UInt64) async throws {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
      let outcome: Result<Void, StoreError>? = state.withLock { state in
        if sequence <= state.durable { return .success(()) }
        if sequence <= state.failedThrough {
          return .failure(state.lastFailure ?? StoreError(.io, "WAL write failed"))
        }
        state.waiters.append(Waiter(sequence: sequence, continuation: continuation))
        return nil
      }
      if let outcome { continuation.resume(with: outcome) }
    }
  }

  /// Starts a new segment, so every earlier one is complete and can be checkpointed.
  /// - Returns: the index of the last complete segment.
  func rotate() throws(StoreError) -> Int {
    try segment.withLock { segment throws(StoreError) -> Int in
      let last = segment.index
      try rotate(&segment)
      return last
    }
  }

  /// Flushes what is pending, stops the flusher and closes the segment.
  func close() {
    let alreadyClosed = state.withLock { state -> Bool in
      defer { state.isClosed = true }
      return state.isClosed
    }
    guard !alreadyClosed else { return }
    wakeup.signal()
    finished.wait()
    segment.withLock { segment in
      _ = fdatasync(segment.descriptor)
      Glibc.close(segment.descriptor)
    }
  }

  // MARK: - The flusher thread

  private func flushLoop() {
    while true {
      wakeup.wait()
      if case .batched(let window) = policy, !state.withLock({ $0.isClosed }) {
        // Gather more appenders into this sync.
        let (seconds, attoseconds) = window.components
        usleep(UInt32(seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
      }
      let (bytes, sequence, isClosed) = state.withLock { state in
        defer { state.pending.removeAll(keepingCapacity: true) }
        return (state.pending, state.submitted, state.isClosed)
      }
      if !bytes.isEmpty { flush(bytes, through: sequence) }
      if isClosed {
        finished.signal()
        return
      }
    }
  }

  /// Compresses `records` (the group is compressed as a whole: a better ratio than record by
  /// record), writes and syncs them, and wakes the appenders through `sequence`.
  private func flush(_ records: [UInt8], through sequence: UInt64) {
    let start = ContinuousClock.now
    let result: Result<Int, StoreError> = segment.withLock { segment in
      do throws(StoreError) {
        var bytes = segment.compressor.encode(records)
        if segment.size > 0, segment.size + bytes.count > segmentMaxBytes {
          try rotate(&segment)
          // The new segment starts without a reference.
          bytes = segment.compressor.encode(records)
        }
        let path = directory + "/" + FileNames.walSegment(segment.index)
        do throws(StoreError) {
          try FileIO.writeAll(segment.descriptor, bytes, path: path)
          try FileIO.sync(segment.descriptor, path: path)
        } catch {
          // Cut off whatever part of this write landed, so the segment ends on a whole record.
          _ = ftruncate(segment.descriptor, off_t(segment.size))
          throw error
        }
        segment.size += bytes.count
        return .success(bytes.count)
      } catch {
        // Nothing of this group is in the segment, so the next one must not refer to it.
        segment.compressor.forgetReference()
        return .failure(error)
      }
    }
    metrics.walFsyncDuration.observe(ContinuousClock.now - start)
    let ready: [Waiter] = state.withLock { state in
      switch result {
      case .success: state.durable = sequence
      case .failure(let error):
        state.failedThrough = sequence
        state.lastFailure = error
      }
      let done = state.waiters.filter { $0.sequence <= sequence }
      state.waiters.removeAll { $0.sequence <= sequence }
      return done
    }
    switch result {
    case .success(let written):
      metrics.walBytesWritten.add(written, ordering: .relaxed)
      for waiter in ready { waiter.continuation.resume() }
    case .failure(let error):
      metrics.walWriteFailures.add(1, ordering: .relaxed)
      logger.error("cannot write the metrics WAL; the batch was not stored", metadata: ["error": "\(error)"])
      for waiter in ready { waiter.continuation.resume(throwing: error) }
    }
  }

  private func rotate(_ segment: inout Segment) throws(StoreError) {
    let oldPath = directory + "/" + FileNames.walSegment(segment.index)
    try FileIO.sync(segment.descriptor, path: oldPath)
    // Open the next segment before closing this one, so a failure leaves a usable segment.
    let next = segment.index + 1
    let descriptor = try FileIO.openForAppend(directory + "/" + FileNames.walSegment(next))
    FileIO.syncDirectory(directory)
    Glibc.close(segment.descriptor)
    segment.compressor.forgetReference()
    segment = Segment(index: next, descriptor: descriptor, size: 0, compressor: segment.compressor)
  }
}
