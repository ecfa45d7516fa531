// Delivers a notification as Alertmanager's webhook JSON to the configured URL, signed when a
// secret is configured (see WebhookConfiguration).
import Crypto

struct WebhookReceiver: Receiver {
  let configuration: WebhookConfiguration
  let environment: ReceiverEnvironment

  var integration: String { "webhook" }
  var sendResolved: Bool { configuration.sendResolved }

  func deliver(_ notification: Notification) async -> DeliveryOutcome {
    do {
      return .delivered(detail: try await attempt(notification))
    } catch {
      return error.outcome
    }
  }

  private func attempt(_ notification: Notification) async throws(ReceiverFailure) -> String {
    let url = try environment.secret(configuration.url, "url")
    let body = WebhookPayload.make(notification, maxAlerts: configuration.maxAlerts).bytes
    var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
    if let source = configuration.signatureSecret {
      let secret = try environment.secret(source, "signature_secret")
      headers.append((configuration.signatureHeader, "sha256=" + Self.signature(body, secret: secret)))
    }
    return try await environment.http.deliver(HTTPDelivery.Request(url: url, headers: headers, body: body)).get()
  }

  /// Hex HMAC-SHA256 of `body` under `secret`.
  static func signature(_ body: [UInt8], secret: String) -> String {
    let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
    return code.map { byte in
      let digits = String(byte, radix: 16)
      return digits.count == 1 ? "0" + digits : digits
    }.joined()
  }
}
