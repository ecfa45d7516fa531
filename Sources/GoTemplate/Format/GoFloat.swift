// Go's strconv.FormatFloat for the verbs fmt uses (%e %f %g and %v's shortest %g), so numbers in
// templates print exactly as Prometheus and Alertmanager print them: `1e+06`, `0.5`, `3`, `+Inf`.
// Shortest digits come from Swift's own shortest round-trip printing; fixed-precision digits
// from C's correctly rounded printf, the same rounding Go's strconv does.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

package enum GoFloat {
  /// Precision beyond this is clamped: Go has no limit, but a template must not be able to ask
  /// for megabytes of digits.
  package static let maxPrecision = 10_000

  /// `strconv.FormatFloat(value, 'g', -1, 64)`: what `%v` and `print` show.
  package static func shortest(_ value: Double) -> String {
    format(value, verb: UInt8(ascii: "g"), precision: nil)
  }

  /// `strconv.FormatFloat(value, verb, precision ?? -1, 64)` for verb e, E, f, F, g or G.
  package static func format(_ value: Double, verb: UInt8, precision: Int?) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
    let precision = precision.map { Swift.min(Swift.max($0, 0), maxPrecision) }
    let upper = verb == UInt8(ascii: "E") || verb == UInt8(ascii: "G")
    switch verb {
    case UInt8(ascii: "e"), UInt8(ascii: "E"):
      if let precision { return cFormat(value, upper ? "E" : "e", precision) }
      let digits = shortestDigits(Swift.abs(value))
      return sign(value) + exponentForm(digits, fractionDigits: Swift.max(digits.digits.count - 1, 0), upper: upper)
    case UInt8(ascii: "f"), UInt8(ascii: "F"):
      if let precision { return cFormat(value, "f", precision) }
      let digits = shortestDigits(Swift.abs(value))
      return sign(value) + fixedForm(digits, fractionDigits: Swift.max(digits.digits.count - digits.point, 0))
    default:
      return sign(value) + generalForm(Swift.abs(value), precision: precision, upper: upper)
    }
  }

  /// Decimal digits of a non-negative value: value = 0.d1d2d3… × 10^point. No trailing zeros;
  /// zero has no digits.
  struct Digits {
    var digits: [UInt8]
    var point: Int
  }

  private static func sign(_ value: Double) -> String { value.sign == .minus ? "-" : "" }

  /// The 'g' layout: exponent form when the exponent is below -4 or at least the precision
  /// (6 for shortest), trailing zeros dropped.
  private static func generalForm(_ magnitude: Double, precision: Int?, upper: Bool) -> String {
    var digits: Digits
    var precisionLimit: Int
    if let precision {
      let significant = Swift.max(precision, 1)
      digits = roundedDigits(magnitude, significant: significant)
      precisionLimit = significant
      if precisionLimit > digits.digits.count && digits.digits.count >= digits.point {
        precisionLimit = digits.digits.count
      }
    } else {
      digits = shortestDigits(magnitude)
      precisionLimit = 6
    }
    let shown = precision.map { Swift.min(Swift.max($0, 1), digits.digits.count) } ?? digits.digits.count
    let exponent = digits.point - 1
    if magnitude != 0, exponent < -4 || exponent >= precisionLimit {
      return exponentForm(digits, fractionDigits: Swift.max(Swift.min(shown, digits.digits.count) - 1, 0), upper: upper)
    }
    var fractionDigits = Swift.max(digits.digits.count - digits.point, 0)
    if precision != nil, shown <= digits.point { fractionDigits = 0 }
    return fixedForm(digits, fractionDigits: fractionDigits)
  }

  private static func exponentForm(_ digits: Digits, fractionDigits: Int, upper: Bool) -> String {
    var out = [UInt8]()
    out.append(digits.digits.first ?? UInt8(ascii: "0"))
    if fractionDigits > 0 {
      out.append(UInt8(ascii: "."))
      for index in 1...fractionDigits {
        out.append(index < digits.digits.count ? digits.digits[index] : UInt8(ascii: "0"))
      }
    }
    out.append(upper ? UInt8(ascii: "E") : UInt8(ascii: "e"))
    let exponent = digits.digits.isEmpty ? 0 : digits.point - 1
    out.append(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
    let exponentText = String(Swift.abs(exponent))
    if exponentText.count < 2 { out.append(UInt8(ascii: "0")) }
    out.append(contentsOf: exponentText.utf8)
    return String(decoding: out, as: UTF8.self)
  }

  private static func fixedForm(_ digits: Digits, fractionDigits: Int) -> String {
    var out = [UInt8]()
    if digits.point > 0 {
      for index in 0..<digits.point {
        out.append(index < digits.digits.count ? digits.digits[index] : UInt8(ascii: "0"))
      }
    } else {
      out.append(UInt8(ascii: "0"))
    }
    if fractionDigits > 0 {
      out.append(UInt8(ascii: "."))
      for offset in 0..<fractionDigits {
        let index = digits.point + offset
        out.append(index >= 0 && index < digits.digits.count ? digits.digits[index] : UInt8(ascii: "0"))
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The shortest digits that read back as `magnitude` (Swift's `description` finds them).
  static func shortestDigits(_ magnitude: Double) -> Digits {
    if magnitude == 0 { return Digits(digits: [], point: 0) }
    return parseDigits(Array(magnitude.description.utf8))
  }

  /// `magnitude` rounded to `significant` digits (C's `%.*e`), trailing zeros dropped.
  static func roundedDigits(_ magnitude: Double, significant: Int) -> Digits {
    if magnitude == 0 { return Digits(digits: [], point: 0) }
    return parseDigits(Array(cFormat(magnitude, "e", significant - 1).utf8))
  }

  /// Reads `d.ddd`, `ddd.ddd` or `d.ddde±xx` text into digits and a point position.
  private static func parseDigits(_ text: [UInt8]) -> Digits {
    var digits = [UInt8]()
    var point = 0
    var seenPoint = false
    var exponent = 0
    var index = 0
    while index < text.count {
      let byte = text[index]
      if byte == UInt8(ascii: ".") {
        seenPoint = true
      } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
        exponent = Int(String(decoding: text[(index + 1)...], as: UTF8.self)) ?? 0
        break
      } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
        digits.append(byte)
        if !seenPoint { point += 1 }
      }
      index += 1
    }
    while digits.first == UInt8(ascii: "0") {
      digits.removeFirst()
      point -= 1
    }
    while digits.last == UInt8(ascii: "0") { digits.removeLast() }
    return Digits(digits: digits, point: digits.isEmpty ? 0 : point + exponent)
  }

  /// `%.*e` / `%.*f` through C's formatter, which rounds the exact binary value as Go does.
  private static func cFormat(_ value: Double, _ verb: String, _ precision: Int) -> String {
    var capacity = 64 + precision + (verb == "f" ? 310 : 0)
    while true {
      var buffer = [CChar](repeating: 0, count: capacity)
      let written = withVaList([Int32(precision), value]) { arguments in
        vsnprintf(&buffer, capacity, "%.*" + verb, arguments)
      }
      guard written >= 0 else { return String(value) }
      if Int(written) < capacity {
        return String(decoding: buffer.prefix(Int(written)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
      }
      capacity = Int(written) + 1
    }
  }
}
