// The receiving ends of the end-to-end alerting test: the Python peers NotifyTests' receiver
// suite uses (an aiosmtpd SMTP server writing each accepted message to N.eml + N.json, and an
// HTTP server recording each request as a JSON line), started here the same way.
import Foundation
import Testing

/// One of Tests/NotifyTests/Receivers/Peers/*.py, started on the port it chooses ("PORT n").
final class PythonPeer: @unchecked Sendable {
  // @unchecked: set once in init, then only read; kill by PID is safe from any thread.
  let process: Process
  let port: Int
  let directory: URL

  static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("NotifyTests/Receivers/Peers")

  init(script: String, arguments: (URL) -> [String]) async throws {
    directory = try TemporaryDirectory.make(prefix: "peer")
    let output = directory.appendingPathComponent("stdout.txt")
    let errors = directory.appendingPathComponent("stderr.txt")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
    process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", Self.scripts.appendingPathComponent(script).path] + arguments(directory)
    process.standardOutput = try FileHandle(forWritingTo: output)
    process.standardError = try FileHandle(forWritingTo: errors)
    try process.run()
    var found: Int?
    for _ in 0..<300 where found == nil && process.isRunning {
      if let text = try? String(contentsOf: output, encoding: .utf8), let line = text.split(separator: "\n").first,
        line.hasPrefix("PORT ")
      {
        found = Int(line.dropFirst(5))
      } else {
        try await Task.sleep(for: .milliseconds(100))
      }
    }
    guard let found else {
      let reason = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
      Issue.record("\(script) did not start (make test installs python3 and aiosmtpd): \(reason.suffix(600))")
      throw ServerProcessError.exited
    }
    port = found
  }

  deinit {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
  }
}

/// What the SMTP peer accepted: envelope and the message parsed by Python's email package.
struct DeliveredMail {
  var recipients: [String]
  var subject: String
  var text: String
  var html: String

  static func all(in directory: URL) throws -> [DeliveredMail] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    let numbers = names.filter { $0.hasSuffix(".eml") }.compactMap { Int($0.dropLast(4)) }.sorted()
    return try numbers.map { number in
      let envelopeData = try Data(contentsOf: directory.appendingPathComponent("\(number).json"))
      let envelope = try #require(try JSONSerialization.jsonObject(with: envelopeData) as? [String: Any])
      let parsed = try Command.run(
        URL(fileURLWithPath: "/usr/bin/env"),
        ["python3", PythonPeer.scripts.appendingPathComponent("read_mail.py").path, directory.appendingPathComponent("\(number).eml").path])
      let object = try #require(try JSONSerialization.jsonObject(with: Data(parsed.stdout.utf8)) as? [String: Any], "\(parsed.stderr)")
      let headers = object["headers"] as? [String: String] ?? [:]
      let parts = object["parts"] as? [[String: Any]] ?? []
      func part(_ type: String) -> String { parts.first { $0["content_type"] as? String == type }?["content"] as? String ?? "" }
      return DeliveredMail(
        recipients: envelope["rcpt_tos"] as? [String] ?? [], subject: headers["subject"] ?? "", text: part("text/plain"),
        html: part("text/html"))
    }
  }
}

/// The webhook requests the HTTP peer recorded, as parsed JSON bodies.
enum RecordedWebhooks {
  static func all(in file: URL) throws -> [[String: Any]] {
    guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
    return try text.split(separator: "\n").map { line in
      let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      let body = Data(base64Encoded: record["body_base64"] as? String ?? "") ?? Data()
      return try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
    }
  }
}
