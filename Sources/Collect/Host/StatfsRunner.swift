// Calls statvfs(3) for the filesystem subsystem, with a bounded wait for filesystems that can
// hang (NFS, SMB, FUSE...): a dead server must not hang every later collection.

import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Sizes of one mounted filesystem, in bytes and inodes.
struct FilesystemUsage: Sendable, Equatable {
  var sizeBytes: Double
  var freeBytes: Double
  var availableBytes: Double
  var files: Double
  var filesFree: Double
}

/// Runs statfs, directly for local filesystems and on a Dispatch worker with a timeout for the
/// ones that may block.
///
/// A call that times out keeps its mount point in `stuck` until it finally returns; meanwhile
/// later collections report that mount as failed at once instead of starting another blocked
/// call (so at most one worker thread is ever blocked per mount point).
/// Thread-safe: `stuck` is guarded by its `Mutex`; each call's result by its own.
final class StatfsRunner: Sendable {
  let timeout: DispatchTimeInterval
  /// The statfs call itself; tests substitute one that blocks.
  private let call: @Sendable (String) -> FilesystemUsage?
  private let stuck = Mutex<Set<String>>([])

  init(
    timeout: DispatchTimeInterval = .seconds(5),
    call: @escaping @Sendable (String) -> FilesystemUsage? = StatfsRunner.statfsUsage
  ) {
    self.timeout = timeout
    self.call = call
  }

  /// The usage of the filesystem at `path`; nil if statfs failed, timed out or is still stuck.
  func usage(of path: String, mayHang: Bool) -> FilesystemUsage? {
    guard mayHang else { return call(path) }
    if stuck.withLock({ $0.contains(path) }) { return nil }

    let pending = PendingCall()
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async { [self] in
      let result = call(path)
      let wasAbandoned = pending.state.withLock { state in
        if case .abandoned = state { return true }
        state = .finished(result)
        return false
      }
      if wasAbandoned { _ = stuck.withLock { $0.remove(path) } }
      done.signal()
    }
    if done.wait(timeout: .now() + timeout) == .success {
      return pending.result
    }
    // Mark the mount stuck before marking the call abandoned: the worker clears the mark only
    // after it sees `abandoned`, so the mark can never outlive the call.
    _ = stuck.withLock { $0.insert(path) }
    let finishedMeanwhile = pending.state.withLock { state in
      if case .finished = state { return true }
      state = .abandoned
      return false
    }
    if finishedMeanwhile {
      _ = stuck.withLock { $0.remove(path) }
      return pending.result
    }
    return nil
  }

  /// Whether a call for `path` has timed out and not returned yet.
  func isStuck(_ path: String) -> Bool {
    stuck.withLock { $0.contains(path) }
  }

  @Sendable static func statfsUsage(_ path: String) -> FilesystemUsage? {
    // statvfs, not statfs: Glibc's module map exports only the former. On Linux it is the same
    // system call, and f_frsize is statfs's f_bsize.
    var result = statvfs()
    guard statvfs(path, &result) == 0 else { return nil }
    let blockSize = Double(result.f_frsize)
    return FilesystemUsage(
      sizeBytes: Double(result.f_blocks) * blockSize,
      freeBytes: Double(result.f_bfree) * blockSize,
      availableBytes: Double(result.f_bavail) * blockSize,
      files: Double(result.f_files),
      filesFree: Double(result.f_ffree))
  }
}

/// The hand-over between a waiting collection and its statfs worker.
private final class PendingCall: Sendable {
  enum State: Sendable {
    case running
    case finished(FilesystemUsage?)
    case abandoned
  }

  let state = Mutex<State>(.running)

  var result: FilesystemUsage? {
    state.withLock { state in
      if case .finished(let usage) = state { return usage }
      return nil
    }
  }
}
