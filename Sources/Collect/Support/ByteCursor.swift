// Bounds-checked reading of lines, fields and numbers out of the bytes of a /proc or /sys file,
// without making Strings: the parsers in this target are all built on it.

/// A read position in a byte buffer that hands out lines and whitespace-separated fields.
///
/// Every access is checked against the buffer, so no input (truncated, binary, enormous numbers)
/// can make it trap. A value type: copy it to look ahead.
struct ByteCursor {
  /// The bytes this cursor reads; only valid while the buffer it came from is.
  let bytes: UnsafeBufferPointer<UInt8>
  /// Index of the next unread byte.
  private(set) var position: Int

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    position = 0
  }

  var isAtEnd: Bool { position >= bytes.count }

  /// The bytes not read yet.
  var remaining: UnsafeBufferPointer<UInt8> { bytes.slice(position, bytes.count) }

  /// Returns the next line without its newline, and moves past it; nil at the end.
  mutating func nextLine() -> ByteCursor? {
    guard position < bytes.count, let base = bytes.baseAddress else { return nil }
    let start = position
    let end: Int
    if let found = firstNewline(base + start, bytes.count - start) {
      end = start + found
      position = end + 1
    } else {
      end = bytes.count
      position = end
    }
    return ByteCursor(bytes.slice(start, end))
  }

  /// Skips spaces and tabs.
  mutating func skipBlanks() {
    while position < bytes.count, bytes[position].isBlank { position += 1 }
  }

  /// Returns the next run of bytes that are not blanks or newlines; nil if none is left on the
  /// current line.
  mutating func nextField() -> UnsafeBufferPointer<UInt8>? {
    skipBlanks()
    let start = position
    while position < bytes.count, !bytes[position].isBlank, bytes[position] != .newline {
      position += 1
    }
    return position > start ? bytes.slice(start, position) : nil
  }

  /// Returns the bytes up to (not including) `delimiter` and moves past the delimiter; nil, without
  /// moving, if the delimiter does not occur.
  mutating func next(upTo delimiter: UInt8) -> UnsafeBufferPointer<UInt8>? {
    var index = position
    while index < bytes.count, bytes[index] != delimiter { index += 1 }
    guard index < bytes.count else { return nil }
    let field = bytes.slice(position, index)
    position = index + 1
    return field
  }

  /// Parses the next field as an unsigned decimal integer.
  mutating func nextUInt64() -> UInt64? {
    nextField().flatMap(parseUInt64)
  }

  /// Skips `count` fields; returns false if the line ran out first.
  mutating func skipFields(_ count: Int) -> Bool {
    var left = count
    while left > 0 {
      guard nextField() != nil else { return false }
      left -= 1
    }
    return true
  }
}

private func firstNewline(_ start: UnsafePointer<UInt8>, _ count: Int) -> Int? {
  // A plain loop; the files read here are small and the compiler vectorises this well enough
  // that a libc call does not pay for itself.
  var index = 0
  while index < count {
    if start[index] == .newline { return index }
    index += 1
  }
  return nil
}

// MARK: - Byte helpers

extension UInt8 {
  static let newline = UInt8(ascii: "\n")
  static let space = UInt8(ascii: " ")
  static let tab = UInt8(ascii: "\t")

  var isBlank: Bool { self == .space || self == .tab }
  var isDigit: Bool { self &- UInt8(ascii: "0") < 10 }
}

extension UnsafeBufferPointer<UInt8> {
  /// The bytes in `start..<end`, clamped to the buffer.
  func slice(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
    let lower = Swift.min(Swift.max(start, 0), count)
    let upper = Swift.min(Swift.max(end, lower), count)
    guard let base = baseAddress, upper > lower else { return UnsafeBufferPointer(start: nil, count: 0) }
    return UnsafeBufferPointer(start: base + lower, count: upper - lower)
  }

  /// Whether the bytes equal the ASCII text of `literal`.
  func equals(_ literal: StaticString) -> Bool {
    literal.withUTF8Buffer { other in
      guard other.count == count else { return false }
      for index in 0..<count where self[index] != other[index] { return false }
      return true
    }
  }

  /// Whether the bytes begin with the ASCII text of `literal`.
  func hasPrefix(_ literal: StaticString) -> Bool {
    literal.withUTF8Buffer { other in
      guard other.count <= count else { return false }
      for index in 0..<other.count where self[index] != other[index] { return false }
      return true
    }
  }

  /// The bytes without leading and trailing blanks and newlines.
  func trimmed() -> UnsafeBufferPointer<UInt8> {
    var lower = 0
    var upper = count
    while lower < upper, self[lower].isBlank || self[lower] == .newline { lower += 1 }
    while upper > lower, self[upper - 1].isBlank || self[upper - 1] == .newline { upper -= 1 }
    return slice(lower, upper)
  }

  /// The bytes as a String; invalid UTF-8 is repaired, so the result is always a valid label value.
  func string() -> String {
    String(decoding: self, as: UTF8.self)
  }
}

// MARK: - Numbers

/// Parses an unsigned decimal integer that fills `field`; nil on any other byte or on overflow.
func parseUInt64(_ field: UnsafeBufferPointer<UInt8>) -> UInt64? {
  guard !field.isEmpty else { return nil }
  var value: UInt64 = 0
  for byte in field {
    guard byte.isDigit else { return nil }
    let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
    let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte &- UInt8(ascii: "0")))
    guard !overflow1, !overflow2 else { return nil }
    value = sum
  }
  return value
}

/// Parses a plain decimal number (`12`, `-3`, `0.25`), the form /proc uses for fractions.
///
/// Up to 18 significant digits are exact; the result is the correctly rounded quotient of two
/// exactly representable numbers for the short values /proc writes.
func parseDecimal(_ field: UnsafeBufferPointer<UInt8>) -> Double? {
  var index = 0
  var negative = false
  if index < field.count, field[index] == UInt8(ascii: "-") || field[index] == UInt8(ascii: "+") {
    negative = field[index] == UInt8(ascii: "-")
    index += 1
  }
  var mantissa: UInt64 = 0
  var digits = 0
  var fractionDigits = 0
  var seenPoint = false
  while index < field.count {
    let byte = field[index]
    if byte == UInt8(ascii: "."), !seenPoint {
      seenPoint = true
    } else if byte.isDigit {
      guard digits < 18 else { return nil }
      mantissa = mantissa * 10 + UInt64(byte &- UInt8(ascii: "0"))
      digits += 1
      if seenPoint { fractionDigits += 1 }
    } else {
      return nil
    }
    index += 1
  }
  guard digits > 0 else { return nil }
  var value = Double(mantissa)
  if fractionDigits > 0 { value /= powersOfTen[fractionDigits] }
  return negative ? -value : value
}

private let powersOfTen: [Double] = (0...18).map { exponent in
  var value = 1.0
  for _ in 0..<exponent { value *= 10 }
  return value
}
