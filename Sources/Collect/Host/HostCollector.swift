// The built-in host collector: node_exporter's core Linux metrics (cpu, diskstats, entropy,
// filefd, filesystem, loadavg, meminfo, netdev, stat, time, uname, vmstat) read from /proc and /sys.

package import WardenCore

/// Collects host metrics with node_exporter's family names, label names, units and types, so its
/// dashboards and alert rules work unchanged.
///
/// Each subsystem reports `node_scrape_collector_success` and `node_scrape_collector_duration_seconds`
/// under node_exporter's collector name; a subsystem whose files are missing or unreadable reports
/// success 0 and the others go on.
///
/// Thread-safe: `collect` may run concurrently from several requests. Each call reads into its own
/// scratch buffer; the only shared mutable state is a few caches (meminfo and vmstat family names,
/// uname labels, clock source paths) and the set of stuck network mounts, each behind its own
/// `Mutex`.
package final class HostCollector: Sendable {
  private let cpu: CPUCollector
  private let diskstats: DiskstatsCollector
  private let entropy: EntropyCollector
  private let filefd: FilefdCollector
  private let filesystem: FilesystemCollector
  private let loadavg: LoadavgCollector
  private let meminfo: MeminfoCollector
  private let netdev: NetDevCollector
  private let time: TimeCollector
  private let uname: UnameCollector
  private let vmstat: VmstatCollector

  /// - Parameters:
  ///   - procPath: where procfs is mounted (node_exporter's `--path.procfs`).
  ///   - sysPath: where sysfs is mounted (`--path.sysfs`).
  ///   - rootPath: the host's root filesystem (`--path.rootfs`), for statfs and the udev database.
  package convenience init(procPath: String = "/proc", sysPath: String = "/sys", rootPath: String = "/") {
    self.init(procPath: procPath, sysPath: sysPath, rootPath: rootPath, uname: UnameCollector())
  }

  /// Lets tests replace uname(2), the one source that is not a file.
  init(procPath: String, sysPath: String, rootPath: String, uname: UnameCollector) {
    let procPath = Self.withoutTrailingSlash(procPath)
    let sysPath = Self.withoutTrailingSlash(sysPath)
    cpu = CPUCollector(procPath: procPath)
    diskstats = DiskstatsCollector(procPath: procPath, rootPath: rootPath)
    entropy = EntropyCollector(procPath: procPath)
    filefd = FilefdCollector(procPath: procPath)
    filesystem = FilesystemCollector(procPath: procPath, rootPath: rootPath)
    loadavg = LoadavgCollector(procPath: procPath)
    meminfo = MeminfoCollector(procPath: procPath)
    netdev = NetDevCollector(procPath: procPath, sysPath: sysPath)
    time = TimeCollector(sysPath: sysPath)
    self.uname = uname
    vmstat = VmstatCollector(procPath: procPath)
  }

  /// One full host collection, emitted family by family (each family exactly once).
  ///
  /// Blocks the calling thread on file reads, and for at most 5 s in all when network mounts do
  /// not answer; call it off event loops.
  // Callers are in other modules, where this generic body cannot be specialised; the attribute
  // compiles a copy for the exposition encoder (the /metrics path) that the generic entry point
  // dispatches to, so the collector's own code calls the encoder directly, not through witnesses.
  @_specialize(where E == ExpositionEncoder)
  package func collect<E: MetricEmitter>(into emitter: inout E) {
    withFileReader { reader in
      var scrape = ScrapeRecord(expectedCount: 12)

      var start = scrape.start()
      let statTotals = cpu.collect(into: &emitter, reader: &reader)
      scrape.finish("cpu", success: statTotals != nil, startedAt: start)

      start = scrape.start()
      scrape.finish("diskstats", success: diskstats.collect(into: &emitter, reader: &reader), startedAt: start)
      start = scrape.start()
      scrape.finish("entropy", success: entropy.collect(into: &emitter, reader: &reader), startedAt: start)
      start = scrape.start()
      scrape.finish("filefd", success: filefd.collect(into: &emitter, reader: &reader), startedAt: start)
      start = scrape.start()
      scrape.finish("filesystem", success: filesystem.collect(into: &emitter, reader: &reader), startedAt: start)
      start = scrape.start()
      scrape.finish("loadavg", success: loadavg.collect(into: &emitter, reader: &reader), startedAt: start)
      start = scrape.start()
      scrape.finish("meminfo", success: meminfo.collect(into: &emitter, reader: &reader), startedAt: start)
      start = scrape.start()
      scrape.finish("netdev", success: netdev.collect(into: &emitter, reader: &reader), startedAt: start)

      // /proc/stat was read once, by the cpu step; this only emits what that read found.
      start = scrape.start()
      scrape.finish("stat", success: StatCollector.emit(statTotals, into: &emitter), startedAt: start)

      start = scrape.start()
      scrape.finish("time", success: time.collect(into: &emitter, reader: &reader), startedAt: start)
      start = scrape.start()
      scrape.finish("uname", success: uname.collect(into: &emitter), startedAt: start)
      start = scrape.start()
      scrape.finish("vmstat", success: vmstat.collect(into: &emitter, reader: &reader), startedAt: start)

      scrape.emit(into: &emitter)
    }
  }

  private static func withoutTrailingSlash(_ path: String) -> String {
    path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
  }
}
