// The verbs of Go's fmt over template values: how each kind of value answers each verb, with
// padding, signs and precision as fmt applies them. Lists, maps and objects apply the verb to
// each element, as fmt does for slices and maps; times and durations answer the string verbs
// with their String() text, as Go's Stringer rule does.

extension GoValuePrinter {
  mutating func printArgument(_ value: TemplateData, verb: UInt8) {
    if verb == UInt8(ascii: "T") {
      padString(Array(value.goTypeName.utf8))
      return
    }
    switch value {
    case .null:
      if verb == UInt8(ascii: "v") { padString(Array("<nil>".utf8)) } else { badVerb([verb], value) }
    case .bool(let flag):
      if verb == UInt8(ascii: "t") || verb == UInt8(ascii: "v") {
        padString(Array((flag ? "true" : "false").utf8))
      } else {
        badVerb([verb], value)
      }
    case .int(let number):
      formatInteger(number, verb: verb, value: value)
    case .duration(let nanoseconds):
      if isStringVerb(verb) {
        formatString(GoDuration.string(nanoseconds), verb: verb, value: value)
      } else {
        formatInteger(nanoseconds, verb: verb, value: value)
      }
    case .float(let number):
      formatFloat(number, verb: verb, value: value)
    case .string(let text), .safeHTML(let text):
      formatString(text, verb: verb, value: value)
    case .time(let nanoseconds):
      if isStringVerb(verb) {
        formatString(GoTime.defaultFormat(TemplateData.instant(ofTime: nanoseconds)), verb: verb, value: value)
      } else {
        badVerb([verb], value)
      }
    case .list(let items):
      out.append(UInt8(ascii: "["))
      for (index, item) in items.enumerated() {
        if index > 0 { out.append(UInt8(ascii: " ")) }
        printArgument(item, verb: verb)
      }
      out.append(UInt8(ascii: "]"))
    case .map(let entries):
      out.append(contentsOf: "map[".utf8)
      for (index, key) in entries.keys.sorted().enumerated() {
        if index > 0 { out.append(UInt8(ascii: " ")) }
        formatString(key, verb: verb, value: .string(key))
        out.append(UInt8(ascii: ":"))
        printArgument(entries[key]!, verb: verb)
      }
      out.append(UInt8(ascii: "]"))
    case .object(let object):
      if let collection = object.collection {
        printArgument(collection, verb: verb)
        return
      }
      out.append(UInt8(ascii: "{"))
      for (index, name) in object.fields.keys.sorted().enumerated() {
        if index > 0 { out.append(UInt8(ascii: " ")) }
        printArgument(object.fields[name]!, verb: verb)
      }
      out.append(UInt8(ascii: "}"))
    }
  }

  private func isStringVerb(_ verb: UInt8) -> Bool {
    verb == UInt8(ascii: "v") || verb == UInt8(ascii: "s") || verb == UInt8(ascii: "q")
      || verb == UInt8(ascii: "x") || verb == UInt8(ascii: "X")
  }

  /// `%!d(string=x)`: the verb does not fit the value; the value is shown with `%v`.
  mutating func badVerb(_ verb: [UInt8], _ value: TemplateData) {
    out.append(contentsOf: "%!".utf8)
    out.append(contentsOf: verb)
    out.append(UInt8(ascii: "("))
    if case .null = value {
      out.append(contentsOf: "<nil>".utf8)
    } else {
      out.append(contentsOf: value.goTypeName.utf8)
      out.append(UInt8(ascii: "="))
      printArgument(value, verb: UInt8(ascii: "v"))
    }
    out.append(UInt8(ascii: ")"))
  }

  // MARK: Padding

  mutating func writePadding(_ count: Int, zero: Bool) {
    guard count > 0 else { return }
    out.append(contentsOf: repeatElement(zero ? UInt8(ascii: "0") : UInt8(ascii: " "), count: count))
  }

  /// Pads to the width in characters; `zero` allows zeros on the left (numbers only).
  mutating func pad(_ bytes: [UInt8], zero: Bool = false) {
    guard let width = spec.width, width > 0 else {
      out.append(contentsOf: bytes)
      return
    }
    let fill = width - Self.characterCount(bytes)
    if spec.minus {
      out.append(contentsOf: bytes)
      writePadding(fill, zero: false)
    } else {
      writePadding(fill, zero: zero && spec.zero)
      out.append(contentsOf: bytes)
    }
  }

  /// Strings never pad with zeros (Go ignores the 0 flag for them).
  mutating func padString(_ bytes: [UInt8]) { pad(bytes, zero: false) }

  static func characterCount(_ bytes: [UInt8]) -> Int {
    var count = 0
    for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
    return count
  }

  // MARK: Strings

  private mutating func formatString(_ text: String, verb: UInt8, value: TemplateData) {
    switch verb {
    case UInt8(ascii: "v"), UInt8(ascii: "s"):
      padString(Array(truncated(text).utf8))
    case UInt8(ascii: "q"):
      let text = truncated(text)
      if spec.sharp, GoQuote.canBackquote(text) {
        padString(Array(("`" + text + "`").utf8))
      } else {
        padString(Array(GoQuote.string(text, asciiOnly: spec.plus).utf8))
      }
    case UInt8(ascii: "x"), UInt8(ascii: "X"):
      hexString(Array(text.utf8), upper: verb == UInt8(ascii: "X"))
    default:
      badVerb([verb], value)
    }
  }

  private func truncated(_ text: String) -> String {
    guard let precision = spec.precision, text.unicodeScalars.count > precision else { return text }
    return String(String.UnicodeScalarView(text.unicodeScalars.prefix(precision)))
  }

  private mutating func hexString(_ bytes: [UInt8], upper: Bool) {
    let digits = Array((upper ? "0123456789ABCDEFX" : "0123456789abcdefx").utf8)
    var length = bytes.count
    if let precision = spec.precision, precision < length { length = precision }
    guard length > 0 else {
      if let width = spec.width { writePadding(width, zero: false) }
      return
    }
    var width = 2 * length
    if spec.space {
      if spec.sharp { width *= 2 }
      width += length - 1
    } else if spec.sharp {
      width += 2
    }
    if let wanted = spec.width, wanted > width, !spec.minus { writePadding(wanted - width, zero: false) }
    if spec.sharp { out.append(contentsOf: [UInt8(ascii: "0"), digits[16]]) }
    for index in 0..<length {
      if spec.space, index > 0 {
        out.append(UInt8(ascii: " "))
        if spec.sharp { out.append(contentsOf: [UInt8(ascii: "0"), digits[16]]) }
      }
      out.append(digits[Int(bytes[index] >> 4)])
      out.append(digits[Int(bytes[index] & 0xF)])
    }
    if let wanted = spec.width, wanted > width, spec.minus { writePadding(wanted - width, zero: false) }
  }

  // MARK: Integers

  private mutating func formatInteger(_ number: Int64, verb: UInt8, value: TemplateData) {
    switch verb {
    case UInt8(ascii: "v"), UInt8(ascii: "d"): integer(number, base: 10, verb: verb, upper: false)
    case UInt8(ascii: "b"): integer(number, base: 2, verb: verb, upper: false)
    case UInt8(ascii: "o"), UInt8(ascii: "O"): integer(number, base: 8, verb: verb, upper: false)
    case UInt8(ascii: "x"): integer(number, base: 16, verb: verb, upper: false)
    case UInt8(ascii: "X"): integer(number, base: 16, verb: verb, upper: true)
    case UInt8(ascii: "c"):
      pad(Array(String(Character(Self.scalar(number))).utf8))
    case UInt8(ascii: "q"):
      let scalar = Self.scalar(number)
      if spec.sharp, GoQuote.canBackquote(String(Character(scalar))) {
        pad(Array("'\(Character(scalar))'".utf8))
      } else {
        pad(Array(GoQuote.rune(scalar, asciiOnly: spec.plus).utf8))
      }
    case UInt8(ascii: "U"):
      var digits = String(number.magnitude, radix: 16, uppercase: true)
      let minimum = Swift.max(spec.precision ?? 4, 4)
      if digits.count < minimum { digits = String(repeating: "0", count: minimum - digits.count) + digits }
      var text = "U+" + digits
      if spec.sharp, number >= 0, number <= 0x10FFFF, let scalar = Unicode.Scalar(UInt32(number)), GoQuote.isPrintable(scalar) {
        text += " '\(Character(scalar))'"
      }
      pad(Array(text.utf8))
    default:
      badVerb([verb], value)
    }
  }

  /// A code point, or U+FFFD for numbers that are not one (as Go's %c does).
  private static func scalar(_ number: Int64) -> Unicode.Scalar {
    guard number >= 0, number <= 0x10FFFF, let scalar = Unicode.Scalar(UInt32(number)) else { return "\u{FFFD}" }
    return scalar
  }

  /// fmt's fmtInteger: precision or zero flag give leading zeros, then prefix and sign.
  private mutating func integer(_ number: Int64, base: Int, verb: UInt8, upper: Bool) {
    let negative = number < 0
    var precision = 0
    if let explicit = spec.precision {
      precision = explicit
      if explicit == 0, number == 0 {
        if let width = spec.width { writePadding(width, zero: false) }
        return
      }
    } else if spec.zero, !spec.minus, let width = spec.width {
      precision = width
      if negative || spec.plus || spec.space { precision -= 1 }
    }
    var digits = Array(String(number.magnitude, radix: base, uppercase: upper).utf8)
    if digits.count < precision {
      digits.insert(contentsOf: repeatElement(UInt8(ascii: "0"), count: precision - digits.count), at: 0)
    }
    var prefix: [UInt8] = []
    if spec.sharp {
      switch base {
      case 2: prefix = Array("0b".utf8)
      case 8: if digits.first != UInt8(ascii: "0") { prefix = [UInt8(ascii: "0")] }
      case 16: prefix = Array((upper ? "0X" : "0x").utf8)
      default: break
      }
    }
    if verb == UInt8(ascii: "O") { prefix = Array("0o".utf8) }
    if negative {
      prefix.insert(UInt8(ascii: "-"), at: 0)
    } else if spec.plus {
      prefix.insert(UInt8(ascii: "+"), at: 0)
    } else if spec.space {
      prefix.insert(UInt8(ascii: " "), at: 0)
    }
    // Zero padding was turned into precision above, so the rest pads with spaces.
    pad(prefix + digits, zero: false)
  }

  // MARK: Floats

  private mutating func formatFloat(_ number: Double, verb: UInt8, value: TemplateData) {
    let strconvVerb: UInt8
    var precision: Int?
    switch verb {
    case UInt8(ascii: "v"): strconvVerb = UInt8(ascii: "g")
    case UInt8(ascii: "g"), UInt8(ascii: "G"): strconvVerb = verb
    case UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "f"): strconvVerb = verb; precision = 6
    case UInt8(ascii: "F"): strconvVerb = UInt8(ascii: "f"); precision = 6
    default:
      badVerb([verb], value)
      return
    }
    if let explicit = spec.precision { precision = explicit }
    var text = Array(GoFloat.format(number, verb: strconvVerb, precision: precision).utf8)
    if text.first != UInt8(ascii: "-") && text.first != UInt8(ascii: "+") { text.insert(UInt8(ascii: "+"), at: 0) }
    if spec.space, text[0] == UInt8(ascii: "+"), !spec.plus { text[0] = UInt8(ascii: " ") }
    if text.count > 1, text[1] == UInt8(ascii: "I") || text[1] == UInt8(ascii: "N") {
      // Infinities and NaN are not padded with zeros; NaN has no sign unless asked for.
      if text[1] == UInt8(ascii: "N"), !spec.space, !spec.plus { text.removeFirst() }
      pad(text, zero: false)
      return
    }
    if spec.plus || text[0] != UInt8(ascii: "+") {
      if spec.zero, !spec.minus, let width = spec.width, width > text.count {
        out.append(text[0])
        writePadding(width - text.count, zero: true)
        out.append(contentsOf: text[1...])
        return
      }
      pad(text, zero: false)
      return
    }
    pad(Array(text[1...]), zero: true)
  }
}
