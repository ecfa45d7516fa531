// amtool, the Alertmanager command-line client, against `warden serve`: it lists the alerts
// posted to /api/v2/alerts, adds, queries and expires silences, hides silenced alerts, and finds
// its silences again after Warden restarts (even after a kill -9).
import Foundation
import Testing

@Suite(.timeLimit(.minutes(3)))
struct AmtoolTests {
  private let twoAlerts = """
    [{"labels":{"alertname":"DiskFull","instance":"db1","severity":"page"},"annotations":{"summary":"disk of db1 is full"}},
     {"labels":{"alertname":"HighLoad","instance":"web1"}}]
    """

  @Test func listsAlertsAndAddsQueriesAndExpiresSilences() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    let amtool = try Amtool(url: server.baseURL)

    #expect(try await AlertingTest.post(twoAlerts, to: server).status == 200)
    let listed = try await AlertingTest.eventually { try amtool.alertNames() == ["DiskFull", "HighLoad"] }
    #expect(listed, "amtool alert query lists \((try? amtool.alertNames()) ?? [])")
    let disk = try #require(try amtool.alertLabels(["alertname=DiskFull"]).first)
    #expect(disk == ["alertname": "DiskFull", "instance": "db1", "severity": "page"])
    let simple = try amtool.run(["alert", "query"]).stdout
    #expect(simple.contains("disk of db1 is full"), "\(simple)")

    // A silence: amtool prints its id, lists it, and the silenced alert leaves the default listing.
    let added = try amtool.run(["silence", "add", "alertname=DiskFull", "--comment=replacing the disk", "--author=ops", "--duration=2h"])
    let id = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(UUID(uuidString: id) != nil, "amtool silence add printed \(added.stdout)")
    let silences = try amtool.silences()
    #expect(silences.count == 1)
    let silence = try #require(silences.first)
    #expect(silence["id"] as? String == id)
    #expect(silence["createdBy"] as? String == "ops")
    #expect(silence["comment"] as? String == "replacing the disk")
    #expect((silence["status"] as? [String: String])?["state"] == "active")
    let matchers = try #require(silence["matchers"] as? [[String: Any]])
    #expect(matchers.first?["name"] as? String == "alertname" && matchers.first?["value"] as? String == "DiskFull")
    #expect(try amtool.run(["silence", "query", "-q"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == id)

    let hidden = try await AlertingTest.eventually { try amtool.alertNames() == ["HighLoad"] }
    #expect(hidden, "the silenced alert is still listed: \((try? amtool.alertNames()) ?? [])")
    #expect(try amtool.alertNames(["--silenced"]) == ["DiskFull"])
    #expect(try amtool.alertNames(["--active", "--silenced"]) == ["DiskFull", "HighLoad"])

    // Expired: gone from `silence query`, listed with --expired, the alert is back.
    try amtool.run(["silence", "expire", id])
    #expect(try amtool.silences().isEmpty)
    let expired = try amtool.silences(["--expired"])
    #expect(expired.first?["id"] as? String == id)
    #expect((expired.first?["status"] as? [String: String])?["state"] == "expired")
    let back = try await AlertingTest.eventually { try amtool.alertNames() == ["DiskFull", "HighLoad"] }
    #expect(back, "the alert did not come back after the silence expired: \((try? amtool.alertNames()) ?? [])")

    // Unknown ids are refused as Alertmanager refuses them.
    let unknown = try amtool.run(["silence", "expire", "00000000-0000-4000-8000-000000000000"], expectSuccess: false)
    #expect(unknown.status != 0)
    #expect(try await server.stop() == 0)
  }

  @Test func silencesSurviveARestartAndAKill() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    let amtool = try Amtool(url: server.baseURL)
    let first = try amtool.run(["silence", "add", "alertname=DiskFull", "instance=~db.*", "--comment=kept", "--author=ops"])
      .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(try await server.stop() == 0)

    let restarted = try ServerProcess(dataDirectory: server.dataDirectory)
    try await restarted.waitUntilReady()
    let again = try Amtool(url: restarted.baseURL)
    let afterStop = try again.silences()
    #expect(afterStop.map { $0["id"] as? String } == [first])
    #expect(afterStop.first?["comment"] as? String == "kept")
    #expect((afterStop.first?["matchers"] as? [[String: Any]])?.count == 2)

    // Added, then the process is killed without a chance to flush: still there.
    let second = try again.run(["silence", "add", "alertname=HighLoad", "--comment=killed", "--author=ops"])
      .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    try await restarted.stop(signal: SIGKILL)

    let afterKill = try ServerProcess(dataDirectory: server.dataDirectory)
    try await afterKill.waitUntilReady()
    let ids = Set(try Amtool(url: afterKill.baseURL).silences().compactMap { $0["id"] as? String })
    #expect(ids == [first, second])
    #expect(try await afterKill.stop() == 0)
  }
}
