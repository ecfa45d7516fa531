// E-mail delivery against a real SMTP server (aiosmtpd): STARTTLS and implicit TLS with a CA
// file, AUTH PLAIN, LOGIN and CRAM-MD5, require_tls, refused credentials, non-ASCII subjects and
// dot-stuffing as a real server and Python's e-mail parser see them, and aiosmtpd's own command
// line with its Maildir.
import Foundation
import Testing
import WardenCore

@testable import Notify

@Suite struct EmailDeliveryTests {
  static func emailYAML(port: Int, extra: String) -> String {
    """
        email_configs:
          - to: ops@example.com
            from: warden@example.com
            smarthost: 127.0.0.1:\(port)
            timeout: 5s
    \(extra)
    """
  }

  static func send(_ yaml: String) async throws -> DeliveryOutcome {
    try await ReceiverHarness.withReceiver(yaml) { receiver in await receiver.deliver(SampleNotifications.group()) }
  }

  @Test func startTLSWithCAFileAndAuthPlain() async throws {
    let certificate = try TestFiles.selfSignedCertificate()
    let server = try await SMTPServicePeer(mode: .starttls, certificate: (certificate.certificate, certificate.key), auth: "alerts:s3cret")
    let outcome = try await Self.send(
      Self.emailYAML(
        port: server.port,
        extra: """
                  auth_username: alerts
                  auth_password: s3cret
                  tls_config: {ca_file: \(certificate.certificate), server_name: localhost}
          """))
    guard case .delivered(let detail) = outcome else { Issue.record("\(outcome)"); return }
    #expect(detail.hasPrefix("250 "), "\(detail)")
    let mail = try #require(try server.mails().first)
    #expect(mail.usedTLS)
    #expect(mail.login == "alerts")
    #expect(mail.recipients == ["ops@example.com"])
  }

  @Test func implicitTLSOnForceImplicitTLSWithAuthLogin() async throws {
    let certificate = try TestFiles.selfSignedCertificate()
    let server = try await SMTPServicePeer(
      mode: .smtps, certificate: (certificate.certificate, certificate.key), auth: "alerts:s3cret", mechanisms: ["LOGIN"])
    let outcome = try await Self.send(
      Self.emailYAML(
        port: server.port,
        extra: """
                  force_implicit_tls: true
                  auth_username: alerts
                  auth_password: s3cret
                  tls_config: {insecure_skip_verify: true}
          """))
    #expect(outcome.isDelivered, "\(outcome)")
    let mail = try #require(try server.mails().first)
    #expect(mail.usedTLS)
    #expect(mail.login == "alerts")
  }

  @Test func cramMD5WhenASecretIsConfigured() async throws {
    let certificate = try TestFiles.selfSignedCertificate()
    let server = try await SMTPServicePeer(
      mode: .starttls, certificate: (certificate.certificate, certificate.key), auth: "alerts:shared", mechanisms: ["CRAM-MD5"])
    let outcome = try await Self.send(
      Self.emailYAML(
        port: server.port,
        extra: """
                  auth_username: alerts
                  auth_secret: shared
                  tls_config: {insecure_skip_verify: true}
          """))
    #expect(outcome.isDelivered, "\(outcome)")
    #expect(try server.mails().first?.login == "alerts")
  }

  @Test func wrongPasswordIsPermanent() async throws {
    let certificate = try TestFiles.selfSignedCertificate()
    let server = try await SMTPServicePeer(mode: .starttls, certificate: (certificate.certificate, certificate.key), auth: "alerts:s3cret")
    let outcome = try await Self.send(
      Self.emailYAML(
        port: server.port,
        extra: """
                  auth_username: alerts
                  auth_password: wrong
                  tls_config: {insecure_skip_verify: true}
          """))
    guard case .permanent(let reason) = outcome else { Issue.record("\(outcome)"); return }
    #expect(reason.contains("535"), "\(reason)")
    #expect(!reason.contains("wrong"), "the password must not appear in reasons")
    #expect(try server.mails().isEmpty)
  }

  @Test func requireTLSFailsWhenTheServerHasNoSTARTTLS() async throws {
    let server = try await SMTPServicePeer(mode: .plain)
    let outcome = try await Self.send(Self.emailYAML(port: server.port, extra: "        require_tls: true"))
    guard case .permanent(let reason) = outcome else { Issue.record("\(outcome)"); return }
    #expect(reason.contains("STARTTLS"), "\(reason)")
  }

  @Test func untrustedCertificateFails() async throws {
    let certificate = try TestFiles.selfSignedCertificate()
    let server = try await SMTPServicePeer(mode: .starttls, certificate: (certificate.certificate, certificate.key))
    let outcome = try await Self.send(Self.emailYAML(port: server.port, extra: "        require_tls: true"))
    #expect(!outcome.isDelivered, "\(outcome)")
    #expect(try server.mails().isEmpty)
  }

  @Test func nonASCIISubjectAndDotLinesArriveIntact() async throws {
    let server = try await SMTPServicePeer(mode: .plain)
    let outcome = try await Self.send(
      Self.emailYAML(
        port: server.port,
        extra: """
                  require_tls: false
                  headers:
                    Subject: 'Überlast ✓ {{ .CommonLabels.alertname }} — Größe {{ .Alerts.Firing | len }}'
                  text: |-
                    first line
                    .
                    .starts with a dot
                    ..two dots
                    trailing space 
                  html: '<p>{{ .CommonAnnotations.summary }} &amp; more</p>'
          """))
    #expect(outcome.isDelivered, "\(outcome)")
    let mail = try #require(try server.mails().first)
    #expect(mail.headers["subject"] == "Überlast ✓ DiskFull — Größe 2")
    var text = try #require(mail.part("text/plain")).replacingOccurrences(of: "\r\n", with: "\n")
    if text.hasSuffix("\n") { text.removeLast() }
    #expect(text == "first line\n.\n.starts with a dot\n..two dots\ntrailing space ")
    #expect(mail.part("text/html")?.contains("<p>Disk almost full &amp; more</p>") == true)
    #expect(mail.defects.isEmpty, "\(mail.defects)")
  }

  @Test func htmlBodyEscapesAlertValues() async throws {
    let server = try await SMTPServicePeer(mode: .plain)
    var alert = SampleNotifications.diskFull
    alert.annotations = alert.annotations.setting("summary", to: "<script>alert(1)</script> & co")
    let outcome = try await ReceiverHarness.withReceiver(Self.emailYAML(port: server.port, extra: "        require_tls: false")) {
      receiver in await receiver.deliver(SampleNotifications.group(alerts: [alert]))
    }
    #expect(outcome.isDelivered, "\(outcome)")
    let html = try #require(try server.mails().first?.part("text/html"))
    #expect(!html.contains("<script>"))
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"))
  }

  @Test func aiosmtpdCommandLineWithSTARTTLSAndMaildir() async throws {
    let certificate = try TestFiles.selfSignedCertificate()
    let server = try await SMTPServicePeer(commandLineWithCertificate: (certificate.certificate, certificate.key))
    let outcome = try await Self.send(
      Self.emailYAML(
        port: server.port,
        extra: """
                  require_tls: true
                  tls_config: {ca_file: \(certificate.certificate), server_name: localhost}
          """))
    #expect(outcome.isDelivered, "\(outcome)")
    let mail = try #require(try server.mails().first)
    #expect(mail.recipients == ["ops@example.com"])
    #expect(mail.headers["subject"] == ReceiverCase.subject)
    #expect(mail.part("text/plain")?.contains("db1:9100") == true)
  }

  @Test func globalSMTPDefaultsFillTheIntegration() async throws {
    let server = try await SMTPServicePeer(mode: .plain, auth: "global:pw")
    var global = NotifyGlobalConfiguration()
    global.smtpSmarthost = "127.0.0.1:\(server.port)"
    global.smtpFrom = "Global Warden <global@example.com>"
    global.smtpRequireTLS = false
    global.smtpAuthUsername = "global"
    global.smtpAuthPassword = .inline("pw")
    let outcome = try await ReceiverHarness.withReceiver("    email_configs:\n      - to: ops@example.com\n", global: global) { receiver in
      await receiver.deliver(SampleNotifications.group())
    }
    #expect(outcome.isDelivered, "\(outcome)")
    let mail = try #require(try server.mails().first)
    #expect(mail.mailFrom == "global@example.com")
    #expect(mail.login == "global")
  }
}
