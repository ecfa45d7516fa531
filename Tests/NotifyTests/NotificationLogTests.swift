// The notification log's decision, case by case as Alertmanager's dedup stage makes it, and the
// merge rules for updates of one alert.
import Catalog
import Notify
import Testing
import WardenCore

@Suite struct NotificationLogTests {
  let a = AlertFingerprint(1)
  let b = AlertFingerprint(2)
  let now: Int64 = 1_000_000
  let repeatMs: Int64 = 60_000

  private func needs(
    _ entry: NotificationLogEntry?, firing: Set<AlertFingerprint>, resolved: Set<AlertFingerprint> = [], sendResolved: Bool = true,
    at time: Int64? = nil
  ) -> Bool {
    NotificationLog.needsUpdate(entry, firing: firing, resolved: resolved, sendResolved: sendResolved, repeatIntervalMs: repeatMs, nowMs: time ?? now)
  }

  private func entry(firing: Set<AlertFingerprint>, resolved: Set<AlertFingerprint> = [], sentAt: Int64? = nil) -> NotificationLogEntry {
    NotificationLogEntry(firing: firing, resolved: resolved, sentAtMs: sentAt ?? now - 1000, expiresAtMs: now + 1_000_000)
  }

  @Test func firstNotificationOnlyForFiringAlerts() {
    #expect(needs(nil, firing: [a]))
    #expect(!needs(nil, firing: [], resolved: [a]))
  }

  @Test func newFiringAlertsNotify() {
    #expect(needs(entry(firing: [a]), firing: [a, b]))
    #expect(!needs(entry(firing: [a, b]), firing: [a]), "fewer firing and nothing resolved is no news")
  }

  @Test func resolvedAlertsNotifyOnlyWithSendResolved() {
    let last = entry(firing: [a, b])
    #expect(needs(last, firing: [a], resolved: [b], sendResolved: true))
    #expect(!needs(last, firing: [a], resolved: [b], sendResolved: false))
    #expect(!needs(entry(firing: [a], resolved: [b]), firing: [a], resolved: [b]), "already told")
  }

  @Test func allResolvedNotifiesOnceEvenWithoutSendResolved() {
    #expect(needs(entry(firing: [a]), firing: [], resolved: [a], sendResolved: false))
    #expect(needs(entry(firing: [a]), firing: [], resolved: [a], sendResolved: true))
    #expect(!needs(entry(firing: [], resolved: [a]), firing: [], resolved: [a]))
  }

  @Test func unchangedGroupsRepeatAfterTheRepeatInterval() {
    let last = entry(firing: [a], sentAt: now)
    #expect(!needs(last, firing: [a], at: now + repeatMs - 1))
    #expect(needs(last, firing: [a], at: now + repeatMs))
  }

  @Test func recordsProduceCatalogRecordsAndExpire() {
    let log = NotificationLog()
    let key = NotificationLogKey(groupKey: "{}:{}", receiver: "r", integration: "webhook", integrationIndex: 0)
    let record = log.record(key, firing: [b, a], resolved: [], nowMs: now, retentionMs: 5000)
    #expect(record.firing == [a, b])
    #expect(record.expiresAtMs == now + 5000)
    #expect(log.entry(key)?.firing == [a, b])
    #expect(log.collectGarbage(nowMs: now + 4999) == 0)
    #expect(log.collectGarbage(nowMs: now + 5000) == 1)
    #expect(log.entry(key) == nil)
    log.load([record])
    #expect(log.entry(key)?.sentAtMs == now)
  }
}

@Suite struct AlertMergeTests {
  let now: Int64 = 10_000_000
  let timeout: Int64 = 300_000

  private func received(starts: Int64 = 0, ends: Int64 = 0, at time: Int64? = nil, summary: String = "") -> TimedAlert {
    AlertMerge.received(
      Alert(labels: Labels(["alertname": "Down"]), annotations: Labels(["summary": summary]), startsAtMs: starts, endsAtMs: ends),
      nowMs: time ?? now, resolveTimeoutMs: timeout)
  }

  @Test func missingTimesAreCompleted() {
    let noTimes = received()
    #expect(noTimes.alert.startsAtMs == now)
    #expect(noTimes.alert.endsAtMs == now + timeout)
    #expect(noTimes.timeout)
    #expect(noTimes.alert.updatedAtMs == now)
    let onlyEnd = received(ends: now - 5)
    #expect(onlyEnd.alert.startsAtMs == now - 5)
    #expect(!onlyEnd.timeout)
  }

  @Test func updatesKeepTheEarliestStartAndTakeNewerFields() {
    let first = received(starts: now - 60_000, ends: now + 60_000, at: now - 30_000, summary: "old")
    let second = received(starts: now - 10_000, ends: now + 120_000, summary: "new")
    let merged = AlertMerge.apply(second, to: first, nowMs: now)
    #expect(merged.alert.startsAtMs == now - 60_000)
    #expect(merged.alert.endsAtMs == now + 120_000)
    #expect(merged.alert.annotations["summary"] == "new")
  }

  @Test func anExplicitResolutionWinsOverATimeout() {
    let firing = received(at: now - 1000)
    let resolved = received(starts: now - 1000, ends: now - 10)
    let merged = AlertMerge.apply(resolved, to: firing, nowMs: now)
    #expect(merged.alert.isResolved(atMs: now))
    #expect(merged.alert.endsAtMs == now - 10)
  }

  @Test func aLaterExplicitEndIsKeptOverANewTimeout() {
    let explicit = received(starts: now - 1000, ends: now + 3_600_000, at: now - 1000)
    let timeoutUpdate = received(starts: now - 1000)
    let merged = AlertMerge.apply(timeoutUpdate, to: explicit, nowMs: now)
    #expect(merged.alert.endsAtMs == now + 3_600_000)
    #expect(!merged.timeout)
  }

  @Test func aRefiredAlertStartsAnew() {
    let resolved = received(starts: now - 100_000, ends: now - 50_000, at: now - 50_000)
    let refired = received(starts: now - 1000)
    let result = AlertMerge.apply(refired, to: resolved, nowMs: now)
    #expect(result.alert.startsAtMs == now - 1000, "no overlap: the new alert replaces the old one")
    #expect(!result.alert.isResolved(atMs: now))
  }
}
