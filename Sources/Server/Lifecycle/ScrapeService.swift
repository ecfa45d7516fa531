// Runs the scrape manager for `warden serve`: applies `scrape_configs` once the store is open,
// re-applies them after every successful reload, polls file_sd files, and on shutdown stops the
// loops (writing their staleness markers) before the store closes.
import Collect
import Logging
import NIOCore
import ServiceLifecycle
import WardenCore

struct ScrapeService: Service {
  let manager: ScrapeManager
  let clients: ScrapeClients
  let stores: Stores
  let reloader: ConfigReloader
  let logger: Logger

  func run() async throws {
    await cancelWhenGracefulShutdown { await loop() }
    await manager.stopAll()
    await clients.shutdown()
  }

  private func loop() async {
    while stores.metrics == nil && !Task.isCancelled {
      try? await Task.sleep(for: .milliseconds(50))
    }
    var applied: [ScrapeConfiguration]?
    while !Task.isCancelled {
      let config = await reloader.current
      // The loader validated this configuration, so resolving cannot fail here; a job that did
      // would be skipped rather than stop every other job.
      let wanted = (try? config.resolvedScrapeConfigs()) ?? []
      if wanted != applied {
        await manager.apply(wanted)
        if applied != nil { logger.info("scrape configuration applied", metadata: ["jobs": "\(wanted.count)"]) }
        applied = wanted
      }
      await manager.refreshDiscovery()
      try? await Task.sleep(for: .seconds(1))
    }
  }
}
