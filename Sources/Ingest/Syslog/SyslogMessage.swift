// What the RFC 5424 and RFC 3164 readers find in a frame, as byte ranges of the frame (nothing is
// copied until the record is built), plus the cursor both readers walk the frame with.
import WardenCore

/// One parsed syslog message. Ranges index the frame it came from.
struct SyslogMessage {
  var facility = 1
  var severity = 5
  var timestampNs: Int64
  var hostname: Range<Int>?
  var appName: Range<Int>?
  var procID: Range<Int>?
  var msgID: Range<Int>?
  /// RFC 5424 structured data, already as `sd_<id>_<param>` fields.
  var structuredData: [LogField] = []
  var message: Range<Int>

  init(timestampNs: Int64, message: Range<Int>) {
    self.timestampNs = timestampNs
    self.message = message
  }
}

/// Why a frame fits neither RFC (stored as the record's `parse_error`).
struct SyslogParseFailure: Error {
  var reason: String
}

/// A position in a frame.
struct SyslogCursor {
  let bytes: UnsafeRawBufferPointer
  var index: Int

  init(_ bytes: UnsafeRawBufferPointer, at index: Int = 0) {
    self.bytes = bytes
    self.index = index
  }

  var isAtEnd: Bool { index >= bytes.count }
  func peek(_ offset: Int = 0) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }

  mutating func take(_ byte: UInt8) -> Bool {
    guard peek() == byte else { return false }
    index += 1
    return true
  }

  /// The bytes up to the next space (or the end), consumed; the space is not.
  mutating func token() -> Range<Int> {
    let start = index
    while index < bytes.count, bytes[index] != UInt8(ascii: " ") { index += 1 }
    return start..<index
  }

  /// `<PRI>`: 1 to 3 digits, at most 191.
  mutating func priority() -> Int? {
    guard take(UInt8(ascii: "<")) else { return nil }
    var value = 0
    var digits = 0
    while let byte = peek(), byte &- UInt8(ascii: "0") < 10, digits < 3 {
      value = value * 10 + Int(byte - UInt8(ascii: "0"))
      digits += 1
      index += 1
    }
    guard digits > 0, value <= 191, take(UInt8(ascii: ">")) else { return nil }
    return value
  }

  func text(_ range: Range<Int>) -> String {
    String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
  }

  func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(rebasing: bytes[range])
  }
}
