// A minimal HTTP client for the tests, on Foundation's URLSession.
import Foundation
#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

struct HTTPResult: Sendable {
  var status: Int
  var headers: [String: String]
  var body: Data
  var text: String { String(decoding: body, as: UTF8.self) }

  func json() throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
      throw URLError(.cannotParseResponse)
    }
    return object
  }

  func jsonArray() throws -> [[String: Any]] {
    guard let array = try JSONSerialization.jsonObject(with: body) as? [[String: Any]] else {
      throw URLError(.cannotParseResponse)
    }
    return array
  }
}

enum HTTP {
  static let session: URLSession = {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = 15
    configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
    return URLSession(configuration: configuration)
  }()

  static func get(_ url: URL) async throws -> HTTPResult {
    try await send(url, method: "GET")
  }

  static func send(_ url: URL, method: String, body: Data? = nil, headers requestHeaders: [String: String] = [:]) async throws
    -> HTTPResult
  {
    var request = URLRequest(url: url)
    request.httpMethod = method
    request.httpBody = body
    for (name, value) in requestHeaders { request.setValue(value, forHTTPHeaderField: name) }
    let (data, response) = try await session.data(for: request)
    let http = response as! HTTPURLResponse
    var headers: [String: String] = [:]
    for (key, value) in http.allHeaderFields {
      headers[String(describing: key).lowercased()] = String(describing: value)
    }
    return HTTPResult(status: http.statusCode, headers: headers, body: data)
  }
}
