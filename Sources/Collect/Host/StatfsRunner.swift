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

/// Runs statfs, directly for local filesystems and on a thread of its own, with a timeout, for the
/// ones that may block.
///
/// Not on a Dispatch queue: on Linux the global queues have about one thread per CPU and do not
/// grow when one blocks, so two dead NFS servers would starve every other user of the queue.
/// A call that times out keeps its mount point in `stuck` until it finally returns; meanwhile
/// later collections report that mount as failed at once instead of starting another blocked
/// call (so at most one thread is ever blocked per mount point).
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
    guard let pending = start(path) else { return nil }
    return finish(pending, deadline: deadline())
  }

  /// The deadline for calls started now.
  func deadline() -> DispatchTime {
    .now() + timeout
  }

  /// Starts statfs for `path` on its own thread; nil if the mount is stuck from an earlier call
  /// or no thread could be started. Start all calls before finishing any, so that they wait out
  /// one deadline together.
  func start(_ path: String) -> PendingCall? {
    if stuck.withLock({ $0.contains(path) }) { return nil }
    let pending = PendingCall(path: path)
    let started = DetachedThread.start { [self] in
      let result = call(path)
      let wasAbandoned = pending.state.withLock { state in
        if case .abandoned = state { return true }
        state = .finished(result)
        return false
      }
      if wasAbandoned { _ = stuck.withLock { $0.remove(path) } }
      pending.done.signal()
    }
    return started ? pending : nil
  }

  /// Waits for a started call until `deadline`; nil if statfs failed or did not return in time
  /// (then the mount stays stuck until it does).
  func finish(_ pending: PendingCall, deadline: DispatchTime) -> FilesystemUsage? {
    if pending.done.wait(timeout: deadline) == .success {
      return pending.result
    }
    // Mark the mount stuck before marking the call abandoned: the worker clears the mark only
    // after it sees `abandoned`, so the mark can never outlive the call.
    _ = stuck.withLock { $0.insert(pending.path) }
    let finishedMeanwhile = pending.state.withLock { state in
      if case .finished = state { return true }
      state = .abandoned
      return false
    }
    if finishedMeanwhile {
      _ = stuck.withLock { $0.remove(pending.path) }
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
    guard path.withCString({ statvfs($0, &result) }) == 0 else { return nil }
    let blockSize = Double(result.f_frsize)
    return FilesystemUsage(
      sizeBytes: Double(result.f_blocks) * blockSize,
      freeBytes: Double(result.f_bfree) * blockSize,
      availableBytes: Double(result.f_bavail) * blockSize,
      files: Double(result.f_files),
      filesFree: Double(result.f_ffree))
  }
}

/// The hand-over between a waiting collection and its statfs thread.
final class PendingCall: Sendable {
  enum State: Sendable {
    case running
    case finished(FilesystemUsage?)
    case abandoned
  }

  let path: String
  let state = Mutex<State>(.running)
  /// Signalled by the thread when the call returns.
  let done = DispatchSemaphore(value: 0)

  init(path: String) {
    self.path = path
  }

  var result: FilesystemUsage? {
    state.withLock { state in
      if case .finished(let usage) = state { return usage }
      return nil
    }
  }
}

/// Starts detached POSIX threads with a small stack, for blocking calls that must not tie up a
/// shared pool.
enum DetachedThread {
  private final class Work: Sendable {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
  }

  /// Runs `body` on a new detached thread; false if the thread could not be created.
  static func start(_ body: @escaping @Sendable () -> Void) -> Bool {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    // statfs needs little stack; 256 KiB instead of the default 8 MiB of address space.
    pthread_attr_setstacksize(&attributes, 256 * 1024)
    let context = Unmanaged.passRetained(Work(body)).toOpaque()
    var thread = pthread_t()
    let status = pthread_create(
      &thread, &attributes,
      { raw in
        guard let raw else { return nil }
        Unmanaged<Work>.fromOpaque(raw).takeRetainedValue().body()
        return nil
      }, context)
    if status != 0 {
      Unmanaged<Work>.fromOpaque(context).release()
      return false
    }
    return true
  }
}
