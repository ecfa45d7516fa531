// Go string literals as test scripts write them (label values, `expect string`): double or single
// quotes with Go's escapes, or backticks for raw text.

enum GoString {
  /// The value of `literal` (quotes included), or nil when it is not a valid literal.
  static func unquote(_ literal: String) -> String? {
    let bytes = Array(literal.utf8)
    guard bytes.count >= 2, let quote = bytes.first, bytes.last == quote else { return nil }
    let body = bytes[1..<(bytes.count - 1)]
    if quote == UInt8(ascii: "`") {
      return body.contains(UInt8(ascii: "`")) ? nil : String(decoding: body, as: UTF8.self)
    }
    guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
    var out: [UInt8] = []
    var index = body.startIndex
    while index < body.endIndex {
      let byte = body[index]
      index += 1
      if byte == quote || byte == UInt8(ascii: "\n") { return nil }
      guard byte == UInt8(ascii: "\\") else {
        out.append(byte)
        continue
      }
      guard index < body.endIndex else { return nil }
      let escape = body[index]
      index += 1
      switch escape {
      case UInt8(ascii: "a"): out.append(0x07)
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "v"): out.append(0x0B)
      case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): out.append(escape)
      case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
        let width = escape == UInt8(ascii: "x") ? 2 : (escape == UInt8(ascii: "u") ? 4 : 8)
        guard body.endIndex - index >= width,
          let code = UInt32(String(decoding: body[index..<(index + width)], as: UTF8.self), radix: 16)
        else { return nil }
        index += width
        if escape == UInt8(ascii: "x") {
          // \xNN is one raw byte, which may leave the string invalid UTF-8 (Go allows that).
          out.append(UInt8(code))
        } else {
          guard let scalar = Unicode.Scalar(code) else { return nil }
          out += Array(String(Character(scalar)).utf8)
        }
      case UInt8(ascii: "0")...UInt8(ascii: "7"):
        guard body.endIndex - index >= 2,
          let code = UInt32(String(decoding: body[(index - 1)..<(index + 2)], as: UTF8.self), radix: 8), code <= 255
        else { return nil }
        index += 2
        out.append(UInt8(code))
      default:
        return nil
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
