// Numbers as Go prints them, because Prometheus's API answers are written by Go and clients
// (Grafana, promtool, tests comparing bytes) see its exact text: sample values are
// `strconv.FormatFloat(v, 'f'|'e', -1, 64)` (shortest round-trip digits), scalars always 'f', and
// timestamps are milliseconds written as seconds with up to three decimals.

enum GoFloatText {
  /// Calls `body` with the shortest round-trip decimal digits of a finite, non-zero `value` and
  /// the position of the decimal point: value = 0.d1d2d3... × 10^pointPosition (Go's `decimal`
  /// shape). The digits live on the stack: this runs once per sample written.
  private static func withShortestDigits(_ value: Double, _ body: (UnsafeRawBufferPointer, Int) -> Void) {
    // Swift's description is the shortest round-trip form too (same digits as Go's shortest
    // search); only its layout differs, so take the digits and exponent out of it.
    var storage: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: a double has at most 17 digits
    withUnsafeMutableBytes(of: &storage) { digits in
      var count = 0
      var pointPosition = 0
      var seenPoint = false
      var exponent = 0
      var exponentSign = 1
      var inExponent = false
      for byte in value.magnitude.description.utf8 {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9") where inExponent:
          exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
          if byte == UInt8(ascii: "0") && count == 0 {
            if seenPoint { pointPosition -= 1 }  // leading zeros after the point shift it left
            continue
          }
          guard count < digits.count else { continue }
          digits[count] = byte
          count += 1
          if !seenPoint { pointPosition += 1 }
        case UInt8(ascii: "."): seenPoint = true
        case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
        case UInt8(ascii: "-") where inExponent: exponentSign = -1
        default: break
        }
      }
      while count > 0, digits[count - 1] == UInt8(ascii: "0") { count -= 1 }
      body(UnsafeRawBufferPointer(rebasing: digits[..<count]), pointPosition + exponentSign * exponent)
    }
  }

  /// `strconv.FormatFloat(value, 'f', -1, 64)`: never an exponent ("NaN", "+Inf", "-Inf", "-0").
  static func fixed(_ value: Double, into out: inout [UInt8]) {
    if let special = specialText(value) {
      out.append(contentsOf: special.utf8)
      return
    }
    if value.sign == .minus { out.append(UInt8(ascii: "-")) }
    if value == 0 {
      out.append(UInt8(ascii: "0"))
      return
    }
    // Integers below 2^53 print as themselves: the common case, without the digit search.
    if value.magnitude < 9_007_199_254_740_992, value == value.rounded(.towardZero) {
      appendInteger(UInt64(value.magnitude), into: &out)
      return
    }
    withShortestDigits(value) { digits, point in
      if point <= 0 {
        out.append(contentsOf: "0.".utf8)
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -point))
        out.append(contentsOf: digits)
      } else if point >= digits.count {
        out.append(contentsOf: digits)
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: point - digits.count))
      } else {
        out.append(contentsOf: digits[..<point])
        out.append(UInt8(ascii: "."))
        out.append(contentsOf: digits[point...])
      }
    }
  }

  /// `strconv.FormatFloat(value, 'e', -1, 64)`: `1e+21`, `5e-324`, `1.5e-07` (two exponent digits
  /// at least).
  static func exponential(_ value: Double, into out: inout [UInt8]) {
    if let special = specialText(value) {
      out.append(contentsOf: special.utf8)
      return
    }
    if value.sign == .minus { out.append(UInt8(ascii: "-")) }
    if value == 0 {
      out.append(contentsOf: "0e+00".utf8)
      return
    }
    withShortestDigits(value) { digits, point in
      out.append(digits[0])
      if digits.count > 1 {
        out.append(UInt8(ascii: "."))
        out.append(contentsOf: digits[1...])
      }
      let exponent = point - 1
      out.append(UInt8(ascii: "e"))
      out.append(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
      if exponent.magnitude < 10 { out.append(UInt8(ascii: "0")) }
      appendInteger(UInt64(exponent.magnitude), into: &out)
    }
  }

  /// A sample value as Prometheus's API writes it (jsonutil.MarshalFloat, without the quotes):
  /// 'e' below 1e-6 and from 1e21 in magnitude, 'f' otherwise.
  static func sampleValue(_ value: Double, into out: inout [UInt8]) {
    let magnitude = value.magnitude
    if magnitude != 0, magnitude.isFinite, magnitude < 1e-6 || magnitude >= 1e21 {
      exponential(value, into: &out)
    } else {
      fixed(value, into: &out)
    }
  }

  /// A millisecond timestamp as seconds (jsonutil.MarshalTimestamp): `1700000000`,
  /// `1700000000.5` is written `1700000000.500`, negative times keep the sign in front.
  static func timestamp(milliseconds: Int64, into out: inout [UInt8]) {
    var magnitude = milliseconds.magnitude
    if milliseconds < 0 { out.append(UInt8(ascii: "-")) }
    appendInteger(magnitude / 1000, into: &out)
    magnitude %= 1000
    guard magnitude != 0 else { return }
    out.append(UInt8(ascii: "."))
    if magnitude < 100 { out.append(UInt8(ascii: "0")) }
    if magnitude < 10 { out.append(UInt8(ascii: "0")) }
    appendInteger(magnitude, into: &out)
  }

  /// `float64(ms) / 1000` as Go's encoding/json writes it. Scalars and strings in query results
  /// use this, not `timestamp(milliseconds:)`: `1700000000.12`, not `1700000000.120`.
  static func jsonSeconds(milliseconds: Int64, into out: inout [UInt8]) {
    jsonNumber(Double(milliseconds) / 1000, into: &out)
  }

  /// A float as Go's encoding/json writes a number: shortest digits, 'f' layout, exponents only
  /// below 1e-6 or from 1e21 in magnitude, with a negative exponent's leading zero trimmed (1e-7).
  static func jsonNumber(_ value: Double, into out: inout [UInt8]) {
    let magnitude = value.magnitude
    guard magnitude != 0, magnitude < 1e-6 || magnitude >= 1e21 else {
      fixed(value, into: &out)
      return
    }
    var text: [UInt8] = []
    exponential(value, into: &text)
    let count = text.count
    if count >= 4, text[count - 4] == UInt8(ascii: "e"), text[count - 3] == UInt8(ascii: "-"), text[count - 2] == UInt8(ascii: "0") {
      text.remove(at: count - 2)
    }
    out.append(contentsOf: text)
  }

  static func string(_ write: (inout [UInt8]) -> Void) -> String {
    var out: [UInt8] = []
    write(&out)
    return String(decoding: out, as: UTF8.self)
  }

  private static func specialText(_ value: Double) -> String? {
    if value.isNaN { return "NaN" }
    if value == .infinity { return "+Inf" }
    if value == -.infinity { return "-Inf" }
    return nil
  }

  static func appendInteger(_ value: UInt64, into out: inout [UInt8]) {
    if value < 10 {
      out.append(UInt8(ascii: "0") + UInt8(value))
      return
    }
    var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
    withUnsafeMutableBytes(of: &scratch) { buffer in
      var position = buffer.count
      var rest = value
      while rest > 0 {
        position -= 1
        buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
      }
      out.append(contentsOf: buffer[position...])
    }
  }
}
