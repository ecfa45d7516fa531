// Go's strconv.Quote family for printf's %q and for error messages that quote names:
// `"a\tb"`, `'x'`, `\u00a0` for unprintable characters, ASCII-only with %+q.

package enum GoQuote {
  /// `strconv.Quote` (or `QuoteToASCII` when `asciiOnly`).
  package static func string(_ text: String, asciiOnly: Bool = false) -> String {
    var out = "\""
    for scalar in text.unicodeScalars { appendEscaped(scalar, quote: "\"", asciiOnly: asciiOnly, to: &out) }
    out += "\""
    return out
  }

  /// `strconv.QuoteRune`: `'a'`, `'\n'`.
  package static func rune(_ scalar: Unicode.Scalar, asciiOnly: Bool = false) -> String {
    var out = "'"
    appendEscaped(scalar, quote: "'", asciiOnly: asciiOnly, to: &out)
    out += "'"
    return out
  }

  /// `strconv.CanBackquote`: `%#q` prints such text between backquotes.
  package static func canBackquote(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy { scalar in
      scalar != "`" && scalar != "\u{FEFF}" && (scalar == "\t" || (scalar.value >= 0x20 && scalar.value != 0x7F))
    }
  }

  /// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
  package static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.value < 0x80 { return scalar.value >= 0x20 && scalar.value < 0x7F }
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
      .nonspacingMark, .spacingMark, .enclosingMark,
      .decimalNumber, .letterNumber, .otherNumber,
      .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
      .initialPunctuation, .finalPunctuation, .otherPunctuation,
      .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
      return true
    default:
      return false
    }
  }

  private static func appendEscaped(_ scalar: Unicode.Scalar, quote: Unicode.Scalar, asciiOnly: Bool, to out: inout String) {
    if scalar == quote || scalar == "\\" {
      out.unicodeScalars.append("\\")
      out.unicodeScalars.append(scalar)
      return
    }
    if asciiOnly ? (scalar.value < 0x80 && isPrintable(scalar)) : isPrintable(scalar) {
      out.unicodeScalars.append(scalar)
      return
    }
    switch scalar {
    case "\u{07}": out += "\\a"
    case "\u{08}": out += "\\b"
    case "\u{0C}": out += "\\f"
    case "\n": out += "\\n"
    case "\r": out += "\\r"
    case "\t": out += "\\t"
    case "\u{0B}": out += "\\v"
    default:
      if scalar.value < 0x20 || scalar.value == 0x7F {
        out += "\\x" + hex(scalar.value, width: 2)
      } else if scalar.value < 0x10000 {
        out += "\\u" + hex(scalar.value, width: 4)
      } else {
        out += "\\U" + hex(scalar.value, width: 8)
      }
    }
  }

  private static func hex(_ value: UInt32, width: Int) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
  }
}
