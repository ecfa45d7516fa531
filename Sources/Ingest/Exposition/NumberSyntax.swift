// Sample values and timestamps from bytes: the decimal float grammar both formats share, the
// NaN/Inf spellings each accepts, and integer millisecond timestamps for text 0.0.4.

/// Number parsing on byte slices, without Foundation and (for the common short values) without
/// allocating.
enum NumberSyntax {
  /// Parses a sample value.
  ///
  /// Accepts `[+-]?(digits[.digits]|.digits)([eE][+-]?digits)?` plus the special spellings:
  /// in OpenMetrics exactly `NaN`, `Inf`, `+Inf`, `-Inf` (and `Infinity` forms); in text 0.0.4
  /// those words case-insensitively, as Go's `ParseFloat` does. Hex, underscores and `0b`/`0o`
  /// prefixes are rejected.
  /// - Returns: The value, or nil if `text` is not a number.
  static func parseValue(_ text: UnsafeBufferPointer<UInt8>, isCaseSensitive: Bool) -> Double? {
    if let special = parseSpecial(text, isCaseSensitive: isCaseSensitive) { return special }
    return parseDecimal(text)
  }

  /// Parses a decimal float with no NaN/Inf spelling (OpenMetrics timestamps).
  static func parseDecimal(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
    var index = 0
    var isNegative = false
    if index < text.count, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") {
      isNegative = text[index] == UInt8(ascii: "-")
      index += 1
    }
    var mantissa: UInt64 = 0
    var significantDigits = 0
    var digitCount = 0
    var fractionDigits = 0
    var isExact = true
    func addDigit(_ byte: UInt8) {
      digitCount += 1
      if mantissa == 0 && byte == UInt8(ascii: "0") { return }
      significantDigits += 1
      if significantDigits <= 19 { mantissa = mantissa &* 10 &+ UInt64(byte &- UInt8(ascii: "0")) } else { isExact = false }
    }
    while index < text.count, text[index].isDigit {
      addDigit(text[index])
      index += 1
    }
    if index < text.count, text[index] == UInt8(ascii: ".") {
      index += 1
      while index < text.count, text[index].isDigit {
        addDigit(text[index])
        if significantDigits > 0 || mantissa == 0 { fractionDigits += 1 }
        index += 1
      }
    }
    guard digitCount > 0 else { return nil }
    var exponent = 0
    if index < text.count, text[index] | 0x20 == UInt8(ascii: "e") {
      index += 1
      var isExponentNegative = false
      if index < text.count, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") {
        isExponentNegative = text[index] == UInt8(ascii: "-")
        index += 1
      }
      let start = index
      while index < text.count, text[index].isDigit {
        if exponent < 100_000 { exponent = exponent * 10 + Int(text[index] &- UInt8(ascii: "0")) }
        index += 1
      }
      guard index > start else { return nil }
      if isExponentNegative { exponent = -exponent }
    }
    guard index == text.count else { return nil }
    // Clinger's fast path: an exact mantissa and a small power of ten give a correctly rounded
    // result with one multiplication or division.
    let scale = exponent - fractionDigits
    if isExact, mantissa < (1 << 53), scale >= -22, scale <= 22 {
      var value = Double(mantissa)
      if scale < 0 { value /= powersOfTen[-scale] } else { value *= powersOfTen[scale] }
      return isNegative ? -value : value
    }
    // Rare: long or extreme numbers go through the standard library's correctly rounded parser.
    return Double(String(decoding: text, as: UTF8.self))
  }

  /// Parses an optionally signed decimal integer (text 0.0.4 timestamps); nil on overflow.
  static func parseInt64(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
    var index = 0
    var isNegative = false
    if index < text.count, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") {
      isNegative = text[index] == UInt8(ascii: "-")
      index += 1
    }
    guard index < text.count else { return nil }
    var value: Int64 = 0
    while index < text.count {
      guard text[index].isDigit else { return nil }
      let digit = Int64(text[index] &- UInt8(ascii: "0"))
      let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
      let (next, overflow2) = isNegative ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
      if overflow1 || overflow2 { return nil }
      value = next
      index += 1
    }
    return value
  }

  /// Seconds to milliseconds, rounded to the nearest and clamped to the `Int64` range.
  static func milliseconds(fromSeconds seconds: Double) -> Int64 {
    let ms = (seconds * 1000).rounded()
    if ms >= 9.223_372_036_854_775e18 { return .max }
    if ms <= -9.223_372_036_854_775e18 { return .min }
    return Int64(ms)
  }

  // MARK: - Private

  private static let powersOfTen: [Double] = (0...22).map { exponent in
    var value = 1.0
    for _ in 0..<exponent { value *= 10 }
    return value
  }

  private static func parseSpecial(_ text: UnsafeBufferPointer<UInt8>, isCaseSensitive: Bool) -> Double? {
    guard let first = text.first, !first.isDigit, first != UInt8(ascii: ".") else { return nil }
    var body = text[...]
    var sign = 1.0
    if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
      sign = first == UInt8(ascii: "-") ? -1 : 1
      body = body.dropFirst()
    }
    let isSigned = body.count != text.count
    if matches(body, "Inf", isCaseSensitive) || matches(body, "Infinity", isCaseSensitive) { return sign * .infinity }
    if !isSigned, matches(body, "NaN", isCaseSensitive) { return .nan }
    return nil
  }

  private static func matches(_ text: Slice<UnsafeBufferPointer<UInt8>>, _ word: StaticString, _ isCaseSensitive: Bool) -> Bool {
    word.withUTF8Buffer { expected in
      guard expected.count == text.count else { return false }
      for (offset, byte) in text.enumerated() {
        let want = expected[offset]
        if isCaseSensitive ? byte != want : byte | 0x20 != want | 0x20 { return false }
      }
      return true
    }
  }
}
