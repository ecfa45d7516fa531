// Sends a notification as text messages, one request per recipient, through Twilio's Messages
// API (form POST to `{api_url}/2010-04-01/Accounts/{SID}/Messages.json` with basic auth; 201
// Created) or through a generic gateway (URL, body and headers rendered per recipient).
// Recipients already reached by an earlier attempt of the same notification are skipped.
import Foundation
import GoTemplate

struct SMSReceiver: Receiver {
  let configuration: SMSConfiguration
  let environment: ReceiverEnvironment
  let progress = SMSRecipientProgress()

  var integration: String { configuration.provider == .twilio ? "twilio" : "sms" }
  var sendResolved: Bool { configuration.sendResolved }

  func deliver(_ notification: Notification) async -> DeliveryOutcome {
    let rendering = TemplateRendering(environment.templates, notification)
    var recipients: [String] = []
    let text: String
    do {
      for recipient in configuration.to { recipients.append(try await rendering.render(recipient, "to")) }
      text = SMSText.truncated(try await rendering.render(configuration.message, "message"), segments: configuration.maxSegments)
    } catch {
      return error.outcome
    }
    let key = SMSRecipientProgress.key(notification)
    let alreadyDelivered = progress.delivered(key, nowMs: notification.nowMs)
    var delivered: [String] = []
    var failures: [ReceiverFailure] = []
    for recipient in recipients where !alreadyDelivered.contains(recipient) {
      do {
        _ = try await send(text, to: recipient, notification: notification)
        progress.record(recipient, for: key, nowMs: notification.nowMs)
        delivered.append(recipient)
      } catch {
        failures.append(error.prefixed("to \(recipient)"))
      }
    }
    if failures.isEmpty {
      progress.finish(key)
      let skipped = recipients.count - delivered.count
      return .delivered(
        detail: "\(delivered.count) message\(delivered.count == 1 ? "" : "s") accepted"
          + (skipped > 0 ? " (\(skipped) sent by an earlier attempt)" : ""))
    }
    let reasons = failures.map(\.reason).joined(separator: "; ")
    let summary = "\(failures.count) of \(recipients.count) messages failed: \(reasons)"
    return failures.contains(where: \.isRetryable) ? .retryable(reason: summary) : .permanent(reason: summary)
  }

  private func send(_ text: String, to recipient: String, notification: Notification) async throws(ReceiverFailure) -> String {
    switch configuration.provider {
    case .twilio:
      let token = try environment.secret(configuration.authToken, "auth_token")
      let base = configuration.apiURL.hasSuffix("/") ? String(configuration.apiURL.dropLast()) : configuration.apiURL
      let form = [("To", recipient), ("From", configuration.from), ("Body", text)]
        .map { "\(Self.formEncoded($0.0))=\(Self.formEncoded($0.1))" }.joined(separator: "&")
      return try await environment.http.deliver(
        HTTPDelivery.Request(
          url: "\(base)/2010-04-01/Accounts/\(configuration.accountSID)/Messages.json",
          headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array(form.utf8),
          basicAuth: (configuration.accountSID, token))
      ).get()
    case .gateway:
      let rendering = TemplateRendering(
        environment.templates, notification, extra: ["To": .string(recipient), "Message": .string(text)])
      let url = try await rendering.render(configuration.url, "url")
      var headers: [(name: String, value: String)] = []
      var body: [UInt8] = []
      if let template = configuration.body {
        body = Array(try await rendering.render(template, "body").utf8)
        headers.append(("Content-Type", configuration.contentType))
      }
      for (name, template) in configuration.headers.sorted(by: { $0.key < $1.key }) {
        headers.append((name, try await rendering.render(template, "headers.\(name)")))
      }
      return try await environment.http.deliver(
        HTTPDelivery.Request(method: configuration.method, url: url, headers: headers, body: body)
      ).get()
    }
  }

  /// application/x-www-form-urlencoded: unreserved characters kept, spaces as "+", the rest %XX.
  static func formEncoded(_ text: String) -> String {
    var out = ""
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
        out.unicodeScalars.append(Unicode.Scalar(byte))
      case UInt8(ascii: " "):
        out += "+"
      default:
        out += String(format: "%%%02X", byte)
      }
    }
    return out
  }
}
