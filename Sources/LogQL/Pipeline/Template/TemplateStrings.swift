// The string helpers behind the template functions, on UTF-8 bytes where Go works on bytes
// (substr, trunc, contains) and on Unicode scalars where Go works on runes (alignLeft, title).
import WardenCore

enum TemplateStrings {
  /// Go's fmt.Sprint: operands joined, with a space between two operands when neither is a string.
  static func sprint(_ values: [TemplateValue]) -> String {
    var out = ""
    for (index, value) in values.enumerated() {
      if index > 0 {
        let isString: (TemplateValue) -> Bool = { if case .string = $0 { true } else { false } }
        if !isString(values[index - 1]) && !isString(value) { out += " " }
      }
      out += value.text
    }
    return out
  }

  /// strings.Title: the first letter of each word upper-cased.
  static func title(_ text: String) -> String {
    var out = ""
    var atWordStart = true
    for scalar in text.unicodeScalars {
      let isWordPart = scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "_"
      if atWordStart && isWordPart {
        out += String(scalar).uppercased()
      } else {
        out.unicodeScalars.append(scalar)
      }
      atWordStart = !isWordPart
    }
    return out
  }

  static func trim(_ text: String, where shouldTrim: (Unicode.Scalar) -> Bool) -> String {
    let scalars = text.unicodeScalars
    guard let start = scalars.firstIndex(where: { !shouldTrim($0) }), let end = scalars.lastIndex(where: { !shouldTrim($0) })
    else { return "" }
    return String(scalars[start...end])
  }

  /// strings.Trim / TrimLeft / TrimRight: removes scalars found in `cutset`.
  static func trim(_ text: String, cutset: String, leading: Bool, trailing: Bool) -> String {
    let cut = Set(cutset.unicodeScalars)
    var scalars = Substring(text).unicodeScalars
    if leading { scalars = scalars.drop { cut.contains($0) } }
    if trailing {
      while let last = scalars.last, cut.contains(last) { scalars = scalars.dropLast() }
    }
    return String(scalars)
  }

  static func trimPrefix(_ text: String, _ prefix: String) -> String {
    guard !prefix.isEmpty, text.utf8.starts(with: prefix.utf8) else { return text }
    return String(decoding: text.utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
  }

  static func trimSuffix(_ text: String, _ suffix: String) -> String {
    guard !suffix.isEmpty, text.utf8.reversed().starts(with: suffix.utf8.reversed()) else { return text }
    return String(decoding: text.utf8.dropLast(suffix.utf8.count), as: UTF8.self)
  }

  /// strings.Replace: the first `limit` occurrences (all when negative), compared as bytes.
  static func replace(_ text: String, _ old: String, _ new: String, limit: Int64) -> String {
    let source = Array(text.utf8)
    let needle = Array(old.utf8)
    guard limit != 0 else { return text }
    var out: [UInt8] = []
    var done: Int64 = 0
    var index = 0
    if needle.isEmpty {
      // Go inserts `new` before every rune and at the end.
      for scalar in text.unicodeScalars {
        if limit < 0 || done < limit {
          out.append(contentsOf: new.utf8)
          done += 1
        }
        out.append(contentsOf: String(scalar).utf8)
      }
      if limit < 0 || done < limit { out.append(contentsOf: new.utf8) }
      return String(decoding: out, as: UTF8.self)
    }
    while index < source.count {
      if (limit < 0 || done < limit), source.count - index >= needle.count, source[index..<(index + needle.count)].elementsEqual(needle) {
        out.append(contentsOf: new.utf8)
        index += needle.count
        done += 1
      } else {
        out.append(source[index])
        index += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  static func contains(_ text: String, _ part: String) -> Bool {
    var haystack = text
    let needle = Array(part.utf8)
    if needle.isEmpty { return true }
    let search = ByteNeedle(needle)
    return haystack.withUTF8 { search.occurs(in: UnsafeRawBufferPointer($0)) }
  }

  /// Sprig's substr on bytes: `start < 0` means from 0, `end < 0` or past the end means to the end.
  static func substr(_ text: String, start: Int64, end: Int64) throws(TemplateError) -> String {
    let bytes = Array(text.utf8)
    let count = Int64(bytes.count)
    if start < 0 {
      guard end >= 0, end <= count else { throw TemplateError("slice bounds out of range [:\(end)] with length \(count)") }
      return String(decoding: bytes[..<Int(end)], as: UTF8.self)
    }
    guard start <= count else { throw TemplateError("slice bounds out of range [\(start):\(count)]") }
    if end < 0 || end > count { return String(decoding: bytes[Int(start)...], as: UTF8.self) }
    guard start <= end else { throw TemplateError("slice bounds out of range [\(start):\(end)]") }
    return String(decoding: bytes[Int(start)..<Int(end)], as: UTF8.self)
  }

  /// Sprig's trunc on bytes: the first `count` bytes, or the last `-count` when negative.
  static func trunc(_ text: String, _ count: Int64) -> String {
    let bytes = Array(text.utf8)
    if count < 0, Int64(bytes.count) + count > 0 { return String(decoding: bytes[(bytes.count + Int(count))...], as: UTF8.self) }
    if count >= 0, Int64(bytes.count) > count { return String(decoding: bytes[..<Int(count)], as: UTF8.self) }
    return text
  }

  static func indent(_ text: String, _ spaces: Int64, newline: Bool) throws(TemplateError) -> String {
    guard spaces >= 0, spaces <= 1024 else { throw TemplateError("indent width \(spaces) out of range") }
    let pad = String(repeating: " ", count: Int(spaces))
    let body = pad + replace(text, "\n", "\n" + pad, limit: -1)
    return newline ? "\n" + body : body
  }

  static func repeated(_ text: String, _ count: Int64) throws(TemplateError) -> String {
    guard count >= 0 else { throw TemplateError("strings: negative Repeat count") }
    guard Int64(text.utf8.count) * count <= Int64(TemplateContext.maximumOutput) else {
      throw TemplateError("repeat result longer than \(TemplateContext.maximumOutput) bytes")
    }
    return String(repeating: text, count: Int(count))
  }

  /// Loki's alignLeft / alignRight: pad with spaces to `count` runes, or cut to `count` runes
  /// (keeping the start when aligning left, the end when aligning right).
  static func align(_ text: String, _ count: Int64, left: Bool) -> String {
    let scalars = Array(text.unicodeScalars)
    guard count >= 0, Int(count) != scalars.count, count <= 1 << 16 else { return text }
    let width = Int(count)
    if width > scalars.count {
      let pad = String(repeating: " ", count: width - scalars.count)
      return left ? text + pad : pad + text
    }
    let kept = left ? scalars[..<width] : scalars[(scalars.count - width)...]
    return String(String.UnicodeScalarView(kept))
  }

  /// Go's Regexp.ReplaceAllString (with `$1`/`${name}` expansion) or ReplaceAllLiteralString.
  static func regexReplace(_ text: String, _ regex: Regex<AnyRegexOutput>, _ replacement: String, literal: Bool) -> String {
    if literal { return text.replacing(regex, with: replacement) }
    let template = ExpansionTemplate(replacement)
    return text.replacing(regex) { match in
      template.expand(
        group: { index in index < match.output.count ? match.output[index].substring : nil },
        named: { name in match.output[name]?.substring })
    }
  }

  /// url.QueryEscape.
  static func urlEncode(_ text: String) -> String {
    var out = ""
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
        out.unicodeScalars.append(Unicode.Scalar(byte))
      case UInt8(ascii: " "):
        out += "+"
      default:
        let hex = String(byte, radix: 16, uppercase: true)
        out += "%" + (hex.count == 1 ? "0" : "") + hex
      }
    }
    return out
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }

  /// url.QueryUnescape.
  static func urlDecode(_ text: String) throws(TemplateError) -> String {
    let bytes = Array(text.utf8)
    var out: [UInt8] = []
    var index = 0
    while index < bytes.count {
      switch bytes[index] {
      case UInt8(ascii: "+"):
        out.append(UInt8(ascii: " "))
        index += 1
      case UInt8(ascii: "%"):
        guard index + 3 <= bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else {
          throw TemplateError("invalid URL escape \"\(String(decoding: bytes[index..<Swift.min(index + 3, bytes.count)], as: UTF8.self))\"")
        }
        let value = high << 4 | low
        out.append(value)
        index += 3
      default:
        out.append(bytes[index])
        index += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}

/// Standard base64 with padding (b64enc / b64dec).
enum Base64 {
  private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  static func encode(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var index = 0
    while index < bytes.count {
      let b0 = UInt32(bytes[index])
      let b1 = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
      let b2 = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
      let group = b0 << 16 | b1 << 8 | b2
      out.append(alphabet[Int(group >> 18 & 63)])
      out.append(alphabet[Int(group >> 12 & 63)])
      out.append(index + 1 < bytes.count ? alphabet[Int(group >> 6 & 63)] : UInt8(ascii: "="))
      out.append(index + 2 < bytes.count ? alphabet[Int(group & 63)] : UInt8(ascii: "="))
      index += 3
    }
    return String(decoding: out, as: UTF8.self)
  }

  static func decode(_ text: String) -> [UInt8]? {
    let bytes = Array(text.utf8)
    guard bytes.count % 4 == 0 else { return nil }
    var out: [UInt8] = []
    var index = 0
    while index < bytes.count {
      var group: UInt32 = 0
      var padding = 0
      for offset in 0..<4 {
        let byte = bytes[index + offset]
        if byte == UInt8(ascii: "=") {
          guard index + 4 == bytes.count, offset >= 2 else { return nil }
          padding += 1
          group <<= 6
          continue
        }
        guard padding == 0, let value = alphabet.firstIndex(of: byte) else { return nil }
        group = group << 6 | UInt32(value)
      }
      out.append(UInt8(group >> 16 & 0xFF))
      if padding < 2 { out.append(UInt8(group >> 8 & 0xFF)) }
      if padding < 1 { out.append(UInt8(group & 0xFF)) }
      index += 4
    }
    return out
  }
}
