// What the overview page shows about Warden itself: totals since start from the receivers' and
// the notifier's counters (the page polls and turns them into rates), the stores' sizes on disk,
// and the free space of the data directory's filesystem.
import Catalog
import Codecs
import Foundation
import LogStore
import MetricStore
import Notify
import WardenCore

struct OverviewStatus: Encodable, Sendable {
  struct Counters: Encodable, Sendable {
    var samplesAppended = 0
    var samplesRejected = 0
    var logLinesAppended = 0
    var logBytesAppended = 0
    var alertsReceived = 0
    var notificationsSent = 0
    var notificationsFailed = 0
  }

  struct Storage: Encodable, Sendable {
    var metricsBytes = 0
    var logsBytes = 0
    var catalogBytes = 0
    var headSeries = 0
    var logStreams = 0
    var diskFreeBytes = 0
    var diskTotalBytes = 0
  }

  /// Seconds since the epoch.
  var time: Double
  var startTime: Double
  var version: String
  var revision: String
  var counters: Counters
  var storage: Storage
}

/// Gathers `OverviewStatus` from the running server's parts.
struct OverviewSources: Sendable {
  let ingest: IngestMetrics
  let logIngest: LogIngestMetrics
  let notifier: AlertNotifierSlot
  let stores: Stores
  let dataDirectory: String
  /// When the server started, seconds since the epoch.
  let startTime: Double

  /// Reads every figure now. Walks the metric store's directory and calls statvfs: blocking file
  /// system work, so callers run it off the cooperative pool.
  func gather() -> OverviewStatus {
    var counters = OverviewStatus.Counters()
    counters.samplesAppended = ingest.samplesAppended
    counters.samplesRejected = ingest.samplesRejected
    counters.logLinesAppended = logIngest.linesStored
    counters.logBytesAppended = logIngest.bytesStored
    if let statistics = notifier.notifier?.statistics() {
      counters.alertsReceived = statistics.alertsReceived
      counters.notificationsSent = statistics.notificationsSent.values.reduce(0, +)
      counters.notificationsFailed = statistics.notificationsFailed.values.reduce(0, +)
    }
    var storage = OverviewStatus.Storage()
    if let metrics = stores.metrics {
      storage.metricsBytes = DiskUsage.bytesUnder(metrics.directory)
      storage.headSeries = metrics.seriesCount
    }
    if let logs = stores.logs {
      let status = logs.status()
      storage.logsBytes = status.storedBytes
      storage.logStreams = status.streams
    }
    if let catalog = stores.catalog {
      // SQLite in WAL mode keeps recent pages beside the main file.
      storage.catalogBytes = [catalog.path, catalog.path + "-wal", catalog.path + "-shm"].reduce(0) { $0 + DiskUsage.fileSize($1) }
    }
    if let disk = DiskUsage.space(dataDirectory) {
      storage.diskFreeBytes = disk.free
      storage.diskTotalBytes = disk.total
    }
    return OverviewStatus(
      time: Date().timeIntervalSince1970, startTime: startTime, version: BuildInfo.version, revision: BuildInfo.revision,
      counters: counters, storage: storage)
  }
}
