// Splits a syslog TCP byte stream into messages per RFC 6587, deciding per frame: octet counting
// (`LEN SP MSG`, when the frame starts with a digit and a length follows) or non-transparent
// framing (messages ended by LF, or NUL; a CR before the LF is dropped). Bytes arrive in whatever
// pieces TCP delivers; a frame is handed out once complete. UDP needs no framer: one datagram is
// one message (SyslogParser trims its trailing newline).

/// A frame over the size limit. The framer has already arranged to skip that frame, so the
/// listener may go on reading (resync) or close the connection.
package struct SyslogFramingError: Error, Sendable, Equatable, CustomStringConvertible {
  package var message: String
  package var description: String { message }
}

/// Incremental RFC 6587 framing of one TCP connection. Not thread-safe: one per connection.
package struct SyslogFramer: Sendable {
  package let maxFrameBytes: Int
  private var buffer: [UInt8] = []
  /// Where unread bytes start in `buffer`.
  private var start = 0
  /// Bytes of an oversized octet-counted frame still to discard.
  private var discardCount = 0
  /// Discarding the rest of an oversized newline-framed message, up to its newline.
  private var discardingLine = false

  package init(maxFrameBytes: Int = 64 * 1024) {
    self.maxFrameBytes = maxFrameBytes
  }

  /// Bytes received and not yet handed out.
  package var bufferedByteCount: Int { buffer.count - start }

  /// Adds bytes read from the connection.
  package mutating func append(_ bytes: some Collection<UInt8>) {
    if start > 0 && start >= buffer.count / 2 {
      buffer.removeSubrange(0..<start)
      start = 0
    }
    buffer.append(contentsOf: bytes)
  }

  /// The next complete frame (without its length prefix or newline), or nil until more bytes come.
  /// The slice stays valid until the next `append`.
  /// - Throws: `SyslogFramingError` for a frame longer than `maxFrameBytes`.
  package mutating func nextFrame() throws(SyslogFramingError) -> ArraySlice<UInt8>? {
    guard discard() else { return nil }
    // Separators between frames (an LF after an octet-counted frame, blank lines) are not frames.
    while start < buffer.count, buffer[start] == 0x0A || buffer[start] == 0x0D || buffer[start] == 0x00 { start += 1 }
    guard start < buffer.count else { return nil }
    if buffer[start] >= UInt8(ascii: "1") && buffer[start] <= UInt8(ascii: "9") {
      switch octetCount() {
      case .needMore: return nil
      case .notCounted: break
      case .length(let length, let headerBytes):
        guard length <= maxFrameBytes else {
          start += headerBytes
          discardCount = length
          _ = discard()
          throw SyslogFramingError(message: "octet-counted frame of \(length) bytes is over the limit of \(maxFrameBytes) bytes")
        }
        guard buffer.count - start - headerBytes >= length else { return nil }
        let frameStart = start + headerBytes
        start = frameStart + length
        return buffer[frameStart..<start]
      }
    }
    return try newlineFrame()
  }

  /// What is left when the connection ends: an unterminated last message (or an incomplete
  /// octet-counted one, as it is), or nil when nothing is buffered.
  package mutating func finish() -> ArraySlice<UInt8>? {
    defer {
      buffer.removeAll()
      start = 0
    }
    guard !discardingLine, discardCount == 0 else { return nil }
    while start < buffer.count, buffer[start] == 0x0A || buffer[start] == 0x0D || buffer[start] == 0x00 { start += 1 }
    guard start < buffer.count else { return nil }
    return buffer[start...]
  }

  private enum Count {
    case needMore
    case notCounted
    case length(Int, headerBytes: Int)
  }

  /// Reads `LEN SP` at `start`: at most 10 digits then a space.
  private func octetCount() -> Count {
    var index = start
    var length = 0
    while index < buffer.count, index - start < 10 {
      let byte = buffer[index]
      if byte == UInt8(ascii: " ") {
        return .length(length, headerBytes: index - start + 1)
      }
      guard byte &- UInt8(ascii: "0") < 10 else { return .notCounted }
      length = length * 10 + Int(byte - UInt8(ascii: "0"))
      index += 1
    }
    return index - start < 10 ? .needMore : .notCounted
  }

  private mutating func newlineFrame() throws(SyslogFramingError) -> ArraySlice<UInt8>? {
    let searchEnd = min(buffer.count, start + maxFrameBytes + 2)
    var index = start
    while index < searchEnd, buffer[index] != 0x0A, buffer[index] != 0x00 { index += 1 }
    guard index < searchEnd else {
      guard buffer.count - start > maxFrameBytes + 1 else { return nil }
      start = searchEnd
      discardingLine = true
      _ = discard()
      throw SyslogFramingError(message: "a message of more than \(maxFrameBytes) bytes has no newline")
    }
    let frameStart = start
    start = index + 1
    var end = index
    if end > frameStart, buffer[end - 1] == 0x0D { end -= 1 }
    guard end - frameStart <= maxFrameBytes else {
      throw SyslogFramingError(message: "a message of \(end - frameStart) bytes is over the limit of \(maxFrameBytes) bytes")
    }
    return buffer[frameStart..<end]
  }

  /// Drops bytes of a skipped frame; false while more of it is still to come.
  private mutating func discard() -> Bool {
    if discardCount > 0 {
      let dropped = min(discardCount, buffer.count - start)
      start += dropped
      discardCount -= dropped
      if discardCount > 0 { return false }
    }
    if discardingLine {
      guard let newline = buffer[start...].firstIndex(where: { $0 == 0x0A || $0 == 0x00 }) else {
        start = buffer.count
        return false
      }
      start = newline + 1
      discardingLine = false
    }
    return true
  }
}
