// Every minute: cut ready head ranges of the metric store into blocks and apply retention, on
// NIO's thread pool (it is disk I/O); every 10 seconds: seal idle log heads, cut log segments and
// apply log retention. A failure is logged and tried again next time.
import Foundation
import Logging
import LogStore
import MetricStore
import NIOPosix
import ServiceLifecycle

struct StoreMaintenanceService: Service {
  let stores: Stores
  let logger: Logger
  var interval: Duration = .seconds(60)

  var logInterval: Duration = .seconds(10)

  func run() async throws {
    await cancelWhenGracefulShutdown {
      await withTaskGroup(of: Void.self) { group in
        group.addTask { await maintainLoop() }
        group.addTask { await maintainLogsLoop() }
      }
    }
  }

  private func maintainLogsLoop() async {
    while !Task.isCancelled {
      try? await Task.sleep(for: logInterval)
      guard let store = stores.logs, !Task.isCancelled else { continue }
      do {
        try await store.maintain(nowNs: Int64(Date().timeIntervalSince1970 * 1e9))
      } catch {
        logger.error("log store maintenance failed; will retry", metadata: ["error": "\(error)"])
      }
    }
  }

  private func maintainLoop() async {
    while !Task.isCancelled {
      try? await Task.sleep(for: interval)
      guard let store = stores.metrics, !Task.isCancelled else { continue }
      do {
        _ = try await NIOThreadPool.singleton.runIfActive { try store.maintain() }
      } catch is CancellationError {
        return
      } catch {
        logger.error("metric store maintenance failed; will retry", metadata: ["error": "\(error)"])
      }
    }
  }
}
