// Parses /proc/stat: the per-CPU time lines (for the cpu subsystem) and the system-wide counters
// (for the stat subsystem). One read of the file serves both.

/// The jiffy counters of one `cpuN` line of /proc/stat.
struct CPUTimes: Equatable {
  /// The `N` of `cpuN`.
  var cpu: Int
  /// user, nice, system, idle, iowait, irq, softirq, steal, guest, guest_nice, in that order; older
  /// kernels write fewer columns, so only the first `count` are meaningful.
  var values: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
    (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
  var count = 0

  static let modeCount = 10

  subscript(index: Int) -> UInt64 {
    get {
      precondition(index >= 0 && index < Self.modeCount, "CPU mode index out of range")
      return withUnsafeBytes(of: values) { $0.load(fromByteOffset: index * 8, as: UInt64.self) }
    }
    set {
      precondition(index >= 0 && index < Self.modeCount, "CPU mode index out of range")
      withUnsafeMutableBytes(of: &values) { $0.storeBytes(of: newValue, toByteOffset: index * 8, as: UInt64.self) }
    }
  }

  static func == (lhs: CPUTimes, rhs: CPUTimes) -> Bool {
    guard lhs.cpu == rhs.cpu, lhs.count == rhs.count else { return false }
    for index in 0..<lhs.count where lhs[index] != rhs[index] { return false }
    return true
  }
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
        times[times.count] = value
        times.count += 1
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
