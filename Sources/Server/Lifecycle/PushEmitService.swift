// Stores the pushed groups every `global.scrape_interval`, as Prometheus scraping a Pushgateway
// would, so a batch job's last report stays queryable between its runs.
import Foundation
import Logging
import ServiceLifecycle
import WardenCore

struct PushEmitService: Service {
  let groups: PushGroups
  let sink: SampleSink
  let stores: Stores
  let reloader: ConfigReloader
  let logger: Logger

  func run() async throws {
    do {
      try groups.load()
    } catch {
      logger.error("cannot read pushed groups; starting without them", metadata: ["file": "\(groups.file)", "error": "\(error)"])
    }
    await cancelWhenGracefulShutdown { await loop() }
  }

  private func loop() async {
    while !Task.isCancelled {
      let interval = await reloader.current.global.scrapeInterval.duration
      if stores.metrics != nil {
        let batch = groups.emit(nowMs: Int64(Date().timeIntervalSince1970 * 1000))
        do {
          _ = try await sink.append(batch, receiver: PushRoutes.receiver)
        } catch {
          logger.warning("cannot store pushed metrics", metadata: ["error": "\(error)"])
        }
      }
      try? await Task.sleep(for: stores.metrics == nil ? .milliseconds(100) : interval)
    }
  }
}
