// Every minute: cut ready head ranges of the metric store into blocks and apply retention, on
// NIO's thread pool (it is disk I/O). A failure is logged and tried again next time.
import Logging
import MetricStore
import NIOPosix
import ServiceLifecycle

struct StoreMaintenanceService: Service {
  let stores: Stores
  let logger: Logger
  var interval: Duration = .seconds(60)

  func run() async throws {
    await cancelWhenGracefulShutdown { await maintainLoop() }
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
