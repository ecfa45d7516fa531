// Group commit for the log WAL. Appenders hand in encoded records and wait; one flusher thread
// writes what is pending, syncs once, and wakes them all. Files are per head generation: a segment
// cut rotates to the next generation's first file, so the files of a generation hold exactly the
// records of that generation's head and can be deleted once its segment is written.
import Codecs
import Dispatch
import Foundation
import Logging
import Synchronization
#if canImport(Glibc)
  import Glibc
#endif

/// Thread-safe: appenders touch only `state` (a `Mutex`); the open file belongs to whoever holds
/// `file` (the flusher thread or a rotation), and pending records are taken only under that lock,
/// so records submitted before a rotation always land in the file before it.
final class LogWALWriter: Sendable {
  private struct Waiter {
    var sequence: UInt64
    var continuation: CheckedContinuation<Result<Void, LogStoreError>, Never>
  }

  private struct State {
    /// Submissions not yet written, oldest first; the first has sequence `written + 1`.
    var pending: [[UInt8]] = []
    var submitted: UInt64 = 0
    /// Sequences up to here are written (durable, or failed).
    var written: UInt64 = 0
    var durable: UInt64 = 0
    var waiters: [Waiter] = []
    var isClosed = false
    /// Sequences whose write failed, with the error (rare, so a short list).
    var failures: [(sequences: ClosedRange<UInt64>, error: LogStoreError)] = []

    func outcome(_ sequence: UInt64) -> Result<Void, LogStoreError>? {
      if let failure = failures.last(where: { $0.sequences.contains(sequence) }) { return .failure(failure.error) }
      return sequence <= durable ? .success(()) : nil
    }
  }

  private struct OpenFile {
    var generation: UInt64
    var part: Int
    var descriptor: Int32
    var size: Int
  }

  let directory: String
  private let policy: LogFsyncPolicy
  private let fileMaxBytes: Int
  private let logger: Logger
  private let state = Mutex(State())
  private let file: Mutex<OpenFile>
  private let wakeup = DispatchSemaphore(value: 0)
  private let finished = DispatchSemaphore(value: 0)
  /// Bytes written since open (for status).
  let bytesWritten = Atomic<Int>(0)

  /// Opens the first file of `generation` and starts the flusher thread.
  init(directory: String, generation: UInt64, policy: LogFsyncPolicy, fileMaxBytes: Int, logger: Logger) throws(LogStoreError) {
    self.directory = directory
    self.policy = policy
    self.fileMaxBytes = fileMaxBytes
    self.logger = logger
    let path = directory + "/" + LogFileNames.walFile(generation: generation, part: 0)
    let descriptor = try LogFileIO.openForAppend(path)
    try LogFileIO.syncDirectoryOrThrow(directory)
    file = Mutex(OpenFile(generation: generation, part: 0, descriptor: descriptor, size: LogFileIO.size(descriptor)))
    let thread = Thread { [self] in flushLoop() }
    thread.name = "warden-log-wal"
    thread.start()
  }

  /// Queues encoded records; returns the sequence number to wait for.
  func submit(_ records: [UInt8]) throws(LogStoreError) -> UInt64 {
    let (sequence, shouldWake) = try state.withLock { state throws(LogStoreError) -> (UInt64, Bool) in
      if state.isClosed { throw LogStoreError(.closed, "the log store is closed") }
      let wasEmpty = state.pending.isEmpty
      state.pending.append(records)
      state.submitted += 1
      return (state.submitted, wasEmpty)
    }
    if shouldWake { wakeup.signal() }
    return sequence
  }

  /// Returns once the records of `sequence` are durable, or throws the write error that lost them.
  func waitUntilDurable(_ sequence: UInt64) async throws(LogStoreError) {
    let outcome: Result<Void, LogStoreError> = await withCheckedContinuation { continuation in
      let ready: Result<Void, LogStoreError>? = state.withLock { state in
        if let known = state.outcome(sequence) { return known }
        state.waiters.append(Waiter(sequence: sequence, continuation: continuation))
        return nil
      }
      if let ready { continuation.resume(returning: ready) }
    }
    try outcome.get()
  }

  /// Writes and syncs everything submitted so far into the current generation's files, then
  /// starts the first file of `generation`. Appenders are expected not to submit meanwhile (the
  /// store holds its generation lock), so the old generation's files are complete afterwards.
  func rotate(toGeneration generation: UInt64) throws(LogStoreError) {
    try file.withLock { file throws(LogStoreError) in
      let (chunks, through) = takePending(all: true)
      if !chunks.isEmpty { write(chunks, through: through, into: &file) }
      let path = directory + "/" + LogFileNames.walFile(generation: generation, part: 0)
      let descriptor = try LogFileIO.openForAppend(path)
      try LogFileIO.syncDirectoryOrThrow(directory)
      _ = fdatasync(file.descriptor)
      Glibc.close(file.descriptor)
      file = OpenFile(generation: generation, part: 0, descriptor: descriptor, size: 0)
    }
  }

  /// Flushes what is pending, stops the flusher and closes the file. Appends after this throw.
  func close() {
    let alreadyClosed = state.withLock { state -> Bool in
      defer { state.isClosed = true }
      return state.isClosed
    }
    guard !alreadyClosed else { return }
    wakeup.signal()
    finished.wait()
    file.withLock { file in
      _ = fdatasync(file.descriptor)
      Glibc.close(file.descriptor)
    }
  }

  // MARK: - The flusher thread

  private func flushLoop() {
    while true {
      wakeup.wait()
      if case .interval(let window) = policy, !state.withLock({ $0.isClosed }) {
        let (seconds, attoseconds) = window.components
        usleep(UInt32(clamping: seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
      }
      var isClosed = false
      while true {
        let more = file.withLock { file -> Bool in
          let (chunks, through) = takePending(all: policy != .everyBatch)
          if !chunks.isEmpty { write(chunks, through: through, into: &file) }
          return !chunks.isEmpty
        }
        let (hasPending, closed) = state.withLock { ($0.pending.isEmpty == false, $0.isClosed) }
        isClosed = closed
        // Wake-ups are one per empty→non-empty transition; drain whatever arrived meanwhile.
        if !more || !hasPending { break }
      }
      if isClosed {
        finished.signal()
        return
      }
    }
  }

  /// Takes pending submissions (all of them, or the oldest one) under the state lock.
  private func takePending(all: Bool) -> (chunks: [[UInt8]], through: UInt64) {
    state.withLock { state in
      guard !state.pending.isEmpty else { return ([], state.written) }
      let chunks: [[UInt8]]
      if all {
        chunks = state.pending
        state.pending.removeAll(keepingCapacity: true)
      } else {
        chunks = [state.pending.removeFirst()]
      }
      state.written += UInt64(chunks.count)
      return (chunks, state.written)
    }
  }

  /// Writes `chunks`, syncs once, and wakes the appenders through `sequence`.
  private func write(_ chunks: [[UInt8]], through sequence: UInt64, into file: inout OpenFile) {
    let total = chunks.reduce(0) { $0 + $1.count }
    let result: Result<Void, LogStoreError>
    do throws(LogStoreError) {
      if file.size > 0, file.size + total > fileMaxBytes {
        let next = file.part + 1
        let path = directory + "/" + LogFileNames.walFile(generation: file.generation, part: next)
        let descriptor = try LogFileIO.openForAppend(path)
        try LogFileIO.syncDirectoryOrThrow(directory)
        _ = fdatasync(file.descriptor)
        Glibc.close(file.descriptor)
        file = OpenFile(generation: file.generation, part: next, descriptor: descriptor, size: 0)
      }
      let path = directory + "/" + LogFileNames.walFile(generation: file.generation, part: file.part)
      do throws(LogStoreError) {
        for chunk in chunks { try LogFileIO.writeAll(file.descriptor, chunk, path: path) }
        try LogFileIO.sync(file.descriptor, path: path)
      } catch {
        // Cut off whatever part of this write landed, so the file ends on a whole record.
        _ = ftruncate(file.descriptor, off_t(file.size))
        throw error
      }
      file.size += total
      result = .success(())
    } catch {
      result = .failure(error)
    }
    let first = sequence - UInt64(chunks.count) + 1
    let ready: [Waiter] = state.withLock { state in
      switch result {
      case .success: state.durable = sequence
      case .failure(let error): state.failures.append((first...sequence, error))
      }
      let done = state.waiters.filter { $0.sequence <= sequence }
      state.waiters.removeAll { $0.sequence <= sequence }
      return done
    }
    switch result {
    case .success:
      bytesWritten.add(total, ordering: .relaxed)
      for waiter in ready { waiter.continuation.resume(returning: .success(())) }
    case .failure(let error):
      logger.error("cannot write the log WAL; the batch was not stored", metadata: ["error": "\(error)"])
      for waiter in ready { waiter.continuation.resume(returning: .failure(error)) }
    }
  }
}
