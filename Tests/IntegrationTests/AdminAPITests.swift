// `/api/v1/admin/tsdb/*`: off by default (Prometheus's error shape); with --enable-admin-api a
// snapshot directory under <data-dir>/snapshots/, and delete_series by match[] selectors.
import Foundation
import Testing
import WardenCore

@Suite(.timeLimit(.minutes(2)))
struct AdminAPITests {
  @Test func snapshotIsRefusedUnlessEnabled() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    let response = try await server.post("/api/v1/admin/tsdb/snapshot")
    #expect(response.status == 503)
    let json = try response.json()
    #expect(json["status"] as? String == "error")
    #expect(json["errorType"] as? String == "unavailable")
    try await server.stop()
  }

  @Test func snapshotWritesABlockOfTheHead() async throws {
    let server = try ServerProcess(arguments: ["--enable-admin-api"])
    try await server.waitUntilReady()
    // Wait for the first host collection to be stored.
    for _ in 0..<50 {
      let status = try await server.get("/api/v1/status/tsdb").json()
      let head = (status["data"] as? [String: Any])?["headStats"] as? [String: Any]
      if (head?["numSeries"] as? Int ?? 0) > 0 { break }
      try await Task.sleep(for: .milliseconds(100))
    }
    let response = try await server.post("/api/v1/admin/tsdb/snapshot")
    #expect(response.status == 200)
    let name = try #require((try response.json()["data"] as? [String: String])?["name"])
    #expect(name.range(of: #"^\d{8}T\d{6}Z-[0-9a-f]{16}$"#, options: .regularExpression) != nil)
    let blocks = server.dataDirectory.appendingPathComponent("snapshots/\(name)/blocks")
    let ids = try FileManager.default.contentsOfDirectory(atPath: blocks.path)
    #expect(ids.count == 1)
    let meta = blocks.appendingPathComponent(ids[0]).appendingPathComponent("meta.json")
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: meta)) as? [String: Any]
    #expect(((object?["stats"] as? [String: Any])?["series"] as? Int ?? 0) > 50)

    let bad = try await server.post("/api/v1/admin/tsdb/snapshot?skip_head=maybe")
    #expect(bad.status == 400)
    try await server.stop()
  }

  @Test func deleteSeriesBySelectorAndTimeRange() async throws {
    let server = try ServerProcess(arguments: ["--enable-admin-api"])
    try await server.waitUntilReady()
    let now = Int64(Date().timeIntervalSince1970 * 1000)
    let body = try RemoteWriteClient.body([
      (labels: [("__name__", "doomed"), ("job", "a")], samples: [(now - 2_000, 1), (now - 1_000, 2)]),
      (labels: [("__name__", "doomed"), ("job", "b")], samples: [(now - 2_000, 3), (now - 1_000, 4)]),
      (labels: [("__name__", "kept"), ("job", "a")], samples: [(now - 2_000, 5)]),
    ])
    #expect(try await RemoteWriteClient.post(server, body: body).status == 204)

    func delete(_ query: String) async throws -> HTTPResult {
      // Brackets encoded as Go's url.Values encodes them (Foundation would re-encode the query).
      let encoded = query.replacingOccurrences(of: "match[]", with: "match%5B%5D")
      return try await server.send("/api/v1/admin/tsdb/delete_series?\(encoded)", method: "POST", body: Data())
    }
    let selector = #"doomed{job="a"}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
    let deleted = try await delete("match[]=\(selector)")
    #expect(deleted.status == 204, "\(deleted.status) \(deleted.text)")
    // Only the older sample of job="b": a time range in Unix seconds.
    let end = String(Double(now - 1_500) / 1000)
    #expect(try await delete("match[]=\(#"{job="b"}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&end=\(end)").status == 204)

    let noMatch = try await delete("start=0")
    #expect(noMatch.status == 400)
    #expect((try noMatch.json()["error"] as? String) == "no match[] parameter provided")
    let bad = try await delete("match[]=\(#"up{job="#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
    #expect(bad.status == 400)
    #expect((try bad.json()["error"] as? String)?.contains("parse error") == true)
    let badTime = try await delete("match[]=up&start=yesterday")
    #expect(badTime.status == 400)
    try await server.stop()

    let stored = try StoreReader.samples(dataDirectory: server.dataDirectory, [try LabelMatcher(.notEqual, "job", "warden")])
    #expect(stored["__name__=doomed,job=a"]?.isEmpty ?? true)
    #expect(stored["__name__=doomed,job=b"]?.map(\.1) == [4])
    #expect(stored["__name__=kept,job=a"]?.map(\.1) == [5])
  }
}
