// Runs the rule engine for `warden serve`: once the stores are open it builds the RuleManager
// over the server's PromQL and LogQL engines (recording rules and ALERTS written through the
// sample sink, alerts sent to the notifier), applies the rule groups the configuration loaded,
// and re-applies them after every successful reload. Changed `global` settings (evaluation
// interval, external labels) rebuild the manager, which resumes alert states from the catalog.
import Alerting
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import WardenCore

/// Where the running rule manager is found (routes are registered before it exists).
final class RuleManagerSlot: Sendable {
  private let current = Mutex<RuleManager?>(nil)

  var manager: RuleManager? { current.withLock { $0 } }

  func set(_ manager: RuleManager?) {
    current.withLock { $0 = manager }
  }
}

struct RuleService: Service {
  let slot: RuleManagerSlot
  let stores: Stores
  let queries: QueryService
  let logQueries: LogQueryService
  let sink: SampleSink
  let sender: any AlertSender
  let reloader: ConfigReloader
  let externalURL: String
  let logger: Logger

  /// What the manager is built with; a change rebuilds it.
  private struct Settings: Equatable {
    var interval: Duration
    var externalLabels: [String: String]
  }

  func run() async throws {
    await cancelWhenGracefulShutdown { await loop() }
    slot.set(nil)
  }

  private func loop() async {
    while (stores.metrics == nil || stores.catalog == nil) && !Task.isCancelled {
      try? await Task.sleep(for: .milliseconds(50))
    }
    var running: (manager: RuleManager, settings: Settings, groups: LoadedRuleGroups, task: Task<Void, Never>)?
    while !Task.isCancelled {
      let config = await reloader.current
      let settings = Settings(interval: config.global.evaluationInterval.duration, externalLabels: config.global.externalLabels)
      if let current = running, current.settings == settings {
        if current.groups != config.ruleGroups {
          await current.manager.apply(config.ruleGroups.groups)
          running?.groups = config.ruleGroups
          logger.info("rule groups applied", metadata: ["groups": "\(config.ruleGroups.groups.count)"])
        }
      } else {
        if let current = running {
          current.task.cancel()
          await current.task.value
        }
        let manager = makeManager(settings)
        await manager.apply(config.ruleGroups.groups)
        let task = Task { await manager.run() }
        slot.set(manager)
        running = (manager, settings, config.ruleGroups, task)
        if !config.ruleGroups.groups.isEmpty {
          logger.info(
            "rule engine started",
            metadata: [
              "groups": "\(config.ruleGroups.groups.count)",
              "rules": "\(config.ruleGroups.groups.reduce(0) { $0 + $1.rules.count })",
            ])
        }
      }
      try? await Task.sleep(for: .seconds(1))
    }
    if let current = running {
      current.task.cancel()
      await current.task.value
    }
  }

  private func makeManager(_ settings: Settings) -> RuleManager {
    var options = RuleManagerOptions()
    options.defaultInterval = settings.interval
    options.externalLabels = Labels(settings.externalLabels)
    options.externalURL = externalURL
    return RuleManager(
      queryEngine: queries.engine, logEngine: logQueries.engine, writer: SinkRuleWriter(sink: sink), sender: sender,
      catalog: stores.catalog, options: options, logger: logger)
  }
}

/// Recording rule results and ALERTS series go to the metric store like any other samples.
struct SinkRuleWriter: RuleSampleWriter {
  let sink: SampleSink

  func write(_ batch: SampleBatch) async throws {
    _ = try await sink.append(batch, receiver: "rules")
  }
}
