// This process's own metrics for Warden's /metrics, with the names the Prometheus client
// libraries use (process_cpu_seconds_total, process_resident_memory_bytes, ...).

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
package import WardenCore

/// Reports CPU time, memory, file descriptors and start time of the running process.
///
/// Thread-safe: `collect` may run concurrently. The only shared mutable state is the boot time,
/// read once from /proc/stat and kept in a `Memo`.
package final class ProcessCollector: Sendable {
  private let statPath: String
  private let limitsPath: String
  private let fdPath: String
  private let procStatPath: String
  private let ticksPerSecond: Double
  private let pageSize: Double
  /// Boot time in seconds since the epoch. It never changes, so /proc/stat is read once.
  private let bootTime = Memo<UInt64>()

  /// - Parameter procPath: where procfs is mounted; the process is always `<procPath>/self`.
  package init(procPath: String = "/proc") {
    let procPath = procPath.count > 1 && procPath.hasSuffix("/") ? String(procPath.dropLast()) : procPath
    statPath = procPath + "/self/stat"
    limitsPath = procPath + "/self/limits"
    fdPath = procPath + "/self/fd"
    procStatPath = procPath + "/stat"
    let ticks = sysconf(Int32(_SC_CLK_TCK))
    ticksPerSecond = ticks > 0 ? Double(ticks) : 100
    let page = sysconf(Int32(_SC_PAGESIZE))
    pageSize = page > 0 ? Double(page) : 4096
  }

  /// Emits the process families; a family whose source cannot be read is left out.
  // A copy specialised for the exposition encoder; see `HostCollector.collect`.
  @_specialize(where E == ExpositionEncoder)
  package func collect<E: MetricEmitter>(into emitter: inout E) {
    withFileReader(capacity: 4096) { reader in
      if let parsed = reader.read(statPath, ProcSelfStatParser.parse), let stat = parsed {
        emit(stat, into: &emitter, reader: &reader)
      }
      var openFiles = 0
      if DirectoryListing.forEachEntry(in: fdPath, { _ in openFiles += 1 }) {
        emitter.family("process_open_fds", type: .gauge, help: "File descriptors the process has open.")
        emitter.sample("process_open_fds", value: Double(openFiles))
      }
      if let limits = reader.read(limitsPath, ProcLimitsParser.parse) {
        if let openFiles = limits.openFiles {
          emitter.family("process_max_fds", type: .gauge, help: "The process's soft limit on open file descriptors.")
          emitter.sample("process_max_fds", value: Double(openFiles))
        }
        if let addressSpace = limits.addressSpace {
          emitter.family(
            "process_virtual_memory_max_bytes", type: .gauge,
            help: "The process's soft limit on virtual memory in bytes (2^64-1 when unlimited).")
          emitter.sample("process_virtual_memory_max_bytes", value: Double(addressSpace))
        }
      }
    }
  }

  private func emit<E: MetricEmitter>(_ stat: ProcSelfStat, into emitter: inout E, reader: inout FileReader) {
    emitter.family("process_cpu_seconds_total", type: .counter, help: "User plus system CPU time the process has used, in seconds.")
    emitter.sample(
      "process_cpu_seconds_total",
      value: (Double(stat.userTicks) + Double(stat.systemTicks)) / ticksPerSecond)
    emitter.family("process_resident_memory_bytes", type: .gauge, help: "Resident memory of the process in bytes.")
    emitter.sample("process_resident_memory_bytes", value: Double(stat.residentPages) * pageSize)
    emitter.family("process_virtual_memory_bytes", type: .gauge, help: "Virtual memory size of the process in bytes.")
    emitter.sample("process_virtual_memory_bytes", value: Double(stat.virtualBytes))
    if let boot = bootSeconds(reader: &reader) {
      emitter.family(
        "process_start_time_seconds", type: .gauge, help: "When the process started, in seconds since the Unix epoch.")
      emitter.sample("process_start_time_seconds", value: Double(boot) + Double(stat.startTicks) / ticksPerSecond)
    }
  }

  private func bootSeconds(reader: inout FileReader) -> UInt64? {
    bootTime.value { reader.read(procStatPath, ProcStatParser.totals)?.bootTime }
  }
}
