// The alerting tables: silences, the notification log, the alert history and rule alert states
// survive a close and reopen, filter and expire as their readers expect.
import Catalog
import Foundation
import Testing
import WardenCore

struct CatalogAlertingTests {
  private func open(_ path: String? = nil) throws -> (CatalogDatabase, String) {
    let path =
      path
      ?? FileManager.default.temporaryDirectory.appendingPathComponent("catalog-alerting-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    let database = try CatalogDatabase(
      path: path + "/" + CatalogDatabase.fileName, run: ServerRun(startedAtMs: 1, version: "test", revision: "t"))
    return (database, path)
  }

  @Test func silencesAreUpsertedKeptAcrossReopenAndExpired() async throws {
    let (database, directory) = try open()
    let silence = SilenceRecord(
      id: "a", matchersJSON: #"[{"name":"job","value":"x","isRegex":false,"isEqual":true}]"#, startsAtMs: 10, endsAtMs: 100,
      updatedAtMs: 10, createdBy: "ops", comment: "deploy")
    try await database.saveSilences([silence, SilenceRecord(id: "b", matchersJSON: "[]", startsAtMs: 0, endsAtMs: 5, updatedAtMs: 0, createdBy: "", comment: "")])
    var edited = silence
    edited.comment = "longer deploy"
    edited.endsAtMs = 200
    try await database.saveSilences([edited])
    try database.close()

    let (reopened, _) = try open(directory)
    let stored = try await reopened.silences().sorted { $0.id < $1.id }
    #expect(stored.map(\.id) == ["a", "b"])
    #expect(stored[0] == edited)
    #expect(try await reopened.deleteSilences(endedBeforeMs: 50) == 1)
    #expect(try await reopened.silences().map(\.id) == ["a"])
  }

  @Test func notificationLogKeepsTheLastSendPerGroupAndIntegration() async throws {
    let (database, _) = try open()
    let first = NotificationLogRecord(
      groupKey: "{}:{alertname=\"A\"}", receiver: "ops", integration: "email", integrationIndex: 0,
      firing: [AlertFingerprint(1), AlertFingerprint(0xabc)], resolved: [], sentAtMs: 1000, expiresAtMs: 5000)
    var second = first
    second.firing = [AlertFingerprint(1)]
    second.resolved = [AlertFingerprint(0xabc)]
    second.sentAtMs = 2000
    let webhook = NotificationLogRecord(
      groupKey: first.groupKey, receiver: "ops", integration: "webhook", integrationIndex: 0, firing: [], resolved: [],
      sentAtMs: 1000, expiresAtMs: 1500)
    try await database.saveNotificationLog([first, webhook])
    try await database.saveNotificationLog([second])
    let live = try await database.notificationLog(nowMs: 1200).sorted { $0.integration < $1.integration }
    #expect(live == [second, webhook])
    #expect(live[0].resolved.map(\.description) == ["0000000000000abc"])
    #expect(try await database.notificationLog(nowMs: 1600) == [second])
    #expect(try await database.deleteNotificationLog(expiredAtMs: 1600) == 1)
  }

  @Test func alertHistoryIsReadNewestFirstAndFiltered() async throws {
    let (database, _) = try open()
    let cpu = Labels(["alertname": "HighCPU", "instance": "a"])
    let disk = Labels(["alertname": "DiskFull", "instance": "b"])
    try await database.recordAlertEvents([
      AlertEventRecord(atMs: 100, labels: cpu, source: "rule", state: "pending", value: 0.91),
      AlertEventRecord(atMs: 200, labels: cpu, source: "rule", state: "firing", value: 0.95, detail: "group node"),
      AlertEventRecord(atMs: 150, labels: disk, source: "api", state: "firing"),
    ])
    let all = try await database.alertEvents(sinceMs: 0)
    #expect(all.map(\.atMs) == [200, 150, 100])
    #expect(all[0].labels == cpu && all[0].value == 0.95 && all[0].detail == "group node")
    #expect(try await database.alertEvents(sinceMs: 0, alertname: "DiskFull").map(\.state) == ["firing"])
    #expect(try await database.alertEvents(sinceMs: 0, fingerprint: AlertFingerprint(cpu.stableHash)).count == 2)
    #expect(try await database.alertEvents(sinceMs: 120, untilMs: 180).map(\.atMs) == [150])

    try await database.recordNotificationAttempts([
      NotificationAttemptRecord(
        atMs: 300, receiver: "ops", integration: "webhook", integrationIndex: 0, groupKey: "g", fingerprints: [AlertFingerprint(7)],
        status: "firing", attempt: 1, outcome: "retryable", detail: "HTTP 503", durationMs: 12),
      NotificationAttemptRecord(
        atMs: 400, receiver: "ops", integration: "webhook", integrationIndex: 0, groupKey: "g", fingerprints: [AlertFingerprint(7)],
        status: "firing", attempt: 2, outcome: "delivered", detail: "HTTP 200", durationMs: 9),
      NotificationAttemptRecord(
        atMs: 350, receiver: "pager", integration: "pagerduty", integrationIndex: 0, groupKey: "g", fingerprints: [],
        status: "firing", attempt: 1, outcome: "failed", detail: "HTTP 400", durationMs: 5),
    ])
    #expect(try await database.notificationAttempts(sinceMs: 0).map(\.attempt) == [2, 1, 1])
    #expect(try await database.notificationAttempts(sinceMs: 0, receiver: "ops").map(\.outcome) == ["delivered", "retryable"])
    #expect(try await database.deleteAlertHistory(olderThanMs: 320) == 4)
    #expect(try await database.notificationAttempts(sinceMs: 0).map(\.atMs) == [400, 350])
  }

  @Test func ruleAlertStatesAreUpdatedDeletedAndPrunedByRule() async throws {
    let (database, directory) = try open()
    let a = RuleAlertStateRecord(
      ruleKey: "rules.yml;node;HighCPU;0", labels: Labels(["alertname": "HighCPU", "instance": "a"]),
      annotations: Labels(["summary": "CPU at 95%"]), state: "pending", value: 0.95, activeAtMs: 1000)
    var b = a
    b.labels = Labels(["alertname": "HighCPU", "instance": "b"])
    let other = RuleAlertStateRecord(
      ruleKey: "rules.yml;node;Gone;1", labels: Labels(["alertname": "Gone"]), annotations: Labels(), state: "firing", value: 1,
      activeAtMs: 10, firedAtMs: 20)
    try await database.updateRuleAlertStates(upserts: [a, b, other], deletions: [])
    var firing = a
    firing.state = "firing"
    firing.firedAtMs = 2000
    try await database.updateRuleAlertStates(upserts: [firing], deletions: [(b.ruleKey, b.fingerprint)])
    try database.close()

    let (reopened, _) = try open(directory)
    let states = try await reopened.ruleAlertStates().sorted { $0.ruleKey < $1.ruleKey }
    #expect(states == [other, firing])
    #expect(try await reopened.deleteRuleAlertStates(keepingRules: [a.ruleKey]) == 1)
    #expect(try await reopened.ruleAlertStates() == [firing])
  }
}
