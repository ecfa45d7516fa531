// Parses /proc/stat: the per-CPU time lines (for the cpu subsystem) and the system-wide counters
// (for the stat subsystem). One read of the file serves both.

/// The jiffy counters of one `cpuN` line of /proc/stat.
struct CPUTimes: Equatable {
  /// The `N` of `cpuN`.
  var cpu: Int
  /// user, nice, system, idle, iowait, irq, softirq, steal, guest, guest_nice, in that order; older
  /// kernels write fewer columns.
  var values = CounterRow()

  static let modeCount = 10

  var count: Int { values.count }
  subscript(index: Int) -> UInt64 { values[index] }
}

/// The system-wide lines of /proc/stat; nil where the file did not have the line.
struct ProcStatTotals: Equatable {
  var contextSwitches: UInt64?
  var interrupts: UInt64?
  var bootTime: UInt64?
  var forks: UInt64?
  var procsRunning: UInt64?
  var procsBlocked: UInt64?
}

enum ProcStatParser {
  /// Calls `body` for each `cpuN` line (not the aggregate `cpu` line), in file order.
  ///
  /// The kernel lists CPUs in increasing order; a line that breaks that order would repeat a CPU
  /// (and so a series), and is skipped.
  static func forEachCPU(in bytes: UnsafeBufferPointer<UInt8>, _ body: (CPUTimes) -> Void) {
    var cursor = ByteCursor(bytes)
    var previous = -1
    while var line = cursor.nextLine() {
      guard let label = line.nextField(), label.count > 3, label.hasPrefix("cpu"),
        let cpu = parseUInt64(label.slice(3, label.count)), cpu < UInt64(Int32.max), Int(cpu) > previous
      else { continue }
      var times = CPUTimes(cpu: Int(cpu))
      while times.count < CPUTimes.modeCount, let value = line.nextUInt64() {
        times.values.append(value)
      }
      // Fewer than the four columns every kernel has means the line is damaged.
      if times.count >= 4 {
        previous = times.cpu
        body(times)
      }
    }
  }

  /// Reads the system-wide counters.
  static func totals(in bytes: UnsafeBufferPointer<UInt8>) -> ProcStatTotals {
    var totals = ProcStatTotals()
    var cursor = ByteCursor(bytes)
    while var line = cursor.nextLine() {
      guard let key = line.nextField() else { continue }
      // The first number of `intr` is the total; the per-IRQ counts after it are not read.
      let value = line.nextUInt64()
      if key.equals("ctxt") {
        totals.contextSwitches = value
      } else if key.equals("intr") {
        totals.interrupts = value
      } else if key.equals("btime") {
        totals.bootTime = value
      } else if key.equals("processes") {
        totals.forks = value
      } else if key.equals("procs_running") {
        totals.procsRunning = value
      } else if key.equals("procs_blocked") {
        totals.procsBlocked = value
      }
    }
    return totals
  }
}
