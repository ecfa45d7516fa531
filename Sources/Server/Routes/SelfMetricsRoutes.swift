// `/metrics` (Warden's own metrics, the stores' and the receivers') and `/metrics/host` (the built-in host collector, with
// node_exporter's names), both in the text exposition format.
import Alerting
import Collect
import LogStore
import MetricStore
import Notify
import Hummingbird
import WardenCore

struct SelfMetricsRoutes {
  let metrics: SelfMetrics
  let ingest: IngestMetrics
  let logIngest: LogIngestMetrics
  /// The file tailer, when `log_files:` is configured.
  let logFiles: LogFileTailer?
  let stores: Stores
  let host: HostCollector
  let rules: RuleManagerSlot
  let notifier: AlertNotifierSlot
  let live: LiveStreams
  let backups: BackupStatusBoard
  let reloader: ConfigReloader

  func register(on router: Router<some RequestContext>) {
    router.get("/metrics") { _, _ in
      let backupJobs = await reloader.current.backupJobs
      var encoder = ExpositionEncoder(reservingCapacity: 16 << 10)
      metrics.render(into: &encoder)
      ingest.render(into: &encoder.bytes)
      stores.metrics?.emitMetrics(into: &encoder)
      logIngest.render(into: &encoder.bytes)
      if let logs = stores.logs { LogStoreMetrics.emit(logs.status(), into: &encoder) }
      if let logFiles { LogStoreMetrics.emit(logFiles.metrics, into: &encoder) }
      if let manager = rules.manager { RuleMetrics.emit(manager.statistics(), into: &encoder) }
      if let notifier = notifier.notifier { NotifierMetrics.emit(notifier.statistics(), into: &encoder) }
      live.emit(into: &encoder)
      BackupMetrics.emit(jobs: backupJobs, board: backups, into: &encoder)
      return TextBody.response(bytes: encoder.bytes, contentType: expositionContentType)
    }
    router.get("/metrics/host") { _, _ in
      var encoder = ExpositionEncoder(reservingCapacity: 64 << 10)
      host.collect(into: &encoder)
      return TextBody.response(bytes: encoder.bytes, contentType: expositionContentType)
    }
  }
}
