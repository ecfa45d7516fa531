// Number formatting that matches Go's fmt verbs where Prometheus puts numbers into messages, so
// error and annotation texts compare equal to Prometheus's.

package enum GoFormat {
  /// Go's `%f`: six decimals, `NaN`, `+Inf`, `-Inf`.
  package static func fixed(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
    let magnitude = Swift.abs(value)
    // Beyond ~9e9 the scaled value below would lose integer precision; such numbers in an error
    // message are absurd input anyway, so the general form is good enough there.
    guard magnitude < 9e9 else { return general(value) }
    let scaled = UInt64((magnitude * 1_000_000).rounded(.toNearestOrEven))
    let whole = scaled / 1_000_000
    let fraction = String(scaled % 1_000_000)
    let padded = String(repeating: "0", count: 6 - fraction.count) + fraction
    let sign = value.sign == .minus ? "-" : ""
    return "\(sign)\(whole).\(padded)"
  }

  /// Go's `%g` (shortest digits that round-trip): `2`, `0.5`, `1e+06`, `1.5e-05`, `NaN`, `+Inf`.
  package static func general(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
    let sign = value.sign == .minus ? "-" : ""
    if value == 0 { return sign + "0" }
    let (digits, pointPosition) = shortestDigits(Swift.abs(value))
    // Shortest digits decide with precision 6, as Go's %g does.
    return layout(sign: sign, digits: digits, pointPosition: pointPosition, exponentLimit: 6)
  }

  /// Go's `%.Ng` (N significant digits, trailing zeros dropped), e.g. `%.2g` of 0.1234 is `0.12`
  /// and of 100 is `1e+02`. Rounds half up on the shortest decimal digits.
  package static func general(_ value: Double, significantDigits: Int) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
    let sign = value.sign == .minus ? "-" : ""
    if value == 0 { return sign + "0" }
    let precision = Swift.max(1, significantDigits)
    var (digits, pointPosition) = shortestDigits(Swift.abs(value))
    if digits.count > precision {
      var kept = Array(digits.utf8.prefix(precision)).map { Int($0) - 48 }
      if Int(digits.utf8[digits.utf8.index(digits.utf8.startIndex, offsetBy: precision)]) - 48 >= 5 {
        var position = kept.count - 1
        while position >= 0 {
          kept[position] += 1
          if kept[position] < 10 { break }
          kept[position] = 0
          position -= 1
        }
        if position < 0 {
          kept.insert(1, at: 0)
          kept.removeLast()
          pointPosition += 1
        }
      }
      while kept.last == 0 { kept.removeLast() }
      digits = String(kept.map { Character(String($0)) })
    }
    var exponentLimit = precision
    if exponentLimit > digits.count && digits.count >= pointPosition { exponentLimit = digits.count }
    return layout(sign: sign, digits: digits, pointPosition: pointPosition, exponentLimit: exponentLimit)
  }

  /// `%g`'s layout of decimal digits (value = 0.d1d2… × 10^pointPosition): exponent form when the
  /// exponent is below -4 or at least `exponentLimit`, plain decimal otherwise.
  private static func layout(sign: String, digits: String, pointPosition: Int, exponentLimit: Int) -> String {
    let exponent = pointPosition - 1
    if exponent < -4 || exponent >= exponentLimit {
      var mantissa = String(digits.first!)
      if digits.count > 1 { mantissa += "." + digits.dropFirst() }
      let exponentDigits = String(Swift.abs(exponent))
      let paddedExponent = exponentDigits.count < 2 ? "0" + exponentDigits : exponentDigits
      return sign + mantissa + (exponent < 0 ? "e-" : "e+") + paddedExponent
    }
    if pointPosition <= 0 {
      return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
    }
    if pointPosition >= digits.count {
      return sign + digits + String(repeating: "0", count: pointPosition - digits.count)
    }
    let split = digits.index(digits.startIndex, offsetBy: pointPosition)
    return sign + digits[..<split] + "." + digits[split...]
  }

  /// The shortest round-tripping decimal digits of a positive finite value (no leading or
  /// trailing zeros) and where the decimal point goes: value = 0.d1d2… × 10^pointPosition.
  /// Swift's `description` already finds the shortest digits; this only re-reads them.
  static func shortestDigits(_ value: Double) -> (digits: String, pointPosition: Int) {
    let text = value.description
    var mantissa = Substring(text)
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      mantissa = text[..<e]
      exponent = Int(text[text.index(after: e)...]) ?? 0
    }
    var digits = ""
    var pointPosition = 0
    var seenPoint = false
    for character in mantissa {
      if character == "." {
        seenPoint = true
        continue
      }
      digits.append(character)
      if !seenPoint { pointPosition += 1 }
    }
    // Strip leading zeros (0.00123) and trailing zeros (1200.0).
    while digits.first == "0" {
      digits.removeFirst()
      pointPosition -= 1
    }
    while digits.last == "0" { digits.removeLast() }
    return (digits, pointPosition + exponent)
  }
}
