// `promtool check metrics` (the real one, from Debian's prometheus package) on what Warden serves.
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct PromtoolTests {
  @Test func selfMetricsPassPromtoolCleanly() async throws {
    let promtool = try PeerTool.require("promtool", package: "prometheus")
    let server = try ServerProcess()
    try await server.waitUntilReady()
    _ = try await server.get("/-/healthy")  // so the request counters and histograms have series
    let body = try await server.get("/metrics").body
    let result = try Command.run(promtool, ["check", "metrics"], input: body)
    #expect(result.status == 0, "promtool: \(result.stdout)\(result.stderr)")
    #expect((result.stdout + result.stderr).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    try await server.stop()
  }

  /// node_exporter's own names break two of promtool's naming lints (camelCase meminfo fields,
  /// `_bits` units); Warden keeps those names so dashboards work. So: no parse error, and no
  /// problem that promtool does not also report for node_exporter itself on this machine.
  @Test func hostMetricsPassPromtoolExceptNodeExportersOwnNamingLints() async throws {
    let promtool = try PeerTool.require("promtool", package: "prometheus")
    let exporter = try NodeExporterProcess()
    let server = try ServerProcess()
    try await server.waitUntilReady()
    try await exporter.waitUntilUp()

    let warden = try Command.run(promtool, ["check", "metrics"], input: try await server.get("/metrics/host").body)
    let reference = try Command.run(promtool, ["check", "metrics"], input: try await exporter.scrape().body)
    #expect(warden.status == 0 || warden.status == 3, "promtool could not parse /metrics/host: \(warden.stderr)")
    #expect(!warden.stderr.contains("error while linting"), "\(warden.stderr)")

    let problems = Set((warden.stdout + warden.stderr).split(separator: "\n").map(String.init))
    let accepted = Set((reference.stdout + reference.stderr).split(separator: "\n").map(String.init))
    let ours = problems.subtracting(accepted).filter { !$0.isEmpty }
    #expect(ours.isEmpty, "promtool problems node_exporter does not have:\n\(ours.sorted().joined(separator: "\n"))")
    try await server.stop()
    exporter.stop()
  }
}
