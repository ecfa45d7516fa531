// Addresses in e-mail configuration: the smarthost ("host:port", "[::1]:25") and address lists
// ("Ops <ops@example.com>, \"Doe, Jane\" <jane@example.com>, oncall@example.com"), parsed into
// envelope addresses and header text with RFC 2047 display names where needed.
import Foundation

package struct SMTPAddress: Sendable, Equatable {
  package var displayName: String
  /// The address itself (`local@domain`), used in MAIL FROM / RCPT TO.
  package var address: String

  package init(displayName: String = "", address: String) {
    self.displayName = displayName
    self.address = address
  }

  /// Splits "host:port"; nil without a port or with a bad one.
  package static func hostAndPort(_ text: String) -> (host: String, port: Int)? {
    guard let colon = text.lastIndex(of: ":") else { return nil }
    var host = String(text[..<colon])
    guard let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else { return nil }
    if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    guard !host.isEmpty else { return nil }
    return (host, port)
  }

  /// Parses a comma-separated address list; nil (with the offending entry) when an entry is
  /// not an address.
  package static func list(_ text: String) -> Result<[SMTPAddress], ReceiverFailure> {
    var entries: [String] = []
    var current = ""
    var inQuotes = false
    var inAngle = false
    var escaped = false
    for character in text {
      if escaped {
        current.append(character)
        escaped = false
        continue
      }
      switch character {
      case "\\" where inQuotes: escaped = true; current.append(character)
      case "\"": inQuotes.toggle(); current.append(character)
      case "<" where !inQuotes: inAngle = true; current.append(character)
      case ">" where !inQuotes: inAngle = false; current.append(character)
      case "," where !inQuotes && !inAngle:
        entries.append(current)
        current = ""
      default: current.append(character)
      }
    }
    entries.append(current)
    var addresses: [SMTPAddress] = []
    for entry in entries {
      let trimmed = entry.trimmingCharacters(in: .whitespacesAndNewlines)
      if trimmed.isEmpty { continue }
      guard let address = parse(trimmed) else {
        return .failure(.permanent("\"\(trimmed)\" is not an e-mail address"))
      }
      addresses.append(address)
    }
    if addresses.isEmpty { return .failure(.permanent("no e-mail address in \"\(text)\"")) }
    return .success(addresses)
  }

  /// One "Name <addr>" or "addr".
  static func parse(_ text: String) -> SMTPAddress? {
    var name = ""
    var address = text
    if text.hasSuffix(">"), let open = text.lastIndex(of: "<") {
      address = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
      name = String(text[..<open]).trimmingCharacters(in: .whitespaces)
      if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 {
        name = String(name.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
          .replacingOccurrences(of: "\\\\", with: "\\")
      } else if name.unicodeScalars.contains(where: { $0.value < 0x20 || "<>@:;,\"\\".unicodeScalars.contains($0) }) {
        // An unquoted display name is a plain phrase (RFC 5322 §3.2.5).
        return nil
      }
    }
    address = address.trimmingCharacters(in: .whitespaces)
    guard isValidAddress(address) else { return nil }
    return SMTPAddress(displayName: name, address: address)
  }

  /// A local part and a domain, no spaces, brackets or control characters (nothing that could
  /// break out of `<...>` in an SMTP command).
  static func isValidAddress(_ text: String) -> Bool {
    guard let at = text.lastIndex(of: "@"), at != text.startIndex, text.index(after: at) != text.endIndex else { return false }
    return text.unicodeScalars.allSatisfy { scalar in
      scalar.value > 0x20 && scalar.value != 0x7F && !"<>()[],;:\\\"".unicodeScalars.contains(scalar)
    }
  }

  /// The address as header text: `Name <addr>`, the name quoted or RFC 2047-encoded as needed.
  package var headerText: String {
    guard !displayName.isEmpty else { return address }
    let name = MessageEncoding.singleLine(displayName)
    if !MessageEncoding.isPlainASCII(name) { return MessageEncoding.encodedWords(name) + " <\(address)>" }
    let isAtomText = name.unicodeScalars.allSatisfy { scalar in
      (scalar.properties.isAlphabetic && scalar.isASCII) || ("0"..."9").contains(scalar)
        || " !#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(scalar)
    }
    if isAtomText { return "\(name) <\(address)>" }
    let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    return "\"\(quoted)\" <\(address)>"
  }
}
