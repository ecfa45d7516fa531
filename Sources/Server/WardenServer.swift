// `warden serve` put together: configuration, data directory lock, stores, host collector, HTTP
// routes and the service group that starts them in order and stops them in reverse.
import Catalog
import Collect
import Foundation
import Hummingbird
import HummingbirdWebSocket
package import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals
import WardenCore

/// Everything `warden serve` is told on its command line.
package struct ServeOptions: Sendable {
  package var configPath: String?
  package var dataDirectory: String = "./data"
  package var listen: ListenAddress = .default
  package var logLevel: Logger.Level = .info
  package var logFormat: LogFormat = .logfmt
  /// How long in-flight requests and store flushing may take after SIGTERM before the rest is cancelled.
  package var shutdownTimeout: Duration = .seconds(30)
  /// Whether `/api/v1/admin/*` (snapshots) is served.
  package var enableAdminAPI = false

  package init() {}

  /// The flags as `/api/v1/status/flags` reports them.
  var flagValues: [String: String] {
    [
      "config": configPath ?? "", "data-dir": dataDirectory, "listen": listen.description,
      "log-level": logLevel.rawValue, "log-format": logFormat.rawValue,
      "shutdown-timeout": PrometheusDuration.format(shutdownTimeout),
      "enable-admin-api": String(enableAdminAPI),
    ]
  }
}

package enum WardenServer {
  /// Runs the server until SIGTERM or SIGINT.
  /// - Throws: `StartupError` (one line for the operator) when the configuration is invalid, the
  ///   data directory is unusable or locked, a store cannot open, or the address cannot be bound.
  package static func run(options: ServeOptions, logger: Logger) async throws {
    var config = WardenConfiguration()
    var configText = ""
    if let path = options.configPath {
      do {
        configText = try ConfigLoader.readText(path: path)
        config = try ConfigLoader.parse(configText, file: path)
      } catch {
        throw StartupError("invalid configuration: \(error)")
      }
    }
    let lock = try DataDirectoryLock.acquire(directory: options.dataDirectory)

    let metrics = SelfMetrics()
    let readiness = Readiness()
    let stores = Stores()
    let ingestMetrics = IngestMetrics()
    let sink = SampleSink(
      stores: stores, metrics: ingestMetrics, limiter: IngestRateLimiter(samplesPerSecond: config.ingest.maxSamplesPerSecond))
    let reloader = ConfigReloader(
      path: options.configPath, initial: config, text: configText, logger: logger, metrics: metrics)

    let router = Router()
    UIRoutes(assets: UIAssets.load()).register(on: router)
    LifecycleRoutes(readiness: readiness, reloader: reloader).register(on: router)
    let hostCollector = HostCollector()
    // Logs: receivers write through `logSink`; LogQL and the Loki API read through one engine.
    let logIngestMetrics = LogIngestMetrics()
    let tailHub = LogTailHub()
    let logSink = LogSink(stores: stores, metrics: logIngestMetrics, tail: tailHub)
    let logFileService =
      config.logFiles.isEmpty
      ? nil
      : LogFileService(
        configurations: config.logFiles, dataDirectory: options.dataDirectory, sink: logSink, stores: stores, logger: logger)
    // Filled once the catalog is open: the notifier and the rule engine.
    let notifierSlot = AlertNotifierSlot()
    let ruleSlot = RuleManagerSlot()
    // Open live query streams (Server-Sent Events), capped; ended when the server stops.
    let liveStreams = LiveStreams()
    // Backup jobs: run on schedule and on demand; their state feeds /metrics, the TSDB and the API.
    let backupBoard = BackupStatusBoard()
    let backupScheduler = BackupScheduler(
      stores: stores, reloader: reloader, dataDirectory: options.dataDirectory, board: backupBoard, logger: logger)
    SelfMetricsRoutes(
      metrics: metrics, ingest: ingestMetrics, logIngest: logIngestMetrics, logFiles: logFileService?.tailer, stores: stores,
      host: hostCollector, rules: ruleSlot, notifier: notifierSlot, live: liveStreams, backups: backupBoard, reloader: reloader
    ).register(on: router)
    StatusRoutes(reloader: reloader, flags: options.flagValues).register(on: router)
    TSDBStatusRoutes(stores: stores).register(on: router)
    AdminRoutes(stores: stores, dataDirectory: options.dataDirectory, isEnabled: options.enableAdminAPI).register(on: router)
    // Receivers: each registers its routes (or starts its service below) and writes through `sink`.
    RemoteWriteRoutes(sink: sink).register(on: router)
    let scrapeClients = ScrapeClients()
    let scrapeManager = ScrapeManager(
      clients: scrapeClients, appender: SinkScrapeAppender(sink: sink), userAgent: "Warden/\(BuildInfo.version)", logger: logger)
    TargetsRoutes(manager: scrapeManager).register(on: router)
    AlertHistoryRoutes(stores: stores).register(on: router)
    DashboardRoutes(stores: stores).register(on: router)
    TestReceiverRoutes(notifier: notifierSlot).register(on: router)
    OTLPRoutes(sink: sink).register(on: router)
    let pushGroups = PushGroups(dataDirectory: options.dataDirectory)
    PushRoutes(groups: pushGroups, metrics: ingestMetrics).register(on: router)
    // PromQL and the read API: one engine over the store, with the `query:` limits.
    let queryService = QueryService(stores: stores, options: config.query.engineOptions)
    QueryRoutes(service: queryService).register(on: router)
    SeriesRoutes(service: queryService).register(on: router)
    LokiPushRoutes(sink: logSink).register(on: router)
    LogPushRoutes(sink: logSink).register(on: router)
    let logQueryService = LogQueryService(stores: stores)
    LokiQueryRoutes(service: logQueryService).register(on: router)
    let tailSocket = LokiTailSocket(service: logQueryService, hub: tailHub)
    tailSocket.registerFallback(on: router)
    // Live updates for dashboards (Server-Sent Events) and the overview page's own figures.
    LiveQueryRoutes(queries: queryService, logQueries: logQueryService, streams: liveStreams).register(on: router)
    OverviewRoutes(
      sources: OverviewSources(
        ingest: ingestMetrics, logIngest: logIngestMetrics, notifier: notifierSlot, stores: stores,
        dataDirectory: options.dataDirectory, startTime: Date().timeIntervalSince1970)
    ).register(on: router)
    // Alerting: the notifier (built once the catalog opens) behind Alertmanager's API v2.
    AlertmanagerRoutes(notifier: notifierSlot).register(on: router)
    // Rules: evaluated over the same PromQL and LogQL engines; alerts go to the notifier in process.
    RulesRoutes(slot: ruleSlot).register(on: router)
    BackupRoutes(
      scheduler: backupScheduler, reloader: reloader, stores: stores, dataDirectory: options.dataDirectory,
      serverURL: "http://\(options.listen)")
      .register(on: router)

    let listen = options.listen
    let app = Application(
      responder: MetricsResponder(wrapped: router.buildResponder(), metrics: metrics),
      server: .http1WebSocketUpgrade { head, _, logger in tailSocket.shouldUpgrade(head, logger: logger) },
      configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: "Warden/\(BuildInfo.version)"),
      logger: logger
    )

    var groupConfiguration = ServiceGroupConfiguration(
      services: [
        .init(
          service: StoreService(
            dataDirectory: options.dataDirectory, storage: config.storage, stores: stores, readiness: readiness,
            logger: logger)),
        .init(service: StoreMaintenanceService(stores: stores, logger: logger)),
        // After the stores, so it is stopped (and has flushed its state) before the catalog closes.
        .init(
          service: AlertNotifierService(
            slot: notifierSlot, stores: stores, reloader: reloader, externalURL: "http://\(options.listen)", logger: logger)),
        // After the notifier, so it stops first: the last evaluations' alerts still reach it.
        .init(
          service: RuleService(
            slot: ruleSlot, stores: stores, queries: queryService, logQueries: logQueryService, sink: sink,
            sender: NotifierAlertSender(slot: notifierSlot, logger: logger), reloader: reloader,
            externalURL: "http://\(options.listen)", logger: logger)),
        .init(service: ReloadSignalService(reloader: reloader)),
        .init(
          service: HostScrapeService(collector: hostCollector, stores: stores, reloader: reloader, backups: backupBoard, logger: logger)),
        // After the stores, so it stops (abandoning a run in progress, which the next start marks
        // interrupted; the repository stays consistent) before the catalog closes.
        .init(service: backupScheduler),
        .init(service: PushEmitService(groups: pushGroups, sink: sink, stores: stores, reloader: reloader, logger: logger)),
        .init(
          service: ScrapeService(manager: scrapeManager, clients: scrapeClients, stores: stores, reloader: reloader, logger: logger)),
        .init(service: app),
        // Last, so stopped first: live tails end before the HTTP server waits for connections.
        .init(service: TailShutdownService(hub: tailHub)),
        // Likewise for live query streams (Server-Sent Events).
        .init(service: LiveShutdownService(streams: liveStreams)),
      ],
      logger: logger)
    if let logFileService {  // before the HTTP server (and the two stream stoppers after it), so it stops after it
      groupConfiguration.services.insert(.init(service: logFileService), at: groupConfiguration.services.count - 3)
    }
    if let syslog = config.logs.syslog {  // before the HTTP server (and the two stream stoppers after it), so it stops after it
      groupConfiguration.services.insert(
        .init(service: SyslogService(configuration: syslog, sink: logSink, logger: logger)),
        at: groupConfiguration.services.count - 3)
    }
    if let statsd = config.statsd {  // before the HTTP server (and the two stream stoppers after it), so it stops after it
      groupConfiguration.services.insert(
        .init(service: StatsDService(configuration: statsd, sink: sink, logger: logger)),
        at: groupConfiguration.services.count - 3)
    }
    groupConfiguration.gracefulShutdownSignals = [.sigterm, .sigint]
    groupConfiguration.maximumGracefulShutdownDuration = options.shutdownTimeout
    groupConfiguration.maximumCancellationDuration = .seconds(5)

    logger.info(
      "starting Warden",
      metadata: [
        "version": "\(BuildInfo.version)", "revision": "\(BuildInfo.revision)",
        "data.dir": "\(options.dataDirectory)", "config.file": "\(options.configPath ?? "none")",
      ])
    do {
      try await ServiceGroup(configuration: groupConfiguration).run()
    } catch let error as CatalogError {
      throw StartupError(error.description)
    } catch let error as IOError {
      throw StartupError("cannot listen on \(listen): \(error.description)")
    }
    withExtendedLifetime(lock) {}
    logger.info("stopped")
  }
}
