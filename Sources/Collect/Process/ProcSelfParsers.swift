// Parsers for this process's /proc/self/stat and /proc/self/limits.

/// The /proc/self/stat fields the process metrics need, in the kernel's units.
struct ProcSelfStat: Equatable {
  /// User and system CPU time, in clock ticks.
  var userTicks: UInt64
  var systemTicks: UInt64
  /// Start time after boot, in clock ticks.
  var startTicks: UInt64
  /// Virtual memory size in bytes.
  var virtualBytes: UInt64
  /// Resident set size in pages.
  var residentPages: UInt64
}

enum ProcSelfStatParser {
  /// Parses `pid (comm) state ppid ...`. The command name may hold spaces and parentheses, so the
  /// fields are counted from the last `)`.
  static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> ProcSelfStat? {
    guard let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
    var cursor = ByteCursor(bytes.slice(close + 1, bytes.count))
    // Field 3 (state) comes first; utime is field 14, so skip 3...13.
    guard cursor.skipFields(11), let user = cursor.nextUInt64(), let system = cursor.nextUInt64(),
      cursor.skipFields(6), let start = cursor.nextUInt64(), let virtual = cursor.nextUInt64(),
      let resident = cursor.nextField().flatMap(parseSignedAsUnsigned)
    else { return nil }
    return ProcSelfStat(
      userTicks: user, systemTicks: system, startTicks: start, virtualBytes: virtual, residentPages: resident)
  }

  /// rss is signed in the kernel's format; a negative value (never seen in practice) reads as 0.
  private static func parseSignedAsUnsigned(_ field: UnsafeBufferPointer<UInt8>) -> UInt64? {
    if field.first == UInt8(ascii: "-") { return parseUInt64(field.slice(1, field.count)).map { _ in 0 } }
    return parseUInt64(field)
  }
}

/// The soft limits the process metrics report; `UInt64.max` stands for `unlimited`.
struct ProcessLimits: Equatable {
  var openFiles: UInt64?
  var addressSpace: UInt64?
}

enum ProcLimitsParser {
  /// Parses the table of /proc/self/limits ("Max open files   20000   20000   files").
  static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> ProcessLimits {
    var limits = ProcessLimits()
    var cursor = ByteCursor(bytes)
    while var line = cursor.nextLine() {
      let text = line.remaining
      if text.hasPrefix("Max open files") {
        _ = line.skipFields(3)
        limits.openFiles = line.nextField().flatMap(limit)
      } else if text.hasPrefix("Max address space") {
        _ = line.skipFields(3)
        limits.addressSpace = line.nextField().flatMap(limit)
      }
    }
    return limits
  }

  private static func limit(_ field: UnsafeBufferPointer<UInt8>) -> UInt64? {
    field.equals("unlimited") ? UInt64.max : parseUInt64(field)
  }
}
