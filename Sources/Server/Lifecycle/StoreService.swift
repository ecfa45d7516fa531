// Opens the stores when the server starts, marks the server ready once all are open, and flushes
// and closes them at shutdown. It runs first in the service group, so it is stopped last: the
// HTTP server has stopped taking requests by the time the stores close.
package import Catalog
package import LogStore
package import MetricStore
import Foundation
import Logging
import NIOPosix
import ServiceLifecycle
import Synchronization
import WardenCore

/// The open stores, reachable by the routes once `StoreService` has opened them.
///
/// Thread-safe: the references sit behind a `Mutex`; the stores themselves are thread-safe.
package final class Stores: Sendable {
  private struct Open {
    var catalog: CatalogDatabase?
    var metrics: MetricStore?
    var logs: LogStore?
  }

  private let state = Mutex(Open())

  package init() {}

  package var catalog: CatalogDatabase? { state.withLock { $0.catalog } }
  package var metrics: MetricStore? { state.withLock { $0.metrics } }
  package var logs: LogStore? { state.withLock { $0.logs } }

  func set(catalog: CatalogDatabase?, metrics: MetricStore?, logs: LogStore?) {
    state.withLock { $0 = Open(catalog: catalog, metrics: metrics, logs: logs) }
  }
}

struct StoreService: Service {
  let dataDirectory: String
  let storage: StorageConfiguration
  let stores: Stores
  let readiness: Readiness
  let logger: Logger

  func run() async throws {
    let path = dataDirectory + "/" + CatalogDatabase.fileName
    let run = ServerRun(
      startedAtMs: Int64(Date().timeIntervalSince1970 * 1000), version: BuildInfo.version, revision: BuildInfo.revision)
    let logger = logger
    let metricsDirectory = dataDirectory + "/metrics"
    var options = StoreOptions()
    options.retentionMs = Int64(storage.metrics.retention.duration.components.seconds) * 1000
    options.retentionBytes = Int(storage.metrics.retentionSize.bytes)
    options.outOfOrderWindowMs = Int64(storage.metrics.outOfOrderWindow.duration.components.seconds) * 1000
    options.downsampleAfterMs = Int64(storage.metrics.downsampleAfter.duration.components.seconds) * 1000
    // Opening migrates SQLite and replays the WAL: blocking disk I/O, so it runs on NIO's
    // thread pool, not the cooperative pool.
    let catalog = try await NIOThreadPool.singleton.runIfActive {
      try CatalogDatabase(path: path, run: run)
    }
    // The built-in dashboards exist from the first start (and only then: deletes stick).
    do {
      try await BuiltinDashboards.seed(catalog)
    } catch {
      logger.error("cannot create the built-in dashboards", metadata: ["error": "\(error)"])
    }
    let storeOptions = options
    let metrics = try await NIOThreadPool.singleton.runIfActive {
      try MetricStore(directory: metricsDirectory, options: storeOptions, logger: logger)
    }
    let logsDirectory = dataDirectory + "/logs"
    let logOptions = storage.logs.storeOptions
    let logs = try await NIOThreadPool.singleton.runIfActive {
      try LogStore.open(directory: logsDirectory, options: logOptions, logger: logger)
    }
    stores.set(catalog: catalog, metrics: metrics, logs: logs)
    readiness.set(true)
    logger.info("stores open; ready", metadata: ["catalog.path": "\(path)", "instance.id": "\(catalog.instanceID)"])

    // Stay up until shutdown is requested; errors other than cancellation propagate.
    try? await gracefulShutdown()

    readiness.set(false)
    stores.set(catalog: nil, metrics: nil, logs: nil)
    // Log heads are written out as a segment, so a stopped server's data directory holds
    // compressed segments rather than a WAL to replay (and its size is what it will be).
    do {
      try await logs.flush()
    } catch {
      logger.error("cannot flush the log store; its WAL will be replayed at the next start", metadata: ["error": "\(error)"])
    }
    // Closed inline, not on the thread pool: at shutdown the task may already be cancelled, and
    // cancellation must never skip flushing the WAL and checkpointing the catalog.
    metrics.close()
    logs.close()
    do {
      try catalog.close()
      logger.info("stores closed")
    } catch {
      logger.error("cannot close stores cleanly", metadata: ["error": "\(error)"])
    }
  }
}
