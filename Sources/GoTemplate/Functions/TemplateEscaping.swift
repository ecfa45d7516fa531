// The escapers: `html` (text/template's HTMLEscapeString), `js` (JSEscapeString), `urlquery`
// (url.QueryEscape), and html/template's escaping of action output in text context, which
// `TemplateOptions.escapesHTML` applies (it also escapes `+`, as html/template does).

enum TemplateEscaping {
  /// `&`, `'`, `<`, `>`, `"` as entities; NUL as U+FFFD.
  static func html(_ text: String) -> String {
    var out = ""
    appendHTML(text, escapingPlus: false, to: &out)
    return out
  }

  static func appendHTML(_ text: String, escapingPlus: Bool, to out: inout String) {
    var needsEscape = false
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), 0:
        needsEscape = true
      case UInt8(ascii: "+") where escapingPlus:
        needsEscape = true
      default:
        continue
      }
      break
    }
    guard needsEscape else {
      out += text
      return
    }
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "'": out += "&#39;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&#34;"
      case "\u{0}": out += "\u{FFFD}"
      case "+" where escapingPlus: out += "&#43;"
      default: out.unicodeScalars.append(scalar)
      }
    }
  }

  /// Backslash escapes for quotes and backslashes, `\u003C`-style escapes for `<>&=`, control
  /// characters and unprintable runes.
  static func javaScript(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": out += "\\\\"
      case "'": out += "\\'"
      case "\"": out += "\\\""
      case "<": out += "\\u003C"
      case ">": out += "\\u003E"
      case "&": out += "\\u0026"
      case "=": out += "\\u003D"
      default:
        if scalar.value < 0x20 || (scalar.value >= 0x80 && !GoQuote.isPrintable(scalar)) {
          var hex = String(scalar.value, radix: 16, uppercase: true)
          if hex.count < 4 { hex = String(repeating: "0", count: 4 - hex.count) + hex }
          out += "\\u" + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// url.QueryEscape: unreserved characters stay, space becomes `+`, everything else `%XX`.
  static func queryEscape(_ text: String) -> String {
    let hex = Array("0123456789ABCDEF".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count)
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
        out.append(byte)
      case UInt8(ascii: " "):
        out.append(UInt8(ascii: "+"))
      default:
        out.append(UInt8(ascii: "%"))
        out.append(hex[Int(byte >> 4)])
        out.append(hex[Int(byte & 0xF)])
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
