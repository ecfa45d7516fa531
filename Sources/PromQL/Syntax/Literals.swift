// The values of literal tokens, read with the rules Prometheus inherits from Go: numbers as
// `strconv.ParseInt(s, 0, 64)` then `strconv.ParseFloat` (so `0x1F`, `0755` octal, `1_000`, `Inf`,
// `NaN`), durations as Prometheus's `1h30m` syntax, strings with Go escapes. The lexer has already
// checked the shape; these only compute values and report the few errors left.

enum Literals {
  /// The value of a number token, or Prometheus's error message.
  static func number(_ text: String) -> Result<Double, ParseFailure> {
    let lower = text.lowercased()
    if lower == "inf" || lower == "+inf" || lower == "infinity" { return .success(.infinity) }
    if lower == "nan" { return .success(.nan) }
    if let integer = goInteger(text) { return .success(Double(integer)) }
    if !lower.hasPrefix("0x"), underscoresAreValid(Array(text.utf8)) {
      let plain = text.replacing("_", with: "")
      if let value = Double(plain) {
        if value.isFinite { return .success(value) }
        return .failure(ParseFailure("error parsing number: strconv.ParseFloat: parsing \(goQuote(text)): value out of range"))
      }
    }
    return .failure(ParseFailure("error parsing number: strconv.ParseFloat: parsing \(goQuote(text)): invalid syntax"))
  }

  /// Go's `ParseInt(s, 0, 64)`: base prefixes `0x`, `0o`, `0b`, a leading `0` for octal, and
  /// underscores between digits. Nil when the text is not such an integer or does not fit.
  private static func goInteger(_ text: String) -> Int64? {
    let bytes = Array(text.utf8)
    guard !bytes.isEmpty, underscoresAreValid(bytes) else { return nil }
    var digits = bytes.filter { $0 != UInt8(ascii: "_") }
    var radix = 10
    if digits.count > 1, digits[0] == UInt8(ascii: "0") {
      switch digits[1] | 0x20 {
      case UInt8(ascii: "x"): radix = 16; digits.removeFirst(2)
      case UInt8(ascii: "o"): radix = 8; digits.removeFirst(2)
      case UInt8(ascii: "b"): radix = 2; digits.removeFirst(2)
      default: radix = 8; digits.removeFirst(1)
      }
    }
    guard !digits.isEmpty else { return bytes == [UInt8(ascii: "0")] ? 0 : nil }
    return Int64(String(decoding: digits, as: UTF8.self), radix: radix)
  }

  /// Underscores may only sit between digits, or between a base prefix and a digit.
  private static func underscoresAreValid(_ bytes: [UInt8]) -> Bool {
    guard bytes.contains(UInt8(ascii: "_")) else { return true }
    var previous: UInt8 = UInt8(ascii: "^")
    var index = 0
    if bytes.count >= 2, bytes[0] == UInt8(ascii: "0"), [UInt8(ascii: "x"), UInt8(ascii: "o"), UInt8(ascii: "b")].contains(bytes[1] | 0x20) {
      index = 2
      previous = UInt8(ascii: "0")
    }
    while index < bytes.count {
      let byte = bytes[index]
      let isDigit = (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "f"))
      if byte == UInt8(ascii: "_") {
        if previous != UInt8(ascii: "0") { return false }
        previous = UInt8(ascii: "_")
      } else {
        if previous == UInt8(ascii: "_") && !isDigit { return false }
        previous = isDigit ? UInt8(ascii: "0") : UInt8(ascii: "!")
      }
      index += 1
    }
    return previous != UInt8(ascii: "_")
  }

  private static let durationUnits: [(String, Int64)] = [
    ("y", 365 * 86_400_000), ("w", 7 * 86_400_000), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1),
  ]

  /// Milliseconds of a duration token such as `1h30m`, with Prometheus's messages for unknown units
  /// and units out of order.
  static func duration(_ text: String) -> Result<Int64, ParseFailure> {
    let bytes = Array(text.utf8)
    var index = 0
    var total: Int64 = 0
    var nextUnit = 0
    while index < bytes.count {
      var number: Int64 = 0
      var overflow = false
      while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
        let (times10, o1) = number.multipliedReportingOverflow(by: 10)
        let (sum, o2) = times10.addingReportingOverflow(Int64(bytes[index] - UInt8(ascii: "0")))
        overflow = overflow || o1 || o2
        number = sum
        index += 1
      }
      let unitStart = index
      while index < bytes.count, !(bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")) { index += 1 }
      let unit = String(decoding: bytes[unitStart..<index], as: UTF8.self)
      guard let unitIndex = durationUnits.firstIndex(where: { $0.0 == unit }) else {
        return .failure(ParseFailure("unknown unit \(goQuote(unit)) in duration \(goQuote(text))"))
      }
      guard unitIndex >= nextUnit, unitStart > 0 else {
        return .failure(ParseFailure("not a valid duration string: \(goQuote(text))"))
      }
      let (product, o3) = number.multipliedReportingOverflow(by: durationUnits[unitIndex].1)
      let (sum, o4) = total.addingReportingOverflow(product)
      if overflow || o3 || o4 { return .failure(ParseFailure("not a valid duration string: \(goQuote(text))")) }
      total = sum
      nextUnit = unitIndex + 1
    }
    return .success(total)
  }

  /// The value of a string token (quotes included). The lexer has validated every escape.
  static func string(_ token: String) -> String {
    let bytes = Array(token.utf8)
    guard bytes.count >= 2 else { return "" }
    let quote = bytes[0]
    let body = bytes[1..<bytes.count - 1]
    if quote == UInt8(ascii: "`") { return String(decoding: body, as: UTF8.self) }
    var out: [UInt8] = []
    out.reserveCapacity(body.count)
    var index = body.startIndex
    while index < body.endIndex {
      let byte = body[index]
      index += 1
      guard byte == UInt8(ascii: "\\"), index < body.endIndex else {
        out.append(byte)
        continue
      }
      let code = body[index]
      index += 1
      switch code {
      case UInt8(ascii: "a"): out.append(7)
      case UInt8(ascii: "b"): out.append(8)
      case UInt8(ascii: "f"): out.append(12)
      case UInt8(ascii: "n"): out.append(10)
      case UInt8(ascii: "r"): out.append(13)
      case UInt8(ascii: "t"): out.append(9)
      case UInt8(ascii: "v"): out.append(11)
      case UInt8(ascii: "0")...UInt8(ascii: "7"):
        var value = UInt32(code - UInt8(ascii: "0"))
        for _ in 0..<2 where index < body.endIndex {
          value = value * 8 + UInt32(body[index] - UInt8(ascii: "0"))
          index += 1
        }
        out.append(UInt8(truncatingIfNeeded: value))
      case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
        let count = code == UInt8(ascii: "x") ? 2 : code == UInt8(ascii: "u") ? 4 : 8
        var value: UInt32 = 0
        for _ in 0..<count where index < body.endIndex {
          value = value &* 16 &+ (hexValue(body[index]) ?? 0)
          index += 1
        }
        if code == UInt8(ascii: "x") {
          out.append(UInt8(truncatingIfNeeded: value))
        } else if let scalar = Unicode.Scalar(value) {
          out += Array(String(Character(scalar)).utf8)
        }
      default: out.append(code)
      }
    }
    // `\xFF`-style escapes can produce bytes that are not UTF-8; Swift strings replace them.
    return String(decoding: out, as: UTF8.self)
  }

  private static func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
    default: nil
    }
  }
}

/// An error message without a position yet; the parser attaches the token's range.
struct ParseFailure: Error {
  var message: String
  init(_ message: String) { self.message = message }
}
