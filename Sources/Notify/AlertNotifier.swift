// The notifier: Alertmanager's semantics in one object. It receives alerts (from the API and the
// rule engine), groups them by route, flushes groups on their timers through inhibition,
// silences and time intervals to the receivers, deduplicates against the notification log, and
// keeps silences and the log in the catalog so a restart neither repeats nor forgets.
import Foundation
package import AsyncHTTPClient
package import Catalog
package import Logging
import Synchronization
package import WardenCore

/// The wall clock in Unix milliseconds.
package typealias NotifierClock = @Sendable () -> Int64

/// Routes, groups, silences and delivers alerts.
///
/// Thread-safe: the alerts and groups are guarded by `state` (one lock taken once per received
/// batch, never per alert across an await); silences, the notification log and pending writes
/// have their own locks, always taken after `state`, never before it.
package final class AlertNotifier: Sendable {
  let catalog: CatalogDatabase
  let externalURL: String
  let logger: Logger
  let options: NotifierOptions
  let receiverFactoryMaker: ReceiverFactoryMaker
  let clock: NotifierClock
  package let startedAtMs: Int64

  let state: Mutex<NotifierState>
  let silenceStore: Silences
  let notificationLog = NotificationLog()
  let pending: PendingWrites
  let dispatchWake = WakeSignal()
  let persistWake = WakeSignal()
  let deliveryTotals = Mutex(DeliveryTotals())

  /// The production notifier: receivers are made by `ReceiverConfiguration.makeReceivers` over
  /// `httpClient`, with the configuration's templates.
  /// - Parameter configDirectory: what relative template globs and `*_file` paths are relative to.
  package convenience init(
    configuration: AlertmanagerConfiguration, catalog: CatalogDatabase, externalURL: String, logger: Logger,
    httpClient: HTTPClient, options: NotifierOptions = NotifierOptions(), configDirectory: String? = nil
  ) {
    self.init(
      configuration: configuration, catalog: catalog, externalURL: externalURL, logger: logger, options: options,
      receiverFactoryMaker: DefaultReceivers.maker(httpClient: httpClient, logger: logger, configDirectory: configDirectory))
  }

  /// A notifier whose receivers are made by `receiverFactory` whatever the configuration.
  package convenience init(
    configuration: AlertmanagerConfiguration, catalog: CatalogDatabase, externalURL: String, logger: Logger,
    options: NotifierOptions, receiverFactory: @escaping ReceiverFactory,
    clock: @escaping NotifierClock = AlertNotifier.wallClock
  ) {
    self.init(
      configuration: configuration, catalog: catalog, externalURL: externalURL, logger: logger, options: options,
      receiverFactoryMaker: { _ in receiverFactory }, clock: clock)
  }

  /// A notifier whose receivers are made, for each configuration, by `receiverFactoryMaker`.
  /// - Parameters:
  ///   - configuration: the Alertmanager configuration.
  ///   - catalog: where silences, the notification log and the history are kept.
  ///   - externalURL: Warden's URL, for links in notifications.
  ///   - clock: the wall clock (Unix ms); tests may shift it.
  package init(
    configuration: AlertmanagerConfiguration, catalog: CatalogDatabase, externalURL: String, logger: Logger,
    options: NotifierOptions, receiverFactoryMaker: @escaping ReceiverFactoryMaker,
    clock: @escaping NotifierClock = AlertNotifier.wallClock
  ) {
    self.catalog = catalog
    self.externalURL = externalURL
    self.logger = logger
    self.options = options
    self.receiverFactoryMaker = receiverFactoryMaker
    self.clock = clock
    startedAtMs = clock()
    silenceStore = Silences(limits: options.silenceLimits)
    pending = PendingWrites(maxRecords: options.maxPendingRecords)
    state = Mutex(
      NotifierState(
        configuration: configuration, integrations: Self.integrations(of: configuration, maker: receiverFactoryMaker),
        maxAlerts: options.maxAlerts))
  }

  /// The system clock in Unix milliseconds.
  package static let wallClock: NotifierClock = { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

  static func integrations(of configuration: AlertmanagerConfiguration, maker: ReceiverFactoryMaker) -> [String: [Integration]] {
    let factory = maker(configuration)
    var integrations: [String: [Integration]] = [:]
    for receiver in configuration.receivers {
      integrations[receiver.name] = Integration.indexed(factory(receiver))
    }
    return integrations
  }

  // MARK: - Lifecycle

  /// Loads silences and the notification log from the catalog. Call once, before `run()`.
  /// - Throws: `CatalogError` when the catalog cannot be read.
  package func start() async throws(CatalogError) {
    let records = try await catalog.silences()
    let decoded = records.compactMap(\.silence)
    let skipped = silenceStore.load(decoded)
    if decoded.count < records.count || !skipped.isEmpty {
      logger.info(
        "ignoring unreadable stored silences",
        metadata: ["silences.ignored": "\(records.count - decoded.count + skipped.count)"])
    }
    notificationLog.load(try await catalog.notificationLog(nowMs: clock()))
    logger.debug(
      "notifier state loaded",
      metadata: ["silences.count": "\(silenceStore.count)", "notification_log.entries": "\(notificationLog.count)"])
  }

  /// Runs the dispatch timers, writes to the catalog and housekeeping until cancelled.
  package func run() async {
    await withDiscardingTaskGroup { group in
      group.addTask { await self.persistLoop() }
      group.addTask { await self.maintenanceLoop() }
      while !Task.isCancelled {
        let now = clock()
        let (jobs, nextDueMs) = state.withLock { state in
          (state.takeDueFlushes(nowMs: now, silences: silenceStore), state.queue.nextDueMs)
        }
        for job in jobs {
          group.addTask { await self.runFlush(job) }
        }
        // Sleep until the next flush is due (or an alert makes one due sooner).
        let waitMs = min(nextDueMs.map { $0 - clock() } ?? 60_000, 60_000)
        if waitMs > 0 { await dispatchWake.wait(upTo: .milliseconds(waitMs)) }
      }
    }
  }

  /// Writes what is still pending to the catalog. Call after `run()` returned.
  package func stop() async {
    await writePending()
  }

  // MARK: - Alerts

  /// Merges received alerts (API v2 POST and the rule engine) into the notifier. Alerts with new
  /// fingerprints beyond `maxAlerts` are rejected and counted. State changes of alerts from the
  /// API (`source == "api"`) are recorded in the alert history.
  @discardableResult
  package func receive(_ alerts: [Alert], source: String) async -> ReceiveReport {
    let now = clock()
    let result = state.withLock { $0.receive(alerts, recordEvents: source == "api", nowMs: now) }
    if !result.events.isEmpty {
      pending.add(events: result.events)
      persistWake.signal()
    }
    if result.rescheduled { dispatchWake.signal() }
    if result.rejected > 0 {
      logger.info(
        "alerts rejected: the notifier holds its maximum number of alerts",
        metadata: ["alerts.rejected": "\(result.rejected)", "alerts.max": "\(options.maxAlerts)", "alerts.source": "\(source)"])
    }
    return ReceiveReport(accepted: result.accepted, rejected: result.rejected)
  }

  /// The unresolved alerts passing `filter`, ordered by fingerprint.
  package func alerts(_ filter: AlertFilter) -> [AlertSnapshot] {
    let now = clock()
    return state.withLock { $0.alertSnapshots(filter, silences: silenceStore, nowMs: now) }
  }

  /// The aggregation groups with alerts passing `filter`.
  package func groups(_ filter: AlertFilter) -> [AlertGroupSnapshot] {
    let now = clock()
    return state.withLock { $0.groupSnapshots(filter, silences: silenceStore, nowMs: now) }
  }

  // MARK: - Configuration

  /// The configured receivers' names, in configuration order.
  package var receiverNames: [String] {
    state.withLock { $0.configuration.receivers.map(\.name) }
  }

  /// The configuration's original text, for `/api/v2/status`.
  package var configurationText: String {
    state.withLock { $0.configuration.originalText }
  }

  /// The current configuration.
  package var configuration: AlertmanagerConfiguration {
    state.withLock { $0.configuration }
  }

  /// Switches to a new configuration (reload). Alerts are kept and grouped anew; what was
  /// already notified is not notified again.
  package func apply(_ configuration: AlertmanagerConfiguration) {
    let integrations = Self.integrations(of: configuration, maker: receiverFactoryMaker)
    let now = clock()
    state.withLock { _ = $0.apply(configuration, integrations: integrations, nowMs: now) }
    dispatchWake.signal()
  }

  /// `/api/v2/status`'s data.
  package func status() -> NotifierStatus {
    NotifierStatus(
      configurationText: configurationText, startedAtMs: startedAtMs, version: BuildInfo.version, revision: BuildInfo.revision,
      branch: BuildInfo.branch)
  }

  /// Totals and sizes for Warden's metrics. Evaluates every unresolved alert's state, so call it
  /// per scrape, not per alert.
  package func statistics() -> NotifierStatistics {
    let now = clock()
    var statistics = NotifierStatistics()
    state.withLock { state in
      statistics.alertsReceived = state.receivedTotal
      statistics.alertsRejected = state.rejectedTotal
      statistics.alertsStored = state.alerts.count
      statistics.aggregationGroups = state.groups.count
      for (fingerprint, stored) in state.alerts where !stored.alert.isResolved(atMs: now) {
        statistics.alertsByState[state.status(of: fingerprint, stored, silences: silenceStore, nowMs: now).state, default: 0] += 1
      }
    }
    for silence in silenceStore.all { statistics.silencesByState[silence.state(atMs: now), default: 0] += 1 }
    deliveryTotals.withLock { totals in
      statistics.notificationsSent = totals.sent
      statistics.notificationsFailed = totals.failed
      statistics.notificationLatencySecondsSum = totals.latencySecondsSum
      statistics.notificationLatencyCount = totals.latencyCount
    }
    statistics.historyRecordsDropped = pending.droppedRecords
    return statistics
  }
}

/// Delivery totals since start, per integration kind.
struct DeliveryTotals: Sendable {
  var sent: [String: Int] = [:]
  var failed: [String: Int] = [:]
  var latencySecondsSum = 0.0
  var latencyCount = 0
}
