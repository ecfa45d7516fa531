// What the alerting integration tests share: running the real amtool (Debian's
// prometheus-alertmanager package) against a server, posting alerts as JSON, and waiting for a
// condition that the notifier reaches asynchronously.
import Foundation
import Testing

/// amtool pointed at one Alertmanager-compatible URL.
struct Amtool {
  let binary: URL
  let url: URL

  init(url: URL) throws {
    binary = try PeerTool.require("amtool", package: "prometheus-alertmanager")
    self.url = url
  }

  /// Runs `amtool --alertmanager.url=URL arguments...`, recording a failure when it exits non-zero.
  @discardableResult
  func run(_ arguments: [String], expectSuccess: Bool = true) throws -> CommandResult {
    let result = try Command.run(binary, ["--alertmanager.url=\(url.absoluteString)"] + arguments)
    if expectSuccess {
      #expect(result.status == 0, "amtool \(arguments.joined(separator: " ")) failed: \(result.stderr)")
    }
    return result
  }

  /// `amtool alert query -o json ...`: the listed alerts' label sets.
  func alertLabels(_ arguments: [String] = []) throws -> [[String: String]] {
    let result = try run(["alert", "query", "-o", "json"] + arguments)
    let alerts = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result.stdout)")
    return alerts.compactMap { $0["labels"] as? [String: String] }
  }

  /// The `alertname`s `amtool alert query` lists, sorted.
  func alertNames(_ arguments: [String] = []) throws -> [String] {
    try alertLabels(arguments).compactMap { $0["alertname"] }.sorted()
  }

  /// `amtool silence query -o json ...`
  func silences(_ arguments: [String] = []) throws -> [[String: Any]] {
    let result = try run(["silence", "query", "-o", "json"] + arguments)
    return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result.stdout)")
  }
}

enum AlertingTest {
  /// POSTs `json` to /api/v2/alerts.
  static func post(_ json: String, to server: ServerProcess) async throws -> HTTPResult {
    try await server.send("/api/v2/alerts", method: "POST", body: Data(json.utf8), headers: ["Content-Type": "application/json"])
  }

  /// Polls `condition` until it holds or `timeout` passes; returns whether it held.
  static func eventually(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      if try await condition() { return true }
      try await Task.sleep(for: .milliseconds(200))
    }
    return try await condition()
  }

  /// Writes `text` to `name` in `directory` and returns its path.
  static func write(_ text: String, named name: String, in directory: URL) throws -> String {
    let file = directory.appendingPathComponent(name)
    try text.write(to: file, atomically: true, encoding: .utf8)
    return file.path
  }
}
