// `/api/v1/admin/tsdb/snapshot`: off by default (Prometheus's error shape), and with
// --enable-admin-api a snapshot directory under <data-dir>/snapshots/.
import Foundation
import Testing

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
}
