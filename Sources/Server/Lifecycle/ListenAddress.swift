// The `--listen` value: `host:port`, `[v6addr]:port`, or `:port` for every interface.

package struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
  package var host: String
  package var port: Int

  package static let `default` = ListenAddress(host: "127.0.0.1", port: 9470)

  package init(host: String, port: Int) {
    self.host = host
    self.port = port
  }

  /// Parses a listen address; nil when there is no port or it is out of range.
  package init?(parsing text: String) {
    var host: Substring
    var portText: Substring
    if text.hasPrefix("[") {
      guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
      host = text[text.index(after: text.startIndex)..<close]
      portText = text[text.index(close, offsetBy: 2)...]
    } else {
      guard let colon = text.lastIndex(of: ":") else { return nil }
      host = text[..<colon]
      portText = text[text.index(after: colon)...]
      if host.contains(":") { return nil }  // a bare IPv6 address needs brackets
    }
    if host.isEmpty { host = "0.0.0.0" }
    guard let port = Int(portText), (0...65535).contains(port) else { return nil }
    self.host = String(host)
    self.port = port
  }

  package var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
