// The cpu and stat subsystems: time per CPU and mode, and the system-wide counters, both from
// one read of /proc/stat.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WardenCore

/// Emits `node_cpu_seconds_total` and `node_cpu_guest_seconds_total`. Thread-safe: immutable.
struct CPUCollector: Sendable {
  let statPath: String
  /// Jiffies per second of /proc/stat (USER_HZ, 100 on every mainstream architecture).
  let ticksPerSecond: Double

  /// The mode label of each /proc/stat column up to steal.
  private static let modes = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"]

  init(procPath: String) {
    statPath = procPath + "/stat"
    let ticks = sysconf(Int32(_SC_CLK_TCK))
    ticksPerSecond = ticks > 0 ? Double(ticks) : 100
  }

  /// Emits the CPU families.
  /// - Returns: the system-wide counters of the same read, for `StatCollector`; nil if /proc/stat
  ///   could not be read.
  func collect<E: MetricEmitter>(into emitter: inout E, reader: inout FileReader) -> ProcStatTotals? {
    reader.read(statPath) { bytes in
      emitter.family(
        "node_cpu_seconds_total", type: .counter,
        help: "Seconds each CPU has spent in each mode since boot (guest time is included in user and nice).")
      ProcStatParser.forEachCPU(in: bytes) { times in
        let cpu = Label("cpu", String(times.cpu))
        for mode in 0..<min(times.count, Self.modes.count) {
          emitter.sample(
            "node_cpu_seconds_total", cpu, Label("mode", Self.modes[mode]), value: Double(times[mode]) / ticksPerSecond)
        }
      }
      var guestStarted = false
      ProcStatParser.forEachCPU(in: bytes) { times in
        guard times.count > 8 else { return }
        if !guestStarted {
          guestStarted = true
          emitter.family(
            "node_cpu_guest_seconds_total", type: .counter,
            help: "Seconds each CPU has spent running virtual machine guests, by guest priority (user or nice).")
        }
        let cpu = Label("cpu", String(times.cpu))
        emitter.sample("node_cpu_guest_seconds_total", cpu, Label("mode", "user"), value: Double(times[8]) / ticksPerSecond)
        if times.count > 9 {
          emitter.sample(
            "node_cpu_guest_seconds_total", cpu, Label("mode", "nice"), value: Double(times[9]) / ticksPerSecond)
        }
      }
      return ProcStatParser.totals(in: bytes)
    }
  }
}

/// Emits the stat subsystem's families from counters `CPUCollector` already read.
enum StatCollector {
  /// - Returns: false if /proc/stat was unreadable or had none of the counters.
  static func emit<E: MetricEmitter>(_ totals: ProcStatTotals?, into emitter: inout E) -> Bool {
    guard let totals else { return false }
    var emittedAny = false
    func emit(_ name: String, _ type: MetricType, _ help: String, _ value: UInt64?) {
      guard let value else { return }
      emittedAny = true
      emitter.family(name, type: type, help: help)
      emitter.sample(name, value: Double(value))
    }
    emit("node_boot_time_seconds", .gauge, "When the system booted, in seconds since the Unix epoch.", totals.bootTime)
    emit("node_context_switches_total", .counter, "Context switches since boot, on all CPUs.", totals.contextSwitches)
    emit("node_forks_total", .counter, "Processes and threads created since boot.", totals.forks)
    emit("node_intr_total", .counter, "Interrupts serviced since boot, all sources together.", totals.interrupts)
    emit("node_procs_blocked", .gauge, "Processes currently blocked waiting for I/O to complete.", totals.procsBlocked)
    emit("node_procs_running", .gauge, "Processes currently runnable (running or waiting for a CPU).", totals.procsRunning)
    return emittedAny
  }
}
