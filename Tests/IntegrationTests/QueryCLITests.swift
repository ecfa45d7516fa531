// `warden query` and `warden query range` against the real server: the table, the raw JSON
// (the same bytes the API sends), and errors on standard error with exit status 1.
import Foundation
import Testing

@Suite(.serialized, .timeLimit(.minutes(2)))
struct QueryCLITests {
  @Test func printsTablesJSONAndErrors() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    let nowMs = Int64(Date().timeIntervalSince1970 * 1000) / 1000 * 1000
    let samples = (0..<5).map { (nowMs - Int64(4 - $0) * 15_000, Double($0) + 0.5) }
    let body = try RemoteWriteClient.body([
      (labels: [("__name__", "cli_metric"), ("instance", "a"), ("job", "j")], samples: samples),
      (labels: [("__name__", "cli_metric"), ("instance", "b"), ("job", "j")], samples: samples.map { ($0.0, $0.1 * 2) }),
    ])
    #expect(try await RemoteWriteClient.post(server, body: body).status == 204)
    let url = server.baseURL.absoluteString
    let at = String(nowMs / 1000)

    let table = try Command.warden(["query", "cli_metric", "--time", at, "--server", url])
    #expect(table.status == 0, "\(table.stderr)")
    let lines = table.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("SERIES") == true && lines.first?.contains("VALUE") == true, "\(table.stdout)")
    #expect(lines.contains { $0.hasPrefix(#"cli_metric{instance="a", job="j"}"#) && $0.contains("4.5") }, "\(table.stdout)")
    #expect(lines.contains { $0.hasPrefix(#"cli_metric{instance="b", job="j"}"#) && $0.contains(" 9 ") }, "\(table.stdout)")

    let json = try Command.warden(["query", "cli_metric", "--time", at, "--server", url, "--json"])
    let api = try await server.get("/api/v1/query?query=cli_metric&time=\(at)")
    #expect(json.status == 0)
    #expect(json.stdout.trimmingCharacters(in: .newlines) == api.text)

    let range = try Command.warden([
      "query", "range", "sum(cli_metric)", "--start", String(nowMs / 1000 - 60), "--end", at, "--step", "15s", "--server", url,
    ])
    #expect(range.status == 0, "\(range.stderr)")
    #expect(range.stdout.hasPrefix("{}\n"), "\(range.stdout)")
    #expect(range.stdout.contains("13.5"), "\(range.stdout)")  // 4.5 + 9 at the last step

    let bad = try Command.warden(["query", "sum(", "--server", url])
    #expect(bad.status == 1)
    #expect(bad.stderr.hasPrefix(#"query failed (bad_data): invalid parameter "query": 1:5: parse error"#), "\(bad.stderr)")

    let badRange = try Command.warden(["query", "range", "up", "--start", "10", "--end", "1", "--server", url])
    #expect(badRange.status == 1)
    #expect(badRange.stderr.contains("end timestamp must not be before start time"), "\(badRange.stderr)")
    try await server.stop()

    let unreachable = try Command.warden(["query", "up", "--server", url])
    #expect(unreachable.status == 1)
    #expect(unreachable.stderr.hasPrefix("cannot reach \(url)"), "\(unreachable.stderr)")
  }
}
