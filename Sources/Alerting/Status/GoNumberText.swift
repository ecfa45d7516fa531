// Numbers as Prometheus's API writes them: alert values with Go's `%e`-style shortest form
// (`1e+00`, `1.5e+02`) and JSON numbers as Go's encoding/json writes a float64 (`60`, `0.0015`,
// `1e-07`), both from the shortest round-trip digits.

enum GoNumberText {
  /// The shortest digits of `value` (non-zero, finite, positive) and the exponent of the first.
  private static func digits(_ value: Double) -> (digits: [UInt8], exponent: Int) {
    let text = "\(value)"
    let parts = text.split(separator: "e", maxSplits: 1)
    let mantissa = parts[0]
    let extra = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
    var digits: [UInt8] = []
    var pointPosition = mantissa.count
    for (offset, character) in mantissa.enumerated() {
      if character == "." {
        pointPosition = offset
      } else if let ascii = character.asciiValue {
        digits.append(ascii)
      }
    }
    while let first = digits.first, first == UInt8(ascii: "0"), digits.count > 1 {
      digits.removeFirst()
      pointPosition -= 1
    }
    while let last = digits.last, last == UInt8(ascii: "0"), digits.count > 1 { digits.removeLast() }
    return (digits, pointPosition - 1 + extra)
  }

  /// Go's `strconv.FormatFloat(v, 'e', -1, 64)`.
  static func exponent(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
    let sign = value.sign == .minus ? "-" : ""
    if value == 0 { return sign + "0e+00" }
    let (digits, exponent) = Self.digits(abs(value))
    var out = sign + String(decoding: digits[0..<1], as: UTF8.self)
    if digits.count > 1 { out += "." + String(decoding: digits[1...], as: UTF8.self) }
    let magnitude = String(abs(exponent))
    return out + "e" + (exponent < 0 ? "-" : "+") + (magnitude.count < 2 ? "0" : "") + magnitude
  }

  /// A float64 as Go's encoding/json writes it (NaN and infinities, which JSON lacks, as 0).
  static func json(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    if value == 0 { return "0" }
    let sign = value < 0 ? "-" : ""
    let magnitude = abs(value)
    let (digits, exponent) = Self.digits(magnitude)
    let text = String(decoding: digits, as: UTF8.self)
    if magnitude < 1e-6 || magnitude >= 1e21 {
      var out = sign + String(text.prefix(1))
      if text.count > 1 { out += "." + text.dropFirst() }
      return out + "e" + (exponent < 0 ? "-" : "+") + String(abs(exponent))
    }
    if exponent < 0 {
      return sign + "0." + String(repeating: "0", count: -exponent - 1) + text
    }
    if exponent + 1 >= text.count {
      return sign + text + String(repeating: "0", count: exponent + 1 - text.count)
    }
    let split = text.index(text.startIndex, offsetBy: exponent + 1)
    return sign + text[..<split] + "." + text[split...]
  }
}
