// Alert state across restarts and reloads, with a real catalog in a temporary directory: a
// restart keeps `activeAt` (so `for` is not reset and a firing alert stays firing), every state
// change lands in the alert history, and reloads keep unchanged rules' alerts.
import Alerting
import Catalog
import Foundation
import Testing
import WardenCore

@Suite struct AlertPersistenceTests {
  let t0: Int64 = 1_700_000_000_000
  let minute: Int64 = 60_000

  static let rules = """
    groups:
      - name: g
        rules:
          - alert: Down
            expr: up == 0
            for: 5m
            labels:
              severity: page
    """

  func openCatalog(_ directory: String) throws -> CatalogDatabase {
    try CatalogDatabase(path: directory + "/warden.sqlite", run: ServerRun(startedAtMs: t0, version: "test", revision: "test"))
  }

  func addDown(_ store: TestSeriesStore, from: Int64, to: Int64) {
    var at = from
    while at <= to {
      store.add("up", ["instance": "a"], samples: [(at - 1_000, 0)])
      at += minute
    }
  }

  @Test func aRestartKeepsFiringAlertsFiringWithTheirActiveAt() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    do {
      let harness = RuleHarness(catalog: try openCatalog(directory))
      addDown(harness.store, from: t0, to: t0 + 5 * minute)
      try await harness.apply(Self.rules)
      await harness.manager.evaluateAll(atMs: t0)
      await harness.manager.evaluateAll(atMs: t0 + 5 * minute)
      #expect(harness.manager.activeAlerts().map(\.state) == [.firing])
    }

    let catalog = try openCatalog(directory)
    let stored = try await catalog.ruleAlertStates()
    #expect(stored.map(\.state) == ["firing"])
    #expect(stored.first?.activeAtMs == t0)

    let restarted = RuleHarness(catalog: catalog)
    addDown(restarted.store, from: t0 + 6 * minute, to: t0 + 7 * minute)
    try await restarted.apply(Self.rules)
    // Before any evaluation the alert is already known, as it was.
    let restored = try #require(restarted.manager.activeAlerts().first)
    #expect(restored.state == .firing && restored.activeAtMs == t0)

    await restarted.manager.evaluateAll(atMs: t0 + 6 * minute)
    let after = try #require(restarted.manager.activeAlerts().first)
    #expect(after.state == .firing, "a restart must not make a firing alert pending again")
    #expect(after.activeAtMs == t0)
    let sent = try #require(restarted.sender.all.first)
    #expect(sent.startsAtMs == t0 + 5 * minute, "it keeps the time it fired")
    let firing = Labels(["alertname": "Down", "instance": "a", "severity": "page"])
      .setting(Labels.metricName, to: "ALERTS").setting("alertstate", to: "firing")
    #expect(restarted.store.samples(firing).map(\.1) == [1])

    let history = try await catalog.alertEvents(sinceMs: 0)
    #expect(history.map(\.state) == ["firing", "pending"], "newest first")
    #expect(history.allSatisfy { $0.source == "rule" && $0.labels["alertname"] == "Down" })
    #expect(history.first?.detail.contains("group \"g\"") == true)
  }

  @Test func aRestartWhilePendingDoesNotResetFor() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    do {
      let harness = RuleHarness(catalog: try openCatalog(directory))
      addDown(harness.store, from: t0, to: t0 + 2 * minute)
      try await harness.apply(Self.rules)
      await harness.manager.evaluateAll(atMs: t0)
      await harness.manager.evaluateAll(atMs: t0 + 2 * minute)
    }
    let restarted = RuleHarness(catalog: try openCatalog(directory))
    addDown(restarted.store, from: t0 + 3 * minute, to: t0 + 5 * minute)
    try await restarted.apply(Self.rules)
    await restarted.manager.evaluateAll(atMs: t0 + 3 * minute)
    #expect(restarted.manager.activeAlerts().map(\.state) == [.pending])
    await restarted.manager.evaluateAll(atMs: t0 + 5 * minute)
    #expect(restarted.manager.activeAlerts().map(\.state) == [.firing], "5 minutes after the original activeAt")
  }

  @Test func resolvedAlertsLeaveTheStoreAndRemovedRulesAreForgotten() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let catalog = try openCatalog(directory)
    let harness = RuleHarness(catalog: catalog)
    addDown(harness.store, from: t0, to: t0 + 5 * minute)
    try await harness.apply(Self.rules)
    await harness.manager.evaluateAll(atMs: t0)
    await harness.manager.evaluateAll(atMs: t0 + 5 * minute)
    harness.store.add(series("up", ["instance": "a"]), t0 + 5 * minute + 30_000, 1)
    await harness.manager.evaluateAll(atMs: t0 + 6 * minute)
    #expect(try await catalog.ruleAlertStates().isEmpty)
    #expect(try await catalog.alertEvents(sinceMs: 0).map(\.state) == ["resolved", "firing", "pending"])

    // A stored state of a rule no longer in the files is deleted when rules are applied.
    let other = RuleHarness(catalog: catalog)
    try await catalog.updateRuleAlertStates(
      upserts: [RuleAlertStateRecord(ruleKey: "gone.yml\tg\tOld\t0", labels: Labels(["alertname": "Old"]), annotations: Labels(), state: "firing", value: 1, activeAtMs: t0)],
      deletions: [])
    try await other.apply(Self.rules)
    #expect(try await catalog.ruleAlertStates().isEmpty)
  }

  @Test func reloadKeepsUnchangedRulesAndResolvesRemovedOnes() async throws {
    let harness = RuleHarness()
    for step in Int64(0)...3 {
      let at = t0 + step * minute
      harness.store.add("up", ["instance": "a"], samples: [(at - 1_000, 0)])
      harness.store.add("load", samples: [(at - 1_000, 9)])
    }
    let both = """
      groups:
        - name: g
          rules:
            - record: load:copy
              expr: load
            - alert: Down
              expr: up == 0
            - alert: Loaded
              expr: load > 5
      """
    try await harness.apply(both)
    await harness.manager.evaluateAll(atMs: t0)
    #expect(harness.sender.all.count == 2)

    // The same definition again: nothing restarts, nothing is re-sent.
    try await harness.apply(both)
    await harness.manager.evaluateAll(atMs: t0 + 30_000)
    #expect(harness.sender.all.count == 2)

    // Changed group: `Down` keeps its alert; `Loaded` and the recording rule are gone.
    harness.sender.reset()
    try await harness.apply("groups:\n  - name: g\n    interval: 30s\n    rules:\n      - alert: Down\n        expr: up == 0\n")
    let resolved = try #require(harness.sender.calls.first)
    #expect(resolved.map { $0.labels["alertname"] } == ["Loaded"])
    #expect(resolved.first?.endsAtMs ?? 0 > 0 && resolved.first!.endsAtMs <= RuleManagerOptions().wallClockMs())
    let down = try #require(harness.manager.activeAlerts().first)
    #expect(down.labels["alertname"] == "Down" && down.activeAtMs == t0)
    await harness.manager.evaluateAll(atMs: t0 + minute)
    #expect(harness.manager.activeAlerts().map(\.activeAtMs) == [t0])
    // The removed rules' series end at the group's next evaluation.
    #expect(harness.store.samples(series("load:copy")).last?.1.isStaleMarker == true)
    let firingLoaded = Labels(["alertname": "Loaded"]).setting(Labels.metricName, to: "ALERTS").setting("alertstate", to: "firing")
    #expect(harness.store.samples(firingLoaded).last?.0 == t0 + minute)
    #expect(harness.store.samples(firingLoaded).last?.1.isStaleMarker == true)

    // Removing every group resolves what is left.
    harness.sender.reset()
    await harness.manager.apply([])
    #expect(harness.sender.all.map { $0.labels["alertname"] } == ["Down"])
    #expect(harness.manager.groupsStatus().isEmpty)
  }
}
