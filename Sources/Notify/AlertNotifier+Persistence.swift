// The notifier's background work besides flushing: writing pending log entries, silences and
// history to the catalog (soon after each change, one transaction per kind), and housekeeping
// (timed-out API alerts recorded as resolved, orphaned resolved alerts, expired silences and log
// entries forgotten after the retention period).
import Catalog
import Logging
import Synchronization
import WardenCore

extension AlertNotifier {
  func persistLoop() async {
    while !Task.isCancelled {
      await persistWake.wait(upTo: options.persistInterval)
      // Once cancelled, `stop()` writes what is left (a write now would only be cancelled).
      if Task.isCancelled { return }
      await writePending()
    }
  }

  /// Writes everything pending; what fails is kept for the next try.
  func writePending() async {
    let batch = pending.take()
    guard !batch.isEmpty else { return }
    var failed = PendingWrites.Batch()
    do {
      try await catalog.saveNotificationLog(batch.notificationLog)
    } catch {
      failed.notificationLog = batch.notificationLog
      logWriteFailure("cannot save the notification log", error)
    }
    do {
      try await catalog.saveSilences(batch.silences)
    } catch {
      failed.silences = batch.silences
      logWriteFailure("cannot save silences", error)
    }
    do {
      try await catalog.recordNotificationAttempts(batch.attempts)
      try await catalog.recordAlertEvents(batch.events)
    } catch {
      failed.attempts = batch.attempts
      failed.events = batch.events
      logWriteFailure("cannot record the alert history", error)
    }
    if !failed.isEmpty { pending.restore(failed) }
  }

  private func logWriteFailure(_ message: String, _ error: any Error) {
    // A write cut short by shutdown is retried by `stop()`; not worth a log line.
    if Task.isCancelled { return }
    logger.info("\(message); will retry", metadata: ["error": "\(error)"])
  }

  func maintenanceLoop() async {
    while !Task.isCancelled {
      do {
        try await Task.sleep(for: options.maintenanceInterval)
      } catch {
        return
      }
      await maintain()
    }
  }

  /// One round of housekeeping.
  func maintain() async {
    let now = clock()
    let events = state.withLock { $0.collectGarbage(nowMs: now) }
    pending.add(events: events)
    let cutoff = now - options.retention.milliseconds
    silenceStore.collectGarbage(endedBeforeMs: cutoff)
    notificationLog.collectGarbage(nowMs: now)
    do {
      try await catalog.deleteSilences(endedBeforeMs: cutoff)
      try await catalog.deleteNotificationLog(expiredAtMs: now)
    } catch {
      logger.info("cannot delete expired silences and log entries", metadata: ["error": "\(error)"])
    }
    persistWake.signal()
  }
}
