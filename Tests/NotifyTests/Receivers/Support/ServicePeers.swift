// The two kinds of peer the conformance suite delivers to: an HTTP service stand-in that records
// requests and answers from a plan, and a real SMTP server (aiosmtpd) that stores the messages
// it accepts, read back through Python's own e-mail parser.
import Foundation
import Testing

/// One request the HTTP stand-in received.
struct RecordedRequest: Sendable {
  var method: String
  var path: String
  var query: String
  /// Header names in lower case.
  var headers: [String: String]
  var body: String
  var bodyBytes: [UInt8]
  /// The HMAC-SHA256 of the body as the peer computed it (with --hmac-secret).
  var hmacSHA256: String?

  /// The body parsed as a JSON object.
  func json() throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(bodyBytes))
    return try #require(object as? [String: Any], "body is not a JSON object: \(body)")
  }

  /// The body (or query) parsed as application/x-www-form-urlencoded.
  static func form(_ text: String) -> [String: String] {
    var fields: [String: String] = [:]
    for pair in text.split(separator: "&") {
      let parts = pair.split(separator: "=", maxSplits: 1).map {
        String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
      }
      fields[parts[0]] = parts.count > 1 ? parts[1] : ""
    }
    return fields
  }
}

/// How the HTTP stand-in answers one request.
struct PlannedAnswer: Sendable {
  var status: Int
  var body: String = ""
  var headers: [String: String] = [:]
  var hangs = false

  static let hang = PlannedAnswer(status: 0, hangs: true)

  var json: [String: Any] {
    hangs ? ["hang": true] : ["status": status, "body": body, "headers": headers]
  }
}

/// The HTTP stand-in (http_receiver.py).
struct HTTPServicePeer: Sendable {
  let peer: ReceiverPeer

  var baseURL: String { "http://127.0.0.1:\(peer.port)" }
  private var recordFile: URL { peer.directory.appendingPathComponent("requests.jsonl") }

  init(plan: [PlannedAnswer], hmacSecret: String? = nil) async throws {
    let planText = String(decoding: try JSONSerialization.data(withJSONObject: plan.map(\.json)), as: UTF8.self)
    peer = try await ReceiverPeer(script: "http_receiver.py") { directory in
      ["--record", directory.appendingPathComponent("requests.jsonl").path, "--plan", planText]
        + (hmacSecret.map { ["--hmac-secret", $0] } ?? [])
    }
  }

  func requests() throws -> [RecordedRequest] {
    guard let text = try? String(contentsOf: recordFile, encoding: .utf8) else { return [] }
    return try text.split(separator: "\n").map { line in
      let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      let bytes = Data(base64Encoded: object["body_base64"] as? String ?? "") ?? Data()
      return RecordedRequest(
        method: object["method"] as? String ?? "", path: object["path"] as? String ?? "",
        query: object["query"] as? String ?? "", headers: object["headers"] as? [String: String] ?? [:],
        body: object["body"] as? String ?? "", bodyBytes: Array(bytes), hmacSHA256: object["hmac_sha256"] as? String)
    }
  }
}

/// A message the SMTP server accepted, parsed by Python's email package.
struct ReceivedMail: Sendable {
  var mailFrom: String
  var recipients: [String]
  var login: String?
  var usedTLS: Bool
  /// Decoded header values by lower-case name.
  var headers: [String: String]
  var contentType: String
  /// (content type, decoded content) of each leaf part.
  var parts: [(type: String, content: String)]
  var defects: [String]

  func part(_ type: String) -> String? { parts.first { $0.type == type }?.content }
}

/// The SMTP server (smtp_receiver.py around aiosmtpd's Controller, or aiosmtpd's command line).
struct SMTPServicePeer: Sendable {
  enum Mode: String, Sendable {
    case plain, starttls, smtps, silent
  }

  let peer: ReceiverPeer
  /// Where accepted messages are: N.eml + N.json (the script) or a Maildir (the command line).
  let mailDirectory: URL

  var port: Int { peer.port }

  init(
    mode: Mode = .plain, certificate: (certificate: String, key: String)? = nil, auth: String? = nil,
    reject: [String] = [], tempfail: [String] = [], failFirst: Int = 0, mechanisms: [String]? = nil
  ) async throws {
    var mailDirectory: URL?
    peer = try await ReceiverPeer(script: "smtp_receiver.py", arguments: { directory in
      let mail = directory.appendingPathComponent("mail")
      try? FileManager.default.createDirectory(at: mail, withIntermediateDirectories: true)
      mailDirectory = mail
      var arguments = ["--directory", mail.path, "--mode", mode.rawValue, "--fail-first", String(failFirst)]
      if let certificate { arguments += ["--cert", certificate.certificate, "--key", certificate.key] }
      if let auth { arguments += ["--auth", auth] }
      for address in reject { arguments += ["--reject", address] }
      for address in tempfail { arguments += ["--tempfail", address] }
      if let mechanisms { arguments += ["--mechanisms", mechanisms.joined(separator: ",")] }
      return arguments
    }, needsAIOSMTPD: true)
    self.mailDirectory = try #require(mailDirectory)
  }

  /// aiosmtpd's own command line with its Mailbox handler (a Maildir), STARTTLS when given a certificate.
  init(commandLineWithCertificate certificate: (certificate: String, key: String)?) async throws {
    var mailDirectory: URL?
    peer = try await ReceiverPeer { port, directory in
      let mail = directory.appendingPathComponent("maildir")
      mailDirectory = mail
      var arguments = ["-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Mailbox"]
      if let certificate { arguments += ["--tlscert", certificate.certificate, "--tlskey", certificate.key] }
      return arguments + [mail.path]
    }
    self.mailDirectory = try #require(mailDirectory)
  }

  /// The accepted messages, oldest first.
  func mails() throws -> [ReceivedMail] {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: mailDirectory.path)) ?? []
    if files.contains("new") {
      // A Maildir written by aiosmtpd's Mailbox handler: the envelope is in X-MailFrom / X-RcptTo.
      let new = mailDirectory.appendingPathComponent("new")
      let names = ((try? FileManager.default.contentsOfDirectory(atPath: new.path)) ?? []).sorted()
      return try names.map { name in
        var mail = try Self.parse(new.appendingPathComponent(name))
        mail.mailFrom = mail.headers["x-mailfrom"] ?? ""
        mail.recipients = (mail.headers["x-rcptto"] ?? "").components(separatedBy: ", ")
        return mail
      }
    }
    let numbers = files.filter { $0.hasSuffix(".eml") }.compactMap { Int($0.dropLast(4)) }.sorted()
    return try numbers.map { number in
      var mail = try Self.parse(mailDirectory.appendingPathComponent("\(number).eml"))
      let envelopeData = try Data(contentsOf: mailDirectory.appendingPathComponent("\(number).json"))
      let envelope = try #require(try JSONSerialization.jsonObject(with: envelopeData) as? [String: Any])
      mail.mailFrom = envelope["mail_from"] as? String ?? ""
      mail.recipients = envelope["rcpt_tos"] as? [String] ?? []
      mail.login = envelope["login"] as? String
      mail.usedTLS = envelope["tls"] as? Bool ?? false
      return mail
    }
  }

  private static func parse(_ file: URL) throws -> ReceivedMail {
    let result = try TestFiles.run(["python3", ReceiverPeer.peersDirectory.appendingPathComponent("read_mail.py").path, file.path])
    #expect(result.status == 0, "read_mail.py failed on \(file.path)")
    let object = try #require(try JSONSerialization.jsonObject(with: result.output) as? [String: Any])
    let parts = (object["parts"] as? [[String: Any]] ?? []).map { part in
      (type: part["content_type"] as? String ?? "", content: part["content"] as? String ?? "")
    }
    let defects = (object["defects"] as? [String] ?? []) + (object["parts"] as? [[String: Any]] ?? []).flatMap { $0["defects"] as? [String] ?? [] }
    return ReceivedMail(
      mailFrom: "", recipients: [], login: nil, usedTLS: false, headers: object["headers"] as? [String: String] ?? [:],
      contentType: object["content_type"] as? String ?? "", parts: parts, defects: defects)
  }
}
