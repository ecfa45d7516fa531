// Sends a notification as one e-mail to every address of `to`: renders the addresses, subject,
// headers, text and HTML parts, builds the MIME message and makes one SMTP transaction.
import Foundation
import NIOSSL

struct EmailReceiver: Receiver {
  let configuration: EmailConfiguration
  let global: NotifyGlobalConfiguration
  let environment: ReceiverEnvironment
  let timeout: Duration

  var integration: String { "email" }
  var sendResolved: Bool { configuration.sendResolved }

  func deliver(_ notification: Notification) async -> DeliveryOutcome {
    do {
      return .delivered(detail: try await attempt(notification))
    } catch {
      return error.outcome
    }
  }

  private func attempt(_ notification: Notification) async throws(ReceiverFailure) -> String {
    let config = configuration
    let settings = try smtpSettings()
    let rendering = TemplateRendering(environment.templates, notification)
    let recipients = try SMTPAddress.list(try await rendering.render(config.to, "to")).get()
    guard let fromTemplate = config.from ?? global.smtpFrom, !fromTemplate.isEmpty else {
      throw .permanent("no from address (nor global smtp_from) is configured")
    }
    let senders = try SMTPAddress.list(try await rendering.render(fromTemplate, "from")).get()
    var headers: [String: String] = [:]
    for (name, template) in config.headers {
      headers[name] = try await rendering.render(template, "headers.\(name)")
    }
    let subject: String
    if let configured = headers.removeValue(forKey: "Subject") {
      subject = configured
    } else {
      subject = try await rendering.render(#"{{ template "email.default.subject" . }}"#, "subject")
    }
    let text = try await rendering.render(config.text, "text")
    let html = try await rendering.render(config.html, "html", html: true)
    let domain = senders[0].address.split(separator: "@").last.map(String.init) ?? settings.hello
    let message = EmailMessage(
      from: senders, to: recipients, subject: subject, headers: headers, text: text, html: html, dateMs: notification.nowMs,
      messageID: "\(notification.nowMs).\(Self.randomHex(8))@\(domain)", boundary: "warden-" + Self.randomHex(12))
    return try await SMTPClient.send(
      message: message.bytes, sender: senders[0].address, recipients: recipients.map(\.address), settings: settings)
  }

  /// The SMTP settings with the global defaults applied; secrets and TLS files are read now.
  private func smtpSettings() throws(ReceiverFailure) -> SMTPSettings {
    let config = configuration
    guard let smarthost = config.smarthost ?? global.smtpSmarthost, !smarthost.isEmpty else {
      throw .permanent("no smarthost (nor global smtp_smarthost) is configured")
    }
    guard let (host, port) = SMTPAddress.hostAndPort(smarthost) else {
      throw .permanent("smarthost must be host:port, got \"\(smarthost)\"")
    }
    let tlsSettings = config.tlsConfig ?? global.smtpTLSConfig
    let tls = try tlsSettings.clientConfiguration(relativeTo: environment.directory).get()
    let username = config.authUsername ?? global.smtpAuthUsername
    var password: String?
    if let source = config.authPassword ?? global.smtpAuthPassword {
      password = try source.read(relativeTo: environment.directory).get()
    }
    var secret: String?
    if let source = config.authSecret ?? global.smtpAuthSecret {
      secret = try source.read(relativeTo: environment.directory).get()
    }
    return SMTPSettings(
      host: host, port: port, hello: config.hello ?? global.smtpHello,
      implicitTLS: config.forceImplicitTLS ?? (port == 465), requireTLS: config.requireTLS ?? global.smtpRequireTLS,
      tls: tls, serverName: tlsSettings.serverName ?? host, username: username, password: password,
      identity: config.authIdentity ?? global.smtpAuthIdentity, secret: secret, timeout: timeout)
  }

  static func randomHex(_ bytes: Int) -> String {
    (0..<bytes).map { _ in
      let value = UInt8.random(in: 0...255)
      return (value < 16 ? "0" : "") + String(value, radix: 16)
    }.joined()
  }
}
