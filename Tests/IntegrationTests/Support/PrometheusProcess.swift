// The real Prometheus server (Debian's prometheus package), started on a free loopback port with
// its own data directory and a configuration the test writes, as ../shared/PEERS.md describes.
import Foundation
import Testing

final class PrometheusProcess: @unchecked Sendable {
  // @unchecked: everything is set once in init and only read afterwards; Process is safe to
  // signal from any thread.
  let process: Process
  let port: Int
  let directory: URL
  let baseURL: URL
  private let logFile: URL

  /// Starts Prometheus with `configuration` (YAML text) and, when given, an existing data directory.
  init(configuration: String, directory existing: URL? = nil) throws {
    let binary = try PeerTool.require("prometheus", package: "prometheus")
    port = try FreePort.find()
    directory = try existing ?? TemporaryDirectory.make(prefix: "prometheus")
    baseURL = URL(string: "http://127.0.0.1:\(port)")!
    let configFile = directory.appendingPathComponent("prometheus.yml")
    try configuration.write(to: configFile, atomically: true, encoding: .utf8)
    logFile = directory.appendingPathComponent("prometheus.log")
    _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
    process = Process()
    process.executableURL = binary
    process.arguments = [
      "--config.file=\(configFile.path)", "--storage.tsdb.path=\(directory.appendingPathComponent("data").path)",
      "--web.listen-address=127.0.0.1:\(port)", "--web.enable-lifecycle", "--web.enable-remote-write-receiver",
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = try FileHandle(forWritingTo: logFile)
    try process.run()
  }

  deinit {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
  }

  var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

  func waitUntilReady() async throws {
    for _ in 0..<300 {
      if let response = try? await HTTP.get(baseURL.appendingPathComponent("-/ready")), response.status == 200 { return }
      try await Task.sleep(for: .milliseconds(100))
    }
    Issue.record("Prometheus was not ready:\n\(log)")
    throw ServerProcessError.timedOut
  }

  /// Rewrites the configuration and asks Prometheus to reload it.
  func reload(configuration: String) async throws {
    try configuration.write(to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
    let response = try await HTTP.send(baseURL.appendingPathComponent("-/reload"), method: "POST")
    #expect(response.status == 200, "Prometheus reload: \(response.text)")
  }

  /// Stops Prometheus with SIGTERM (it flushes its remote-write queues) and waits for it.
  func stop() async throws {
    guard process.isRunning else { return }
    kill(process.processIdentifier, SIGTERM)
    for _ in 0..<600 where process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
  }

  /// Every stored sample of the series `selector` selects over the last `window`, by series
  /// (labels as a sorted `name=value,...` key) → [(ms, value)].
  func rawSamples(selector: String, window: String = "1h") async throws -> [String: [(Int64, Double)]] {
    var components = URLComponents(url: baseURL.appendingPathComponent("api/v1/query"), resolvingAgainstBaseURL: false)!
    components.queryItems = [URLQueryItem(name: "query", value: "\(selector)[\(window)]")]
    let json = try await HTTP.get(components.url!).json()
    let data = try #require(json["data"] as? [String: Any], "Prometheus answered \(json)")
    let result = try #require(data["result"] as? [[String: Any]])
    var series: [String: [(Int64, Double)]] = [:]
    for entry in result {
      let metric = try #require(entry["metric"] as? [String: String])
      let values = try #require(entry["values"] as? [[Any]])
      series[Self.key(metric)] = values.map { pair in
        let seconds = pair[0] as? Double ?? Double(pair[0] as? Int ?? 0)
        return (Int64((seconds * 1000).rounded()), Self.parseValue(pair[1] as? String ?? ""))
      }
    }
    return series
  }

  static func key(_ labels: [String: String]) -> String {
    labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
  }

  /// Prometheus writes sample values with Go's shortest round-trip formatting, "+Inf" and "NaN".
  static func parseValue(_ text: String) -> Double {
    switch text {
    case "+Inf": .infinity
    case "-Inf": -.infinity
    case "NaN": .nan
    default: Double(text) ?? .nan
    }
  }
}
