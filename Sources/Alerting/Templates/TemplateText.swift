// The string helpers of Prometheus's templates with Go's exact rules: strings.Title's word
// boundaries, simple (one-to-one) case mapping, url.QueryEscape for expression-browser links,
// and net.SplitHostPort for stripPort/stripDomain.

enum TemplateText {
  /// Go's strings.Title: the first letter of every word upper-cased (title case).
  static func title(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    var previous: Unicode.Scalar = " "
    for scalar in text.unicodeScalars {
      if isSeparator(previous) {
        out.append(contentsOf: simpleMapping(scalar, scalar.properties.titlecaseMapping))
      } else {
        out.append(scalar)
      }
      previous = scalar
    }
    return String(out)
  }

  /// Go's strings.ToUpper.
  static func upper(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars { out.append(contentsOf: simpleMapping(scalar, scalar.properties.uppercaseMapping)) }
    return String(out)
  }

  /// Go's strings.ToLower.
  static func lower(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars { out.append(contentsOf: simpleMapping(scalar, scalar.properties.lowercaseMapping)) }
    return String(out)
  }

  /// Go maps case one rune to one rune; a mapping to several (ß to SS) leaves the rune alone.
  private static func simpleMapping(_ scalar: Unicode.Scalar, _ mapping: String) -> [Unicode.Scalar] {
    let mapped = Array(mapping.unicodeScalars)
    return mapped.count == 1 ? mapped : [scalar]
  }

  /// strings.Title's word boundary.
  private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII {
      let isAlphanumeric = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
      return !(isAlphanumeric || scalar == "_")
    }
    let properties = scalar.properties
    if properties.isAlphabetic || properties.numericType == .decimal { return false }
    return properties.isWhitespace
  }

  /// Go's url.QueryEscape: unreserved bytes kept, space as `+`, everything else `%XX`.
  static func queryEscape(_ text: String) -> String {
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

  /// Prometheus's link to the expression browser's graph (tab 0) or table (tab 1) view.
  static func expressionBrowserLink(_ expr: String, tab: Int) -> String {
    "/graph?g0.expr=\(queryEscape(expr))&g0.tab=\(tab)"
  }

  /// Go's net.SplitHostPort: `host:port` or `[ipv6]:port`; nil when malformed.
  static func splitHostPort(_ text: String) -> (host: Substring, port: Substring)? {
    guard let colon = text.lastIndex(of: ":") else { return nil }
    let host: Substring
    if text.hasPrefix("[") {
      guard let close = text.firstIndex(of: "]"), text.index(after: close) == colon else { return nil }
      host = text[text.index(after: text.startIndex)..<close]
    } else {
      host = text[..<colon]
      if host.contains(":") { return nil }
    }
    if host.contains("[") || host.contains("]") { return nil }
    let port = text[text.index(after: colon)...]
    if port.contains("[") || port.contains("]") { return nil }
    return (host, port)
  }

  /// `stripPort`: the host of `host:port`, or the text unchanged when it has no port.
  static func stripPort(_ text: String) -> String {
    splitHostPort(text).map { String($0.host) } ?? text
  }

  /// `stripDomain`: the first label of a host name, keeping the port; IP addresses unchanged.
  static func stripDomain(_ text: String) -> String {
    let split = splitHostPort(text)
    let host = split.map { String($0.host) } ?? text
    if isIPAddress(host) { return text }
    let shortHost = host.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? host
    guard let port = split?.port, !port.isEmpty else { return shortHost }
    return shortHost.contains(":") ? "[\(shortHost)]:\(port)" : "\(shortHost):\(port)"
  }

  private static func isIPAddress(_ host: String) -> Bool {
    if host.contains(":") { return true }
    let parts = host.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4
      && parts.allSatisfy { part in
        !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber) && (Int(part) ?? 256) <= 255
      }
  }
}
