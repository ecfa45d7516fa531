// One HTTP request of a receiver, sent the way its `http_config` says (authorization, TLS,
// extra headers, redirects followed here so `follow_redirects` holds whatever the shared
// client does), bounded by the receiver's timeout, with the answer classified: 2xx delivered,
// 408/429/5xx and network errors retryable, other statuses permanent.
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Sends requests for one configured integration. Thread-safe (immutable).
struct HTTPDelivery: Sendable {
  /// A request to send; the body is already encoded.
  struct Request: Sendable {
    var method: String = "POST"
    var url: String
    var headers: [(name: String, value: String)] = []
    var body: [UInt8] = []
    /// Authorization from the integration itself (Twilio's account), used when http_config has none.
    var basicAuth: (username: String, password: String)?
  }

  /// What the other side answered (the body cut at `maxResponseBytes`).
  struct Response: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    /// A short excerpt of the body for failure reasons.
    var excerpt: String {
      let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
      let flat = trimmed.replacingOccurrences(of: "\n", with: " ")
      return flat.count > 200 ? String(flat.prefix(200)) + "…" : flat
    }
  }

  static let maxResponseBytes = 64 << 10
  static let maxRedirects = 10

  let client: HTTPClient
  let settings: HTTPClientSettings
  let timeout: Duration
  let directory: String?
  let logger: Logger
  /// How the integration is named in failure reasons ("Slack", "PagerDuty").
  let service: String

  /// Sends `request` and accepts any 2xx answer, describing it as "HTTP 200".
  func deliver(_ request: Request) async -> Result<String, ReceiverFailure> {
    switch await send(request) {
    case .failure(let failure): return .failure(failure)
    case .success(let response): return classify(response)
    }
  }

  /// 2xx is delivered; 408, 429 and 5xx may pass later; every other status will not.
  func classify(_ response: Response) -> Result<String, ReceiverFailure> {
    let detail = response.excerpt.isEmpty ? "" : ": \(response.excerpt)"
    switch response.status {
    case 200..<300:
      return .success("HTTP \(response.status)")
    case 408, 429, 500..<600:
      return .failure(.retryable("\(service) answered HTTP \(response.status)\(detail)"))
    default:
      return .failure(.permanent("\(service) answered HTTP \(response.status)\(detail)"))
    }
  }

  /// Sends `request`, following redirects when allowed; any HTTP answer is a success here.
  func send(_ request: Request) async -> Result<Response, ReceiverFailure> {
    let prepared: HTTPClientRequest
    switch prepare(request) {
    case .success(let value): prepared = value
    case .failure(let failure): return .failure(failure)
    }
    let client = self.client
    let timeout = self.timeout
    let followRedirects = settings.followRedirects
    let service = self.service
    let logger = self.logger
    return await AttemptDeadline.run(timeout, what: "\(service) request") {
      await Self.execute(
        prepared, client: client, timeout: timeout, followRedirects: followRedirects, service: service, logger: logger)
    }
  }

  // MARK: - Building the request

  private func prepare(_ request: Request) -> Result<HTTPClientRequest, ReceiverFailure> {
    guard let url = URL(string: request.url), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
      url.host != nil
    else {
      return .failure(.permanent("\(service) URL is not a valid http(s) URL"))
    }
    var prepared = HTTPClientRequest(url: request.url)
    prepared.method = HTTPMethod(rawValue: request.method)
    prepared.headers.add(name: "User-Agent", value: "Warden")
    for header in request.headers { prepared.headers.add(name: header.name, value: header.value) }
    switch authorizationHeader(fallback: request.basicAuth) {
    case .failure(let failure): return .failure(failure)
    case .success(let value?): prepared.headers.replaceOrAdd(name: "Authorization", value: value)
    case .success(nil): break
    }
    for (name, values) in settings.headers.sorted(by: { $0.key < $1.key }) {
      for value in values.values + values.secrets { prepared.headers.add(name: name, value: value) }
      for file in values.files {
        switch SecretSource.file(file).read(relativeTo: directory) {
        case .success(let value): prepared.headers.add(name: name, value: value)
        case .failure(let failure): return .failure(failure)
        }
      }
    }
    if scheme == "https" {
      switch settings.tls.clientConfiguration(relativeTo: directory) {
      case .success(let tls): prepared.tlsConfiguration = tls
      case .failure(let failure): return .failure(failure)
      }
    }
    if request.method != "GET" || !request.body.isEmpty {
      prepared.body = .bytes(ByteBuffer(bytes: request.body))
    }
    return .success(prepared)
  }

  private func authorizationHeader(fallback: (username: String, password: String)?) -> Result<String?, ReceiverFailure> {
    if let basic = settings.basicAuth {
      var password = ""
      if let source = basic.password {
        switch source.read(relativeTo: directory) {
        case .success(let value): password = value
        case .failure(let failure): return .failure(failure)
        }
      }
      return .success("Basic " + Data("\(basic.username):\(password)".utf8).base64EncodedString())
    }
    if let authorization = settings.authorization {
      guard let source = authorization.credentials else { return .success(authorization.type) }
      switch source.read(relativeTo: directory) {
      case .success(let value): return .success("\(authorization.type) \(value)")
      case .failure(let failure): return .failure(failure)
      }
    }
    if let fallback {
      return .success("Basic " + Data("\(fallback.username):\(fallback.password)".utf8).base64EncodedString())
    }
    return .success(nil)
  }

  // MARK: - Sending

  private static func execute(
    _ first: HTTPClientRequest, client: HTTPClient, timeout: Duration, followRedirects: Bool, service: String, logger: Logger
  ) async -> Result<Response, ReceiverFailure> {
    var request = first
    let deadline = NIODeadline.now() + TimeAmount.nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
    for _ in 0...maxRedirects {
      let response: HTTPClientResponse
      do {
        response = try await client.execute(request, deadline: deadline, logger: logger)
      } catch {
        return .failure(describe(error, service: service))
      }
      let status = Int(response.status.code)
      let headers = response.headers.map { (name: $0.name, value: $0.value) }
      if followRedirects, [301, 302, 303, 307, 308].contains(status), let location = response.headers.first(name: "Location"),
        let next = redirect(request, to: location, status: status)
      {
        request = next
        continue
      }
      var body: [UInt8] = []
      do {
        for try await chunk in response.body {
          body.append(contentsOf: chunk.readableBytesView.prefix(maxResponseBytes - body.count))
          if body.count >= maxResponseBytes { break }
        }
      } catch {
        // The status is known; a body cut short only shortens the failure reason.
        logger.debug("receiver response body cut short", metadata: ["receiver.service": "\(service)", "error": "\(error)"])
      }
      return .success(Response(status: status, headers: headers, body: body))
    }
    return .failure(.permanent("\(service) redirected more than \(maxRedirects) times"))
  }

  /// The request a redirect asks for: 301/302/303 turn a POST into a GET without body (as
  /// browsers and Go do); 307/308 repeat it. Credentials are not sent to another host.
  private static func redirect(_ request: HTTPClientRequest, to location: String, status: Int) -> HTTPClientRequest? {
    guard let base = URL(string: request.url), let target = URL(string: location, relativeTo: base)?.absoluteURL,
      let scheme = target.scheme?.lowercased(), scheme == "http" || scheme == "https"
    else { return nil }
    var next = request
    next.url = target.absoluteString
    if status != 307 && status != 308 && request.method != .GET && request.method != .HEAD {
      next.method = .GET
      next.body = nil
      next.headers.remove(name: "Content-Type")
      next.headers.remove(name: "Content-Length")
    }
    if target.host != base.host || target.port != base.port {
      next.headers.remove(name: "Authorization")
    }
    return next
  }

  /// Bad URLs will stay bad; everything else about the transport may pass later.
  private static func describe(_ error: any Error, service: String) -> ReceiverFailure {
    if let clientError = error as? HTTPClientError {
      if clientError == .invalidURL || clientError == .emptyHost || clientError == .emptyScheme {
        return .permanent("cannot reach \(service): \(clientError)")
      }
      if clientError == .deadlineExceeded || clientError == .readTimeout || clientError == .connectTimeout {
        return .retryable("\(service) request timed out (\(clientError))")
      }
    }
    return .retryable("cannot reach \(service): \(error)")
  }
}
