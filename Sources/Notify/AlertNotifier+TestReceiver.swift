// `warden alerts test-receiver NAME`: one test notification to every integration of a receiver,
// one attempt each (no retries, so the operator sees the first answer), recorded in the history.
import Catalog
import Synchronization
import WardenCore

extension AlertNotifier {
  /// Sends a test notification to each integration of the receiver `name`; empty when no
  /// receiver has that name or it has no integrations.
  package func testReceiver(_ name: String) async -> [DeliveryAttemptSummary] {
    let integrations = state.withLock { $0.integrations[name] } ?? []
    guard !integrations.isEmpty else { return [] }
    let now = clock()
    let groupLabels = Labels([Label("alertname", "TestAlert")])
    let alert = Alert(
      labels: Labels([Label("alertname", "TestAlert"), Label("instance", "warden")]),
      annotations: Labels([
        Label("summary", "Test notification from Warden"),
        Label("description", "Sent by `warden alerts test-receiver` to check the receiver \"\(name)\"."),
      ]),
      startsAtMs: now, generatorURL: externalURL, updatedAtMs: now)
    let groupKey = "{}/test:" + groupLabels.description
    let notification = Notification(
      receiver: name, groupKey: groupKey, groupLabels: groupLabels, alerts: [alert], externalURL: externalURL, nowMs: now)
    let summaries = await withTaskGroup(of: (Int, DeliveryAttemptSummary).self) { group in
      for (position, integration) in integrations.enumerated() {
        group.addTask {
          let clock = ContinuousClock()
          let started = clock.now
          let outcome = await DeliveryRunner.attempt(integration.receiver, notification, timeout: self.options.retry.attemptTimeout)
          let summary = DeliveryAttemptSummary(
            receiver: name, integration: integration.receiver.integration, integrationIndex: integration.index, outcome: outcome,
            durationMs: started.duration(to: clock.now).milliseconds)
          return (position, summary)
        }
      }
      var collected: [(Int, DeliveryAttemptSummary)] = []
      for await result in group { collected.append(result) }
      return collected.sorted { $0.0 < $1.0 }.map(\.1)
    }
    pending.add(
      attempts: summaries.map { summary in
        NotificationAttemptRecord(
          atMs: now, receiver: name, integration: summary.integration, integrationIndex: summary.integrationIndex,
          groupKey: groupKey, fingerprints: [alert.fingerprint], status: "firing", attempt: 1,
          outcome: Self.outcomeName(summary.outcome, isLast: true), detail: Self.outcomeDetail(summary.outcome),
          durationMs: summary.durationMs)
      })
    persistWake.signal()
    return summaries
  }
}
