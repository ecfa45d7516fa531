// Rule groups evaluated by the manager over real samples with the real PromQL engine: recording
// rules writing back (and seen by later rules at once), ALERTS and ALERTS_FOR_STATE series,
// staleness, alerts sent as Prometheus sends them, limits and evaluation errors.
import Alerting
import Synchronization
import Testing
import WardenCore

@Suite struct RuleEvaluationTests {
  let t0: Int64 = 1_700_000_000_000
  let minute: Int64 = 60_000

  @Test func recordingRuleWritesResultsWithItsNameAndLabels() async throws {
    let harness = RuleHarness()
    harness.store.add("http_requests", ["job": "api", "instance": "a"], samples: [(t0 - 10_000, 3)])
    harness.store.add("http_requests", ["job": "api", "instance": "b"], samples: [(t0 - 10_000, 4)])
    harness.store.add("http_requests", ["job": "db", "instance": "c"], samples: [(t0 - 10_000, 5)])
    try await harness.apply(
      """
      groups:
        - name: g
          rules:
            - record: job:http_requests:sum
              expr: sum by (job) (http_requests)
              labels:
                source: rule
            - record: one
              expr: "1"
      """)
    await harness.manager.evaluateAll(atMs: t0)
    #expect(harness.store.seriesNamed("job:http_requests:sum") == [
      series("job:http_requests:sum", ["job": "api", "source": "rule"]), series("job:http_requests:sum", ["job": "db", "source": "rule"]),
    ])
    #expect(harness.store.samples(series("job:http_requests:sum", ["job": "api", "source": "rule"])).map(\.1) == [7])
    #expect(harness.store.samples(series("job:http_requests:sum", ["job": "api", "source": "rule"])).map(\.0) == [t0])
    #expect(harness.store.samples(series("one")).map(\.1) == [1])
    // Independent rules: one batch for the whole group.
    #expect(harness.store.batches.count == 1)
    #expect(harness.rule("job:http_requests:sum")?.health == .ok)
  }

  @Test func laterRulesSeeEarlierRecordingRulesInTheSameEvaluation() async throws {
    let harness = RuleHarness()
    harness.store.add("x", ["job": "a"], samples: [(t0 - 5_000, 4)])
    harness.store.add("x", ["job": "a", "i": "2"], samples: [(t0 - 5_000, 3)])
    try await harness.apply(
      """
      groups:
        - name: g
          rules:
            - record: job:x:sum
              expr: sum by (job) (x)
            - alert: TooMuch
              expr: job:x:sum > 5
      """)
    await harness.manager.evaluateAll(atMs: t0)
    let alerts = harness.manager.activeAlerts()
    #expect(alerts.map(\.labels) == [Labels(["alertname": "TooMuch", "job": "a"])])
    #expect(alerts.first?.value == 7)
    #expect(harness.store.batches.count == 2, "the record is written before the alert reads it")
  }

  @Test func seriesThatDisappearAreMarkedStale() async throws {
    let harness = RuleHarness()
    harness.store.add("x", ["i": "a"], samples: [(t0 - 1_000, 1)])
    harness.store.add("x", ["i": "b"], samples: [(t0 - 1_000, 1), (t0 + minute - 1_000, 1)])
    try await harness.apply("groups:\n  - name: g\n    rules:\n      - record: y\n        expr: x * 2\n")
    await harness.manager.evaluateAll(atMs: t0)
    harness.store.add(series("x", ["i": "a"]), t0 + 30_000, .staleMarker)
    await harness.manager.evaluateAll(atMs: t0 + minute)
    let ended = harness.store.samples(series("y", ["i": "a"]))
    #expect(ended.count == 2)
    #expect(ended[1].0 == t0 + minute && ended[1].1.isStaleMarker)
    #expect(harness.store.samples(series("y", ["i": "b"])).map(\.1) == [2, 2])
  }

  @Test func alertingRuleWritesALERTSAndForStateThroughPendingAndFiring() async throws {
    let harness = RuleHarness()
    for step in Int64(0)...6 {
      harness.store.add("up", ["job": "node", "instance": "a"], samples: [(t0 + step * minute - 1_000, 0)])
    }
    try await harness.apply(
      """
      groups:
        - name: g
          interval: 1m
          rules:
            - alert: InstanceDown
              expr: up == 0
              for: 2m
              labels:
                severity: page
      """)
    let alertLabels = Labels(["alertname": "InstanceDown", "instance": "a", "job": "node", "severity": "page"])
    let pending = alertLabels.setting(Labels.metricName, to: "ALERTS").setting("alertstate", to: "pending")
    let firing = alertLabels.setting(Labels.metricName, to: "ALERTS").setting("alertstate", to: "firing")
    let forState = alertLabels.setting(Labels.metricName, to: "ALERTS_FOR_STATE")

    await harness.manager.evaluateAll(atMs: t0)
    #expect(harness.store.samples(pending).map(\.1) == [1])
    #expect(harness.store.samples(forState).map(\.1) == [Double(t0 / 1000)])
    #expect(harness.rule("InstanceDown")?.state == .pending)
    #expect(harness.sender.all.isEmpty, "pending alerts are not sent")

    await harness.manager.evaluateAll(atMs: t0 + minute)
    await harness.manager.evaluateAll(atMs: t0 + 2 * minute)
    #expect(harness.rule("InstanceDown")?.state == .firing)
    #expect(harness.store.samples(firing).map(\.0) == [t0 + 2 * minute])
    let pendingSamples = harness.store.samples(pending)
    #expect(pendingSamples.count == 3)
    #expect(pendingSamples.last?.1.isStaleMarker == true, "the pending series ends when the alert fires")
    #expect(harness.store.samples(forState).map(\.1) == [Double(t0 / 1000), Double(t0 / 1000), Double(t0 / 1000)])

    let sent = harness.sender.all
    #expect(sent.count == 1)
    #expect(sent[0].labels == alertLabels)
    #expect(sent[0].startsAtMs == t0 + 2 * minute)
    #expect(sent[0].endsAtMs == t0 + 2 * minute + 4 * minute)
    #expect(sent[0].generatorURL == "/graph?g0.expr=up+%3D%3D+0&g0.tab=1")
  }

  @Test func alertsAreResentAndResolvedAsPrometheusSendsThem() async throws {
    var options = RuleManagerOptions()
    options.externalLabels = Labels(["cluster": "eu", "severity": "ignored"])
    options.externalURL = "http://warden:9090"
    options.resendDelay = .seconds(60)
    let harness = RuleHarness(options: options)
    harness.store.add("temperature", ["room": "a"], samples: [(t0 - 1_000, 40), (t0 + 30_000 - 1_000, 41), (t0 + 60_000 - 1_000, 42)])
    try await harness.apply(
      """
      groups:
        - name: g
          interval: 30s
          rules:
            - alert: Hot
              expr: temperature > 35
              labels:
                severity: warning
      """)
    await harness.manager.evaluateAll(atMs: t0)
    await harness.manager.evaluateAll(atMs: t0 + 30_000)
    await harness.manager.evaluateAll(atMs: t0 + 60_000)
    await harness.manager.evaluateAll(atMs: t0 + 61_000)
    let calls = harness.sender.calls
    #expect(calls.count == 2, "sent at first, then after the resend delay")
    let alert = try #require(calls.first?.first)
    #expect(alert.labels == Labels(["alertname": "Hot", "room": "a", "severity": "warning", "cluster": "eu"]))
    #expect(alert.endsAtMs == t0 + 4 * 60_000)
    #expect(alert.generatorURL == "http://warden:9090/graph?g0.expr=temperature+%3E+35&g0.tab=1")
    #expect(calls[1].first?.endsAtMs == t0 + 61_000 + 4 * 60_000)

    harness.store.add(series("temperature", ["room": "a"]), t0 + 90_000 - 1_000, .staleMarker)
    await harness.manager.evaluateAll(atMs: t0 + 90_000)
    let resolved = try #require(harness.sender.calls.last?.first)
    #expect(resolved.endsAtMs == t0 + 90_000)
    #expect(resolved.startsAtMs == t0)
    #expect(harness.manager.activeAlerts().isEmpty)
  }

  @Test func keepFiringForKeepsAlertsFiringAfterTheConditionClears() async throws {
    let harness = RuleHarness()
    harness.store.add("errors", samples: [(t0 - 1_000, 10)])
    try await harness.apply("groups:\n  - name: g\n    rules:\n      - alert: Errors\n        expr: errors > 5\n        keep_firing_for: 2m\n")
    await harness.manager.evaluateAll(atMs: t0)
    harness.store.add(series("errors"), t0 + 30_000, 1)
    await harness.manager.evaluateAll(atMs: t0 + minute)
    let held = try #require(harness.manager.activeAlerts().first)
    #expect(held.state == .firing)
    #expect(held.keepFiringSinceMs == t0 + minute)
    await harness.manager.evaluateAll(atMs: t0 + 3 * minute)
    #expect(harness.manager.activeAlerts().isEmpty)
    #expect(harness.sender.all.last?.endsAtMs == t0 + 3 * minute)
  }

  @Test func limitsFailTheRuleAsPrometheusDoes() async throws {
    let harness = RuleHarness()
    for instance in ["a", "b", "c"] { harness.store.add("up", ["instance": instance], samples: [(t0 - 1_000, 0)]) }
    try await harness.apply(
      """
      groups:
        - name: g
          limit: 2
          rules:
            - record: copy
              expr: up
            - alert: Down
              expr: up == 0
      """)
    await harness.manager.evaluateAll(atMs: t0)
    #expect(harness.rule("copy")?.health == .err)
    #expect(harness.rule("copy")?.lastError == "exceeded limit of 2 with 3 series")
    #expect(harness.rule("Down")?.health == .err)
    #expect(harness.rule("Down")?.lastError == "exceeded limit of 2 with 3 alerts")
    #expect(harness.store.seriesNamed("copy").isEmpty)
    #expect(harness.store.seriesNamed("ALERTS").isEmpty)
    #expect(harness.sender.all.isEmpty)
  }

  @Test func evaluationErrorsMarkTheRuleAndKeepTheOthersGoing() async throws {
    let harness = RuleHarness()
    harness.store.add("x", ["i": "a"], samples: [(t0 - 1_000, 1)])
    harness.store.add("x", ["i": "b"], samples: [(t0 - 1_000, 2)])
    try await harness.apply(
      """
      groups:
        - name: g
          rules:
            - record: range
              expr: x[5m]
            - record: clash
              expr: x
              labels:
                i: same
            - alert: Clash
              expr: x
              labels:
                i: same
            - record: fine
              expr: count(x)
      """)
    #expect(harness.rule("range")?.health == .unknown)
    await harness.manager.evaluateAll(atMs: t0)
    #expect(harness.rule("range")?.lastError == "rule result is not a vector or scalar")
    #expect(harness.rule("clash")?.lastError == "vector contains metrics with the same labelset after applying rule labels")
    #expect(harness.rule("Clash")?.lastError == "vector contains metrics with the same labelset after applying alert labels")
    #expect(harness.rule("fine")?.health == .ok)
    #expect(harness.rule("fine")?.lastEvaluationMs == t0)
    #expect(harness.store.samples(series("fine")).map(\.1) == [2])
  }

  @Test func writeFailuresMarkTheRulesWhoseResultsWereLost() async throws {
    let harness = RuleHarness()
    harness.store.add("x", samples: [(t0 - 1_000, 1)])
    try await harness.apply("groups:\n  - name: g\n    rules:\n      - record: y\n        expr: x\n")
    harness.store.failure.withLock { $0 = "disk full" }
    await harness.manager.evaluateAll(atMs: t0)
    #expect(harness.rule("y")?.health == .err)
    #expect(harness.rule("y")?.lastError == "cannot store rule results: disk full")
  }

  @Test func queryOffsetShiftsQueriesAndResults() async throws {
    let harness = RuleHarness()
    harness.store.add("x", samples: [(t0 - 2 * minute, 1), (t0 - 10_000, 2)])
    try await harness.apply("groups:\n  - name: g\n    query_offset: 1m\n    rules:\n      - record: y\n        expr: x\n")
    await harness.manager.evaluateAll(atMs: t0)
    #expect(harness.store.samples(series("y")).map(\.0) == [t0 - minute])
    #expect(harness.store.samples(series("y")).map(\.1) == [1])
  }

  @Test func statusReportsGroupsRulesAndTimings() async throws {
    let harness = RuleHarness()
    harness.store.add("up", ["instance": "a"], samples: [(t0 - 1_000, 0)])
    try await harness.apply(
      """
      groups:
        - name: g
          interval: 15s
          limit: 3
          rules:
            - record: r
              expr: sum(up)
            - alert: Down
              expr: up == 0
              for: 1m
              keep_firing_for: 30s
              annotations:
                summary: down
      """)
    await harness.manager.evaluateAll(atMs: t0)
    let group = try #require(harness.manager.groupsStatus().first)
    #expect(group.name == "g" && group.file == "rules.yml")
    #expect(group.intervalSeconds == 15 && group.limit == 3)
    #expect(group.lastEvaluationMs == t0)
    #expect(group.iterations == 1)
    #expect(group.evaluationTimeSeconds >= 0)
    let alerting = group.rules[1]
    #expect(alerting.kind == .alerting && alerting.query == "up == 0")
    #expect(alerting.durationSeconds == 60 && alerting.keepFiringForSeconds == 30)
    #expect(alerting.state == .pending)
    #expect(alerting.alerts.map(\.activeAtMs) == [t0])
    #expect(alerting.annotations == Labels(["summary": "down"]))
    #expect(group.rules[0].kind == .recording && group.rules[0].query == "sum(up)")

    let statistics = harness.manager.statistics()
    #expect(statistics.pendingAlerts == 1 && statistics.firingAlerts == 0)
    let counters = try #require(statistics.groups.first)
    #expect(counters.iterations == 1 && counters.ruleEvaluations == 2 && counters.ruleEvaluationFailures == 0)
    #expect(counters.ruleCount == 2 && counters.intervalSeconds == 15)
    // sum(up), ALERTS and ALERTS_FOR_STATE.
    #expect(counters.lastEvaluationSamples == 3 && counters.samplesWritten == 3)
    #expect(counters.lastEvaluationMs == t0)
  }
}
