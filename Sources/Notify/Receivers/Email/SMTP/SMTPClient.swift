// One SMTP transaction, as Alertmanager's email integration makes it: greeting, EHLO (HELO when
// EHLO is refused), STARTTLS when TLS is required (then EHLO again), AUTH (CRAM-MD5 with a
// secret, else PLAIN, else LOGIN), MAIL FROM, one RCPT TO per recipient, DATA with the
// dot-stuffed message, QUIT. Every reply is checked; 4xx fail the attempt as retryable, 5xx as
// permanent.
import Crypto
import Foundation
import NIOCore
import NIOSSL

/// Where and how to send. Built per attempt (secrets and TLS files are read then).
struct SMTPSettings: Sendable {
  var host: String
  var port: Int
  var hello: String
  /// TLS from the first byte (port 465 or `force_implicit_tls`).
  var implicitTLS: Bool
  /// STARTTLS required (and used) on a plain connection.
  var requireTLS: Bool
  var tls: TLSConfiguration
  /// The name the certificate must carry (tls_config.server_name, else the host).
  var serverName: String
  var username: String?
  var password: String?
  var identity: String?
  /// CRAM-MD5's shared secret.
  var secret: String?
  var timeout: Duration
}

enum SMTPClient {
  /// Sends `message` (complete, CRLF line endings) from `sender` to `recipients`.
  /// - Returns: the server's answer to the end of DATA ("250 2.0.0 Ok: queued as ...").
  static func send(message: [UInt8], sender: String, recipients: [String], settings: SMTPSettings) async throws(ReceiverFailure)
    -> String
  {
    let deadline = NIODeadline.now() + TimeAmount.nanoseconds(nanoseconds(settings.timeout))
    var connection = try await SMTPConnection.connect(
      host: settings.host, port: settings.port, implicitTLS: settings.implicitTLS ? settings.tls : nil,
      serverName: settings.serverName, deadline: deadline)
    do throws(ReceiverFailure) {
      try await connection.reply("the greeting").expect([220], "the connection")
      var extensions = try await hello(connection, settings.hello)
      if !connection.isEncrypted && settings.requireTLS {
        guard extensions["STARTTLS"] != nil else {
          throw .permanent("require_tls is set but the SMTP server does not offer STARTTLS")
        }
        try await connection.command("STARTTLS").expect([220], "STARTTLS")
        connection = try await connection.startTLS(settings.tls, serverName: settings.serverName)
        extensions = try await hello(connection, settings.hello)
      }
      if let username = settings.username, !username.isEmpty {
        try await authenticate(connection, extensions: extensions, settings: settings, username: username)
      }
      if let limit = extensions["SIZE"].flatMap({ Int($0) }), limit > 0, message.count > limit {
        throw .permanent("the message (\(message.count) bytes) is over the SMTP server's limit of \(limit) bytes")
      }
      try await connection.command("MAIL FROM:<\(sender)>").expect([250], "the sender <\(sender)>")
      for recipient in recipients {
        try await connection.command("RCPT TO:<\(recipient)>").expect([250, 251], "the recipient <\(recipient)>")
      }
      try await connection.command("DATA").expect([354], "DATA")
      try await connection.write(MessageEncoding.dotStuffed(message), step: "the message")
      let accepted = try await connection.reply("the message")
      try accepted.expect([250], "the message")
      await connection.close()
      return accepted.summary
    } catch {
      connection.abort()
      throw error
    }
  }

  static func nanoseconds(_ duration: Duration) -> Int64 {
    duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
  }

  /// EHLO, or HELO when the server does not speak ESMTP; returns the extensions offered
  /// (keyword in upper case → parameters).
  private static func hello(_ connection: SMTPConnection, _ name: String) async throws(ReceiverFailure) -> [String: String] {
    let reply = try await connection.command("EHLO \(name)")
    if reply.code == 250 {
      var extensions: [String: String] = [:]
      for line in reply.lines.dropFirst() {
        let parts = line.split(separator: " ", maxSplits: 1)
        guard let keyword = parts.first else { continue }
        var key = keyword.uppercased()
        var parameters = parts.count > 1 ? String(parts[1]) : ""
        // Old servers write "AUTH=LOGIN PLAIN".
        if key.hasPrefix("AUTH=") {
          parameters = String(key.dropFirst(5)) + (parameters.isEmpty ? "" : " " + parameters)
          key = "AUTH"
        }
        extensions[key] = extensions[key].map { $0 + " " + parameters } ?? parameters
      }
      return extensions
    }
    guard [500, 501, 502, 504].contains(reply.code) else { throw reply.failure("EHLO") }
    try await connection.command("HELO \(name)").expect([250], "HELO")
    return [:]
  }

  private static func authenticate(
    _ connection: SMTPConnection, extensions: [String: String], settings: SMTPSettings, username: String
  ) async throws(ReceiverFailure) {
    guard let offered = extensions["AUTH"] else {
      throw .permanent("auth_username is set but the SMTP server offers no authentication")
    }
    let mechanisms = Set(offered.uppercased().split(separator: " ").map(String.init))
    // Credentials travel only encrypted, or to this machine (as Go's smtp.PlainAuth allows).
    guard connection.isEncrypted || isLoopback(settings.host) else {
      throw .permanent("refusing to send SMTP credentials over an unencrypted connection; enable require_tls or use implicit TLS")
    }
    if let secret = settings.secret, mechanisms.contains("CRAM-MD5") {
      let challenge = try await connection.command("AUTH CRAM-MD5")
      try challenge.expect([334], "AUTH CRAM-MD5")
      guard let decoded = Data(base64Encoded: challenge.text.trimmingCharacters(in: .whitespaces)) else {
        throw .retryable("SMTP server sent a CRAM-MD5 challenge that is not base64")
      }
      let digest = HMAC<Insecure.MD5>.authenticationCode(for: decoded, using: SymmetricKey(data: Array(secret.utf8)))
      let hex = digest.map { String(format: "%02x", $0) }.joined()
      try await connection.command(base64("\(username) \(hex)"), shown: "the CRAM-MD5 response").expect([235], "the credentials")
      return
    }
    guard let password = settings.password else {
      throw .permanent("auth_username is set without auth_password (or auth_secret for CRAM-MD5)")
    }
    if mechanisms.contains("PLAIN") {
      let token = base64("\(settings.identity ?? "")\u{0}\(username)\u{0}\(password)")
      try await connection.command("AUTH PLAIN \(token)", shown: "AUTH PLAIN").expect([235], "the credentials (AUTH PLAIN)")
    } else if mechanisms.contains("LOGIN") {
      try await connection.command("AUTH LOGIN").expect([334], "AUTH LOGIN")
      try await connection.command(base64(username), shown: "the user name").expect([334], "the user name (AUTH LOGIN)")
      try await connection.command(base64(password), shown: "the password").expect([235], "the credentials (AUTH LOGIN)")
    } else {
      throw .permanent("the SMTP server offers none of the authentication mechanisms Warden has (PLAIN, LOGIN, CRAM-MD5): \(offered)")
    }
  }

  private static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

  static func isLoopback(_ host: String) -> Bool {
    host == "localhost" || host == "::1" || host.hasPrefix("127.")
  }
}
