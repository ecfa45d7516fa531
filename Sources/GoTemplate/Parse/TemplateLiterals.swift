// Go's constant syntax inside actions: interpreted strings with escapes, raw strings, character
// constants, and numbers (decimal, 0x, 0o, 0b, legacy leading-0 octal, `_` separators, floats and
// hex floats). Numbers become ints unless their text says float (`.`, `e`, `p`), as Go's
// template engine decides.

enum TemplateLiterals {
  /// The value of a `"..."` or `` `...` `` token; nil when an escape is invalid.
  static func unquoteString(_ token: ArraySlice<UInt8>) -> String? {
    guard token.count >= 2, let quote = token.first, token.last == quote else { return nil }
    let body = token.dropFirst().dropLast()
    if quote == UInt8(ascii: "`") {
      return String(decoding: body.filter { $0 != UInt8(ascii: "\r") }, as: UTF8.self)
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(body.count)
    var index = body.startIndex
    while index < body.endIndex {
      let byte = body[index]
      if byte == quote || byte == UInt8(ascii: "\n") { return nil }
      if byte != UInt8(ascii: "\\") {
        bytes.append(byte)
        index += 1
        continue
      }
      guard unescape(body, &index, quote: quote, into: &bytes) else { return nil }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The code point of a `'x'` token; nil when malformed.
  static func unquoteChar(_ token: ArraySlice<UInt8>) -> Int64? {
    guard token.count >= 3, token.first == UInt8(ascii: "'"), token.last == UInt8(ascii: "'") else { return nil }
    let body = token.dropFirst().dropLast()
    var bytes: [UInt8] = []
    var index = body.startIndex
    if body[index] == UInt8(ascii: "\\") {
      guard index + 1 < body.endIndex else { return nil }
      // A \x or octal escape is a byte value, not UTF-8.
      let escape = body[index + 1]
      guard unescape(body, &index, quote: UInt8(ascii: "'"), into: &bytes), index == body.endIndex else { return nil }
      if escape == UInt8(ascii: "x") || (escape >= UInt8(ascii: "0") && escape <= UInt8(ascii: "7")) {
        return bytes.count == 1 ? Int64(bytes[0]) : nil
      }
    } else {
      bytes = Array(body)
    }
    let scalars = String(decoding: bytes, as: UTF8.self).unicodeScalars
    guard scalars.count == 1, let scalar = scalars.first, bytes.count == String(scalar).utf8.count else { return nil }
    return Int64(scalar.value)
  }

  /// Reads one escape at `index` (pointing at the backslash) and appends its UTF-8 bytes.
  private static func unescape(_ body: ArraySlice<UInt8>, _ index: inout Int, quote: UInt8, into bytes: inout [UInt8]) -> Bool {
    guard index + 1 < body.endIndex else { return false }
    let escape = body[index + 1]
    index += 2
    switch escape {
    case UInt8(ascii: "a"): bytes.append(0x07)
    case UInt8(ascii: "b"): bytes.append(0x08)
    case UInt8(ascii: "f"): bytes.append(0x0C)
    case UInt8(ascii: "n"): bytes.append(0x0A)
    case UInt8(ascii: "r"): bytes.append(0x0D)
    case UInt8(ascii: "t"): bytes.append(0x09)
    case UInt8(ascii: "v"): bytes.append(0x0B)
    case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
    case UInt8(ascii: "'"), UInt8(ascii: "\""):
      guard escape == quote else { return false }
      bytes.append(escape)
    case UInt8(ascii: "x"):
      guard let value = hexValue(body, &index, digits: 2) else { return false }
      bytes.append(UInt8(value))
    case UInt8(ascii: "u"), UInt8(ascii: "U"):
      guard let value = hexValue(body, &index, digits: escape == UInt8(ascii: "u") ? 4 : 8),
        let scalar = Unicode.Scalar(value)
      else { return false }
      bytes.append(contentsOf: String(scalar).utf8)
    case UInt8(ascii: "0")...UInt8(ascii: "7"):
      var value = UInt32(escape - UInt8(ascii: "0"))
      for _ in 0..<2 {
        guard index < body.endIndex, body[index] >= UInt8(ascii: "0"), body[index] <= UInt8(ascii: "7") else { return false }
        value = value * 8 + UInt32(body[index] - UInt8(ascii: "0"))
        index += 1
      }
      guard value <= 255 else { return false }
      bytes.append(UInt8(value))
    default:
      return false
    }
    return true
  }

  private static func hexValue(_ body: ArraySlice<UInt8>, _ index: inout Int, digits: Int) -> UInt32? {
    guard index + digits <= body.endIndex else { return nil }
    var value: UInt32 = 0
    for _ in 0..<digits {
      guard let digit = hexDigit(body[index]) else { return nil }
      value = value &* 16 &+ UInt32(digit)
      index += 1
    }
    return value
  }

  private static func hexDigit(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }

  enum NumberResult {
    case value(TemplateData)
    case failure(String)
  }

  /// A number token's value: an int, or a float when the text has `.`, an exponent or `p` (and is
  /// not a hex integer).
  static func number(_ text: String) -> NumberResult {
    switch integer(text) {
    case .some(.some(let value)):
      let bytes = Array(text.utf8)
      let isHex = bytes.count > 2 && bytes[0] == UInt8(ascii: "0") && (bytes[1] | 0x20) == UInt8(ascii: "x")
      if !isHex, text.contains(where: { ".eEpP".contains($0) }) { return .value(.float(Double(value))) }
      return .value(.int(value))
    case .some(.none):
      return .failure("integer overflow: \(GoQuote.string(text))")
    case .none:
      break
    }
    // Like Go: text that reads as a float but has no float syntax is an integer too large.
    guard underscoresSeparateDigits(text), let value = Double(text.filter { $0 != "_" }), value.isFinite else {
      return .failure("illegal number syntax: \(GoQuote.string(text))")
    }
    guard text.contains(where: { ".eEpP".contains($0) }) else { return .failure("integer overflow: \(GoQuote.string(text))") }
    return .value(.float(value))
  }

  /// Go's `strconv.ParseInt(text, 0, 64)`: nil when the text is not an integer, `.some(nil)` when
  /// it is one that does not fit.
  private static func integer(_ text: String) -> Int64?? {
    var digits = Substring(text)
    var negative = false
    if let first = digits.first, first == "+" || first == "-" {
      negative = first == "-"
      digits = digits.dropFirst()
    }
    var radix = 10
    let lower = digits.lowercased()
    if lower.hasPrefix("0x") {
      radix = 16
      digits = digits.dropFirst(2)
    } else if lower.hasPrefix("0o") {
      radix = 8
      digits = digits.dropFirst(2)
    } else if lower.hasPrefix("0b") {
      radix = 2
      digits = digits.dropFirst(2)
    } else if digits.count > 1, digits.first == "0" {
      radix = 8
    }
    guard underscoresSeparateDigits(text) else { return nil }
    let clean = digits.filter { $0 != "_" }
    guard !clean.isEmpty, clean.allSatisfy({ $0.isHexDigit && Int(String($0), radix: radix) != nil }) else { return nil }
    guard let magnitude = UInt64(clean, radix: radix) else { return .some(nil) }
    if negative {
      guard magnitude <= UInt64(Int64.max) + 1 else { return .some(nil) }
      return .some(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
    }
    guard magnitude <= UInt64(Int64.max) else { return .some(nil) }
    return .some(Int64(magnitude))
  }

  /// Go's rule for `_` in number literals: only between digits (a base prefix counts as a digit).
  private static func underscoresSeparateDigits(_ text: String) -> Bool {
    guard text.contains("_") else { return true }
    var bytes = Array(text.utf8)
    if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes.removeFirst() }
    var index = 0
    var previous: UInt8 = UInt8(ascii: "!")  // not a digit, not an underscore
    let hex = bytes.count >= 2 && bytes[0] == UInt8(ascii: "0") && (bytes[1] | 0x20) == UInt8(ascii: "x")
    if bytes.count >= 2, bytes[0] == UInt8(ascii: "0"), "xXoObB".utf8.contains(bytes[1]) {
      index = 2
      previous = UInt8(ascii: "0")
    }
    while index < bytes.count {
      let byte = bytes[index]
      let isDigit = (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (hex && hexDigit(byte) != nil)
      if byte == UInt8(ascii: "_") {
        guard previous != UInt8(ascii: "_"), previous == UInt8(ascii: "0") || isDigitByte(previous, hex: hex) else { return false }
      } else if !isDigit, previous == UInt8(ascii: "_") {
        return false
      }
      previous = isDigit && byte != UInt8(ascii: "_") ? UInt8(ascii: "0") : byte
      index += 1
    }
    return previous != UInt8(ascii: "_")
  }

  private static func isDigitByte(_ byte: UInt8, hex: Bool) -> Bool {
    (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (hex && hexDigit(byte) != nil)
  }
}
