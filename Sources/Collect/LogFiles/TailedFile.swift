// One open log file of the tailer: its descriptor (kept open across a rename, so a rotated file is
// read to its end), how far it has been read and how far the sink has acknowledged, and the
// assembler holding its unfinished line or record.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WardenCore

/// Owned by one tailer and used only from its isolation; not Sendable.
final class TailedFile {
  enum State: Equatable {
    /// At a path the globs match.
    case active
    /// Renamed away from every matching path: read until it stops growing for a while.
    case rotated
    /// Unlinked: read to its end, then closed.
    case deleted
    /// Its last records are in a batch; closed once the sink acknowledges it.
    case closing
  }

  let descriptor: Int32
  let identity: LogFileIdentity
  /// The path it was found at; its stream labels name it even after a rename.
  let path: String
  let labels: Labels
  /// A last line or record with nothing new in the file for this long is emitted.
  let flushTimeout: Duration
  var state = State.active
  var assembler: LineAssembler
  /// The next byte to read.
  var readOffset: Int64
  /// Every record before this offset has been acknowledged by the sink (what positions save).
  var acknowledgedOffset: Int64
  var fingerprint: LogFileFingerprint
  /// When the file last grew (or changed state), for the flush timeout and the rotation wait.
  var lastChange: ContinuousClock.Instant

  init(
    descriptor: Int32, identity: LogFileIdentity, path: String, labels: Labels, assembler: LineAssembler,
    flushTimeout: Duration, offset: Int64, fingerprint: LogFileFingerprint, now: ContinuousClock.Instant
  ) {
    self.descriptor = descriptor
    self.identity = identity
    self.path = path
    self.labels = labels
    self.assembler = assembler
    self.flushTimeout = flushTimeout
    self.readOffset = offset
    self.acknowledgedOffset = offset
    self.fingerprint = fingerprint
    self.lastChange = now
  }

  deinit {
    close(descriptor)
  }

  /// What happened to the file since the last look, judged through its descriptor.
  enum Change {
    case unchanged
    /// Shorter than what was read, or its first bytes differ: copytruncate (or a rewrite).
    case truncated
    case unreadable
  }

  /// Checks for truncation before reading, and lengthens the fingerprint as the file grows.
  func checkForTruncation() -> Change {
    guard let status = LogFileStatus(descriptor: descriptor) else { return .unreadable }
    if status.size < readOffset { return .truncated }
    if fingerprint.length > 0 && !fingerprint.matches(descriptor: descriptor) { return .truncated }
    if fingerprint.length < LogFileFingerprint.maximumLength && status.size > Int64(fingerprint.length) {
      fingerprint = LogFileFingerprint.read(descriptor: descriptor) ?? fingerprint
    }
    return .unchanged
  }

  /// Reads up to `buffer.count` bytes at the read offset: the count, 0 at the end, -1 on error.
  func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
    while true {
      let count = pread(descriptor, buffer.baseAddress, buffer.count, off_t(readOffset))
      if count >= 0 || errno != EINTR { return count }
    }
  }
}
