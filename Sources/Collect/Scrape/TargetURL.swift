// The scrape URL, escaped as Go's net/url escapes a path and a query, so the request a target
// makes matches what Prometheus would send for the same labels.

enum TargetURL {
  static func build(scheme: String, address: String, path: String, query: [(String, String)]) -> String {
    var url = scheme + "://" + address
    if !path.isEmpty, !path.hasPrefix("/") { url += "/" }
    url += escape(path, keeping: pathSafe, spaceAsPlus: false)
    if !query.isEmpty {
      url += "?"
      url += query.map {
        escape($0.0, keeping: querySafe, spaceAsPlus: true) + "=" + escape($0.1, keeping: querySafe, spaceAsPlus: true)
      }.joined(separator: "&")
    }
    return url
  }

  private static let pathSafe: Set<UInt8> = Set("-_.~/$&+,:;=@!'()*".utf8)
  private static let querySafe: Set<UInt8> = Set("-_.~".utf8)
  private static let hex = Array("0123456789ABCDEF".utf8)

  /// Percent-encodes every byte but ASCII letters, digits and `safe`; in a query a space is `+`,
  /// as Go's QueryEscape writes it.
  private static func escape(_ text: String, keeping safe: Set<UInt8>, spaceAsPlus: Bool) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count)
    for byte in text.utf8 {
      let isAlphanumeric =
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
        || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
      if isAlphanumeric || safe.contains(byte) {
        out.append(byte)
      } else if spaceAsPlus, byte == UInt8(ascii: " ") {
        out.append(UInt8(ascii: "+"))
      } else {
        out.append(UInt8(ascii: "%"))
        out.append(hex[Int(byte >> 4)])
        out.append(hex[Int(byte & 0x0F)])
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
