// Decoding the escapes of a JSON string's raw contents (`\n`, `\"`, `\u00e9`, surrogate pairs) into
// UTF-8 bytes, shared by the log decoders' JSON reader and LogQL's `json` stage. Lenient: a lone
// surrogate or a short `\u` escape becomes U+FFFD and an unknown escape is taken literally, so
// callers that validated the string first and callers that did not get the same bytes.

package enum JSONUnescape {
  /// Appends the decoded bytes of `raw[range]` (a string's contents between its quotes) to `out`.
  package static func append(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>, to out: inout [UInt8]) {
    var index = range.lowerBound
    let end = range.upperBound
    while index < end {
      let byte = raw[index]
      guard byte == UInt8(ascii: "\\"), index + 1 < end else {
        out.append(byte)
        index += 1
        continue
      }
      let escaped = raw[index + 1]
      index += 2
      switch escaped {
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "u"):
        var scalar = hex4(raw, at: index, end: end)
        if scalar != nil { index += 4 }
        // A high surrogate followed by an escaped low one spells a scalar beyond the BMP.
        if let high = scalar, (0xD800...0xDBFF).contains(high), index + 1 < end, raw[index] == UInt8(ascii: "\\"),
          raw[index + 1] == UInt8(ascii: "u"), let low = hex4(raw, at: index + 2, end: end), (0xDC00...0xDFFF).contains(low)
        {
          scalar = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
          index += 6
        }
        let decoded = scalar.flatMap(Unicode.Scalar.init) ?? "\u{FFFD}"
        out.append(contentsOf: UTF8.encode(decoded)!)
      default: out.append(escaped)  // \" \\ \/, and anything else taken literally
      }
    }
  }

  /// The value of 4 hex digits at `index`, or nil when fewer than 4 are there.
  private static func hex4(_ raw: UnsafeRawBufferPointer, at index: Int, end: Int) -> UInt32? {
    guard end - index >= 4 else { return nil }
    var value: UInt32 = 0
    for offset in 0..<4 {
      let byte = raw[index + offset]
      let digit: UInt32
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a")) + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A")) + 10
      default: return nil
      }
      value = value << 4 | digit
    }
    return value
  }
}
