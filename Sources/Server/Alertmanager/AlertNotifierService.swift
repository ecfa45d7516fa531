// Runs the notifier for `warden serve`: once the catalog is open it builds the notifier from the
// `alerting:` configuration, loads silences and the notification log, puts it in the slot the
// routes read, dispatches until shutdown, applies a changed `alerting:` after every successful
// reload, and on shutdown flushes the notifier's state to the catalog before the catalog closes
// (it runs after StoreService in the service group, so it is stopped before it).
import AsyncHTTPClient
import Catalog
import Logging
import Notify
import ServiceLifecycle

struct AlertNotifierService: Service {
  let slot: AlertNotifierSlot
  let stores: Stores
  let reloader: ConfigReloader
  /// Where this server is reached, for links in notifications.
  let externalURL: String
  let logger: Logger

  func run() async throws {
    guard let catalog = await openedCatalog() else { return }
    let initial = await reloader.current.alerting.notifier
    let httpClient = ReceiverContext.makeHTTPClient()
    let notifier = AlertNotifier(
      configuration: initial, catalog: catalog, externalURL: externalURL, logger: logger, httpClient: httpClient)
    do {
      try await notifier.start()
    } catch {
      try? await httpClient.shutdown()
      throw error
    }
    slot.set(notifier)
    logger.info("notifier started", metadata: ["receivers": "\(notifier.receiverNames.count)"])

    await cancelWhenGracefulShutdown {
      await withDiscardingTaskGroup { group in
        group.addTask { await notifier.run() }
        group.addTask { await applyReloads(to: notifier, applied: initial) }
      }
    }
    slot.set(nil)
    await notifier.stop()
    try? await httpClient.shutdown()
  }

  /// Waits for StoreService to open the catalog; nil when shutdown comes first.
  private func openedCatalog() async -> CatalogDatabase? {
    await cancelWhenGracefulShutdown {
      while !Task.isCancelled {
        if let catalog = stores.catalog { return catalog }
        try? await Task.sleep(for: .milliseconds(20))
      }
      return nil
    }
  }

  /// Applies the `alerting:` configuration whenever a reload changed it.
  private func applyReloads(to notifier: AlertNotifier, applied initial: AlertmanagerConfiguration) async {
    var applied = initial
    while !Task.isCancelled {
      try? await Task.sleep(for: .seconds(1))
      let wanted = await reloader.current.alerting.notifier
      if wanted != applied {
        notifier.apply(wanted)
        applied = wanted
        logger.info("alerting configuration applied", metadata: ["receivers": "\(notifier.receiverNames.count)"])
      }
    }
  }
}
