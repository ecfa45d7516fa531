// Keeping a text message within SMS length: 160 GSM-7 characters in one message (153 per part
// when several are allowed), or 70 UCS-2 units (67 per part) as soon as one character is
// outside the GSM-7 alphabet. Longer text is cut with an ellipsis that keeps the encoding: "..."
// for GSM-7 (which has no "…"), "…" for UCS-2.

package enum SMSText {
  /// How a message is encoded on the air.
  package enum Encoding: Sendable, Equatable {
    case gsm7, ucs2
  }

  /// GSM 03.38's basic character set: one septet each.
  static let basic: Set<Character> = Set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
  /// Its extension table: an escape plus one septet each.
  static let extended: Set<Character> = Set("\u{0C}^{}\\[~]|€")

  package static func encoding(of text: String) -> Encoding {
    text.allSatisfy { basic.contains($0) || extended.contains($0) } ? .gsm7 : .ucs2
  }

  /// Septets (GSM-7) or UTF-16 units (UCS-2) the text takes.
  package static func length(of text: String, encoding: Encoding) -> Int {
    switch encoding {
    case .gsm7: return text.reduce(0) { $0 + (extended.contains($1) ? 2 : 1) }
    case .ucs2: return text.utf16.count
    }
  }

  /// The most units `segments` messages carry (concatenated parts lose room to their header).
  package static func capacity(_ encoding: Encoding, segments: Int) -> Int {
    switch encoding {
    case .gsm7: return segments <= 1 ? 160 : 153 * segments
    case .ucs2: return segments <= 1 ? 70 : 67 * segments
    }
  }

  /// `text` cut to fit `segments` messages, with an ellipsis when cut.
  package static func truncated(_ text: String, segments: Int = 1) -> String {
    let encoding = encoding(of: text)
    let limit = capacity(encoding, segments: max(1, segments))
    if length(of: text, encoding: encoding) <= limit { return text }
    let ellipsis = encoding == .gsm7 ? "..." : "…"
    let room = limit - length(of: ellipsis, encoding: encoding)
    var kept = ""
    var used = 0
    for character in text {
      let cost = length(of: String(character), encoding: encoding)
      if used + cost > room { break }
      kept.append(character)
      used += cost
    }
    while let last = kept.last, last.isWhitespace { kept.removeLast() }
    return kept + ellipsis
  }
}
