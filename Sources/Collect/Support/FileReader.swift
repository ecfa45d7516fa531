// Reads whole /proc and /sys files with POSIX open/read into one scratch buffer that a collection
// reuses for every file, so reading allocates nothing once the buffer is big enough.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A reusable byte buffer plus the loop that fills it from a file.
///
/// Not thread-safe and not copyable: each collection owns one and passes it `inout` to the
/// subsystems. It starts on caller-provided memory (usually a stack allocation) and moves to the
/// heap only when a file does not fit.
struct FileReader: ~Copyable {
  private var buffer: UnsafeMutableBufferPointer<UInt8>
  private var ownsBuffer: Bool

  /// Files larger than this are treated as unreadable rather than read without bound.
  static let maximumSize = 64 << 20

  /// Uses `scratch` (owned by the caller, and outliving this reader) as the first buffer.
  init(scratch: UnsafeMutableBufferPointer<UInt8>) {
    buffer = scratch
    ownsBuffer = false
  }

  /// Allocates a buffer of `capacity` bytes.
  init(capacity: Int) {
    buffer = .allocate(capacity: max(capacity, 64))
    ownsBuffer = true
  }

  deinit {
    if ownsBuffer { buffer.deallocate() }
  }

  /// Reads the whole file at `path` and passes its bytes to `body`.
  ///
  /// - Returns: what `body` returned, or nil if the file could not be opened or read (then `body`
  ///   is not called). The bytes are only valid inside `body`.
  mutating func read<Result>(_ path: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var used = 0
    // /proc files are produced a page at a time, so a short read is not the end: only 0 is.
    while true {
      if used == buffer.count {
        guard grow(keeping: used) else { return nil }
      }
      guard let base = buffer.baseAddress else { return nil }
      let count = systemRead(descriptor, base + used, buffer.count - used)
      if count > 0 {
        used += count
      } else if count == 0 {
        break
      } else if errno != EINTR {
        return nil
      }
    }
    return body(UnsafeBufferPointer(start: buffer.baseAddress, count: used))
  }

  /// Doubles the buffer, keeping the first `used` bytes; false if that would pass `maximumSize`.
  private mutating func grow(keeping used: Int) -> Bool {
    let newCount = max(buffer.count * 2, 4096)
    guard newCount <= Self.maximumSize else { return false }
    let newBuffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: newCount)
    if used > 0, let source = buffer.baseAddress, let target = newBuffer.baseAddress {
      target.update(from: source, count: used)
    }
    if ownsBuffer { buffer.deallocate() }
    buffer = newBuffer
    ownsBuffer = true
    return true
  }
}

/// Runs `body` with a reader whose first buffer is `capacity` bytes of stack memory.
func withFileReader<Result>(capacity: Int = 16 * 1024, _ body: (inout FileReader) -> Result) -> Result {
  withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { scratch in
    var reader = FileReader(scratch: scratch)
    return body(&reader)
  }
}

/// `read(2)`, named apart so that `FileReader.read` does not shadow it.
private func systemRead(_ descriptor: Int32, _ target: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
  read(descriptor, target, count)
}
