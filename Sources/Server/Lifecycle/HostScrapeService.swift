// Stores the built-in host collector's samples every scrape interval (job "warden", instance =
// this host's name), the way Prometheus would store node_exporter's, and with them the backup
// jobs' `warden_backup_*` series, which the built-in backup alert rules read. The interval
// follows `global.scrape_interval` and picks up reloads.
import Collect
import Foundation
import Logging
import MetricStore
import ServiceLifecycle
import WardenCore

struct HostScrapeService: Service {
  let collector: HostCollector
  let stores: Stores
  let reloader: ConfigReloader
  let backups: BackupStatusBoard
  let logger: Logger

  static var hostName: String {
    var buffer = [UInt8](repeating: 0, count: 256)
    let status = buffer.withUnsafeMutableBufferPointer { pointer in
      pointer.withMemoryRebound(to: CChar.self) { gethostname($0.baseAddress!, $0.count) }
    }
    guard status == 0 else { return "localhost" }
    return String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
  }

  func run() async throws {
    // Graceful shutdown cancels the loop, which ends the sleep between collections at once.
    await cancelWhenGracefulShutdown { await collectLoop() }
  }

  private func collectLoop() async {
    let instance = Self.hostName
    var failing = false
    while !Task.isCancelled {
      guard let store = stores.metrics else {
        // The stores are still opening (WAL replay); start as soon as they are.
        try? await Task.sleep(for: .milliseconds(50))
        continue
      }
      let config = await reloader.current
      let interval = config.global.scrapeInterval.duration
      let now = Int64(Date().timeIntervalSince1970 * 1000)
      var emitter = SampleBatchEmitter(targetLabels: [Label("job", "warden"), Label("instance", instance)], timestampMs: now)
      collector.collect(into: &emitter)
      BackupMetrics.emit(jobs: config.backupJobs, board: backups, into: &emitter)
      do {
        let report = try await store.append(emitter.batch)
        if failing {
          logger.info("host metrics are being stored again")
          failing = false
        }
        if report.rejected > 0 {
          logger.debug("host samples rejected", metadata: ["samples.rejected": "\(report.rejected)"])
        }
      } catch {
        // Disk full or I/O trouble: say it once, keep collecting, and resume when writes work.
        if !failing { logger.warning("cannot store host metrics", metadata: ["error": "\(error)"]) }
        failing = true
      }
      try? await Task.sleep(for: interval)
    }
  }
}
