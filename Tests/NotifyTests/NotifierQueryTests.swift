// What the Alertmanager API reads from the notifier: alerts with receivers and filters, groups
// by route and labels, silences by filter, receiver names and status.
import Catalog
import Notify
import Testing
import WardenCore

@Suite struct NotifierQueryTests {
  static let yaml = """
    route:
      receiver: default
      group_by: [alertname]
      group_wait: 1h
      routes:
        - receiver: db
          matchers: [team=db]
          continue: true
        - receiver: pager
          matchers: [severity=critical]
    receivers:
      - name: default
      - name: db
      - name: pager
    """

  @Test func listsAlertsWithReceiversAndFilters() async throws {
    let catalog = try openCatalog(try temporaryCatalogPath())
    let notifier = try makeNotifier(Self.yaml, receivers: [:], catalog: catalog)
    await notifier.receive(
      [
        alert(["alertname": "Slow", "team": "db", "severity": "critical"]),
        alert(["alertname": "Slow", "team": "web"]),
        alert(["alertname": "Gone"], startsAtMs: nowMs() - 10_000, endsAtMs: nowMs() - 1),
      ], source: "api")
    let all = notifier.alerts(AlertFilter())
    #expect(all.count == 2, "resolved alerts are not listed")
    let dbAlert = try #require(all.first { $0.alert.labels["team"] == "db" })
    #expect(dbAlert.receivers == ["db", "pager"])
    #expect(dbAlert.status == AlertStatus(state: .active))
    #expect(all.first { $0.alert.labels["team"] == "web" }?.receivers == ["default"])
    #expect(all.map(\.alert.fingerprint) == all.map(\.alert.fingerprint).sorted())

    var byMatcher = AlertFilter()
    byMatcher.matchers = try MatcherParser.parse("team=~d.*")
    #expect(notifier.alerts(byMatcher).map { $0.alert.labels["team"] } == ["db"])
    var byReceiver = AlertFilter()
    byReceiver.receiver = try LabelMatcher(.regexMatch, "receiver", "pag.*")
    #expect(notifier.alerts(byReceiver).count == 1)
    var noActive = AlertFilter()
    noActive.active = false
    #expect(notifier.alerts(noActive).isEmpty)

    let groups = notifier.groups(AlertFilter())
    #expect(groups.map(\.receiver) == ["db", "default", "pager"])
    #expect(groups.allSatisfy { $0.labels == Labels(["alertname": "Slow"]) })
    #expect(notifier.groups(byReceiver).map(\.receiver) == ["pager"])
  }

  @Test func listsSilencesAndStatus() async throws {
    let catalog = try openCatalog(try temporaryCatalogPath())
    let notifier = try makeNotifier(Self.yaml, receivers: [:], catalog: catalog)
    let now = nowMs()
    let id = try await notifier.upsertSilence(
      Silence(
        id: "", matchers: [SilenceMatcher(name: "team", value: "db", isRegex: false)], startsAtMs: now, endsAtMs: now + 60_000,
        updatedAtMs: 0, createdBy: "me", comment: "c"))
    #expect(notifier.silences(matching: []).map(\.id) == [id])
    await notifier.receive([alert(["alertname": "Slow", "team": "db"]), alert(["alertname": "Slow", "team": "web"])], source: "api")
    let statistics = notifier.statistics()
    #expect(statistics.alertsByState == [.active: 1, .suppressed: 1])
    #expect(statistics.silencesByState == [.active: 1])
    #expect(statistics.alertsReceived == 2 && statistics.aggregationGroups == 2)
    #expect(notifier.silences(matching: try MatcherParser.parse("team=web")).isEmpty)
    #expect(try await catalog.silences().map(\.id) == [id], "saved before returning")
    await #expect(throws: SilenceError.self) {
      try await notifier.expireSilence(id: "missing")
    }
    #expect(notifier.receiverNames == ["default", "db", "pager"])
    let status = notifier.status()
    #expect(status.configurationText == Self.yaml)
    #expect(status.startedAtMs <= nowMs())
    #expect(!status.version.isEmpty)
  }
}
