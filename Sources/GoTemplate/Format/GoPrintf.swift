// Go's fmt.Sprintf, Sprint and Sprintln over template values: the verb loop with flags
// (`+ - # 0 space`), width and precision (numbers, `*`, `%[n]` argument indexes), and Go's inline
// complaints (`%!d(string=x)`, `%!d(MISSING)`, `%!(EXTRA int=1)`, `%!(NOVERB)`). The verbs
// themselves are in GoPrintf+Verbs.swift. Hex floats (`%x` of a float) and `%p` are not
// supported and print as a bad verb.

package enum GoPrintf {
  /// Go refuses widths and precisions beyond a million (fmt's `tooLarge`).
  static let maxNumber = 1_000_000

  /// `fmt.Sprintf(format, arguments...)`.
  package static func format(_ format: String, _ arguments: [TemplateData]) -> String {
    var printer = GoValuePrinter()
    printer.printf(Array(format.utf8), arguments)
    return printer.text
  }

  /// `fmt.Sprint`: operands printed with `%v`, a space between two operands when neither is a
  /// string.
  package static func sprint(_ arguments: [TemplateData]) -> String {
    var printer = GoValuePrinter()
    var previousIsString = false
    for (index, argument) in arguments.enumerated() {
      let isString = argument.stringValue != nil
      if index > 0, !isString, !previousIsString { printer.out.append(UInt8(ascii: " ")) }
      printer.printArgument(argument, verb: UInt8(ascii: "v"))
      previousIsString = isString
    }
    return printer.text
  }

  /// `fmt.Sprintln`: operands with `%v`, always separated by spaces, and a newline.
  package static func sprintln(_ arguments: [TemplateData]) -> String {
    var printer = GoValuePrinter()
    for (index, argument) in arguments.enumerated() {
      if index > 0 { printer.out.append(UInt8(ascii: " ")) }
      printer.printArgument(argument, verb: UInt8(ascii: "v"))
    }
    printer.out.append(UInt8(ascii: "\n"))
    return printer.text
  }
}

/// One verb's flags, width and precision (fmt's fmtFlags plus wid and prec).
struct GoFormatSpec {
  var minus = false, plus = false, sharp = false, zero = false, space = false
  var width: Int?
  var precision: Int?
}

/// The printer state: output bytes plus the current verb's spec.
struct GoValuePrinter {
  var out: [UInt8] = []
  var spec = GoFormatSpec()

  var text: String { String(decoding: out, as: UTF8.self) }

  mutating func printf(_ format: [UInt8], _ arguments: [TemplateData]) {
    var argumentIndex = 0
    var reordered = false
    var index = 0
    let end = format.count
    while index < end {
      let literalStart = index
      while index < end, format[index] != UInt8(ascii: "%") { index += 1 }
      out.append(contentsOf: format[literalStart..<index])
      if index >= end { break }
      index += 1  // the %
      spec = GoFormatSpec()
      var goodArgumentNumber = true
      flags: while index < end {
        switch format[index] {
        case UInt8(ascii: "#"): spec.sharp = true
        case UInt8(ascii: "0"): spec.zero = !spec.minus
        case UInt8(ascii: "+"): spec.plus = true
        case UInt8(ascii: "-"):
          spec.minus = true
          spec.zero = false
        case UInt8(ascii: " "): spec.space = true
        default: break flags
        }
        index += 1
      }
      var afterIndex = false
      argumentNumber(format, &index, &argumentIndex, arguments.count, &afterIndex, &reordered, &goodArgumentNumber)
      if index < end, format[index] == UInt8(ascii: "*") {
        index += 1
        let (value, ok) = integerArgument(arguments, &argumentIndex)
        if !ok { out.append(contentsOf: "%!(BADWIDTH)".utf8) }
        if ok, value < 0 {
          spec.width = -value
          spec.minus = true
          spec.zero = false
        } else {
          spec.width = ok ? value : nil
        }
        afterIndex = false
      } else {
        spec.width = number(format, &index)
        if afterIndex, spec.width != nil { goodArgumentNumber = false }
      }
      if index + 1 < end, format[index] == UInt8(ascii: ".") {
        index += 1
        if afterIndex { goodArgumentNumber = false }
        argumentNumber(format, &index, &argumentIndex, arguments.count, &afterIndex, &reordered, &goodArgumentNumber)
        if index < end, format[index] == UInt8(ascii: "*") {
          index += 1
          let (value, ok) = integerArgument(arguments, &argumentIndex)
          spec.precision = ok && value >= 0 ? value : nil
          if !ok { out.append(contentsOf: "%!(BADPREC)".utf8) }
          afterIndex = false
        } else {
          spec.precision = number(format, &index) ?? 0
        }
      }
      if !afterIndex {
        argumentNumber(format, &index, &argumentIndex, arguments.count, &afterIndex, &reordered, &goodArgumentNumber)
      }
      guard index < end else {
        out.append(contentsOf: "%!(NOVERB)".utf8)
        break
      }
      // A verb may be any character; non-ASCII ones are copied whole into complaints.
      var verbEnd = index + 1
      while verbEnd < end, format[verbEnd] & 0xC0 == 0x80 { verbEnd += 1 }
      let verbBytes = Array(format[index..<verbEnd])
      index = verbEnd
      let verb = verbBytes.count == 1 ? verbBytes[0] : 0
      if verb == UInt8(ascii: "%") {
        out.append(UInt8(ascii: "%"))
      } else if !goodArgumentNumber {
        complaint(verbBytes, "BADINDEX")
      } else if argumentIndex >= arguments.count {
        complaint(verbBytes, "MISSING")
      } else {
        if verb == UInt8(ascii: "v") {
          // %+v and %#v are different formats in Go; for template values they print as %v.
          spec.plus = false
          spec.sharp = false
        }
        if verb == 0 {
          badVerb(verbBytes, arguments[argumentIndex])
        } else {
          printArgument(arguments[argumentIndex], verb: verb)
        }
        argumentIndex += 1
      }
    }
    if !reordered, argumentIndex < arguments.count {
      spec = GoFormatSpec()
      out.append(contentsOf: "%!(EXTRA ".utf8)
      for (position, argument) in arguments[argumentIndex...].enumerated() {
        if position > 0 { out.append(contentsOf: ", ".utf8) }
        if case .null = argument {
          out.append(contentsOf: "<nil>".utf8)
        } else {
          out.append(contentsOf: argument.goTypeName.utf8)
          out.append(UInt8(ascii: "="))
          printArgument(argument, verb: UInt8(ascii: "v"))
        }
      }
      out.append(UInt8(ascii: ")"))
    }
  }

  private mutating func complaint(_ verb: [UInt8], _ what: String) {
    out.append(contentsOf: "%!".utf8)
    out.append(contentsOf: verb)
    out.append(contentsOf: "(\(what))".utf8)
  }

  /// Decimal digits at `index`; nil when there are none or the number is absurdly large.
  private func numberValue(_ format: [UInt8], _ index: inout Int) -> Int? {
    var value: Int?
    while index < format.count, format[index] >= UInt8(ascii: "0"), format[index] <= UInt8(ascii: "9") {
      let next = (value ?? 0) * 10 + Int(format[index] - UInt8(ascii: "0"))
      if next > GoPrintf.maxNumber {
        index = format.count
        return nil
      }
      value = next
      index += 1
    }
    return value
  }

  private func number(_ format: [UInt8], _ index: inout Int) -> Int? { numberValue(format, &index) }

  /// `%[n]`: moves the argument cursor to argument n (1-based).
  private func argumentNumber(
    _ format: [UInt8], _ index: inout Int, _ argumentIndex: inout Int, _ count: Int, _ found: inout Bool,
    _ reordered: inout Bool, _ good: inout Bool
  ) {
    guard index < format.count, format[index] == UInt8(ascii: "[") else {
      found = false
      return
    }
    reordered = true
    guard let close = format[index...].firstIndex(of: UInt8(ascii: "]")) else {
      index += 1
      good = false
      found = false
      return
    }
    var cursor = index + 1
    let value = numberValue(format, &cursor)
    if let value, cursor == close, value >= 1, value <= count {
      argumentIndex = value - 1
      index = close + 1
      found = true
      return
    }
    good = false
    index = close + 1
    found = value != nil && cursor == close
  }

  /// `*` reads its width or precision from an int argument.
  private func integerArgument(_ arguments: [TemplateData], _ argumentIndex: inout Int) -> (Int, Bool) {
    guard argumentIndex < arguments.count else { return (0, false) }
    defer { argumentIndex += 1 }
    switch arguments[argumentIndex] {
    case .int(let value) where value.magnitude <= UInt64(GoPrintf.maxNumber): return (Int(value), true)
    default: return (0, false)
    }
  }
}
