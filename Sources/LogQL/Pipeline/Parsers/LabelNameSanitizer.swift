// Extracted keys become label names the way Loki makes them: surrounding spaces trimmed, every
// character that is not an ASCII letter, digit or `_` replaced by `_` (one per character, even
// multi-byte ones), and `_` put in front of a name that would start with a digit.

enum LabelNameSanitizer {
  /// Appends the sanitized form of `key` to `out`; `atStart` says whether it begins the name
  /// (so a leading digit needs the `_`).
  static func append(_ key: UnsafeRawBufferPointer, atStart: Bool, to out: inout [UInt8]) {
    var start = 0
    var end = key.count
    while start < end, isSpace(key[start]) { start += 1 }
    while end > start, isSpace(key[end - 1]) { end -= 1 }
    guard start < end else { return }
    if atStart, isDigit(key[start]) { out.append(UInt8(ascii: "_")) }
    var index = start
    while index < end {
      let byte = key[index]
      if isDigit(byte) || byte == UInt8(ascii: "_") || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) {
        out.append(byte)
        index += 1
      } else {
        out.append(UInt8(ascii: "_"))
        index += byte < 0x80 ? 1 : scalarLength(byte)
      }
    }
  }

  static func sanitize(_ key: String) -> String {
    var out: [UInt8] = []
    var copy = key
    copy.withUTF8 { append(UnsafeRawBufferPointer($0), atStart: true, to: &out) }
    return String(decoding: out, as: UTF8.self)
  }

  /// Bytes in the UTF-8 sequence a lead byte starts (1 for stray continuation bytes).
  private static func scalarLength(_ lead: UInt8) -> Int {
    switch lead {
    case 0xC0...0xDF: 2
    case 0xE0...0xEF: 3
    case 0xF0...0xF7: 4
    default: 1
    }
  }

  @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
  @inline(__always) private static func isSpace(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
  }
}
