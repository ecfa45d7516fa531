// A point in time as Go's time.Time holds it (seconds and nanoseconds since the Unix epoch, UTC),
// so times outside Int64 nanoseconds, like Go's zero time (year 1) that failed parses return,
// still format and compare.

/// Seconds since the epoch and a nanosecond part in 0..<1e9.
package struct GoInstant: Sendable, Equatable, Comparable {
  package var seconds: Int64
  package var nanoseconds: Int

  package init(seconds: Int64, nanoseconds: Int = 0) {
    var seconds = seconds
    var nanoseconds = nanoseconds
    seconds += Int64(nanoseconds / 1_000_000_000)
    nanoseconds %= 1_000_000_000
    if nanoseconds < 0 {
      nanoseconds += 1_000_000_000
      seconds -= 1
    }
    self.seconds = seconds
    self.nanoseconds = nanoseconds
  }

  package init(unixNanoseconds ns: Int64) {
    self.init(seconds: ns / 1_000_000_000, nanoseconds: Int(ns % 1_000_000_000))
  }

  /// Go's zero time, 0001-01-01 00:00:00 UTC.
  package static let zero = GoInstant(seconds: -62_135_596_800)

  /// Nanoseconds since the epoch, clamped to Int64.
  package var unixNanoseconds: Int64 {
    let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
    if overflow { return seconds < 0 ? .min : .max }
    let (sum, overflow2) = scaled.addingReportingOverflow(Int64(nanoseconds))
    if overflow2 { return .max }
    return sum
  }

  package static func < (lhs: GoInstant, rhs: GoInstant) -> Bool {
    (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
  }
}
