// One group flush through the notification pipeline: per integration (all at once, so one slow
// receiver delays no other), resolved alerts dropped where send_resolved is off, deduplication
// against the notification log, delivery with retries until the flush deadline, every attempt
// recorded, and the log updated after a successful delivery.
import Catalog
import Logging
import Synchronization
import WardenCore

extension AlertNotifier {
  func runFlush(_ job: FlushJob) async {
    // Alertmanager lets a flush retry for its group_interval, at least a minimum.
    let timeout = max(Duration.milliseconds(job.groupIntervalMs), options.minimumFlushTimeout)
    let deadline = ContinuousClock.now.advanced(by: timeout)
    let succeeded = await deliver(job, deadline: deadline)
    let rescheduled = state.withLock { $0.completeFlush(job, succeeded: succeeded) }
    if rescheduled { dispatchWake.signal() }
  }

  /// Delivers the flush to every integration of its receiver; true when none failed.
  private func deliver(_ job: FlushJob, deadline: ContinuousClock.Instant) async -> Bool {
    guard !job.alerts.isEmpty, !job.integrations.isEmpty else { return true }
    let firing = Set(job.alerts.filter { !$0.isResolved(atMs: job.nowMs) }.map(\.fingerprint))
    let resolved = Set(job.alerts.filter { $0.isResolved(atMs: job.nowMs) }.map(\.fingerprint))
    return await withTaskGroup(of: Bool.self) { group in
      for integration in job.integrations {
        group.addTask {
          await self.deliver(job, to: integration, firing: firing, resolved: resolved, deadline: deadline)
        }
      }
      var allSucceeded = true
      for await succeeded in group where !succeeded { allSucceeded = false }
      return allSucceeded
    }
  }

  private func deliver(
    _ job: FlushJob, to integration: Integration, firing: Set<AlertFingerprint>, resolved: Set<AlertFingerprint>,
    deadline: ContinuousClock.Instant
  ) async -> Bool {
    let receiver = integration.receiver
    let key = NotificationLogKey(
      groupKey: job.groupKey, receiver: job.receiver, integration: receiver.integration, integrationIndex: integration.index)
    guard
      NotificationLog.needsUpdate(
        notificationLog.entry(key), firing: firing, resolved: resolved, sendResolved: receiver.sendResolved,
        repeatIntervalMs: job.repeatIntervalMs, nowMs: job.nowMs)
    else { return true }
    // Without send_resolved, only firing alerts go out; a flush with only resolved ones sends
    // nothing but is still logged, so the log forgets the firing set.
    let alerts = receiver.sendResolved ? job.alerts : job.alerts.filter { !$0.isResolved(atMs: job.nowMs) }
    if !alerts.isEmpty {
      let notification = Notification(
        receiver: job.receiver, groupKey: job.groupKey, groupLabels: job.groupLabels, alerts: alerts, externalURL: externalURL,
        nowMs: job.nowMs)
      let fingerprints = alerts.map(\.fingerprint)
      let outcome = await DeliveryRunner.deliver(
        receiver, notification, policy: options.retry, deadline: deadline, nowMs: clock
      ) { report in
        pending.add(attempts: [
          Self.attemptRecord(report, job: job, integration: integration, fingerprints: fingerprints, status: notification.status)
        ])
        persistWake.signal()
      }
      guard outcome.isDelivered else {
        deliveryTotals.withLock { $0.failed[receiver.integration, default: 0] += 1 }
        logger.info(
          "notification failed",
          metadata: [
            "receiver": "\(job.receiver)", "integration": "\(receiver.integration)[\(integration.index)]",
            "group": "\(job.groupKey)", "reason": "\(outcome)",
          ])
        return false
      }
      let latency = Double(max(0, clock() - job.nowMs)) / 1000
      deliveryTotals.withLock { totals in
        totals.sent[receiver.integration, default: 0] += 1
        totals.latencySecondsSum += latency
        totals.latencyCount += 1
      }
    }
    let record = notificationLog.record(
      key, firing: firing, resolved: resolved, nowMs: job.nowMs, retentionMs: options.retention.milliseconds)
    pending.add(notificationLog: [record])
    persistWake.signal()
    return true
  }

  static func attemptRecord(
    _ report: DeliveryAttemptReport, job: FlushJob, integration: Integration, fingerprints: [AlertFingerprint], status: String
  ) -> NotificationAttemptRecord {
    NotificationAttemptRecord(
      atMs: report.startedAtMs, receiver: job.receiver, integration: integration.receiver.integration,
      integrationIndex: integration.index, groupKey: job.groupKey, fingerprints: fingerprints, status: status,
      attempt: report.attempt, outcome: outcomeName(report.outcome, isLast: report.isLast), detail: outcomeDetail(report.outcome),
      durationMs: report.durationMs)
  }

  /// The history's outcome names: "delivered", "retryable" (another attempt follows) or "failed".
  static func outcomeName(_ outcome: DeliveryOutcome, isLast: Bool) -> String {
    switch outcome {
    case .delivered: return "delivered"
    case .retryable: return isLast ? "failed" : "retryable"
    case .permanent: return "failed"
    }
  }

  static func outcomeDetail(_ outcome: DeliveryOutcome) -> String {
    switch outcome {
    case .delivered(let detail): return detail
    case .retryable(let reason): return reason
    case .permanent(let reason): return reason
    }
  }
}
