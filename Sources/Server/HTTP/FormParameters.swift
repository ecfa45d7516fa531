// Request parameters as Prometheus's API reads them (Go's ParseForm): the URL query and, for
// POST/PUT/PATCH with `application/x-www-form-urlencoded`, the body; keys and values percent-decoded
// and `+` read as a space. Hummingbird's own query parameters leave keys encoded, and clients
// send `match[]` as `match%5B%5D`.
import Foundation
import Hummingbird

struct FormParameters {
  private var pairs: [(String, String)] = []

  /// Reads the query and a form body of at most `maxBodyBytes`.
  static func read(_ request: Request, maxBodyBytes: Int = 1 << 20) async throws -> FormParameters {
    var parameters = FormParameters()
    // Go puts the body's values before the query's, so a form value wins over a URL one; only
    // POST, PUT and PATCH bodies are read.
    if [.post, .put, .patch].contains(request.method), let type = request.headers[.contentType],
      type.lowercased().hasPrefix("application/x-www-form-urlencoded")
    {
      let body = try await request.collectBody(limit: maxBodyBytes, what: "form body")
      parameters.add(encoded: String(buffer: body))
    }
    parameters.add(encoded: request.uri.query ?? "")
    return parameters
  }

  init(encoded: String = "") {
    add(encoded: encoded)
  }

  private mutating func add(encoded: String) {
    for part in encoded.split(separator: "&", omittingEmptySubsequences: true) {
      let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let key = Self.decode(pieces[0])
      let value = pieces.count > 1 ? Self.decode(pieces[1]) : ""
      pairs.append((key, value))
    }
  }

  private static func decode(_ text: Substring) -> String {
    let spaced = text.replacingOccurrences(of: "+", with: " ")
    return spaced.removingPercentEncoding ?? spaced
  }

  /// Every value of `name`, in order.
  func all(_ name: String) -> [String] { pairs.filter { $0.0 == name }.map(\.1) }

  /// The first value of `name`.
  func first(_ name: String) -> String? { pairs.first { $0.0 == name }?.1 }
}
