// Runs every scrape job of the configuration: turns static and file_sd target groups into
// targets (TargetBuilder), keeps one ScrapeLoop task per active target, and on a reload or a
// discovery change stops the loops of vanished targets (which write their staleness markers) and
// starts new ones. Also answers /api/v1/targets from the loops' health.
package import Logging
package import WardenCore

package actor ScrapeManager {
  private struct Pool {
    var configuration: ScrapeConfiguration
    var fetcher: ScrapeFetcher?
    var fetcherError: String?
    var fileReaders: [FileSDReader]
    var loops: [ScrapeTarget: (loop: ScrapeLoop, task: Task<Void, Never>)] = [:]
    var dropped: [Labels] = []
    var invalid: [(labels: Labels, reason: String)] = []
  }

  private let clients: ScrapeClients
  private let appender: any ScrapeAppender
  private let logger: Logger
  private let userAgent: String
  private var pools: [String: Pool] = [:]
  /// The job order of the configuration, for stable API output.
  private var jobOrder: [String] = []

  package init(clients: ScrapeClients, appender: any ScrapeAppender, userAgent: String, logger: Logger) {
    self.clients = clients
    self.appender = appender
    self.userAgent = userAgent
    self.logger = logger
  }

  /// Makes the running jobs match `configurations` (already `resolved` against the global
  /// section): new jobs start, removed ones stop, changed ones restart their loops.
  package func apply(_ configurations: [ScrapeConfiguration]) async {
    var stopping: [Task<Void, Never>] = []
    let wanted = Set(configurations.map(\.jobName))
    for (job, pool) in pools where !wanted.contains(job) {
      stopping += pool.loops.values.map(\.task)
      pool.loops.values.forEach { $0.task.cancel() }
      pools[job] = nil
    }
    for configuration in configurations {
      if let existing = pools[configuration.jobName], existing.configuration == configuration { continue }
      if let existing = pools[configuration.jobName] {
        existing.loops.values.forEach { $0.task.cancel() }
        stopping += existing.loops.values.map(\.task)
      }
      var pool = Pool(configuration: configuration, fileReaders: configuration.fileSDConfigs.map { FileSDReader(config: $0) })
      do {
        pool.fetcher = try ScrapeFetcher(
          client: clients.client(followRedirects: configuration.followRedirects), configuration: configuration, userAgent: userAgent)
      } catch {
        pool.fetcherError = error.message
        logger.error("cannot set up scrape job", metadata: ["job": "\(configuration.jobName)", "error": "\(error)"])
      }
      for index in pool.fileReaders.indices { _ = pool.fileReaders[index].reload() }
      pools[configuration.jobName] = pool
      reconcile(job: configuration.jobName)
    }
    jobOrder = configurations.map(\.jobName)
    // Wait for the stopped loops, so their staleness markers are written before we go on.
    for task in stopping { await task.value }
  }

  /// Re-reads file_sd files that changed (by modification time and size) and adjusts targets.
  package func refreshDiscovery(now: ContinuousClock.Instant = .now) async {
    for job in pools.keys {
      guard var pool = pools[job] else { continue }
      var changed = false
      for index in pool.fileReaders.indices where pool.fileReaders[index].refresh(now: now) != nil {
        changed = true
      }
      pools[job] = pool
      if changed { reconcile(job: job) }
    }
  }

  /// Stops every loop and waits until each has written its staleness markers.
  package func stopAll() async {
    let tasks = pools.values.flatMap { $0.loops.values.map(\.task) }
    tasks.forEach { $0.cancel() }
    pools = [:]
    for task in tasks { await task.value }
  }

  /// What /api/v1/targets shows.
  package func snapshot() -> TargetsSnapshot {
    var snapshot = TargetsSnapshot()
    for job in jobOrder {
      guard let pool = pools[job] else { continue }
      let loops = pool.loops.values.map(\.loop).sorted { $0.target.url < $1.target.url }
      for loop in loops {
        var health = loop.health.current
        if let problem = pool.fetcherError { health.lastError = problem }
        snapshot.active.append(ActiveTargetStatus(job: job, target: loop.target, health: health))
      }
      snapshot.dropped += pool.dropped.map { DroppedTargetStatus(discoveredLabels: $0) }
      snapshot.dropped += pool.invalid.map { DroppedTargetStatus(discoveredLabels: $0.labels) }
    }
    return snapshot
  }

  private func reconcile(job: String) {
    guard var pool = pools[job] else { return }
    var groups = StaticConfig.targetGroups(pool.configuration.staticConfigs)
    for reader in pool.fileReaders { groups += reader.groups }
    var active: [ScrapeTarget] = []
    pool.dropped = []
    pool.invalid = []
    for group in groups {
      for outcome in TargetBuilder.targets(from: group, configuration: pool.configuration) {
        switch outcome {
        case .active(let target): active.append(target)
        case .dropped(let labels): pool.dropped.append(labels)
        case .invalid(let labels, let reason):
          pool.invalid.append((labels, reason))
          logger.warning("target dropped", metadata: ["job": "\(job)", "labels": "\(labels)", "reason": "\(reason)"])
        }
      }
    }
    let wanted = Set(active)
    for (target, running) in pool.loops where !wanted.contains(target) {
      running.task.cancel()
      pool.loops[target] = nil
    }
    if let fetcher = pool.fetcher {
      for target in active where pool.loops[target] == nil {
        let loop = ScrapeLoop(target: target, fetcher: fetcher, configuration: pool.configuration, appender: appender, logger: logger)
        pool.loops[target] = (loop, Task { await loop.run() })
      }
    }
    pools[job] = pool
  }
}

/// /api/v1/targets' content, built from the manager's state.
package struct TargetsSnapshot: Sendable {
  package var active: [ActiveTargetStatus] = []
  package var dropped: [DroppedTargetStatus] = []
}

package struct ActiveTargetStatus: Sendable {
  package var job: String
  package var target: ScrapeTarget
  package var health: TargetHealth
}

package struct DroppedTargetStatus: Sendable {
  package var discoveredLabels: Labels
}
