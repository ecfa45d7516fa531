// The spec's `format: uri` as Alertmanager checks it on generatorURL: Go's url.ParseRequestURI
// must accept the text. That is `*`, an absolute path, or a scheme followed by an opaque part or a
// `//host` authority and a path, with no control characters, valid `%XX` escapes in the host and
// path, and only host characters in the host. Written from those rules, so Warden refuses what
// Alertmanager refuses and accepts what it accepts.

enum RequestURIFormat {
  static func isValid(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    if bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return false }
    if bytes == [UInt8(ascii: "*")] { return true }
    // The query is not checked (Go keeps it raw); only what comes before it.
    let beforeQuery = bytes.firstIndex(of: UInt8(ascii: "?")).map { Array(bytes[..<$0]) } ?? bytes
    if beforeQuery.first == UInt8(ascii: "/") { return hasValidEscapes(beforeQuery[...]) }
    guard let colon = beforeQuery.firstIndex(of: UInt8(ascii: ":")), isScheme(beforeQuery[..<colon]) else { return false }
    let rest = beforeQuery[(colon + 1)...]
    // `scheme:opaque` (mailto:x, urn:y) is taken as it is.
    guard rest.starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")]) else { return true }
    let afterSlashes = rest.dropFirst(2)
    let authorityEnd = afterSlashes.firstIndex(of: UInt8(ascii: "/")) ?? afterSlashes.endIndex
    return isValidAuthority(afterSlashes[..<authorityEnd]) && hasValidEscapes(afterSlashes[authorityEnd...])
  }

  /// `[a-zA-Z][a-zA-Z0-9+.-]*`
  private static func isScheme(_ bytes: ArraySlice<UInt8>) -> Bool {
    guard let first = bytes.first, isLetter(first) else { return false }
    return bytes.dropFirst().allSatisfy {
      isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
    }
  }

  /// `[userinfo@]host[:port]`, host a bracketed IPv6 literal or host characters.
  private static func isValidAuthority(_ authority: ArraySlice<UInt8>) -> Bool {
    var host = authority
    if let at = authority.lastIndex(of: UInt8(ascii: "@")) {
      guard authority[..<at].allSatisfy(isUserinfoByte), hasValidEscapes(authority[..<at]) else { return false }
      host = authority[(at + 1)...]
    }
    if host.first == UInt8(ascii: "[") {
      guard let close = host.lastIndex(of: UInt8(ascii: "]")) else { return false }
      return isValidPort(host[(close + 1)...])
    }
    if let colon = host.lastIndex(of: UInt8(ascii: ":")) {
      guard isValidPort(host[colon...]) else { return false }
      host = host[..<colon]
    }
    return host.allSatisfy(isHostByte) && hasValidEscapes(host, inHost: true)
  }

  /// Empty, or `:` and digits.
  private static func isValidPort(_ port: ArraySlice<UInt8>) -> Bool {
    guard let first = port.first else { return true }
    return first == UInt8(ascii: ":") && port.dropFirst().allSatisfy(isDigit)
  }

  /// Every `%` starts a two-hex-digit escape; in a host only non-ASCII bytes and `%25` may be
  /// escaped (Go refuses `%20` there).
  private static func hasValidEscapes(_ bytes: ArraySlice<UInt8>, inHost: Bool = false) -> Bool {
    var index = bytes.startIndex
    while index < bytes.endIndex {
      if bytes[index] == UInt8(ascii: "%") {
        guard index + 2 < bytes.endIndex, isHex(bytes[index + 1]), isHex(bytes[index + 2]) else { return false }
        if inHost, bytes[index + 1] < UInt8(ascii: "8"), !(bytes[index + 1] == UInt8(ascii: "2") && bytes[index + 2] == UInt8(ascii: "5")) {
          return false
        }
        index += 3
      } else {
        index += 1
      }
    }
    return true
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

  private static func isHex(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
  }

  private static let hostPunctuation = Set("-._~!$&'()*+,;=:[]<>\"%".utf8)
  private static let userinfoPunctuation = Set("-._~!$&'()*+,;=:%".utf8)

  /// Letters, digits, non-ASCII bytes, `%` and the characters Go leaves unescaped in a host.
  private static func isHostByte(_ byte: UInt8) -> Bool {
    if isLetter(byte) || isDigit(byte) || byte >= 0x80 { return true }
    return hostPunctuation.contains(byte)
  }

  private static func isUserinfoByte(_ byte: UInt8) -> Bool {
    if isLetter(byte) || isDigit(byte) || byte >= 0x80 { return true }
    return userinfoPunctuation.contains(byte)
  }
}
