// Text-to-number conversions with Go's rules, which Loki applies to label values: label filters
// compare numbers, durations and byte sizes, and `unwrap` turns a label into a sample value.

package enum LabelValueConversion {
  /// A float as Go's `strconv.ParseFloat` reads it: decimal or exponent notation, an optional
  /// sign, `Inf`/`NaN` in any case; hexadecimal only with a `p` exponent.
  package static func number(_ text: String) -> Double? {
    let bytes = text.utf8
    guard let first = bytes.first, first != UInt8(ascii: " "), bytes.last != UInt8(ascii: " ") else { return nil }
    let lowered = text.lowercased()
    if lowered.contains("x"), !lowered.contains("p") { return nil }
    // Swift also reads `nan(...)` payloads, which Go does not.
    if lowered.contains("(") { return nil }
    return Double(text)
  }

  /// A Go duration (`time.ParseDuration`: `1h2m`, `250ms`, `1.5s`, `-3s`, `0`) in seconds.
  package static func duration(_ text: String) -> Double? {
    var scalars = Array(text.unicodeScalars)[...]
    var sign = 1.0
    if let first = scalars.first, first == "-" || first == "+" {
      if first == "-" { sign = -1 }
      scalars = scalars.dropFirst()
    }
    if scalars.count == 1, scalars.first == "0" { return 0 }
    guard !scalars.isEmpty else { return nil }
    var total = 0.0
    while !scalars.isEmpty {
      var number = ""
      var sawDigit = false
      while let scalar = scalars.first, ("0"..."9").contains(scalar) || scalar == "." {
        if scalar != "." { sawDigit = true }
        number.unicodeScalars.append(scalar)
        scalars = scalars.dropFirst()
      }
      guard sawDigit, number.filter({ $0 == "." }).count <= 1, let value = Double(number.hasPrefix(".") ? "0" + number : number)
      else { return nil }
      var unit = ""
      while let scalar = scalars.first, !("0"..."9").contains(scalar), scalar != "." {
        unit.unicodeScalars.append(scalar)
        scalars = scalars.dropFirst()
      }
      guard let nanoseconds = durationUnits[unit] else { return nil }
      // Whole nanoseconds, as Go's integer arithmetic gives (`0.10ms` is exactly 100000ns).
      total += (value * nanoseconds).rounded()
    }
    return sign * total / 1e9
  }

  /// Nanoseconds per unit.
  private static let durationUnits: [String: Double] = [
    "ns": 1, "us": 1e3, "\u{00B5}s": 1e3, "\u{03BC}s": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9,
  ]

  /// A humanized byte size (`2KB` = 2000, `1.5 MiB`, `100`, `1,024 B`) in whole bytes, with the
  /// rules of go-humanize's ParseBytes that Loki uses: SI units are powers of 1000, `i` units
  /// powers of 1024, unit case ignored.
  package static func bytes(_ text: String) -> Double? {
    let scalars = Array(text.unicodeScalars)
    var end = 0
    var digits = ""
    while end < scalars.count, ("0"..."9").contains(scalars[end]) || scalars[end] == "." || scalars[end] == "," {
      if scalars[end] != "," { digits.unicodeScalars.append(scalars[end]) }
      end += 1
    }
    guard !digits.isEmpty, digits.contains(where: \.isNumber), digits.filter({ $0 == "." }).count <= 1,
      let value = Double(digits.hasPrefix(".") ? "0" + digits : digits)
    else { return nil }
    let unit = String(String.UnicodeScalarView(scalars[end...])).trimmingSpaces.lowercased()
    guard let factor = byteUnits[unit] else { return nil }
    let bytes = (value * factor).rounded(.towardZero)
    return bytes < 1.8446744073709552e19 ? bytes : nil
  }

  private static let byteUnits: [String: Double] = {
    var table: [String: Double] = ["": 1, "b": 1]
    for (index, prefix) in ["k", "m", "g", "t", "p", "e"].enumerated() {
      let power = Double(index + 1)
      table[prefix] = pow1000(power)
      table[prefix + "b"] = pow1000(power)
      table[prefix + "i"] = pow1024(power)
      table[prefix + "ib"] = pow1024(power)
    }
    return table
  }()

  private static func pow1000(_ n: Double) -> Double { (0..<Int(n)).reduce(1.0) { value, _ in value * 1000 } }
  private static func pow1024(_ n: Double) -> Double { (0..<Int(n)).reduce(1.0) { value, _ in value * 1024 } }

  /// Go's error texts for a failed conversion (what `__error_details__` says).
  static func numberError(_ text: String) -> String { "strconv.ParseFloat: parsing \(goQuoted(text)): invalid syntax" }
  static func durationError(_ text: String) -> String { "time: invalid duration \(goQuoted(text))" }
  static func bytesError(_ text: String) -> String { "unhandled size name: \(goQuoted(text))" }

  static func goQuoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          out += "\\x" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}

extension String {
  /// Without leading and trailing ASCII whitespace (no Foundation).
  var trimmingSpaces: String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0B}" || $0 == "\u{0C}" }
    guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
    return String(self[start...end])
  }
}
