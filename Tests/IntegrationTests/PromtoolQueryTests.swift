// The real promtool's `query` subcommands print the same against Warden as against Prometheus
// holding the same data: promtool reads both answers through client_golang, so any difference in
// shape, value or label shows up in its text. (Sums of many floats are left out: Warden sums as
// Prometheus 3 does, with Kahan compensation, and Debian's Prometheus 2.42 differs in the last
// digit there; the differential test compares those within a tolerance.)
import Foundation
import Testing

@Suite(.serialized, .timeLimit(.minutes(2)))
struct PromtoolQueryTests {
  @Test func promtoolPrintsTheSameForWardenAndPrometheus() async throws {
    let promtool = try PeerTool.require("promtool", package: "prometheus")
    let pair = try await DemoPair(minutes: 30)
    let at = String(pair.data.timestamp(pair.data.count - 10) / 1000)
    let start = String((pair.data.startMs + 600_000) / 1000)
    let end = String(pair.data.endMs / 1000)
    let commands: [[String]] = [
      ["query", "series", "--match=demo_memory_usage_bytes", "--match=demo_num_cpus"],
      ["query", "series", "--match={__name__=~\"demo_api.*\",status=\"500\"}", "--start=\(start)", "--end=\(end)"],
      ["query", "labels", "--match={__name__=~\"demo_.+\"}", "instance"],
      ["query", "labels", "--match=demo_cpu_usage_seconds_total", "mode"],
      ["query", "instant", "--time=\(at)", "demo_memory_usage_bytes"],
      ["query", "instant", "--time=\(at)", "sum by (instance) (rate(demo_cpu_usage_seconds_total[5m]))"],
      ["query", "instant", "--time=\(at)", "scalar(demo_num_cpus{instance=\"demo.promlabs.com:10000\"})"],
      ["query", "range", "--start=\(start)", "--end=\(end)", "--step=1m", "demo_num_cpus * 2"],
      ["query", "range", "--start=\(start)", "--end=\(end)", "--step=30s",
       "histogram_quantile(0.9, rate(demo_api_request_duration_seconds_bucket{path=\"/api/foo\",status=\"200\"}[5m]))"],
      ["query", "instant", "--format=json", "--time=\(at)", "demo_intermittent_metric"],
    ]
    for command in commands {
      // promtool takes the server as the first positional argument.
      let split = command.firstIndex { !$0.hasPrefix("-") && !["query", "series", "labels", "instant", "range"].contains($0) }
        ?? command.count
      func run(_ base: URL) throws -> CommandResult {
        var arguments = command
        arguments.insert(base.absoluteString, at: split)
        return try Command.run(promtool, arguments)
      }
      let ours = try run(pair.warden.baseURL)
      let theirs = try run(pair.prometheus.baseURL)
      #expect(theirs.status == 0, "Prometheus: \(command): \(theirs.stderr)")
      #expect(ours.status == theirs.status, "\(command): \(ours.stderr)")
      #expect(ours.stdout == theirs.stdout, "\(command)\nWarden:\n\(ours.stdout.prefix(800))\nPrometheus:\n\(theirs.stdout.prefix(800))")
      #expect(!theirs.stdout.isEmpty, "\(command) printed nothing against Prometheus")
    }
    try await pair.stop()
  }
}
