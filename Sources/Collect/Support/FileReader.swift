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
/// subsystems. It starts on caller-provided scratch memory and allocates a bigger buffer only
/// when a file does not fit.
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
    // withCString, not the implicit String-to-pointer conversion: that one copies short (inline)
    // strings such as "/proc/stat" into a heap array on every call.
    path.withCString { read(cPath: $0, body) }
  }

  /// Reads the file whose path is `first` + `second` + `third`, assembled on the stack (per-device
  /// paths such as `/sys/class/net/eth0/statistics/rx_nohandler`), like `read(_:_:)`.
  mutating func read<Result>(
    _ first: String, _ second: String, _ third: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result? {
    read(first, second, third, "", body)
  }

  /// Reads the file whose path is `first` + `second` + `third` + `fourth`, like `read(_:_:_:_:)`.
  mutating func read<Result>(
    _ first: String, _ second: String, _ third: String, _ fourth: String,
    _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result? {
    let length = first.utf8.count + second.utf8.count + third.utf8.count + fourth.utf8.count
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { path in
      var index = 0
      func append(_ part: String) {
        for byte in part.utf8 {
          path[index] = CChar(bitPattern: byte)
          index += 1
        }
      }
      append(first)
      append(second)
      append(third)
      append(fourth)
      path[index] = 0
      return read(cPath: path.baseAddress!, body)
    }
  }

  private mutating func read<Result>(
    cPath: UnsafePointer<CChar>, _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result? {
    let descriptor = open(cPath, O_RDONLY | O_CLOEXEC)
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

/// Runs `body` with a reader whose first buffer is `capacity` bytes of temporary memory.
///
/// The Linux standard library serves temporary allocations over 1 KiB from the heap, so this is
/// one allocation per collection (about 1 in 80 of a collection's allocations, most of which are
/// the encoder's); a buffer shared between collections would need a lock that serialises them.
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
