// Go's fmt.Sprintf for the template function `printf`, over template values: flags `-+# 0`,
// width, precision, and the verbs people use in log lines (`%s %v %d %f %e %g %x %X %o %b %q %t
// %c %%`). Mismatched arguments are reported inline the way Go does (`%!d(string=abc)`).
import PromQL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum GoPrintf {
  private struct Spec {
    var minus = false, plus = false, sharp = false, zero = false, space = false
    var width: Int?
    var precision: Int?
  }

  static func format(_ format: String, _ args: [TemplateValue]) -> String {
    let chars = Array(format.unicodeScalars)
    var out = ""
    var argIndex = 0
    var index = 0
    while index < chars.count {
      let scalar = chars[index]
      guard scalar == "%" else {
        out.unicodeScalars.append(scalar)
        index += 1
        continue
      }
      index += 1
      var spec = Spec()
      flags: while index < chars.count {
        switch chars[index] {
        case "-": spec.minus = true
        case "+": spec.plus = true
        case "#": spec.sharp = true
        case "0": spec.zero = true
        case " ": spec.space = true
        default: break flags
        }
        index += 1
      }
      spec.width = digits(chars, &index)
      if index < chars.count, chars[index] == "." {
        index += 1
        spec.precision = digits(chars, &index) ?? 0
      }
      guard index < chars.count else {
        out += "%!(NOVERB)"
        break
      }
      let verb = chars[index]
      index += 1
      if verb == "%" {
        out += "%"
        continue
      }
      guard argIndex < args.count else {
        out += "%!\(verb)(MISSING)"
        continue
      }
      let argument = args[argIndex]
      argIndex += 1
      out += render(argument, verb: verb, spec: spec)
    }
    if argIndex < args.count {
      let extra = args[argIndex...].map { "\($0.goTypeName)=\($0.text)" }.joined(separator: ", ")
      out += "%!(EXTRA \(extra))"
    }
    return out
  }

  private static func digits(_ chars: [Unicode.Scalar], _ index: inout Int) -> Int? {
    var value: Int?
    while index < chars.count, ("0"..."9").contains(chars[index]) {
      value = min((value ?? 0) * 10 + Int(chars[index].value - 48), 10_000)
      index += 1
    }
    return value
  }

  private static func render(_ value: TemplateValue, verb: Unicode.Scalar, spec: Spec) -> String {
    let bad = "%!\(verb)(\(value.goTypeName)=\(value.text))"
    var body: String
    var numeric = false
    switch verb {
    case "v":
      switch value {
      case .int(let number): body = signed(String(number), number < 0, spec); numeric = true
      case .float(let number): body = floatText(number, verb: "g", spec: spec); numeric = true
      case .string(let text): body = truncated(text, spec.precision)
      default: body = value.text
      }
    case "s":
      switch value {
      case .string(let text): body = truncated(text, spec.precision)
      case .time: body = value.text  // time.Time has a String method
      default: return bad
      }
    case "q":
      guard case .string(let text) = value else { return bad }
      body = LabelValueConversion.goQuoted(text)
    case "d", "x", "X", "o", "b", "c":
      switch value {
      case .int(let number):
        let magnitude = number.magnitude
        switch verb {
        case "d": body = String(magnitude)
        case "x": body = (spec.sharp ? "0x" : "") + String(magnitude, radix: 16)
        case "X": body = (spec.sharp ? "0X" : "") + String(magnitude, radix: 16, uppercase: true)
        case "o": body = (spec.sharp ? "0" : "") + String(magnitude, radix: 8)
        case "b": body = String(magnitude, radix: 2)
        default: body = Unicode.Scalar(UInt32(truncatingIfNeeded: number)).map { String(Character($0)) } ?? "\u{FFFD}"
        }
        if verb != "c" {
          body = signed(body, number < 0, spec)
          numeric = true
        }
      case .string(let text) where verb == "x" || verb == "X":
        body = text.utf8.map { byte in
          let hex = String(byte, radix: 16, uppercase: verb == "X")
          return hex.count == 1 ? "0" + hex : hex
        }.joined()
      default:
        return bad
      }
    case "f", "F", "e", "E", "g", "G":
      let number: Double
      switch value {
      case .float(let float): number = float
      default: return bad
      }
      body = floatText(number, verb: verb, spec: spec)
      numeric = true
    case "t":
      guard case .bool(let flag) = value else { return bad }
      body = flag ? "true" : "false"
    default:
      return "%!\(verb)(\(value.goTypeName)=\(value.text))"
    }
    return pad(body, spec, numeric: numeric)
  }

  private static func signed(_ digits: String, _ negative: Bool, _ spec: Spec) -> String {
    if negative { return "-" + digits }
    if spec.plus { return "+" + digits }
    if spec.space { return " " + digits }
    return digits
  }

  private static func truncated(_ text: String, _ precision: Int?) -> String {
    guard let precision, text.unicodeScalars.count > precision else { return text }
    return String(String.UnicodeScalarView(text.unicodeScalars.prefix(precision)))
  }

  private static func floatText(_ value: Double, verb: Unicode.Scalar, spec: Spec) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Inf" : (spec.plus ? "+Inf" : "+Inf") }
    var text: String
    switch verb {
    case "g", "G":
      text = spec.precision.map { GoFormat.general(value, significantDigits: $0) } ?? GoFormat.general(value)
      if verb == "G" { text = text.uppercased() }
    default:
      text = cFormat(value, verb: verb, precision: spec.precision ?? 6)
    }
    if value >= 0, !text.hasPrefix("-") {
      if spec.plus { text = "+" + text } else if spec.space { text = " " + text }
    }
    return text
  }

  /// `%.Nf` / `%.Ne` through C's formatter, which rounds exactly as Go does for these verbs.
  private static func cFormat(_ value: Double, verb: Unicode.Scalar, precision: Int) -> String {
    let cVerb = verb == "F" ? "f" : String(verb)
    var buffer = [CChar](repeating: 0, count: 512)
    let written = withVaList([Int32(min(precision, 100)), value]) { arguments in
      vsnprintf(&buffer, buffer.count, "%.*" + cVerb, arguments)
    }
    guard written >= 0 else { return String(value) }
    let bytes = buffer.prefix(min(Int(written), buffer.count - 1)).map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func pad(_ body: String, _ spec: Spec, numeric: Bool) -> String {
    guard let width = spec.width else { return body }
    let length = body.unicodeScalars.count
    guard length < width else { return body }
    let fill = width - length
    if spec.minus { return body + String(repeating: " ", count: fill) }
    if spec.zero, numeric {
      // Zeros go after the sign.
      if let first = body.first, first == "-" || first == "+" || first == " " {
        return String(first) + String(repeating: "0", count: fill) + body.dropFirst()
      }
      return String(repeating: "0", count: fill) + body
    }
    if spec.zero, !numeric { return String(repeating: "0", count: fill) + body }
    return String(repeating: " ", count: fill) + body
  }
}
