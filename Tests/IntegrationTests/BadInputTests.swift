// Every malformed configuration and unusable data directory: one clear line, non-zero exit,
// never a crash. Checked through `warden check-config` and `warden serve --config`.
import Foundation
import Testing

struct BadConfigCase: CustomTestStringConvertible, Sendable {
  var name: String
  var yaml: String
  /// Fragments the single error line must contain; `FILE` stands for the file's path.
  var expected: [String]
  var testDescription: String { name }
}

@Suite(.timeLimit(.minutes(3)))
struct BadInputTests {
  static let cases: [BadConfigCase] = [
    .init(name: "YAML syntax error", yaml: "global:\n  scrape_interval: [15s\n", expected: ["FILE:3:", "invalid YAML"]),
    .init(name: "unknown top-level key", yaml: "globl:\n  scrape_interval: 15s\n", expected: ["FILE:1:1:", "unknown field \"globl\"", "\"global\""]),
    .init(name: "unknown nested key", yaml: "global:\n  scrape_intervall: 15s\n", expected: ["FILE:2:3:", "field global.scrape_intervall", "unknown field"]),
    .init(name: "mapping where a list is", yaml: "global: [1, 2]\n", expected: ["FILE:1:9:", "field global:", "expected a mapping, got a list"]),
    .init(name: "scalar where a mapping is", yaml: "global:\n  external_labels: eu-west\n", expected: ["FILE:2:20:", "global.external_labels", "expected a mapping"]),
    .init(name: "not a duration", yaml: "global:\n  scrape_interval: 5 minutes\n", expected: ["FILE:2:20:", "global.scrape_interval", "expected a duration"]),
    .init(name: "list where a duration is", yaml: "global:\n  evaluation_interval: [1m]\n", expected: ["FILE:2:24:", "global.evaluation_interval", "expected a string, got a list"]),
    .init(name: "timeout over interval", yaml: "global:\n  scrape_interval: 10s\n  scrape_timeout: 20s\n", expected: ["FILE:3:19:", "global.scrape_timeout", "longer than scrape_interval 10s"]),
    .init(name: "zero interval", yaml: "global:\n  scrape_interval: 0s\n", expected: ["FILE:2:20:", "global.scrape_interval", "greater than 0s"]),
    .init(name: "invalid label name", yaml: "global:\n  external_labels:\n    1region: eu\n", expected: ["FILE:3:14:", "global.external_labels.1region", "not a valid label name"]),
    .init(name: "duplicate key", yaml: "global:\n  scrape_interval: 15s\n  scrape_interval: 30s\n", expected: ["FILE:", "duplicate key \"scrape_interval\""]),
    .init(name: "top level is a list", yaml: "- global\n", expected: ["FILE:1:1:", "expected a mapping, got a list"]),
    .init(name: "tab indentation", yaml: "global:\n\tscrape_interval: 15s\n", expected: ["FILE:2:", "invalid YAML"]),
    .init(name: "not UTF-8", yaml: "global:\n  external_labels:\n    a: \u{FFFF}\u{FFFE}\n", expected: []),
  ]

  @Test(arguments: cases)
  func checkConfigRejectsWithOneLine(_ testCase: BadConfigCase) throws {
    let file = try write(testCase)
    let result = try Command.warden(["check-config", file.path])
    if testCase.expected.isEmpty {
      // Odd-but-valid text: must not crash, whatever it decides.
      #expect(result.status == 0 || result.status == 1)
      return
    }
    #expect(result.status == 1, "check-config accepted it: \(result.stdout)")
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.count == 1, "expected one line, got:\n\(result.stderr)")
    for fragment in testCase.expected {
      let wanted = fragment.replacingOccurrences(of: "FILE", with: file.path)
      #expect(result.stderr.contains(wanted), "«\(wanted)» not in: \(result.stderr)")
    }
  }

  @Test(arguments: cases.filter { !$0.expected.isEmpty })
  func serveRefusesToStartWithOneLine(_ testCase: BadConfigCase) throws {
    let file = try write(testCase)
    let data = try TemporaryDirectory.make(prefix: "warden-data")
    let port = try FreePort.find()
    let result = try Command.warden(["serve", "--config", file.path, "--data-dir", data.path, "--listen", "127.0.0.1:\(port)"])
    #expect(result.status == 1)
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.count == 1, "expected one line, got:\n\(result.stderr)")
    #expect(result.stderr.contains("level=critical"))
    #expect(result.stderr.contains(file.path))
  }

  @Test func missingFileIsOneLine() throws {
    let result = try Command.warden(["check-config", "/nonexistent/warden.yml"])
    #expect(result.status == 1)
    #expect(result.stderr == "/nonexistent/warden.yml: cannot read configuration file: no such file\n")
  }

  @Test func directoryAsConfigIsOneLine() throws {
    let directory = try TemporaryDirectory.make(prefix: "warden-config-dir")
    let result = try Command.warden(["check-config", directory.path])
    #expect(result.status == 1)
    #expect(result.stderr.contains("it is a directory"))
  }

  @Test func binaryFileIsOneLine() throws {
    let file = try TemporaryDirectory.make(prefix: "warden-config").appendingPathComponent("binary.yml")
    try Data([0xff, 0xfe, 0x00, 0x81, 0x0a]).write(to: file)
    let result = try Command.warden(["check-config", file.path])
    #expect(result.status == 1)
    #expect(result.stderr.split(separator: "\n").count == 1)
    #expect(result.stderr.contains("not UTF-8"))
  }

  @Test func validConfigurationIsAccepted() throws {
    let file = try TemporaryDirectory.make(prefix: "warden-config").appendingPathComponent("ok.yml")
    let yaml = """
      # pasted from a Prometheus setup
      global:
        scrape_interval: 15s
        scrape_timeout: 10s
        evaluation_interval: 1m30s
        external_labels:
          region: eu-west-1
          replica: "1"
      """
    try yaml.write(to: file, atomically: true, encoding: .utf8)
    let result = try Command.warden(["check-config", file.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "\(file.path): OK\n")
  }

  @Test func dataDirectoryThatIsAFileIsOneLine() throws {
    let file = try TemporaryDirectory.make(prefix: "warden-data").appendingPathComponent("plain-file")
    try Data("x".utf8).write(to: file)
    let port = try FreePort.find()
    let result = try Command.warden(["serve", "--data-dir", file.path, "--listen", "127.0.0.1:\(port)"])
    #expect(result.status == 1)
    let critical = result.stderr.split(separator: "\n").filter { $0.contains("level=critical") }
    #expect(critical.count == 1)
    #expect(result.stderr.contains("cannot use data directory \(file.path): it exists and is not a directory"))
  }

  @Test func dataDirectoryThatCannotBeCreatedIsOneLine() throws {
    let port = try FreePort.find()
    let result = try Command.warden(["serve", "--data-dir", "/proc/warden-cannot-be-here", "--listen", "127.0.0.1:\(port)"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("cannot create data directory /proc/warden-cannot-be-here"))
  }

  @Test func busyPortIsOneLine() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    let data = try TemporaryDirectory.make(prefix: "warden-data")
    let result = try Command.warden(["serve", "--data-dir", data.path, "--listen", "127.0.0.1:\(server.port)"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("cannot listen on 127.0.0.1:\(server.port)"), "\(result.stderr)")
    try await server.stop()
  }

  @Test(arguments: [
    ["serve", "--listen", "nowhere"],
    ["serve", "--listen", "127.0.0.1:70000"],
    ["serve", "--log-format", "xml"],
    ["serve", "--log-level", "loud"],
    ["serve", "--shutdown-timeout", "soon"],
    ["frobnicate"],
    ["check-config"],
  ])
  func badUsageExitsTwo(_ arguments: [String]) throws {
    let result = try Command.warden(arguments)
    #expect(result.status == 2, "\(arguments): \(result.stderr)")
    #expect(!result.stderr.isEmpty)
  }

  private func write(_ testCase: BadConfigCase) throws -> URL {
    let file = try TemporaryDirectory.make(prefix: "warden-config").appendingPathComponent("warden.yml")
    try testCase.yaml.write(to: file, atomically: true, encoding: .utf8)
    return file
  }
}
